// The streaming run (`validate` reads file by file and keeps only the cross-object facts) must
// give exactly the findings of a run over the whole input with whole objects, and the facts must
// hold every field the cross-object rules read.
import * as fs from 'fs';
import * as path from 'path';
import { listManifests, readManifests } from '../../lib/cli/manifests';
import { validateStreaming } from '../../lib/cli/validate-stream';
import { CONTEXT_KIND_MARKERS } from '../../lib/validation/cross-facts';
import { crossFacts } from './cross-facts-reference';
import { validateSourcesDetailed } from '../../lib/validation/engine';
import { IndexedObject, ObjectIndex, indexEntry } from '../../lib/validation/object-index';
import { ALL_RULES, CrossRule } from '../../lib/validation/rules';
import { Finding, KubeObject } from '../../lib/validation/types';
import { ValidationRun, isContextObject } from '../../lib/validation/validation-run';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'validation', 'corpus');
const cases = fs.readdirSync(CORPUS).filter((name) => fs.existsSync(path.join(CORPUS, name, 'expected.json'))).sort();
const CROSS_RULES = ALL_RULES.filter((r): r is CrossRule => r.scope === 'cross');

interface Expected { readonly args?: string[]; readonly input?: string }

function caseInput(name: string) {
  const dir = path.join(CORPUS, name);
  const expected: Expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  return { dir, paths: [expected.input ?? '.'], assumeComplete: expected.args?.includes('--assume-complete') ? true : undefined };
}

/** The streaming run `validate` does: context files first, then file by file and document by document, compact facts. */
function streamed(dir: string, paths: string[], assumeComplete?: boolean): Array<{ finding: Finding; ordinal: number }> {
  const run = validateStreaming(listManifests(paths, dir, { positions: false }), { assumeComplete });
  expect(run).toBeDefined();
  return run!.located.map(({ finding, ordinal }) => ({ finding, ordinal }));
}

/** The whole input in memory, whole objects for the cross-object rules. */
function whole(dir: string, paths: string[], assumeComplete?: boolean): Array<{ finding: Finding; ordinal: number }> {
  const { sources } = readManifests(paths, dir, { positions: false });
  const ordinal = new Map(sources.map((s, i) => [s, i] as const));
  return validateSourcesDetailed(sources, { assumeComplete }).map((l) => ({ finding: l.finding, ordinal: ordinal.get(l.source)! }));
}

