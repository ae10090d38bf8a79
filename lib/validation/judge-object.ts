// One object judged by its own rules: the schema layer, the object rules of its kind, the VM a
// pool stamps out, its embedded VMI and DataVolume specs. Shared by a validation run (many
// objects, ./validation-run) and the single-object run construct-time checks make (./local-run),
// so both judge an object with the same code.
import { ruleSetOf } from '../kinds';
import type { IndexedObject, ObjectIndex } from './object-index';
import { ALL_RULES } from './rules';
import { CrossRule, DvSpecRule, ObjectRule, ReportOptions, Rule, RuleContext, RuleOptions, VmiSpecRule } from './rules/types';
import { obj } from './rules/util';
import { validateSchema } from './schema';
import { POOL_VM_PREFIX, VM_RULE_SET, dvSpecViews, poolVirtualMachine, vmiSpecViews } from './spec-views';
import { Finding, KubeObject } from './types';

/** What judging an object reads of the run's options. */
export interface JudgeOptions extends RuleOptions {
  /** Run the CRD schema layer. @default true */
  readonly schema?: boolean;
}

/** A rule list sorted by scope (and object rules by kind). */
export interface RuleBuckets {
  readonly objectRules: ReadonlyMap<string, readonly ObjectRule[]>;
  readonly vmiRules: readonly VmiSpecRule[];
  readonly dvRules: readonly DvSpecRule[];
  readonly crossRules: readonly CrossRule[];
}

/** Rules sorted by scope (and object rules by kind), once per rule list. */
const buckets = new WeakMap<readonly Rule[], RuleBuckets>();

export function bucketsOf(rules: readonly Rule[]): RuleBuckets {
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

export function findingOf(entry: IndexedObject, rule: Rule, path: string, message: string, opts?: ReportOptions): Finding {
  return {
    rule: rule.id, severity: opts?.severity ?? rule.severity,
    ...(entry.file !== undefined ? { file: entry.file } : {}),
    object: entry.ref, path, message, ...(opts?.hint ? { hint: opts.hint } : {}),
  };
}

const NO_RULES: readonly ObjectRule[] = [];

/**
 * Schema and the object's own rules, in that order; `index`: what they may look up; `kept`: the
 * entry findings name (the run's own copy of the identity). Each finding goes to `push`.
 */
export function judgeObject(entry: IndexedObject, kept: IndexedObject, index: ObjectIndex, options: JudgeOptions,
  rules: RuleBuckets, push: (finding: Finding) => void): void {
  const o = entry.object;
  if (options.schema !== false) {
    for (const f of validateSchema(o)) push({ ...f, object: kept.ref, ...(entry.file !== undefined ? { file: entry.file } : {}) });
  }
  if (!obj(o)) return;
  // One context per object; the rule and path prefix being run are swapped in.
  let current: Rule = ALL_RULES[0];
  let prefix = '';
  const ctx: RuleContext = {
    index, options, subject: entry,
    report: (path, message, opts) => push(findingOf(kept, current, prefix + path, message, opts)),
  };
  const run = <T>(rule: Rule & { check(s: T, c: RuleContext): void }, subject: T) => {
    current = rule;
    try {
      rule.check(subject, ctx);
    } catch (err) {
      // A rule must never take the run down: a malformed object it did not anticipate is
      // already reported by the schema layer.
      push(findingOf(kept, rule, '', `rule could not evaluate this object (${(err as Error).message})`, { severity: 'info' }));
    }
  };
  // Rules dispatch on group + kind through the kind registry: a VirtualMachine of another
  // group (vmoperator.vmware.com) is not KubeVirt's and gets none of its rules.
  const ruleSet = ruleSetOf(o.apiVersion, entry.kind);
  if (ruleSet === undefined) return;
  // Indexed loops: a construct-time check runs this once per object, about a hundred rules each.
  const own = rules.objectRules.get(ruleSet) ?? NO_RULES;
  for (let i = 0; i < own.length; i++) run(own[i], o);
  const pooled = poolVirtualMachine(o, ruleSet);
  if (pooled) {
    prefix = POOL_VM_PREFIX;
    const vmRules = rules.objectRules.get(VM_RULE_SET) ?? NO_RULES;
    for (let i = 0; i < vmRules.length; i++) run(vmRules[i], pooled);
    prefix = '';
  }
  const { vmiRules, dvRules } = rules;
  const vmiViews = vmiSpecViews(o, ruleSet, index);
  for (let v = 0; v < vmiViews.length; v++) for (let i = 0; i < vmiRules.length; i++) run(vmiRules[i], vmiViews[v]);
  const dvViews = dvSpecViews(o, ruleSet, entry.namespace);
  for (let v = 0; v < dvViews.length; v++) for (let i = 0; i < dvRules.length; i++) run(dvRules[i], dvViews[v]);
}

/**
 * True for a VM (or a pool's VM) inferring its instancetype or preference from a volume: its own
 * rules read the DataVolume behind that volume, wherever in the input it is.
 */
export function infersFromVolume(o: KubeObject): boolean {
  if (o === null || typeof o !== 'object') return false;
  return [o.spec, o.spec?.virtualMachineTemplate?.spec].some((spec) => spec !== null && typeof spec === 'object'
    && (typeof spec.instancetype?.inferFromVolume === 'string' || typeof spec.preference?.inferFromVolume === 'string'));
}
