// One validation run, fed one file at a time. Each object is judged as it arrives (schema, its
// own rules, its embedded VMI and DataVolume specs) and then let go: the run keeps only its
// findings and, for the cross-object rules at the end, the facts those rules read (./cross-facts).
// The objects the per-object rules look up (feature gates, presets, instancetypes, preferences)
// are given up front, so an object is judged exactly as in a run over the whole input.
import { effectiveGates } from './config/settings';
import type { ValidationSettings } from './config/settings';
import type { ExternalObject } from './config/profiles';
import { IGNORE_ANNOTATION, annotationWarning, settleFindings } from './config/suppression';
import { CONTEXT_KINDS, OwnString, ownString, stringPool } from './cross-facts';
import { factsText } from './facts-text';
import { runCrossRules } from './cross-run';
import { FactsEntry } from './facts-entry';
import type { LoadedSource } from '../manifests/types';
import { IndexedObject, ObjectIndex, SourceObject, indexEntry } from './object-index';
import { ALL_RULES } from './rules';
import { Rule, RuleOptions } from './rules/types';
import { RuleBuckets, bucketsOf, findingOf, infersFromVolume, judgeObject } from './judge-object';
import { PartFinding, PartIdentity, RunPart, partLocate, partObject } from './run-part';
import { preferSchemaFindings } from './schema-precedence';
import { Finding, KubeObject } from './types';

export interface RunOptions extends RuleOptions {
  /** Run the CRD schema layer. @default true */
  readonly schema?: boolean;
  /** Rules to run (by id); @default every rule */
  readonly rules?: readonly Rule[];
  /** The validation configuration. @default - KubeVirt defaults, every rule at its own severity */
  readonly config?: ValidationSettings;
  /** Objects known to exist outside the input (looked up, never judged), before the configuration's. @default - only the configuration's */
  readonly externals?: readonly ExternalObject[];
  /**
   * Every input object of a context kind (`isContextObject`), in input order: what per-object
   * rules look up. An object of such a kind that arrives without being listed here makes `add`
   * return false (the run's verdicts would differ from a whole-input run).
   */
  readonly context: readonly KubeObject[];
  /** Keep only the facts cross-object rules read (false: whole objects). @default true */
  readonly compact?: boolean;
  /** Keep each object's position (`line`, `locate`) for reports that print lines. @default true */
  readonly positions?: boolean;
}

/** A point of a run to return to (ValidationRun.checkpoint). */
export interface RunCheckpoint {
  readonly count: number;
  readonly findings: number;
  readonly annotations: number;
  readonly deferred: number;
}

/** A finding of a run and the input object it is about (its ordinal; -1 for none). */
export interface RunFinding {
  readonly finding: Finding;
  readonly ordinal: number;
  /** The object's entry as the run keeps it (file, position, `locate`); undefined for none. */
  readonly entry?: IndexedObject;
}

/** True for an object of a kind per-object rules look up (see RunOptions.context). */
export function isContextObject(o: KubeObject): boolean {
  return o !== null && typeof o === 'object' && typeof o.kind === 'string' && CONTEXT_KINDS.has(`${groupOf(o.apiVersion)}/${o.kind}`);
}