describe('streaming validation', () => {
  test.each(cases)('%s: same findings as the whole-input run', (name) => {
    const { dir, paths, assumeComplete } = caseInput(name);
    const a = streamed(dir, paths, assumeComplete);
    expect(a).toEqual(whole(dir, paths, assumeComplete));
  });

  test('the corpus exercises the cross-object rules and context objects', () => {
    const ids = new Set<string>();
    let contexts = 0;
    for (const name of cases) {
      const { dir, paths, assumeComplete } = caseInput(name);
      for (const { finding } of whole(dir, paths, assumeComplete)) ids.add(finding.rule);
      contexts += readManifests(paths, dir).sources.filter((s) => isContextObject(s.object)).length;
    }
    expect(CROSS_RULES.filter((r) => ids.has(r.id)).length).toBeGreaterThanOrEqual(10);
    expect(contexts).toBeGreaterThan(0);
  });

  test('a context object the run was not given up front is refused, not judged differently', () => {
    const kubevirt = { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' }, spec: {} } as KubeObject;
    const run = new ValidationRun({ context: [] });
    expect(run.add([{ object: kubevirt }])).toBe(false);
    const given = new ValidationRun({ context: [kubevirt] });
    expect(given.add([{ object: kubevirt }])).toBe(true);
  });

  test('a VM inferring its instancetype from a DataVolume in a later file is judged with that DataVolume', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'kv-stream-'));
    try {
      const vm = (name: string, dv: string) => `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: ${name}, namespace: golden}\nspec:\n  runStrategy: Always\n`
        + `  instancetype: {inferFromVolume: rootdisk}\n  template:\n    spec:\n      domain:\n        memory: {guest: 1Gi}\n        devices: {}\n`
        + `      volumes:\n        - {name: rootdisk, dataVolume: {name: ${dv}}}\n`;
      fs.writeFileSync(path.join(dir, 'a-vms.yaml'), [vm('imports', 'http-root'), vm('clones', 'clone-root'), vm('labelled', 'labelled-root')].join('---\n'));
      const dv = (name: string, spec: string, labels = '') => `apiVersion: cdi.kubevirt.io/v1beta1\nkind: DataVolume\nmetadata: {name: ${name}, namespace: golden${labels}}\n`
        + `spec:\n  ${spec}\n  storage: {resources: {requests: {storage: 1Gi}}}\n`;
      fs.writeFileSync(path.join(dir, 'b-dvs.yaml'), [
        dv('http-root', 'source: {http: {url: "https://example.com/disk.img"}}'),
        dv('clone-root', 'sourceRef: {kind: DataSource, name: fedora}'),
        dv('labelled-root', 'source: {http: {url: "https://example.com/disk.img"}}', ', labels: {instancetype.kubevirt.io/default-instancetype: u1.small}'),
      ].join('---\n'));
      const a = streamed(dir, ['.']);
      expect(a).toEqual(whole(dir, ['.']));
      const infer = a.filter((l) => l.finding.rule === 'vm-infer-volume-supported');
      expect(infer.map((l) => [l.finding.object.name, l.finding.message])).toEqual([['imports', expect.stringContaining('http source')]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file a later document makes unusable is taken back: none of its objects judged, none of their facts kept', () => {
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'kv-stream-'));
    try {
      const vm = (name: string, extra = '') => `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: ${name}, namespace: team}\nspec:\n  runStrategy: Always\n`
        + `  template:\n    spec:\n      domain: {memory: {guest: 1Gi}, devices: {interfaces: [{name: default, masquerade: {}}, {name: pub, bridge: {}}]}${extra}}\n`
        + `      networks: [{name: default, pod: {}}, {name: pub, multus: {networkName: br1}}]\n`;
      const nad = 'apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: br1, namespace: team}\nspec: {config: \'{"cniVersion": "0.3.1", "type": "bridge"}\'}\n';
      // a.yaml: a NAD and a VM with an unknown field, then a document go-yaml refuses.
      fs.writeFileSync(path.join(dir, 'a.yaml'), [nad, vm('refused', ', typo: 1'), 'key: [unclosed\n'].join('---\n'));
      fs.writeFileSync(path.join(dir, 'b.yaml'), vm('kept'));
      const run = validateStreaming(listManifests(['.'], dir, { positions: false }), {});
      const { sources, problems } = readManifests(['.'], dir, { positions: false });
      expect(sources.map((s) => s.object.metadata.name)).toEqual(['kept']);
      expect(run!.objects).toBe(1);
      expect(run!.problems).toEqual(problems);
      expect(problems.map((p) => p.rule)).toEqual(['input-yaml-syntax']);
      const a = run!.located.map(({ finding, ordinal }) => ({ finding, ordinal }));
      expect(a).toEqual(whole(dir, ['.']));
      // The NAD of the refused file is not there for the kept VM; the refused VM's schema error is gone.
      expect(a.map((l) => [l.finding.rule, l.finding.object.name, l.ordinal])).toEqual([['xo-multus-nad-exists', 'kept', 0]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a run finishes once: the findings keep file and position, the facts behind them are released', () => {
    const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a', namespace: 'team' },
      spec: { runStrategy: 'Always', template: { spec: { domain: { devices: { interfaces: [{ name: 'pub', bridge: {} }] } }, networks: [{ name: 'pub', multus: { networkName: 'missing' } }] } } } };
    const run = new ValidationRun({ context: [] });
    expect(run.add([{ object: vm, file: 'a.yaml', line: 3 }])).toBe(true);
    const located = run.finish();
    const cross = located.find((l) => l.finding.rule === 'xo-multus-nad-exists')!;
    expect(cross.entry).toMatchObject({ file: 'a.yaml', line: 3, kind: 'VirtualMachine', name: 'a' });
    expect(() => cross.entry!.object).toThrow(/facts of VirtualMachine a were released/);
    expect(() => run.finish()).toThrow(/finishes once/);
  });

  test('the CLI recovers when a context kind is written with escapes the byte search cannot see', async () => {
    const { main } = await import('../../lib/cli');
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'kv-stream-'));
    try {
      // An escaped `KubeVirt` with the HostDisk gate: the hostDisk VM is then accepted without the gate warning.
      fs.writeFileSync(path.join(dir, 'a-kubevirt.yaml'), 'apiVersion: kubevirt.io/v1\nkind: "Kube\\x56irt"\nmetadata: {name: kubevirt, namespace: kubevirt}\nspec:\n  configuration:\n    developerConfiguration:\n      featureGates: [HostDisk]\n');
      fs.copyFileSync(path.join(CORPUS, 'bad-hostdisk-gated', 'vm.yaml'), path.join(dir, 'b-vm.yaml'));
      const out: string[] = [];
      const code = await main(['validate', '.', '--output', 'json'], { stdout: (t) => out.push(t), stderr: () => undefined, isTTY: false, cwd: dir });
      const doc = JSON.parse(out.join(''));
      const { sources } = readManifests(['.'], dir);
      expect(sources.map((s) => s.object.kind)).toEqual(['KubeVirt', 'VirtualMachine']);
      const expected = validateSourcesDetailed(sources).map((l) => l.finding.rule);
      expect(expected).not.toContain('vmi-feature-gated-field');
      expect(doc.findings.map((f: Finding) => f.rule)).toEqual(expected);
      expect(code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A proxy over parsed JSON that records every path read. */
function recording(value: unknown, at: string, reads: Set<string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || (Array.isArray(target) && !/^\d+$/.test(key))) return typeof v === 'function' ? v.bind(receiver) : v;
      const p = `${at}/${key}`;
      reads.add(p);
      return recording(v, p, reads);
    },
  });
}

function read(value: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<any>((v, k) => (v === null || typeof v !== 'object' ? undefined : v[k]), value);
}

describe('cross-object facts', () => {
  const objects = cases.flatMap((name) => {
    const { dir, paths } = caseInput(name);
    return readManifests(paths, dir).sources.map((s) => s.object).filter((o) => o !== null && typeof o === 'object' && !Array.isArray(o));
  });

  test('every field a cross-object rule reads on the corpus is in the facts, with the same value', () => {
    const reads = new Map<number, Set<string>>();
    const index = new ObjectIndex([]);
    objects.forEach((object, i) => {
      const set = new Set<string>();
      reads.set(i, set);
      const entry = indexEntry({ object }, i);
      index.add({ ...entry, object: recording(object, '', set) as KubeObject } as IndexedObject);
    });
    for (const rule of CROSS_RULES) rule.check({ index, options: {}, report: () => undefined });
    let checked = 0;
    objects.forEach((object, i) => {
      const entry = indexEntry({ object }, i);
      const facts = crossFacts(`${entry.group}/${entry.kind}`, object);
      const paths = [...reads.get(i)!].filter((p) => !p.startsWith('/metadata/') && p !== '/metadata' && p !== '/apiVersion' && p !== '/kind');
      for (const p of paths) {
        const full = read(object, p);
        const terminal = !paths.some((q) => q.startsWith(`${p}/`));
        if (full !== null && typeof full === 'object' && !terminal) continue; // navigated through
        checked++;
        if (full !== null && typeof full === 'object') expect([p, Array.isArray(read(facts, p))]).toEqual([p, Array.isArray(full)]);
        else expect([p, read(facts, p)]).toEqual([p, full]);
      }
    });
    expect(checked).toBeGreaterThan(500);
  });

  test('every cross-object rule gives the same findings over facts as over whole objects', () => {
    const run = (compact: boolean) => {
      const index = new ObjectIndex([]);
      objects.forEach((object, i) => {
        const entry = indexEntry({ object }, i);
        index.add(compact ? { ...entry, object: crossFacts(`${entry.group}/${entry.kind}`, object) } : entry);
      });
      const out: string[] = [];
      for (const assumeComplete of [false, true]) {
        for (const rule of CROSS_RULES) {
          rule.check({ index, options: { assumeComplete }, report: (on, p, message, opts) => out.push(`${rule.id} ${on.ordinal} ${p} ${message} ${opts?.severity ?? ''}`) });
        }
      }
      return out;
    };
    const full = run(false);
    expect(full.length).toBeGreaterThan(50);
    expect(run(true)).toEqual(full);
  });

  test('facts keep nothing of what the cross-object rules do not read', () => {
    const vm = objects.find((o) => o.kind === 'VirtualMachine' && JSON.stringify(o).includes('userData'))!;
    const facts = crossFacts('kubevirt.io/VirtualMachine', vm);
    expect(JSON.stringify(facts)).not.toContain('userData');
    expect(JSON.stringify(facts).length).toBeLessThan(JSON.stringify(vm).length / 2);
  });
});
