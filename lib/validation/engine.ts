// The validation engine: plain objects in, findings out. Schema first, then the rules of
// the catalog on each object (VMI specs and DataVolume specs wherever they are embedded),
// then the cross-object rules over the shared index.
import { ruleSetOf } from '../kinds';
import { validateSchema } from './schema';
import { defaultVmiSpec } from './defaults';
import { effectiveGates } from './config/settings';
import { annotationWarning, settleFindings } from './config/suppression';
import type { ValidationSettings } from './config/settings';
import type { ExternalObject } from './config/profiles';
import { applyPresets } from './presets';
import { preferSchemaFindings } from './schema-precedence';
import { IndexedObject, ObjectIndex, SourceObject } from './object-index';
import { ALL_RULES } from './rules';
import { CrossContext, CrossRule, DvSpecRule, ObjectRule, ReportOptions, Rule, RuleContext, RuleOptions, VmiSpecRule } from './rules/types';
import { Finding, JsonObject, KubeObject } from './types';
import { arr, obj } from './rules/util';

export interface ValidateOptions extends RuleOptions {
  /** Run the CRD schema layer. @default true */
  readonly schema?: boolean;
  /** Rules to run (by id); @default every rule */
  readonly rules?: readonly Rule[];
  /**
   * The validation configuration (platform profile, external objects, feature gates, severities,
   * ignores). Its assumeComplete/nodeInterfaces apply unless given here.
   * @default - KubeVirt defaults, no external objects, every rule at its own severity
   */
  readonly config?: ValidationSettings;
  /**
   * Objects known to exist outside the input (looked up, never judged), before the configuration's.
   * @default - only the configuration's
   */
  readonly externals?: readonly ExternalObject[];
}

/** Validates plain objects (e.g. synth output or parsed YAML). */
export function validateObjects(objects: ReadonlyArray<KubeObject | JsonObject>, options: ValidateOptions = {}): Finding[] {
  return validateSources(objects.map((object) => ({ object: object as KubeObject })), options);
}

/** Validates objects that remember their file and position. */
export function validateSources(sources: readonly SourceObject[], options: ValidateOptions = {}): Finding[] {
  return validateSourcesDetailed(sources, options).map((l) => l.finding);
}

/** A finding and the input object it is about (for positions in reports). */
export interface LocatedFinding<S extends SourceObject = SourceObject> {
  readonly finding: Finding;
  readonly source: S;
}

/** Like validateSources, keeping each finding's source object. */
export function validateSourcesDetailed<S extends SourceObject>(sources: readonly S[], given: ValidateOptions = {}): Array<LocatedFinding<S>> {
  const settings = given.config;
  const options: ValidateOptions = {
    ...given,
    assumeComplete: given.assumeComplete ?? settings?.spec.assumeComplete,
    nodeInterfaces: given.nodeInterfaces ?? settings?.spec.nodeInterfaces,
    featureGates: given.featureGates ?? effectiveGates(settings, sources.map((s) => s.object)),
  };
  const index = new ObjectIndex(sources, given.externals ? [...given.externals, ...settings?.externals ?? []] : settings?.externals);
  const { objectRules, vmiRules, dvRules, crossRules } = bucketsOf(options.rules ?? ALL_RULES);

  const findings: Array<LocatedFinding<S>> = [];
  const sourceOf = (entry: IndexedObject) => sources[entry.ordinal];
  const emit = (entry: IndexedObject, rule: Rule, path: string, message: string, opts?: ReportOptions) => {
    const f: Finding = {
      rule: rule.id, severity: opts?.severity ?? rule.severity,
      ...(entry.file !== undefined ? { file: entry.file } : {}),
      object: entry.ref, path, message, ...(opts?.hint ? { hint: opts.hint } : {}),
    };
    findings.push({ finding: f, source: sourceOf(entry) });
  };

  for (const entry of index.all) {
    const o = entry.object;
    if (options.schema !== false) {
      for (const f of validateSchema(o)) findings.push({ finding: entry.file !== undefined ? { ...f, file: entry.file } : f, source: sourceOf(entry) });
    }
    if (!obj(o)) continue;
    // One context per object; the rule and path prefix being run are swapped in (a construct
    // validates each object alone, so this loop runs once per object at synth).
    let current: Rule = ALL_RULES[0];
    let prefix = '';
    const ctx: RuleContext = {
      index, options, subject: entry,
      report: (path, message, opts) => emit(entry, current, prefix + path, message, opts),
    };
    const run = <T>(rule: Rule & { check(s: T, c: RuleContext): void }, subject: T) => {
      current = rule;
      try {
        rule.check(subject, ctx);
      } catch (err) {
        // A rule must never take the run down: a malformed object it did not anticipate is
        // already reported by the schema layer.
        emit(entry, rule, '', `rule could not evaluate this object (${(err as Error).message})`, { severity: 'info' });
      }
    };
    // Rules dispatch on group + kind through the kind registry: a VirtualMachine of another
    // group (vmoperator.vmware.com) is not KubeVirt's and gets none of its rules.
    const ruleSet = ruleSetOf(o.apiVersion, entry.kind);
    if (ruleSet === undefined) continue;
    for (const rule of objectRules.get(ruleSet) ?? []) run(rule, o);
    const pooled = poolVirtualMachine(o, ruleSet);
    if (pooled) {
      prefix = POOL_VM_PREFIX;
      for (const rule of objectRules.get(VM_RULE_SET) ?? []) run(rule, pooled);
      prefix = '';
    }
    for (const view of vmiSpecViews(o, ruleSet, index)) for (const rule of vmiRules) run(rule, view);
    for (const view of dvSpecViews(o, ruleSet, entry.namespace)) for (const rule of dvRules) run(rule, view);
  }

  const cross: CrossContext = {
    index, options,
    report: () => undefined,
  };
  for (const rule of crossRules) {
    const ctx: CrossContext = { ...cross, report: (on, path, message, opts) => emit(on, rule, path, message, opts) };
    rule.check(ctx);
  }
  for (const entry of index.all) {
    const warning = annotationWarning(entry.object, entry.file);
    if (warning) findings.push({ finding: warning, source: sourceOf(entry) });
  }
  return settleFindings(preferSchemaFindings(findings, (l) => l.finding, (l) => l.source), (l) => l.finding, (l) => l.source.object, settings, (l, finding) => ({ ...l, finding }));
}

