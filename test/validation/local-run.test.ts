// The construct-time checks judge one object at a time with a lighter run (lib/validation/local-run)
// than a ValidationRun. Its findings must be exactly those of a whole validation run given that one
// object with the same options, and those of every rule called directly without any engine (so a rule
// the engine skips wrongly shows), for every rule. This runs the whole construct-time rule set three ways
// over the examples' synthesized objects, over every object of the rule tables (each rule has
// inputs it flags) and over generated objects crossed from them, under several configurations.
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { buildCatalogExamples } from '../../examples/catalog';
import { buildGitOps } from '../../examples/gitops';
import { buildLab } from '../../examples/lab';
import { buildPlatform } from '../../examples/platform';
import { loadValidationSettings, ValidationSettings } from '../../lib/validation/local';
import { effectiveGates } from '../../lib/validation/config/settings';
import { LocalContext, validateLocal, validateSources } from '../../lib/validation/engine';
import { ruleSetOf } from '../../lib/kinds';
import { IGNORE_ANNOTATION, annotationWarning, settleFindings } from '../../lib/validation/config/suppression';
import { ObjectIndex, indexEntry } from '../../lib/validation/object-index';
import { ALL_RULES, Rule } from '../../lib/validation/rules';
import { preferSchemaFindings } from '../../lib/validation/schema-precedence';
import { dvSpecViews, poolVirtualMachine, vmiSpecViews } from '../../lib/validation/spec-views';
import { isContextObject } from '../../lib/validation/validation-run';
import { Finding, KubeObject } from '../../lib/validation/types';
import { CROSS_CASES } from './cases/cross-object';
import { DEVICE_CASES } from './cases/devices';
import { NETWORK_CASES } from './cases/network';
import { PLATFORM_CASES } from './cases/platform';
import { STORAGE_CASES } from './cases/storage';
import { VM_CASES } from './cases/virtual-machine';
import { VMI_CASES } from './cases/vmi';
import { INFERENCE_CASES } from './cases/vm-inference';
import { LIVE_UPDATE_CASES } from './cases/vm-live-update';
import { POOL_CASES } from './cases/vm-pool';

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const params = { numRuns: RUNS, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) };
jest.setTimeout(Math.max(120_000, RUNS * 100));

const LOCAL_RULES = ALL_RULES.filter((r) => r.scope !== 'cross' || r.local === true);

/** What validateLocal did before the single-object run: a whole ValidationRun over the one object. */
function reference(object: KubeObject, context: LocalContext): Finding[] {
  const { settings, related = [], file, referenced = [] } = context;
  const featureGates = effectiveGates(settings, [object, ...related as KubeObject[]]);
  const externals = referenced.length > 0 ? referenced.map((o: any) => {
    const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    return {
      groupKind: `${group}/${String(o.kind)}`, namespace: typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '',
      name: String(o.metadata?.name ?? ''), object: o, origin: 'the construct it references',
    };
  }) : undefined;
  return validateSources([{ object, ...(file !== undefined ? { file } : {}) }],
    { schema: false, rules: LOCAL_RULES, config: settings, featureGates, assumeComplete: false, externals });
}

/**
 * The same judgement with no engine at all: every construct-time rule that applies to the object's
 * kind called directly, each on every view, then settled. It shares no code with the runs that
 * decides which rule runs, so a rule the engine skips wrongly (a gate, an index by field) shows here.
 */
