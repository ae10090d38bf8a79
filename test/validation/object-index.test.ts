// The index the rules share keeps one map entry per named object (no key string, no one-item
// list); what it answers must be what a scan over the objects in input order answers: lookups
// with the namespace rules of `get`, duplicate groups in the input order of their first object,
// and both again after objects are taken back out (`truncate`, a refused file).
import { IndexedObject, ObjectIndex, indexEntry } from '../../lib/validation/object-index';
import type { KubeObject } from '../../lib/validation/types';

const KINDS = [['kubevirt.io/v1', 'VirtualMachine'], ['cdi.kubevirt.io/v1beta1', 'DataVolume'], ['v1', 'Secret']] as const;
const NAMES = ['a', 'b', 'c', ''];
const NAMESPACES = ['', 'x', 'y'];

/** A small deterministic generator (the same objects on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function objectOf(pick: () => number): KubeObject {
  const [apiVersion, kind] = KINDS[Math.floor(pick() * KINDS.length)];
  const name = NAMES[Math.floor(pick() * NAMES.length)];
  const namespace = NAMESPACES[Math.floor(pick() * NAMESPACES.length)];
  return { apiVersion, kind, metadata: { ...(name ? { name } : {}), ...(namespace ? { namespace } : {}) } } as KubeObject;
}

/** What `get` answers, by a scan in input order: same namespace, else one that names none, else (no namespace asked) any. */
function scanGet(entries: readonly IndexedObject[], gk: string, namespace: string, name: string): IndexedObject | undefined {
  const named = entries.filter((e) => e.name !== '' && e.name === name && `${e.group}/${e.kind}` === gk);
  return named.find((e) => e.namespace === namespace)
    ?? (namespace !== '' ? named.find((e) => e.namespace === '') : named[0]);
}

/** Duplicate groups by a scan: objects sharing group/kind/namespace/name, in the order of each group's first object. */
function scanDuplicates(entries: readonly IndexedObject[]): IndexedObject[][] {
  const groups = new Map<string, IndexedObject[]>();
  for (const e of entries) {
    if (!e.name) continue;
    const key = JSON.stringify([e.group, e.kind, e.namespace, e.name]);
    groups.set(key, [...groups.get(key) ?? [], e]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

function expectSameAnswers(index: ObjectIndex, entries: readonly IndexedObject[]): void {
  for (const [apiVersion, kind] of KINDS) {
    const gk = `${apiVersion.includes('/') ? apiVersion.split('/')[0] : ''}/${kind}`;
    expect(index.ofKind(gk).map((e) => e.ordinal)).toEqual(entries.filter((e) => `${e.group}/${e.kind}` === gk).map((e) => e.ordinal));
    for (const name of NAMES) {
      for (const namespace of NAMESPACES) {
        expect([gk, namespace, name, index.get(gk, namespace, name)?.ordinal])
          .toEqual([gk, namespace, name, scanGet(entries, gk, namespace, name)?.ordinal]);
        expect(index.all_(gk, namespace, name).map((e) => e.ordinal))
          .toEqual(name ? entries.filter((e) => `${e.group}/${e.kind}` === gk && e.namespace === namespace && e.name === name).map((e) => e.ordinal) : []);
      }
    }
  }
  expect([...index.duplicates()].map((g) => g.map((e) => e.ordinal))).toEqual(scanDuplicates(entries).map((g) => g.map((e) => e.ordinal)));
}

describe('ObjectIndex', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])('answers as a scan in input order (seed %i), also after truncate', (seed) => {
    const pick = random(seed);
    const index = new ObjectIndex([]);
    let entries: IndexedObject[] = [];
    let ordinal = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 40; i++) {
        const entry = indexEntry({ object: objectOf(pick) }, ordinal++);
        index.add(entry);
        entries.push(entry);
      }
      expectSameAnswers(index, entries);
      const keep = Math.floor(pick() * entries.length);
      index.truncate(keep);
      entries = entries.slice(0, keep);
      ordinal = keep;
      expectSameAnswers(index, entries);
    }
    expect(index.all).toEqual(entries);
  });

  test('a duplicate group lists every object of that identity, first defined first', () => {
    const objects = ['x', 'y', 'x', '', 'x', 'y'].map((namespace, i) => ({ object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: i === 3 ? 'other' : 's', namespace } } as KubeObject }));
    const groups = [...new ObjectIndex(objects).duplicates()].map((g) => g.map((e) => e.ordinal));
    expect(groups).toEqual([[0, 2, 4], [1, 5]]);
  });

  test('a lookup in a namespace falls back to the object that names none; a lookup without one takes the first of any', () => {
    const index = new ObjectIndex([
      { object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'x' } } as KubeObject },
      { object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } } as KubeObject },
    ]);
    expect(index.get('/Secret', 'x', 's')?.ordinal).toBe(0);
    expect(index.get('/Secret', 'y', 's')?.ordinal).toBe(1);
    expect(index.get('/Secret', '', 's')?.ordinal).toBe(1);
    expect(index.get('/Secret', 'x', 'other')).toBeUndefined();
    const alone = new ObjectIndex([{ object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'x' } } as KubeObject }]);
    expect(alone.get('/Secret', '', 's')?.ordinal).toBe(0);
    expect(alone.get('/Secret', 'y', 's')).toBeUndefined();
  });
});