interface RuleBuckets {
  readonly objectRules: ReadonlyMap<string, readonly ObjectRule[]>;
  readonly vmiRules: readonly VmiSpecRule[];
  readonly dvRules: readonly DvSpecRule[];
  readonly crossRules: readonly CrossRule[];
}

/** Rules sorted by scope (and object rules by kind), once per rule list. */
const buckets = new WeakMap<readonly Rule[], RuleBuckets>();

function bucketsOf(rules: readonly Rule[]): RuleBuckets {
  const known = buckets.get(rules);
  if (known) return known;
  const objectRules = new Map<string, ObjectRule[]>();
  const vmiRules: VmiSpecRule[] = [];
  const dvRules: DvSpecRule[] = [];
  const crossRules: CrossRule[] = [];
  for (const rule of rules) {
    if (rule.scope === 'object') for (const kind of rule.kinds) objectRules.set(kind, [...(objectRules.get(kind) ?? []), rule]);
    else if (rule.scope === 'vmiSpec') vmiRules.push(rule);
    else if (rule.scope === 'dvSpec') dvRules.push(rule);
    else crossRules.push(rule);
  }
  const made = { objectRules, vmiRules, dvRules, crossRules };
  buckets.set(rules, made);
  return made;
}

/** The rule set of KubeVirt's VirtualMachine (the kind a pool stamps out). */
const VM_RULE_SET = 'VirtualMachine';

/** Where a VirtualMachinePool keeps the VM it stamps out; VM rules' paths are prefixed with it. */
const POOL_VM_PREFIX = 'spec.virtualMachineTemplate.';

/**
 * The VirtualMachine a VirtualMachinePool creates (its `virtualMachineTemplate`), so the VM
 * rules judge it as the VM admission webhook will when the pool controller creates it.
 */
function poolVirtualMachine(o: KubeObject, ruleSet: string): KubeObject | undefined {
  if (ruleSet !== 'VirtualMachinePool') return undefined;
  const template = obj(o.spec?.virtualMachineTemplate);
  const spec = obj(template?.spec);
  if (!spec) return undefined;
  return { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { ...(obj(o.metadata) ?? {}), ...(obj(template?.metadata) ?? {}) } as KubeObject['metadata'], spec };
}