function everyRule(object: KubeObject, context: LocalContext): Finding[] {
  const { settings, related = [], file, referenced = [] } = context;
  const options = {
    assumeComplete: false, nodeInterfaces: settings?.spec.nodeInterfaces,
    featureGates: effectiveGates(settings, [object, ...related as KubeObject[]]),
  };
  const given = referenced.map((o: any) => ({
    groupKind: `${String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : ''}/${String(o.kind)}`,
    namespace: typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '', name: String(o.metadata?.name ?? ''),
    object: o, origin: 'the construct it references',
  }));
  const externals = [...given, ...settings?.externals ?? []];
  const entry = indexEntry({ object, ...(file !== undefined ? { file } : {}) }, 0);
  const contextIndex = new ObjectIndex(isContextObject(object) ? [{ object }] : [], externals);
  const facts = new ObjectIndex([], externals);
  facts.add(entry);
  const deferred = [object.spec, object.spec?.virtualMachineTemplate?.spec]
    .some((spec) => typeof spec?.instancetype?.inferFromVolume === 'string' || typeof spec?.preference?.inferFromVolume === 'string');
  const own: Finding[] = [];
  const judge = (index: ObjectIndex) => {
    const ruleSet = ruleSetOf(object.apiVersion, entry.kind);
    if (ruleSet === undefined || object === null || typeof object !== 'object' || Array.isArray(object)) return;
    const call = (rule: Rule, subject: unknown, prefix = '') => {
      const report = (path: string, message: string, opts?: { hint?: string; severity?: Finding['severity'] }) => own.push({
        rule: rule.id, severity: opts?.severity ?? rule.severity, ...(file !== undefined ? { file } : {}), object: entry.ref,
        path: prefix + path, message, ...(opts?.hint ? { hint: opts.hint } : {}),
      });
      try {
        (rule as any).check(subject, { index, options, subject: entry, report });
      } catch (err) {
        own.push({ rule: rule.id, severity: 'info', ...(file !== undefined ? { file } : {}), object: entry.ref, path: '', message: `rule could not evaluate this object (${(err as Error).message})` });
      }
    };
    for (const rule of LOCAL_RULES) if (rule.scope === 'object' && rule.kinds.includes(ruleSet)) call(rule, object);
    const pooled = poolVirtualMachine(object, ruleSet);
    if (pooled) for (const rule of LOCAL_RULES) if (rule.scope === 'object' && rule.kinds.includes('VirtualMachine')) call(rule, pooled, 'spec.virtualMachineTemplate.');
    for (const view of vmiSpecViews(object, ruleSet, index)) for (const rule of LOCAL_RULES) if (rule.scope === 'vmiSpec') call(rule, view);
    for (const view of dvSpecViews(object, ruleSet, entry.namespace)) for (const rule of LOCAL_RULES) if (rule.scope === 'dvSpec') call(rule, view);
  };
  if (!deferred) judge(contextIndex);
  const cross: Array<{ finding: Finding; ordinal: number }> = [];
  for (const rule of LOCAL_RULES) {
    if (rule.scope !== 'cross') continue;
    rule.check({
      index: facts, options,
      report: (on, path, message, opts) => cross.push({
        finding: { rule: rule.id, severity: opts?.severity ?? rule.severity, ...(on.file !== undefined ? { file: on.file } : {}), object: on.ref, path, message, ...(opts?.hint ? { hint: opts.hint } : {}) },
        ordinal: on.ordinal,
      }),
    });
  }
  if (deferred) judge(facts);
  const warning = annotationWarning(object, file);
  const all = [...own.map((finding) => ({ finding, ordinal: 0 })), ...cross, ...(warning ? [{ finding: { ...warning, object: entry.ref }, ordinal: 0 }] : [])];
  const ignore = object?.metadata?.annotations?.[IGNORE_ANNOTATION];
  const note = ignore === undefined ? undefined : { metadata: { annotations: { [IGNORE_ANNOTATION]: ignore } } } as unknown as KubeObject;
  return settleFindings(preferSchemaFindings(all, (l) => l.finding, (l) => l.ordinal), (l) => l.finding, (l) => (l.ordinal === 0 ? note : undefined),
    settings, (l, finding) => ({ ...l, finding })).map((l) => l.finding);
}

const settingsOf = (value: Record<string, unknown>): ValidationSettings =>
  loadValidationSettings({ search: false, overrides: { value, source: 'local-run test' } });

