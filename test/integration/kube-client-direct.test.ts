// The client's direct request path (get, list, apply through the cluster's connection pool, no
// client-node serializer) against the real API server: pages, errors, the server's JSON as sent.
import { KubeApiError, KubeClient, createKubeClient, throttled } from '../../lib/controller/kube-client';
import { DirectRequests, listPages, resourcePath } from '../../lib/controller/direct-requests';
import { loadClientNode } from '../../lib/controller/client-node-loader';
import { configMap, kubeconfigPath, newClient } from '../controller/support';
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
});
