// The client's direct request path (every verb but watch through the cluster's connection pool, no
// client-node serializer) against the real API server: pages, errors, the server's JSON as sent,
// and the write verbs' semantics (create, replace, merge patch, delete with preconditions and
// propagation policy) with the status codes callers act on.
import { KubeApiError, KubeClient, createKubeClient, throttled } from '../../lib/controller/kube-client';
import { DirectRequests, listPages, resourcePath } from '../../lib/controller/direct-requests';
import { loadClientNode } from '../../lib/controller/client-node-loader';
import { KubeObject } from '../../lib/controller/objects';
import { configMap, eventually, kubeconfigPath, newClient } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

describeIfCluster('kube client: direct requests', () => {
  let client: KubeClient;
  let ns: string;
  beforeAll(async () => {
    client = await newClient();
    ns = uniqueName('direct');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (let i = 0; i < 7; i++) await client.apply({ ...configMap(`cm-${i}`, ns), metadata: { name: `cm-${i}`, namespace: ns, labels: { odd: String(i % 2) } } }, { fieldManager: 'test' });
  });
  afterAll(async () => { await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined); });

  test('a list read in pages returns every item once, with apiVersion, kind and the snapshot resourceVersion', async () => {
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigPath());
    const pages = await listPages(new DirectRequests(k8s, kc), resourcePath('v1', 'configmaps', ns), 'odd=1', throttled, 2);
    expect(pages!.items.map((i) => (i as { metadata: { name: string } }).metadata.name).sort()).toEqual(['cm-1', 'cm-3', 'cm-5']);
    expect(Number(pages!.resourceVersion)).toBeGreaterThan(0);
    const listed = await client.list('v1', 'ConfigMap', { namespace: ns, labelSelector: 'odd in (0,1)' });
    expect(listed.items.map((i) => [i.apiVersion, i.kind, i.metadata.name]).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => ['v1', 'ConfigMap', `cm-${i}`]));
  });

  test('objects are the server\'s JSON: timestamps as the server wrote them, every field kept', async () => {
    const live = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'cm-0' });
    // client-node's typed path turned timestamps into Dates (".000Z" once copied back to JSON).
    expect(live!.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(live!.metadata.managedFields![0].fieldsV1).toBeDefined();
    const dry = await client.apply({ ...configMap('cm-0', ns, { a: '2' }), metadata: { name: 'cm-0', namespace: ns } }, { fieldManager: 'test', dryRun: true });
    expect(dry.data).toEqual({ a: '2' });
    expect((await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'cm-0' }))!.data).toEqual({ a: '1' });
  });

  test('errors keep their status, reason and causes; a missing object is undefined; a namespace-less object lands in the default namespace', async () => {
    expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'absent' })).toBeUndefined();
    const conflict = await client.apply({ ...configMap('cm-0', ns, { a: '3' }), metadata: { name: 'cm-0', namespace: ns } }, { fieldManager: 'other' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(KubeApiError);
    expect((conflict as KubeApiError).statusCode).toBe(409);
    expect((conflict as KubeApiError).causes.map((c) => c.field)).toContain('.data.a');
    const invalid = await client.apply({ ...configMap('cm-0', ns), metadata: { name: 'cm-0', namespace: ns, labels: { app: 'not valid!' } } }, { fieldManager: 'test', dryRun: true }).catch((e: unknown) => e);
    expect((invalid as KubeApiError).statusCode).toBe(422);
    expect((invalid as KubeApiError).reason).toBe('Invalid');
    expect((invalid as KubeApiError).message).toMatch(/metadata\.labels/);
    const name = uniqueName('nsless');
    const created = await client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } }, { fieldManager: 'test', dryRun: true });
    expect(created.metadata.namespace).toBe('default');
  });

  test('a kind the server does not serve fails as before (through client-node)', async () => {
    const other = await createKubeClient({ kubeconfig: kubeconfigPath() });
    const err = await other.apply({ apiVersion: 'example.invalid/v1', kind: 'Nothing', metadata: { name: 'x', namespace: ns } }, { fieldManager: 'test' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
  });

  test('isServed: false only when the server says so (an unknown group, an unknown kind of a served group)', async () => {
    expect(await client.isServed('v1', 'ConfigMap')).toBe(true);
    expect(await client.isServed('example.invalid/v1', 'Nothing')).toBe(false);
    expect(await client.isServed('v1', 'Nothing')).toBe(false);
  });

  /** The server's own timestamp form: client-node's typed path turned it into a Date (".000Z" once copied back). */
  const SERVER_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
  const codeOf = (p: Promise<unknown>) => p.then(() => 0, (e: unknown) => (e instanceof KubeApiError ? e.statusCode : -1));
  const errOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as KubeApiError);

  test('create, replace and merge patch answer with the server\'s JSON and keep their status codes (409, 422)', async () => {
    const created = await client.create(configMap('w-0', ns));
    expect(created.metadata.creationTimestamp).toMatch(SERVER_TIME);
    expect(created.metadata.managedFields![0].fieldsV1).toBeDefined();
    const again = await errOf(client.create(configMap('w-0', ns)));
    expect([again.statusCode, again.reason]).toEqual([409, 'AlreadyExists']);
    const invalid = await errOf(client.create({ ...configMap('w-bad', ns), metadata: { name: 'w-bad', namespace: ns, labels: { x: 'not valid!' } } }));
    expect([invalid.statusCode, invalid.reason]).toEqual([422, 'Invalid']);
    expect(invalid.causes.map((c) => c.field)).toContain('metadata.labels');
    // A namespaced object without a namespace is created in the default one, as before.
    const nsless = await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: uniqueName('nsless') }, data: { a: '1' } });
    expect(nsless.metadata.namespace).toBe('default');
    await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: nsless.metadata.name });

    const replaced = await client.replace({ ...created, data: { a: '2' } });
    expect(replaced.data).toEqual({ a: '2' });
    expect(replaced.metadata.creationTimestamp).toMatch(SERVER_TIME);
    expect(await codeOf(client.replace({ ...created, data: { a: '3' } }))).toBe(409); // created's resourceVersion is stale

    const patch = (extra: Record<string, unknown>, data: Record<string, string | null>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w-0', namespace: ns, ...extra }, data }) as unknown as KubeObject;
    const dry = await client.mergePatch(patch({ labels: { dry: 'yes' } }, { b: '1' }), { fieldManager: 'test', dryRun: true });
    expect(dry.data).toEqual({ a: '2', b: '1' });
    expect((await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'w-0' }))!.data).toEqual({ a: '2' });
    // null removes a key (merge patch); a stale resourceVersion is a precondition: 409.
    const patched = await client.mergePatch(patch({ resourceVersion: replaced.metadata.resourceVersion }, { a: null, b: '1' }), { fieldManager: 'test' });
    expect(patched.data).toEqual({ b: '1' });
    expect(patched.metadata.managedFields!.some((f) => f.manager === 'test')).toBe(true);
    expect(await codeOf(client.mergePatch(patch({ resourceVersion: replaced.metadata.resourceVersion }, { c: '1' }), { fieldManager: 'test' }))).toBe(409);
    expect(await codeOf(client.mergePatch({ ...patch({}, { c: '1' }), metadata: { name: 'absent', namespace: ns } }, { fieldManager: 'test' }))).toBe(404);
  });

  test('delete: preconditions on uid and resourceVersion refuse with 409, propagationPolicy reaches the GC, a gone object is false', async () => {
    const owner = await client.create(configMap('owner-0', ns));
    const dependent = (name: string, of: KubeObject) => client.create({ ...configMap(name, ns), metadata: { name, namespace: ns,
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: of.metadata.name, uid: of.metadata.uid! }] } } as KubeObject);
    await dependent('dep-0', owner);
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'owner-0' };
    expect(await codeOf(client.delete(ref, 'Orphan', { uid: '00000000-0000-0000-0000-000000000000' }))).toBe(409);
    expect(await codeOf(client.delete(ref, 'Orphan', { uid: owner.metadata.uid, resourceVersion: '1' }))).toBe(409);
    expect(await client.get(ref)).toBeDefined();
    // Orphan with preconditions (the body carries both): the dependent stays, its reference removed by the GC.
    expect(await client.delete(ref, 'Orphan', { uid: owner.metadata.uid, resourceVersion: owner.metadata.resourceVersion })).toBe(true);
    await eventually('the owner gone and the dependent orphaned', async () => !(await client.get(ref))
      && ((await client.get({ ...ref, name: 'dep-0' }))?.metadata.ownerReferences ?? []).length === 0);
    expect(await client.delete(ref, 'Background')).toBe(false);

    // Background without preconditions (a query parameter only): the GC deletes the dependent.
    const owner1 = await client.create(configMap('owner-1', ns));
    await dependent('dep-1', owner1);
    expect(await client.delete({ ...ref, name: 'owner-1' }, 'Background')).toBe(true);
    await eventually('the dependent deleted by the GC', async () => !(await client.get({ ...ref, name: 'dep-1' })));
  });
});
