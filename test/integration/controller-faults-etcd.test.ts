// Fault drill: etcd itself restarted under a running controller (kube-apiserver keeps running,
// loses its storage for a while and reconnects on the same data dir). Afterwards the controller
// must still converge: an out-of-band edit made once etcd is back is reverted, nothing is deleted
// or recreated, and no member is rewritten without cause (untouched members keep their
// resourceVersion). The helper waits for /readyz, so the suites after this one find a healthy
// control plane.
import { GitOpsController } from '../../lib/controller/enforcer';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, keyOf, refOf } from '../../lib/controller/objects';
import { configMap, dataVolume, eventually, newClient, sleep, tempDir, vm, writeFolder } from '../controller/support';
import { clusterState, describeIfRestartable, restartRefusal, uniqueName } from './cluster';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const controlPlane = require('../../scripts/control-plane/cluster.js') as {
  restartEtcd(stateFile: string, options?: { graceMs?: number; downMs?: number; onDown?: () => Promise<void> }): Promise<EtcdRestartTimings>;
};

interface EtcdRestartTimings {
  pid: number;
  previousPid: number;
  ended: 'not-running' | 'exited' | 'killed';
  /** SIGTERM to the old etcd gone. */
  stoppedMs: number;
  /** SIGTERM to the new etcd healthy. */
  etcdReadyMs: number;
  /** SIGTERM to kube-apiserver /readyz 200 again. */
  readyMs: number;
}

jest.setTimeout(240_000);

const DOWN_MS = 3000;

describeIfRestartable('etcd restart drill')('controller: etcd restarted', () => {
  let client: KubeClient;
  let ns: string;
  beforeAll(async () => {
    const refusal = restartRefusal();
    if (refusal) throw new Error(`cannot restart etcd: ${refusal}`);
    client = await newClient();
    ns = uniqueName('fault-etcd');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  afterAll(async () => { await client?.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined); });

  test('after an etcd restart out-of-band edits are reverted, nothing is deleted, nothing else rewritten', async () => {
    const dir = tempDir('etcd-restart');
    const objects: KubeObject[] = [
      ...Array.from({ length: 8 }, (_, i) => configMap(`cm-${i}`, ns, { v: String(i) })),
      dataVolume('disk-0', ns), dataVolume('disk-1', ns), vm('vm-0', ns), vm('vm-1', ns),
    ];
    writeFolder(dir, objects);
    const lines: string[] = [];
    const controller = new GitOpsController(await newClient(), {
      source: dir, inventory: { name: uniqueName('inv'), namespace: 'default' }, validator: false, forceConflicts: true,
      debounceMs: 50, resyncIntervalMs: 600_000, sourcePollMs: 500, log: (line) => lines.push(line),
    });
    const ref = (o: KubeObject) => refOf(o);
    const cm1 = refOf(configMap('cm-1', ns));
    const vm0 = refOf(vm('vm-0', ns));
    const memory = async () => ((await client.get(vm0))?.spec as any)?.template?.spec?.domain?.resources?.requests?.memory as string | undefined;
    const snapshot = async () => {
      const live = new Map<string, KubeObject>();
      for (const o of objects) {
        const got = await client.get(ref(o));
        if (got) live.set(keyOf(ref(o)), got);
      }
      return live;
    };
    try {
      await controller.start();
      expect(controller.lastSync?.ok).toBe(true);
      await eventually('every watch to connect', async () => controller.activeWatches.every((w) => w.connections > 0), 40_000);
      const before = await snapshot();
      expect(before.size).toBe(objects.length);
      const connections = controller.activeWatches.map((w) => w.connections);
      const linesBefore = lines.length;

      // While etcd is down, the source changes: the sync it starts fails against the storage-less
      // API server, and must be done again once etcd is back (no resync is due for 10 minutes).
      const cm7 = refOf(configMap('cm-7', ns));
      let sourceChangedAt = 0;
      const timings = await controlPlane.restartEtcd(clusterState().stateFile, {
        graceMs: 5000, downMs: DOWN_MS,
        onDown: async () => {
          writeFolder(dir, objects.map((o) => (o.metadata.name === 'cm-7' ? configMap('cm-7', ns, { v: 'from-git' }) : o)));
          sourceChangedAt = Date.now();
        },
      });
      expect(timings.pid).not.toBe(timings.previousPid);
      await eventually('the source change made while etcd was down to be applied', async () => (await client.get(cm7))?.data?.v === 'from-git', 60_000);
      const sourceMs = Date.now() - sourceChangedAt;

      // Once etcd is back (kube-apiserver ready again), an edit out of band.
      const editedAt = Date.now();
      await client.apply(configMap('cm-1', ns, { v: 'edited' }), { fieldManager: 'kubectl-edit', force: true });
      await client.apply({
        apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm-0', namespace: ns },
        spec: { template: { spec: { domain: { resources: { requests: { memory: '256Mi' } } } } } },
      } as KubeObject, { fieldManager: 'kubectl-edit', force: true });
      await eventually('the edits made after the etcd restart to be reverted', async () => (await client.get(cm1))?.data?.v === '1' && (await memory()) === '64Mi', 60_000);
      const revertMs = Date.now() - editedAt;
      const reconnected = controller.activeWatches.filter((w, i) => w.connections > connections[i]).length;
      console.log(`etcd restart: old etcd ${timings.ended} after ${timings.stoppedMs} ms, down ${DOWN_MS} ms, etcd healthy ${timings.etcdReadyMs} ms and `
        + `kube-apiserver ready ${timings.readyMs} ms after SIGTERM; ConfigMap and VM edits after the restart reverted in ${revertMs} ms; `
        + `source change made while etcd was down applied ${sourceMs} ms after it (failed syncs meanwhile: ${lines.slice(linesBefore).filter((l) => /sync failed/.test(l)).length}); `
        + `${reconnected}/${connections.length} watches reconnected; watch log lines: ${lines.slice(linesBefore).filter((l) => /watch/.test(l)).length}`);

      // Still steady: no correction loop against the restarted store.
      const corrections = controller.stats.corrections;
      await sleep(2000);
      expect(controller.stats.corrections).toBe(corrections);

      const after = await snapshot();
      // Nothing deleted or recreated ...
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [key, live] of after) expect(`${key} ${live.metadata.uid}`).toBe(`${key} ${before.get(key)!.metadata.uid}`);
      // ... and nothing but the edited objects written: the others keep their resourceVersion.
      const edited = [keyOf(cm1), keyOf(vm0), keyOf(cm7)];
      const rewritten = [...after].filter(([key, live]) => !edited.includes(key) && live.metadata.resourceVersion !== before.get(key)!.metadata.resourceVersion);
      expect(rewritten.map(([key]) => key)).toEqual([]);
      expect(after.get(keyOf(cm1))!.data).toEqual({ v: '1' });
    } finally {
      await controller.stop();
    }
  });
});
