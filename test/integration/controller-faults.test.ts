// Fault drill: a network partition between the controller and the API server (a TCP proxy that
// drops every connection and refuses new ones). While cut off, an object is edited out of band
// and another is deleted; no watch event reaches the controller. Once the link is back, its
// watches relist: the edit is reverted and the deleted object (which no DELETED event
// announced) is recreated, without a full re-sync, and nothing else is written.
import { GitOpsController } from '../../lib/controller/enforcer';
import { KubeClient } from '../../lib/controller/kube-client';
import { FlakyProxy, apiserverTarget, configMap, eventually, kubeconfigPath, newClient, sleep, tempDir, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(180_000);

describeIfCluster('controller: fault drills', () => {
  let client: KubeClient;
  let ns: string;
  beforeAll(async () => {
    client = await newClient();
    ns = uniqueName('fault');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  afterAll(async () => { await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined); });

  test('partition: edits and deletions made while cut off are reverted once the API server is reachable again', async () => {
    const dir = tempDir('partition');
    writeFolder(dir, Array.from({ length: 10 }, (_, i) => configMap(`cm-${i}`, ns, { v: String(i) })));
    const { proxy, behind, logs, controller } = await controllerBehindProxy(dir, 600_000);
    try {
      await controller.start();
      expect(controller.lastSync?.ok).toBe(true);
      const ref = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name });
      const original = (await client.get(ref('cm-0')))!;
      const untouched = (await client.get(ref('cm-5')))!;
      await sleep(500);

      proxy.cut();
      await client.apply({ ...configMap('cm-1', ns, { v: 'edited' }) }, { fieldManager: 'kubectl-edit', force: true });
      await client.delete(ref('cm-0'));
      await sleep(4000); // the controller sees nothing of it
      expect((await client.get(ref('cm-0')))).toBeUndefined();
      expect((await client.get(ref('cm-1')))?.data).toEqual({ v: 'edited' });
      const fullSyncs = controller.stats.fullSyncs;
      const restored = Date.now();
      proxy.restore();

      await eventually('the edit reverted and the deleted ConfigMap recreated', async () => {
        const [cm0, cm1] = [await client.get(ref('cm-0')), await client.get(ref('cm-1'))];
        return !!cm0 && cm0.metadata.uid !== original.metadata.uid && cm1?.data?.v === '1';
      }, 60_000);
      console.log(`partition of 4 s: converged ${Date.now() - restored} ms after the link came back`);
      expect(controller.stats.fullSyncs).toBe(fullSyncs); // the watches did it, not a re-sync
      expect(logs.some((l) => /watch ConfigMap restarting/.test(l))).toBe(true);
      // Nothing else was written: an untouched member keeps its resourceVersion.
      expect((await client.get(ref('cm-5')))?.metadata.resourceVersion).toBe(untouched.metadata.resourceVersion);
    } finally {
      await controller.stop();
      await proxy.stop();
    }
  });
  test('partition: a source change whose sync failed while cut off is applied once the API server is reachable again', async () => {
    const dir = tempDir('partition-source');
    const objects = Array.from({ length: 3 }, (_, i) => configMap(`src-${i}`, ns, { v: String(i) }));
    writeFolder(dir, objects);
    const { proxy, behind, logs, controller } = await controllerBehindProxy(dir, 300);
    try {
      await controller.start();
      expect(controller.lastSync?.ok).toBe(true);
      proxy.cut();
      writeFolder(dir, objects.map((o) => (o.metadata.name === 'src-2' ? configMap('src-2', ns, { v: 'from-git' }) : o)));
      await eventually('the controller to see the source change', async () => logs.some((l) => /changed: full sync/.test(l)), 30_000);
      await sleep(3000); // its sync runs into the cut link
      const restored = Date.now();
      proxy.restore();
      // No re-sync is due for 10 minutes: the failed sync itself must be retried.
      await eventually(`the source change to be applied (log: ${logs.slice(-6).join(' | ')})`, async () => (await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'src-2' }))?.data?.v === 'from-git', 60_000);
      console.log(`partition: a source change synced while cut off was applied ${Date.now() - restored} ms after the link came back`);
    } finally {
      console.log(`controller log:\n${logs.join('\n')}\nwatches (connections/lists): ${controller.activeWatches.map((w) => `${w.connections}/${w.lists}`).join(' ')}; `
        + `stats ${JSON.stringify(controller.stats)}; requests ${JSON.stringify(behind.requests)}`);
      await controller.stop();
      await proxy.stop();
    }
  });
});

/** A controller whose API traffic goes through a proxy the test can cut; re-sync far off so only watches and the poll act. */
async function controllerBehindProxy(dir: string, sourcePollMs: number) {
  const proxy = new FlakyProxy(apiserverTarget(kubeconfigPath()));
  await proxy.start();
  const behind = await newClient(proxy.kubeconfig(kubeconfigPath(), tempDir('kc')));
  const logs: string[] = [];
  const controller = new GitOpsController(behind, {
    source: dir, inventory: { name: uniqueName('inv'), namespace: 'default' }, validator: false, forceConflicts: true,
    debounceMs: 50, resyncIntervalMs: 600_000, sourcePollMs, log: (line) => logs.push(line),
  });
  return { proxy, behind, logs, controller };
}
