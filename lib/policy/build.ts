// Builds the ValidatingAdmissionPolicy / Binding objects (and their params ConfigMap) from the
// catalog: plain objects, so the construct and the CLI emit the same thing.
import { gateEnabled, GATE_STATES } from '../validation/config/feature-gates';
import type { KubeObject } from '../validation/types';
import { policyCatalog } from './catalog';
import { FAMILY_SCOPES, kindsOfRuleSet } from './scopes';
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

const OBJECT_RULE_KINDS = new Map(ALL_RULES.filter((r) => r.scope === 'object').map((r) => [r.id, (r as { kinds: readonly string[] }).kinds]));

/** A guard so an object rule only judges its own kinds inside a family policy matching several. */
function guarded(rule: PolicyRule, family: PolicyFamily): string {
  const expr = rule.cel!.expression;
  const ruleSets = OBJECT_RULE_KINDS.get(rule.id);
  if (!ruleSets) return expr;
  const all = FAMILY_SCOPES[family].ruleSets;
  if (all.every((r) => ruleSets.includes(r))) return expr;
  const kinds = [...new Set(ruleSets.flatMap((r) => kindsOfRuleSet(r).map((k) => k.kind)))];
  return `!(object.kind in [${kinds.map((k) => `'${k}'`).join(', ')}]) || (${expr})`;
}

function resourceRules(family: PolicyFamily) {
  const byGroup = new Map<string, { versions: Set<string>; resources: Set<string> }>();
  for (const ruleSet of FAMILY_SCOPES[family].ruleSets) {
    for (const k of kindsOfRuleSet(ruleSet)) {
      const entry = byGroup.get(k.group) ?? { versions: new Set(), resources: new Set() };
      k.versions.forEach((ver) => entry.versions.add(ver));
      entry.resources.add(k.plural);
      byGroup.set(k.group, entry);
    }
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
  for (const family of families) {
    for (const severity of ['error', 'warning'] as const) {
      const rules = catalog.filter((r) => r.family === family && r.severity === severity);
      if (rules.length === 0) continue;
      const name = `${prefix}-${family}${severity === 'warning' ? '-warnings' : ''}`;
      const params = rules.some((r) => r.cel!.params?.length);
      usesParams ||= params;
      out.push({
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy',
        metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'cdk8s-kubevirt', 'kubevirt-rules.cdk8s.io/family': family } },
        spec: {
          failurePolicy: options.failurePolicy ?? 'Fail',
          ...(params ? { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } } : {}),
          matchConstraints: { resourceRules: resourceRules(family) },
          // An update that leaves the spec alone (labels, finalizers, status writers) is not judged again.
          matchConditions: [{ name: 'spec-changed', expression: "request.operation != 'UPDATE' || !has(object.spec) || !has(oldObject.spec) || object.spec != oldObject.spec" }],
          ...(FAMILY_SCOPES[family].variables.length ? { variables: FAMILY_SCOPES[family].variables.map((x) => ({ name: x.name, expression: x.expression })) } : {}),
          validations: rules.map((r) => ({ expression: guarded(r, family), message: policyMessage(r), reason: 'Invalid' })),
        },
      });
      const warnOnly = severity === 'warning' || options.mode === 'warn';
      out.push({
        apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'cdk8s-kubevirt', 'kubevirt-rules.cdk8s.io/family': family } },
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