function vmiSpecViews(o: KubeObject, ruleSet: string, index?: ObjectIndex) {
  const make = (raw: unknown, base: string, labels: unknown, ownerKind: 'VirtualMachine' | 'VirtualMachineInstance', vmSpec?: JsonObject, owner: KubeObject = o) => {
    const rawSpec = obj(raw);
    if (!rawSpec) return [];
    const defaulted = defaultVmiSpec(rawSpec);
    const { podInterfaceDefaulted } = defaulted;
    const annotations = ownerKind === 'VirtualMachine' ? owner.spec?.template?.metadata?.annotations : owner.metadata?.annotations;
    const namespace = typeof owner.metadata?.namespace === 'string' ? owner.metadata.namespace : '';
    const spec = index ? applyPresets(defaulted.spec, obj(labels) ?? {}, obj(annotations), namespace, index) : defaulted.spec;
    return [{
      spec, raw: rawSpec, base, owner, ownerKind, labels: obj(labels) ?? {}, podInterfaceDefaulted,
      instancetype: obj(vmSpec?.instancetype), preference: obj(vmSpec?.preference),
      at: (rel: string) => (rel ? `${base}.${rel}` : base),
    }];
  };
  switch (ruleSet) {
    case 'VirtualMachine':
      return make(o.spec?.template?.spec, 'spec.template.spec', o.spec?.template?.metadata?.labels, 'VirtualMachine', obj(o.spec));
    case 'VirtualMachineInstance':
      return make(o.spec, 'spec', o.metadata?.labels, 'VirtualMachineInstance');
    case 'VirtualMachinePool': {
      const vm = poolVirtualMachine(o, ruleSet);
      return vm ? make(vm.spec?.template?.spec, `${POOL_VM_PREFIX}spec.template.spec`, vm.spec?.template?.metadata?.labels, 'VirtualMachine', obj(vm.spec), vm) : [];
    }
    default:
      return [];
  }
}

function dvSpecViews(o: KubeObject, ruleSet: string, namespace: string) {
  const view = (spec: unknown, base: string, inVmTemplate: boolean) => {
    const s = obj(spec);
    return s ? [{ spec: s, base, namespace, inVmTemplate, at: (rel: string) => (rel ? `${base}.${rel}` : base) }] : [];
  };
  if (ruleSet === 'DataVolume') return view(o.spec, 'spec', false);
  // CDI's DataImportCron webhook validates its template's spec as a DataVolume spec.
  if (ruleSet === 'DataImportCron') return view(o.spec?.template?.spec, 'spec.template.spec', false);
  if (ruleSet === 'VirtualMachine') {
    return arr(o.spec?.dataVolumeTemplates).flatMap((t, i) => view(t?.spec, `spec.dataVolumeTemplates[${i}].spec`, true));
  }
  if (ruleSet === 'VirtualMachinePool') {
    return arr(o.spec?.virtualMachineTemplate?.spec?.dataVolumeTemplates)
      .flatMap((t, i) => view(t?.spec, `${POOL_VM_PREFIX}spec.dataVolumeTemplates[${i}].spec`, true));
  }
  return [];
}

/** The rules that judge one object alone (no cross-object lookups), selected once. */
let localRules: readonly Rule[] | undefined;

/**
 * The rules local to one object (no schema, no cross-object lookups), for construct-time
 * checks (see ./local.ts, the entry constructs use). The configuration applies as in `validate`,
 * except `assumeComplete`: one object alone cannot tell a missing reference from one elsewhere.
 */
export function validateLocal(object: KubeObject | JsonObject, context: LocalContext = {}): Finding[] {
  localRules ??= ALL_RULES.filter((r) => r.scope !== 'cross' || r.local === true);
  const { settings, related = [], file, referenced = [] } = context;
  const featureGates = effectiveGates(settings, [object as KubeObject, ...(related as KubeObject[])]);
  const source: SourceObject = { object: object as KubeObject, ...(file !== undefined ? { file } : {}) };
  const externals = referenced.map((o) => externalOf(o as KubeObject));
  return validateSources([source], { schema: false, rules: localRules, config: settings, featureGates, assumeComplete: false, externals });
}

/** An object a construct references, as an external object of the index. */
function externalOf(o: KubeObject): ExternalObject {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const meta = obj(o.metadata) ?? {};
  return {
    groupKind: `${group}/${String(o.kind)}`, namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
    name: String(meta.name ?? ''), object: o, origin: 'the construct it references',
  };
}

/** What a construct-time check knows besides the object (see ./local.ts). */
export interface LocalContext {
  /** The validation configuration in force. @default - none (every rule at its own severity) */
  readonly settings?: ValidationSettings;
  /** Other objects of the app whose settings count for this one (KubeVirt/HyperConverged feature gates). @default - none */
  readonly related?: ReadonlyArray<KubeObject | JsonObject>;
  /** The manifest file the object will be written to (for `ignore[].files`). @default - unknown */
  readonly file?: string;
  /** Objects the object references whose content is known (its instancetype...): looked up, not judged. @default - none */
  readonly referenced?: ReadonlyArray<KubeObject | JsonObject>;
}

/** Error messages in the construct-validation style: `<path>: <message> [<rule-id>]`. */
export function constructValidationMessages(object: KubeObject | JsonObject): string[] {
  return validateLocal(object).filter((f) => f.severity === 'error').map((f) => `${f.path}: ${f.message} [${f.rule}]`);
}
