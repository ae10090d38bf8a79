// The validation engine: plain objects in, findings out. Schema first, then the rules of
// the catalog on each object (VMI specs and DataVolume specs wherever they are embedded),
// then the cross-object rules over the shared index (./validation-run: one run, fed the whole
// input here or one file at a time by the CLI).
import { effectiveGates } from './config/settings';
import type { ValidationSettings } from './config/settings';
import type { ExternalObject } from './config/profiles';
import { SourceObject } from './object-index';
import { ALL_RULES } from './rules';
import { Rule, RuleOptions } from './rules/types';
import { Finding, JsonObject, KubeObject } from './types';
import { obj } from './rules/util';
import { ValidationRun, isContextObject } from './validation-run';
import { validateSingle } from './local-run';
import type { FeatureGates } from './config/feature-gates';

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
  const context = sources.map((s) => s.object).filter(isContextObject);
  // The input is in memory already: the cross-object rules read the whole objects.
  const run = new ValidationRun({ ...given, context, compact: false });
  run.add(sources);
  return run.finish().map((l) => ({ finding: l.finding, source: sources[l.ordinal] }));
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
  const featureGates = gatesFor(settings, object as KubeObject, related as KubeObject[]);
  const source: SourceObject = { object: object as KubeObject, ...(file !== undefined ? { file } : {}) };
  // Without referenced objects the run looks up the configuration's own list (its lookups are built once per list).
  const externals = referenced.length > 0 ? referenced.map((o) => externalOf(o as KubeObject)) : undefined;
  // One object alone: the single-object run, whose findings are those of validateSources([source], ...).
  return validateSingle(source, { schema: false, rules: localRules, config: settings, featureGates, assumeComplete: false, externals });
}

/** The gates under a configuration with no related objects, once per configuration (they depend on it alone then). */
const configGates = new WeakMap<object, FeatureGates>();
const NO_SETTINGS = {};

/** effectiveGates(settings, [object, ...related]), computed once per configuration when nothing else can set a gate. */
function gatesFor(settings: ValidationSettings | undefined, object: KubeObject, related: readonly KubeObject[]): FeatureGates {
  // Only a KubeVirt or HyperConverged CR sets gates (gatesFromObjects); any other object leaves them to the configuration.
  const kind = object !== null && typeof object === 'object' ? object.kind : undefined;
  if (related.length > 0 || kind === 'KubeVirt' || kind === 'HyperConverged') return effectiveGates(settings, [object, ...related]);
  const key = settings ?? NO_SETTINGS;
  let gates = configGates.get(key);
  if (!gates) {
    gates = effectiveGates(settings, []);
    configGates.set(key, gates);
  }
  return gates;
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
