import { comparable } from '../../lib/controller/drift';
import { digest } from '../../lib/controller/digest';
import { LiveCompactor } from '../../lib/controller/live-compaction';
import { KubeObject } from '../../lib/controller/objects';
import { VerifiedState, appliedFields } from '../../lib/controller/verified-state';

const MANAGER = 'cdk8s-kubevirt';
const ownFields = { 'f:data': { '.': {}, 'f:a': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } };

/** A live object as the API server returns it. */
function live(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return JSON.parse(JSON.stringify({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name, namespace: 'ns', uid: `uid-${name}`, resourceVersion: '42', creationTimestamp: '2026-12-01T10:00:00Z', generation: 1,
      labels: { app: 'x', 'applyset.kubernetes.io/part-of': 'applyset-abc-v1' }, annotations: { note: 'n' },
      finalizers: ['cdk8s-kubevirt.io/prune-guard'], ownerReferences: [{ apiVersion: 'v1', kind: 'Secret', name: 'o', uid: 'u' }],
      managedFields: [
        { manager: MANAGER, operation: 'Apply', apiVersion: 'v1', time: '2026-12-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: ownFields },
        { manager: 'virt-api', operation: 'Update', apiVersion: 'v1', time: '2026-12-01T10:01:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:b': {} } } },
        { manager: MANAGER, operation: 'Apply', subresource: 'status', apiVersion: 'v1', time: '2026-12-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': {} } },
      ],
    },
    data: { a: '1', b: '2' },
    ...extra,
  })) as KubeObject;
}

describe('LiveCompactor: the watch cache keeps what the controller reads, shared where objects repeat', () => {
  test('everything planning and the checks read is kept; creation time and other managers\' field sets go', () => {
    const raw = live('a', { status: { phase: 'Ready' } });
    const small = new LiveCompactor(MANAGER).compact(raw);
    expect(digest(comparable(small))).toBe(digest(comparable(raw)));
    expect(small.status).toEqual(raw.status);
    for (const key of ['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'labels', 'annotations', 'finalizers', 'ownerReferences']) {
      expect(small.metadata[key]).toEqual(raw.metadata[key]);
    }
    expect(small.metadata.creationTimestamp).toBeUndefined();
    expect(small.metadata.managedFields).toEqual([
      { manager: MANAGER, operation: 'Apply', fieldsV1: ownFields },
      { manager: 'virt-api', operation: 'Update' },
      { manager: MANAGER, operation: 'Apply', subresource: 'status' },
    ]);
    expect(appliedFields(small, MANAGER)).toEqual(appliedFields(raw, MANAGER));
    expect(raw.metadata.creationTimestamp).toBeDefined(); // the input is left alone
  });

  test('the fast verdict is the same on the compact copy as on the object the server sent', () => {
    const desired: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns', labels: { app: 'x' } }, data: { a: '1' } };
    const state = new VerifiedState(MANAGER);
    state.record(desired, desired, live('a'), []);
    const compactor = new LiveCompactor(MANAGER);
    const cases = [live('a'), live('a', { data: { a: '2', b: '2' } }), live('a', { data: { b: '2' } }), live('a', { data: { a: '1', b: '3' } })];
    const verdicts = cases.map((c) => [Boolean(state.check(desired, c)), Boolean(state.check(desired, compactor.compact(c)))]);
    expect(verdicts).toEqual([[true, true], [false, false], [false, false], [true, true]]);
  });

  test('field sets, namespaces and label values are shared between objects, and shared parts are frozen', () => {
    const compactor = new LiveCompactor(MANAGER);
    const [a, b] = [compactor.compact(live('a')), compactor.compact(live('b'))];
    expect(appliedFields(a, MANAGER)).toBe(appliedFields(b, MANAGER));
    expect(Object.isFrozen(appliedFields(a, MANAGER))).toBe(true);
    expect(() => { (appliedFields(a, MANAGER) as Record<string, unknown>)['f:spec'] = {}; }).toThrow(TypeError);
    expect(a.metadata.name).not.toBe(b.metadata.name);
  });

  test('objects without managed fields or metadata pass through', () => {
    const compactor = new LiveCompactor(MANAGER);
    const bare = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } as KubeObject;
    expect(compactor.compact(bare)).toEqual(bare);
  });
});
