// Builds the ValidatingAdmissionPolicy / Binding objects (and their params ConfigMap) from the
// catalog: plain objects, so the construct and the CLI emit the same thing.
import { gateEnabled, GATE_STATES } from '../validation/config/feature-gates';
import type { KubeObject } from '../validation/types';
import { policyCatalog } from './catalog';
import { kindsOfRuleSet, POLICY_TARGETS, PolicyTarget } from './scopes';
import { ALL_RULES } from '../validation/rules';
import { PolicyFamily, PolicyRule, POLICY_FAMILIES } from './types';

/** A Kubernetes label selector. */
export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: ReadonlyArray<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** Configurable values the policies read from the params ConfigMap. */
export interface PolicyParams {
  /** KubeVirt feature gates that are on. @default - KubeVirt v1.9.0's defaults (GA and Beta gates) */
  readonly featureGates?: readonly string[];
  /** The cluster-wide evictionStrategy (KubeVirt CR / HyperConverged). @default '' (none) */
  readonly clusterEvictionStrategy?: string;
}

export interface AdmissionPolicyOptions {
  /** The rule families to enforce. @default - all of POLICY_FAMILIES */
  readonly families?: readonly PolicyFamily[];
  /** Prefix of every generated name. @default 'kubevirt-rules' */
  readonly namePrefix?: string;
  /** Which namespaces the bindings apply to. @default - every namespace */
  readonly namespaceSelector?: LabelSelector;
  /** Which objects the bindings apply to. @default - every object */
  readonly objectSelector?: LabelSelector;
  /** Namespace of the params ConfigMap. @default 'default' */
  readonly paramsNamespace?: string;
  readonly params?: PolicyParams;
  /**
   * `enforce`: errors are denied, warnings returned as warnings. `warn`: everything is a warning
   * (a dry run of the rollout). @default 'enforce'
   */
  readonly mode?: 'enforce' | 'warn';
  /** What happens when an expression fails to evaluate. @default 'Fail' */
  readonly failurePolicy?: 'Fail' | 'Ignore';
  /** Rule ids to leave out. @default - none */
  readonly excludeRules?: readonly string[];
}

/** The message a translated rule carries: its doc line and catalog id. */
export function policyMessage(rule: { doc: string; id: string }): string {
  return `${rule.doc} [${rule.id}]`;
}

/** The gates KubeVirt v1.9.0 has on by default (the params' default). */
export function defaultFeatureGates(): string[] {
  return [...GATE_STATES.keys()].filter((g) => gateEnabled(undefined, g)).sort();
}

const RULES = new Map(ALL_RULES.map((r) => [r.id, r]));

/** True when the target's policy carries the rule. */
function carries(target: PolicyTarget, rule: PolicyRule): boolean {
  const r = RULES.get(rule.id)!;
  if (rule.family !== target.family) return false;
  if (r.scope === 'object') return r.kinds.some((k) => target.ruleSets.includes(k));
  return r.scope === target.specScope;
}

/** The name of the policy (and binding) judging `ruleId` on objects of `ruleSet`. */
export function policyNameFor(ruleId: string, ruleSet: string, namePrefix = 'kubevirt-rules'): string | undefined {
  const rule = policyCatalog().find((r) => r.id === ruleId);
  const target = rule && POLICY_TARGETS.find((t) => t.ruleSets.includes(ruleSet) && carries(t, rule));
  return target && `${namePrefix}-${target.family}-${target.slug}${rule!.severity === 'warning' ? '-warnings' : ''}`;
}

/** A guard so an object rule only judges its own kinds inside a policy matching several. */
function guarded(rule: PolicyRule, target: PolicyTarget): string {
  const expr = rule.cel!.expression;
  const r = RULES.get(rule.id)!;
  if (r.scope !== 'object' || target.ruleSets.every((k) => r.kinds.includes(k))) return expr;
  const kinds = [...new Set(r.kinds.flatMap((k) => kindsOfRuleSet(k).map((d) => d.kind)))];
  return `!(object.kind in [${kinds.map((k) => `'${k}'`).join(', ')}]) || (${expr})`;
}

