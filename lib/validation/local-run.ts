// The run of one object alone, as construct-time checks make it (one per object at synth): the
// same verdicts as a ValidationRun given that one object (./validation-run), without the set-up a
// run over many objects needs (context and facts indexes per run, the streaming copies, the
// deferred and settle passes when there is nothing to settle). test/validation/local-run.test.ts
// compares the two on the examples and on generated objects.
import { effectiveGates } from './config/settings';
import type { ExternalObject } from './config/profiles';
import { IGNORE_ANNOTATION, annotationWarning, settleFindings } from './config/suppression';
import { vmVisitOf } from './cross-run';
import { RuleBuckets, bucketsOf, findingOf, infersFromVolume, judgeObject } from './judge-object';
import { ObjectIndex, SourceObject, indexEntry } from './object-index';
import { ALL_RULES } from './rules';
import { CrossContext, VmVisit } from './rules/types';
import { preferSchemaFindings } from './schema-precedence';
import { Finding, KubeObject } from './types';
import { RunOptions, isContextObject } from './validation-run';

/** The options of a single-object run: a run's, without what only many objects need. */
export type SingleRunOptions = Omit<RunOptions, 'context' | 'compact' | 'positions'>;

interface Located { readonly finding: Finding; readonly ordinal: number }

/**
 * The findings of `new ValidationRun({ ...options, context, compact: false })` fed `[source]` and
 * finished (`context`: the object itself when it is of a context kind), in the same order.
 */
export function validateSingle(source: SourceObject, given: SingleRunOptions): Finding[] {
  const o = source.object;
  const settings = given.config;
  const context: readonly KubeObject[] = isContextObject(o) ? [o] : NO_OBJECTS;
  const options: RunOptions = {
    ...given, context, compact: false,
    assumeComplete: given.assumeComplete ?? settings?.spec.assumeComplete,
    nodeInterfaces: given.nodeInterfaces ?? settings?.spec.nodeInterfaces,
    featureGates: given.featureGates ?? effectiveGates(settings, context),
  };
  const externals = given.externals ? [...given.externals, ...settings?.externals ?? []] : settings?.externals;
  const rules: RuleBuckets = bucketsOf(given.rules ?? ALL_RULES);
  const entry = indexEntry(source, 0);
  const own: Located[] = [];
  const push = (finding: Finding) => own.push({ finding, ordinal: 0 });
  // The facts index holds the object itself: what the cross-object rules and a deferred object read.
  let facts: ObjectIndex | undefined;
  const factsIndex = () => {
    if (!facts) {
      facts = new ObjectIndex([], externals);
      facts.add(entry);
    }
    return facts;
  };
  // Objects inferring from a volume are judged after the cross-object rules, against the facts.
  const deferred = infersFromVolume(o);
  if (!deferred) judgeObject(entry, entry, contextIndexOf(context, externals), options, rules, push);
  const cross: Located[] = [];
  let visit: VmVisit | undefined | null = null;
  for (const rule of rules.crossRules) {
    // The facts index is built when a rule reads it: a VM rule checking a field first may not.
    const ctx: CrossContext = {
      get index() { return factsIndex(); }, options,
      report: (on, path, message, opts) => cross.push({ finding: findingOf(on, rule, path, message, opts), ordinal: on.ordinal }),
    };
    if (rule.eachVm) {
      // check(ctx) visits each VM and VMI of the facts index, which holds this object alone.
      if (visit === null) visit = vmVisitOf(entry);
      if (visit) rule.eachVm(ctx, visit);
    } else {
      rule.check(ctx);
    }
  }
  if (deferred) judgeObject(entry, entry, factsIndex(), options, rules, push);
  const warning = annotationWarning(o, entry.file);
  const all = own.concat(cross);
  if (warning) all.push({ finding: { ...warning, object: entry.ref }, ordinal: 0 });
  if (all.length === 0) return [];
  const ignore = o?.metadata?.annotations?.[IGNORE_ANNOTATION];
  const note = ignore === undefined ? undefined : { metadata: { annotations: { [IGNORE_ANNOTATION]: ignore } } } as unknown as KubeObject;
  const ordinalOf = (l: Located) => l.ordinal;
  const settled = settleFindings(preferSchemaFindings(all, (l) => l.finding, ordinalOf), (l) => l.finding,
    (l) => (l.ordinal === 0 ? note : undefined), settings, (l, finding) => ({ ...l, finding }));
  return settled.map((l) => l.finding);
}

const NO_OBJECTS: readonly KubeObject[] = [];

/** The index of no input object over an external list, shared by the runs under that list (rules only read it). */
const emptyIndexes = new WeakMap<readonly ExternalObject[], ObjectIndex>();
const NO_EXTERNALS: readonly ExternalObject[] = [];

function contextIndexOf(context: readonly KubeObject[], externals: readonly ExternalObject[] | undefined): ObjectIndex {
  if (context.length > 0) return new ObjectIndex(context.map((object) => ({ object })), externals);
  const list = externals ?? NO_EXTERNALS;
  let index = emptyIndexes.get(list);
  if (!index) {
    index = new ObjectIndex([], list);
    emptyIndexes.set(list, index);
  }
  return index;
}
