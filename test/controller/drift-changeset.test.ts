import { ChangeSet, changeEntry } from '../../lib/controller/changeset';
import { applyPatch } from 'diff';
import { canonicalYaml, comparable, hasDrifted, maskSecret, unifiedDiff } from '../../lib/controller/drift';
import { KubeObject, parseManifests } from '../../lib/controller/objects';

const live: KubeObject = {
  apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine',
  metadata: { name: 'rhel', namespace: 'vms', uid: 'u', resourceVersion: '7', generation: 3, labels: { a: '1' }, managedFields: [{ manager: 'x' }] },
  spec: { runStrategy: 'Always', template: { spec: { domain: { firmware: { uuid: 'seeded' } } } } },
  status: { printableStatus: 'Running' },
};

describe('drift detection', () => {
  test('server bookkeeping and status are not drift; spec, labels and annotations are', () => {
    const sameButNoisy = { ...live, metadata: { ...live.metadata, resourceVersion: '8', managedFields: [] }, status: {} };
    expect(hasDrifted(sameButNoisy, live)).toBe(false);
    // Key order does not matter.
    const reordered = { status: live.status, spec: live.spec, metadata: live.metadata, kind: live.kind, apiVersion: live.apiVersion };
    expect(hasDrifted(reordered, live)).toBe(false);
    expect(hasDrifted({ ...live, spec: { ...(live.spec as object), runStrategy: 'Halted' } }, live)).toBe(true);
    expect(hasDrifted({ ...live, metadata: { ...live.metadata, labels: { a: '2' } } }, live)).toBe(true);
    expect(comparable(live)).toEqual({ apiVersion: live.apiVersion, kind: live.kind, metadata: { name: 'rhel', namespace: 'vms', labels: { a: '1' } }, spec: live.spec });
  });

  test('unified diff names the changed lines with context and masks Secret values', () => {
    const before = canonicalYaml(comparable(live));
    const after = canonicalYaml(comparable({ ...live, spec: { ...(live.spec as object), runStrategy: 'Halted' } }));
    const diff = unifiedDiff(before, after, 'live/VirtualMachine/vms/rhel', 'source/VirtualMachine/vms/rhel');
    expect(diff).toContain('--- live/VirtualMachine/vms/rhel');
    expect(diff).toContain('-  runStrategy: Always');
    expect(diff).toContain('+  runStrategy: Halted');
    expect(diff.split('\n').filter((l) => l.startsWith('-') || l.startsWith('+'))).toHaveLength(4);
    expect(diff).toMatch(/@@ -\d+,\d+ \+\d+,\d+ @@/);
    expect(unifiedDiff(before, before, 'a', 'b')).toBe('');
    const secret = maskSecret({ kind: 'Secret', data: { password: 'c2VjcmV0' } });
    expect(JSON.stringify(secret)).not.toContain('c2VjcmV0');
  });

  test('unified diff of a 6,000-line object is a valid patch (applying it yields the new text)', () => {
    const lines = (tag: string) => Array.from({ length: 6000 }, (_, i) => (i % 997 === 0 ? `  line-${i}: ${tag}` : `  line-${i}: same`));
    const before = `${lines('old').join('\n')}\n`;
    const after = `${lines('new').join('\n')}\n`;
    const diff = unifiedDiff(before, after, 'live/x', 'source/x');
    expect(diff.split('\n').filter((l) => l.startsWith('+  line-'))).toHaveLength(7);
    expect(applyPatch(before, diff)).toBe(after);
  });
});

describe('ChangeSet', () => {
  test('counts, text and JSON name every object', () => {
    const set = new ChangeSet();
    const ref = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name });
    set.add(changeEntry(ref('a'), 'created'), changeEntry(ref('b'), 'unchanged'), changeEntry(ref('c'), 'failed', { reason: '422 Invalid: bad' }),
      changeEntry(ref('d'), 'skipped', { reason: 'holds disk data' }));
    expect(set.counts()).toEqual({ created: 1, configured: 0, unchanged: 1, deleted: 0, skipped: 1, failed: 1 });
    expect(set.failed.map((e) => e.subject)).toEqual(['ConfigMap/ns/c']);
    expect(set.toText().split('\n')).toEqual([
      'ConfigMap/ns/a created', 'ConfigMap/ns/b unchanged', 'ConfigMap/ns/c failed: 422 Invalid: bad',
      'ConfigMap/ns/d skipped: holds disk data', '1 created, 1 unchanged, 1 skipped, 1 failed',
    ]);
    expect(JSON.parse(JSON.stringify(set)).summary.created).toBe(1);
    expect(set.hasChanges).toBe(true);
  });
});

describe('parseManifests', () => {
  test('multi-document YAML, Lists expanded, empty documents ignored, bad input names the file', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n';
    expect(parseManifests(text, 'x.yaml').map((s) => s.object.metadata.name)).toEqual(['a', 'b']);
    expect(() => parseManifests('- 1\n', 'bad.yaml')).toThrow(/bad.yaml:1:1: document 1 is a list, not a Kubernetes object/);
    expect(() => parseManifests('kind: ConfigMap\napiVersion: v1\nmetadata: {}\n', 'n.yaml')).toThrow(/n.yaml:3:1: ConfigMap has no metadata.name/);
    expect(() => parseManifests('a: [\n', 'broken.yaml')).toThrow(/broken.yaml/);
  });
});