const kubevirtCr = {
  apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' },
  spec: { configuration: { developerConfiguration: { featureGates: ['HostDisk', 'Sidecar', 'DownwardMetrics', 'VSOCK'] } } },
};

/** The configurations the checks run under: none, platform profiles, rules re-severitied, turned off and ignored, gates from the app. */
const CONTEXTS: Array<[string, LocalContext]> = [
  ['no configuration', {}],
  ['kubevirt profile', { settings: settingsOf({ platform: 'kubevirt' }) }],
  ['openshift-virtualization profile, KubeVirt CR in the app', { settings: settingsOf({ platform: 'openshift-virtualization' }), related: [kubevirtCr] }],
  ['rules off, re-severitied and ignored', {
    settings: settingsOf({
      rules: { 'vmi-disk-volume-match': 'off', 'vmi-disk-bus-valid': 'info', 'vmi-cpu-request-le-limit': 'warning' },
      ignore: [{ rules: ['vmi-network-interface-pairing', 'dv-url-valid'], files: ['dist/**'], reason: 'test' }],
      featureGates: { enabled: ['HostDisk'], disabled: ['Snapshot'] },
    }),
    file: 'dist/lab.k8s.yaml',
  }],
];

/** Every object of the rule tables: each rule has inputs it accepts and inputs it flags. */
const CASE_OBJECTS: KubeObject[] = [
  ...VM_CASES, ...INFERENCE_CASES, ...LIVE_UPDATE_CASES, ...POOL_CASES, ...VMI_CASES, ...STORAGE_CASES, ...NETWORK_CASES,
  ...CROSS_CASES, ...PLATFORM_CASES, ...DEVICE_CASES,
].flatMap((c) => [...c.valid, ...c.invalid].flat()) as KubeObject[];

function exampleObjects(): KubeObject[] {
  const app = Testing.app();
  const lab = buildLab(app);
  buildCatalogExamples(app, lab);
  buildPlatform(app, lab, buildGitOps(app));
  return app.charts.flatMap((chart) => Testing.synth(chart)) as KubeObject[];
}

const clone = <T>(o: T): T => (o === undefined ? o : JSON.parse(JSON.stringify(o)));

/** Both ways must give the same findings, in the same order (ignore annotations and referenced objects included). */
function expectSame(objects: readonly KubeObject[], extra: Partial<LocalContext> = {}): number {
  let found = 0;
  for (const [, context] of CONTEXTS) {
    const ctx = { ...context, ...extra };
    for (const o of objects) {
      const expected = reference(clone(o), ctx);
      expect({ object: o, findings: validateLocal(clone(o), ctx) }).toEqual({ object: o, findings: expected });
      expect({ object: o, findings: everyRule(clone(o), ctx) }).toEqual({ object: o, findings: expected });
      found += expected.length;
    }
  }
  return found;
}