/** The kinds a target matches, at the version this project authors (other versions are converted to it). */
function resourceRules(target: PolicyTarget) {
  const byGroup = new Map<string, { versions: Set<string>; resources: Set<string> }>();
  for (const k of target.ruleSets.flatMap(kindsOfRuleSet)) {
    const entry = byGroup.get(k.group) ?? { versions: new Set(), resources: new Set() };
    entry.versions.add(k.versions[0]);
    entry.resources.add(k.plural);
    byGroup.set(k.group, entry);
  }
  return [...byGroup].map(([group, e]) => ({
    apiGroups: [group], apiVersions: [...e.versions].sort(), resources: [...e.resources].sort(), operations: ['CREATE', 'UPDATE'],
  }));
}

/** The ValidatingAdmissionPolicies, their bindings and the params ConfigMap. */
export function buildAdmissionPolicies(options: AdmissionPolicyOptions = {}): KubeObject[] {
  const prefix = options.namePrefix ?? 'kubevirt-rules';
  const families = options.families ?? POLICY_FAMILIES;
  for (const f of families) if (!POLICY_FAMILIES.includes(f)) throw new Error(`unknown policy family '${f}' (use ${POLICY_FAMILIES.join(', ')})`);
  const excluded = new Set(options.excludeRules ?? []);
  const paramsName = `${prefix}-params`;
  const paramsNamespace = options.paramsNamespace ?? 'default';
  const catalog = policyCatalog().filter((r) => r.cel && r.family && families.includes(r.family) && !excluded.has(r.id) && r.severity !== 'info');
  const out: KubeObject[] = [];
  let usesParams = false;
  for (const target of POLICY_TARGETS.filter((t) => families.includes(t.family))) {
    for (const severity of ['error', 'warning'] as const) {
      const rules = catalog.filter((r) => r.severity === severity && carries(target, r));
      if (rules.length === 0) continue;
      const name = `${prefix}-${target.family}-${target.slug}${severity === 'warning' ? '-warnings' : ''}`;
      const params = rules.some((r) => r.cel!.params?.length);
      usesParams ||= params;
      const labels = { 'app.kubernetes.io/managed-by': 'cdk8s-kubevirt', 'kubevirt-rules.cdk8s.io/family': target.family };
      out.push({
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy',
        metadata: { name, labels },
        spec: {
          failurePolicy: options.failurePolicy ?? 'Fail',
          ...(params ? { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } : {}),
          matchConstraints: { matchPolicy: 'Equivalent', resourceRules: resourceRules(target) },
          // An update that leaves the spec alone (labels, finalizers, status writers) is not judged again.
          matchConditions: [{ name: 'spec-changed', expression: "request.operation != 'UPDATE' || !has(object.spec) || !has(oldObject.spec) || object.spec != oldObject.spec" }],
          ...(target.variables.length ? { variables: target.variables.map((x) => ({ name: x.name, expression: x.expression })) } : {}),
          validations: rules.map((r) => ({ expression: guarded(r, target), message: policyMessage(r), reason: 'Invalid' })),
        },
      });
      const warnOnly = severity === 'warning' || options.mode === 'warn';
      out.push({
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels },
        spec: {
          policyName: name,
          validationActions: warnOnly ? ['Warn'] : ['Deny'],
          ...(params ? { paramRef: { name: paramsName, namespace: paramsNamespace, parameterNotFoundAction: 'Deny' } } : {}),
          matchResources: {
            ...(options.namespaceSelector ? { namespaceSelector: options.namespaceSelector } : {}),
            ...(options.objectSelector ? { objectSelector: options.objectSelector } : {}),
          },
        },
      });
    }
  }
  if (usesParams) {
    out.unshift({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: paramsName, namespace: paramsNamespace, labels: { 'app.kubernetes.io/managed-by': 'cdk8s-kubevirt' } },
      data: {
        featureGates: [...(options.params?.featureGates ?? defaultFeatureGates())].join(','),
        clusterEvictionStrategy: options.params?.clusterEvictionStrategy ?? '',
      },
    } as KubeObject);
  }
  return out;
}