function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export class ValidationRun {
  private readonly options: RunOptions;
  private readonly contextIndex: ObjectIndex;
  private readonly contextObjects: ReadonlySet<KubeObject>;
  private readonly facts: ObjectIndex;
  private readonly buckets: RuleBuckets;
  private readonly findings: RunFinding[] = [];
  private readonly annotationFindings: RunFinding[] = [];
  /** The ignore annotation of each object that has one (all suppression reads of an object). */
  private readonly ignoreNotes = new Map<number, KubeObject>();
  private count = 0;
  /** finish() has run: the facts are released. */
  private finished = false;

  constructor(given: RunOptions) {
    const settings = given.config;
    this.options = {
      ...given,
      assumeComplete: given.assumeComplete ?? settings?.spec.assumeComplete,
      nodeInterfaces: given.nodeInterfaces ?? settings?.spec.nodeInterfaces,
      featureGates: given.featureGates ?? effectiveGates(settings, given.context),
    };
    const externals = given.externals ? [...given.externals, ...settings?.externals ?? []] : settings?.externals;
    this.contextIndex = new ObjectIndex(given.context.map((object) => ({ object })), externals);
    this.contextObjects = new Set(given.context);
    this.facts = new ObjectIndex([], externals);
    this.buckets = bucketsOf(given.rules ?? ALL_RULES);
  }

  /**
   * Judges these objects (the next in input order) and keeps what the cross-object rules need.
   * False, and nothing judged, when one of them is a context object the run was not given.
   */
  add(sources: readonly SourceObject[]): boolean {
    if (sources.some((s) => isContextObject(s.object) && !this.contextObjects.has(s.object))) return false;
    for (const s of sources) this.judge(indexEntry(s, this.count++));
    return true;
  }

  /** Where the run is: `rollback` forgets every object added after it. */
  checkpoint(): RunCheckpoint {
    return { count: this.count, findings: this.findings.length, annotations: this.annotationFindings.length, deferred: this.deferred.length };
  }

  /**
   * Forgets the objects added since the checkpoint, findings and facts (a file judged document
   * by document that a later document makes unusable is not part of the input).
   */
  rollback(to: RunCheckpoint): void {
    this.findings.length = to.findings;
    this.annotationFindings.length = to.annotations;
    this.deferred.length = to.deferred;
    for (const ordinal of this.ignoreNotes.keys()) if (ordinal >= to.count) this.ignoreNotes.delete(ordinal);
    this.facts.truncate(to.count);
    this.count = to.count;
  }


  /**
   * The entry as the run keeps it: identity strings its own, the position only when reports
   * print lines, and the object as the facts the cross-object rules read (./cross-facts).
   */
  private compactEntry(entry: IndexedObject): IndexedObject {
    return this.keptEntry(entry, factsText(`${entry.group}/${entry.kind}`, entry.object), entry.object, entry.ordinal);
  }

  /** The entry kept for an object of this identity: its facts (FactsEntry's text), else the object itself. */
  private keptEntry(entry: PartIdentity & Partial<Pick<LoadedSource, 'locate'>>, facts: string | undefined, object: KubeObject | undefined,
    ordinal: number): IndexedObject {
    const { ref, file, line, column, locate } = entry;
    const own = this.own;
    // A name is (nearly always) its object's alone: copied, not pooled (a pool entry per object).
    const name = ownString(entry.name);
    const group = own(entry.group);
    const kind = own(entry.kind);
    const identity = {
      file, group, kind, namespace: own(entry.namespace), name, ordinal,
      ref: {
        apiVersion: own(ref.apiVersion), kind: own(ref.kind), name: ref.name === entry.name ? name : own(ref.name),
        ...(ref.namespace !== undefined ? { namespace: own(ref.namespace) } : {}),
      },
      ...(this.options.positions !== false ? { line, column, locate } : {}),
    };
    return facts === undefined ? { ...identity, object: object! } : new FactsEntry(identity, facts);
  }

  /**
   * Takes out, as plain data (./run-part), what the run judged since it began or was last
   * drained, and starts again at ordinal 0: a worker thread judges files and hands each part
   * to the run that merges them in input order. Only for a compact run (the default).
   */
  drain(): RunPart {
    const bodies = new Map<string, number>();
    const objects = this.facts.all.map((e) => partObject(e, e instanceof FactsEntry ? e.facts : undefined, bodies));
    const plain = (l: RunFinding): PartFinding => ({ finding: l.finding, ordinal: l.ordinal });
    const part: RunPart = {
      objects, bodies: [...bodies.keys()], findings: this.findings.map(plain), annotations: this.annotationFindings.map(plain),
      ignores: [...this.ignoreNotes].map(([ordinal, note]) => [ordinal, note.metadata.annotations?.[IGNORE_ANNOTATION]] as const),
      deferred: this.deferred.map(({ entry }) => ({ ordinal: entry.ordinal, object: entry.object })),
    };
    this.rollback({ count: 0, findings: 0, annotations: 0, deferred: 0 });
    return part;
  }

  /** Adds a part another run drained as the next objects in input order, as if they had been added here. */
  merge(part: RunPart): void {
    const base = this.count;
    // A copied file name is a string per object: shared again, as the objects of one file share it here.
    const kept = part.objects.map((o, i) => this.keptEntry({
      ...o.identity, file: o.identity.file === undefined ? undefined : this.own(o.identity.file),
      ...(this.options.positions !== false ? { locate: partLocate(o, part.bodies) } : {}),
    }, o.facts, o.object, base + i));
    for (const entry of kept) this.facts.add(entry);
    this.count += kept.length;
    const own = (l: PartFinding): RunFinding => {
      const entry = kept[l.ordinal];
      const finding = { ...l.finding, object: entry.ref, ...(l.finding.file !== undefined ? { file: entry.file } : {}) };
      return { finding: this.ownFinding(finding), ordinal: entry.ordinal, entry };
    };
    for (const l of part.findings) this.findings.push(own(l));
    for (const l of part.annotations) this.annotationFindings.push(own(l));
    for (const [ordinal, ignore] of part.ignores) this.ignoreNotes.set(base + ordinal, this.ignoreNote(ignore));
    for (const { ordinal, object } of part.deferred) {
      const entry = kept[ordinal];
      this.deferred.push({ entry: { ...entry, object, ordinal: entry.ordinal }, kept: entry });
    }
  }

  /** Runs the cross-object rules and settles every finding (precedence, configuration). */
  finish(): RunFinding[] {
    if (this.finished) throw new Error('a validation run finishes once (its facts are released by finish())');
    const { options, facts } = this;
    const cross = runCrossRules(this.buckets.crossRules, facts, options,
      (rule, on, path, message, opts): RunFinding => ({ finding: findingOf(on, rule, path, message, opts), ordinal: on.ordinal, entry: on }));
    // Deferred objects are judged with every object's facts known; their findings keep input order.
    const late: RunFinding[] = [];
    for (const { entry, kept } of this.deferred) this.judgeAlone(entry, kept, facts, late);
    const all = [...mergeByOrdinal(this.findings, late), ...cross, ...this.annotationFindings];
    const ordinalOf = (l: RunFinding) => l.ordinal;
    const settled = settleFindings(preferSchemaFindings(all, (l) => l.finding, ordinalOf), (l) => l.finding, (l) => this.ignoreNotes.get(l.ordinal),
      this.options.config, (l, finding) => ({ ...l, finding }));
    // The findings keep their entries (file, line, locate) for the report, and with them each
    // entry's facts, which nothing reads after this: released, they are garbage while the report
    // is made. 50,000 objects: the facts texts are ~40% of the heap at the end of the run.
    for (const entry of facts.all) if (entry instanceof FactsEntry) entry.release();
    this.finished = true;
    return settled;
  }

  /** Every string the run keeps: its own copy (nothing of a parsed file stays alive), repeated ones shared. */
  private readonly own = stringPool();
  /** Objects whose own rules look up other input objects (instancetype inference from a DataVolume): judged at the end. */
  private readonly deferred: Array<{ entry: IndexedObject; kept: IndexedObject }> = [];

  private judge(entry: IndexedObject): void {
    const o = entry.object;
    const kept: IndexedObject = this.options.compact === false ? entry : this.compactEntry(entry);
    this.facts.add(kept);
    const warning = annotationWarning(o, entry.file);
    if (warning) this.annotationFindings.push({ finding: this.ownFinding({ ...warning, object: kept.ref }), ordinal: entry.ordinal, entry: kept });
    const ignore = o?.metadata?.annotations?.[IGNORE_ANNOTATION];
    if (ignore !== undefined) this.ignoreNotes.set(entry.ordinal, this.ignoreNote(ignore));
    if (infersFromVolume(o)) this.deferred.push({ entry, kept });
    else this.judgeAlone(entry, kept, this.contextIndex, this.findings);
  }

  /** What suppression reads of an object's ignore annotation (`ignore`: its value). */
  private ignoreNote(ignore: unknown): KubeObject {
    return { metadata: { annotations: { [IGNORE_ANNOTATION]: typeof ignore === 'string' ? this.own(ignore) : ignore } } } as unknown as KubeObject;
  }

  private ownFinding(f: Finding): Finding {
    return this.options.compact === false ? f : ownFinding(f, this.own);
  }

  /** Schema and the object's own rules; `index`: what they may look up. */
  private judgeAlone(entry: IndexedObject, kept: IndexedObject, index: ObjectIndex, into: RunFinding[]): void {
    judgeObject(entry, kept, index, this.options, this.buckets, (finding) => {
      into.push({ finding: this.ownFinding(finding), ordinal: entry.ordinal, entry: kept });
    });
  }
}

/** Two finding lists in input order, merged in input order. */
function mergeByOrdinal(a: RunFinding[], b: RunFinding[]): RunFinding[] {
  if (b.length === 0) return a;
  const out: RunFinding[] = [];
  let j = 0;
  for (const f of a) {
    while (j < b.length && b[j].ordinal < f.ordinal) out.push(b[j++]);
    out.push(f);
  }
  return out.concat(b.slice(j));
}

/** A finding whose texts keep nothing of the parsed file alive (its object reference is the run's own). */
function ownFinding(f: Finding, own: OwnString): Finding {
  return { ...f, path: own(f.path), message: own(f.message), ...(f.hint !== undefined ? { hint: own(f.hint) } : {}) };
}