describe('single-object run', () => {
  test('the examples: the same findings as a whole run over the one object', () => {
    const objects = exampleObjects();
    expect(objects.length).toBeGreaterThan(40);
    const gates = objects.filter((o) => o.kind === 'HyperConverged' || o.kind === 'KubeVirt');
    expect(gates.length).toBeGreaterThan(0);
    expectSame(objects);
    expectSame(objects, { related: gates });
  });

  test('every object of the rule tables, findings of every local rule included', () => {
    const found = expectSame(CASE_OBJECTS);
    expect(found).toBeGreaterThan(300);
    // The tables make every spec rule report somewhere (a rule the run skipped would show), but
    // those that only judge against another object of the input (its instancetype or preference, the
    // cluster's CR), which one object alone does not have.
    const rules = new Set(CASE_OBJECTS.flatMap((o) => reference(clone(o), {}).map((f) => f.rule)));
    expect(LOCAL_RULES.filter((r) => !rules.has(r.id) && r.scope !== 'object').map((r) => r.id).sort()).toEqual([
      'vm-binding-plugin-registered', 'vm-instancetype-other-conflict', 'vm-permitted-host-device', 'vm-persistent-state-storage',
      'vm-preference-requirements', 'vm-preference-spread-divisible',
    ]);
  });

  test('objects with ignore annotations and referenced objects', () => {
    const vms = CASE_OBJECTS.filter((o) => o.kind === 'VirtualMachine');
    const annotated = vms.slice(0, 40).flatMap((o, i) => [
      { ...clone(o), metadata: { ...o.metadata, annotations: { 'cdk8s-kubevirt.io/ignore-rules': i % 2 ? 'vmi-disk-volume-match -- test' : 'vmi-disk-bus-valid' } } },
    ]);
    expectSame(annotated as KubeObject[]);
    const referenced = CASE_OBJECTS.filter((o) => /Instancetype|Preference/.test(String(o.kind))).slice(0, 6);
    expect(referenced.length).toBeGreaterThan(0);
    expectSame(vms.slice(0, 60), { referenced });
  });

  test('generated objects crossed from the tables and the examples', () => {
    const pool = [...CASE_OBJECTS, ...exampleObjects()].filter((o) => o && typeof o === 'object');
    const byKind = new Map<string, KubeObject[]>();
    for (const o of pool) byKind.set(String(o.kind), [...byKind.get(String(o.kind)) ?? [], o]);
    const kinds = [...byKind.keys()];
    // Field paths to transplant: every key seen under these mappings of any object of the pool.
    const paths = new Set<string>();
    const roots = ['', 'metadata', 'spec', 'spec.template', 'spec.template.spec', 'spec.template.spec.domain', 'spec.template.spec.domain.devices',
      'spec.template.spec.domain.cpu', 'spec.template.spec.domain.memory', 'spec.template.spec.domain.features', 'spec.template.spec.domain.firmware',
      'spec.dataVolumeTemplates', 'spec.virtualMachineTemplate.spec', 'spec.virtualMachineTemplate.spec.template.spec'];
    for (const o of pool) {
      for (const root of roots) {
        const at = get(o, root);
        if (at && typeof at === 'object' && !Array.isArray(at)) for (const key of Object.keys(at)) paths.add(root ? `${root}.${key}` : key);
      }
    }
    const pathList = [...paths].sort();
    // Half the bases by kind (every kind gets its turn), half from the whole pool (mostly VMs, the kind with most rules).
    const base = fc.oneof(fc.tuple(fc.constantFrom(...kinds), fc.nat()).map(([kind, i]) => byKind.get(kind)![i % byKind.get(kind)!.length]),
      fc.nat().map((i) => pool[i % pool.length]));
    const crossed = fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...pathList)), { minLength: 1, maxLength: 8 }))
      .map(([from0, moves]) => {
        const o = clone(from0);
        for (const [donor, path] of moves) {
          const from = pool[donor % pool.length];
          set(o, path, clone(get(from, path)));
        }
        return o;
      });
    const flavors = pool.filter((o) => /Instancetype|Preference/.test(String(o.kind)));
    const referenced = fc.subarray(flavors, { maxLength: 3 });
    let found = 0;
    fc.assert(fc.property(crossed, fc.nat(CONTEXTS.length - 1), referenced, (o, c, refs) => {
      const context = { ...CONTEXTS[c][1], ...(refs.length > 0 ? { referenced: refs } : {}) };
      const expected = everyRule(clone(o), context);
      found += expected.length;
      expect(validateLocal(clone(o), context)).toEqual(expected);
      expect(reference(clone(o), context)).toEqual(expected);
    }), params);
    expect(found).toBeGreaterThan(0);
  });
});

function get(o: any, path: string): any {
  if (!path) return o;
  let cur = o;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Sets (or, for undefined, deletes) the value at `path`, making the mappings on the way. */
function set(o: any, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const key of keys.slice(0, -1)) {
    if (cur[key] === null || typeof cur[key] !== 'object') {
      if (value === undefined) return;
      cur[key] = {};
    }
    cur = cur[key];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}
