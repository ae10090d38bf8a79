// A real kube-apiserver restart (SIGTERM, same flags, port, certs and etcd data) against the
// applier and the drift controller. controller-enforce.test.ts simulates the outage with a proxy;
// here the server itself goes away: graceful shutdown, then SIGKILL once open watches hold it
// past the grace period, then a cold start that re-reads everything from etcd.
import { Applier, ApplyResult } from '../../lib/controller/applier';
import { ChangeAction } from '../../lib/controller/changeset';
import { GitOpsController } from '../../lib/controller/enforcer';
import { APPLYSET_PART_OF_LABEL, applySetId } from '../../lib/controller/inventory';
import { KubeApiError, KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, keyOf, loadSourceFolder, refOf, subjectOf } from '../../lib/controller/objects';
import { configMap, dataVolume, eventually, newClient, sleep, tempDir, vm, writeFolder } from '../controller/support';
import { clusterState, describeIfRestartable, restartRefusal, uniqueName } from './cluster';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const controlPlane = require('../../scripts/control-plane/cluster.js') as {
  restartApiServer(stateFile: string, options?: { graceMs?: number }): Promise<RestartTimings>;
};

interface RestartTimings {
  pid: number;
  previousPid: number;
  ended: 'not-running' | 'exited' | 'killed';
  /** SIGTERM to the old process gone. */
  stoppedMs: number;
  /** SIGTERM to /readyz 200 on the new process. */
  readyMs: number;
}

jest.setTimeout(240_000);

const notExclusive = restartRefusal();

function nad(name: string, namespace: string): KubeObject {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', name, type: 'bridge', bridge: `br-${name.slice(-4)}` }) },
  };
}

/** 15 each of NADs, DataVolumes, VMs and ConfigMaps: four waves of the applier's order. */
function estate(namespace: string): KubeObject[] {
  const ids = Array.from({ length: 15 }, (_, i) => String(i).padStart(2, '0'));
  return [
    ...ids.map((i) => nad(`net-${i}`, namespace)),
    ...ids.map((i) => dataVolume(`disk-${i}`, namespace)),
    ...ids.map((i) => vm(`vm-${i}`, namespace)),
    ...ids.map((i) => configMap(`cfg-${i}`, namespace, { i })),
  ];
}

describeIfRestartable('apiserver restart tests')('controller: kube-apiserver restarted', () => {
  let client: KubeClient;
  const namespaces: string[] = [];
  const controllers: GitOpsController[] = [];
  const restarts: RestartTimings[] = [];
  const restart = async (graceMs?: number) => {
    const timings = await controlPlane.restartApiServer(clusterState().stateFile, { graceMs });
    restarts.push(timings);
    return timings;
  };
  const newNamespace = async () => {
    const name = uniqueName('rst');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    namespaces.push(name);
    return name;
  };
  /**
   * Every live object of the estate's kinds in `ns`, by key, with its uid. Right after a restart
   * a LIST can get 429 "storage is (re)initializing" (with Retry-After) while the watch cache of
   * that resource fills: retried here as client-go would.
   */
  const liveObjects = async (ns: string, kinds: Array<{ apiVersion: string; kind: string }>) => {
    const live = new Map<string, KubeObject>();
    for (const { apiVersion, kind } of kinds) {
      for (let attempt = 1; ; attempt++) {
        try {
          for (const item of (await client.list(apiVersion, kind, { namespace: ns })).items) live.set(keyOf(refOf(item)), item);
          break;
        } catch (err) {
          if ((err as KubeApiError).statusCode !== 429 || attempt === 20) throw err;
          await sleep(500);
        }
      }
    }
    return live;
  };

  beforeAll(async () => {
    if (notExclusive) throw new Error(`cannot restart the API server: ${notExclusive}`);
    client = await newClient();
  });
  afterAll(async () => {
    for (const c of controllers) await c.stop();
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
    if (restarts.length > 0) {
      console.log(`kube-apiserver restarts: ${restarts.map((r) => `old process ${r.ended} after ${r.stoppedMs} ms, ready ${r.readyMs} ms after SIGTERM`).join('; ')}`);
    }
  });

  test('restart in the middle of an apply of 60 objects: the next apply converges, nothing lost, duplicated, deleted or recreated', async () => {
    const ns = await newNamespace();
    const dir = tempDir('restart-apply');
    const objects = estate(ns);
    writeFolder(dir, objects);
    const kinds = [...new Map(objects.map((o) => [`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind }])).values()];
    const inventory = { name: uniqueName('inv'), namespace: 'default' };
    const setId = applySetId(inventory);

    // One object at a time, so the restart surely lands while writes remain.
    const applier = new Applier(await newClient(), { concurrency: 1 });
    let created = 0;
    let restarting: Promise<RestartTimings> | undefined;
    const first: ApplyResult = await applier.apply(await loadSourceFolder(dir), {
      inventory, validator: false,
      // Order: ConfigMaps, NADs, DataVolumes, VMs. The 40th creation is the 10th DataVolume:
      // the restart lands with 5 DataVolumes and every VM still to write.
      onChange: (e) => { if (e.action === 'created' && ++created === 40) restarting = restart(); },
    });
    expect(restarting).toBeDefined();
    const timings = await restarting!;
    const firstCounts = first.changes.counts();
    console.log(`first apply during the restart: ${first.ok ? 'ok' : `failed (${first.message?.split('\n')[0].slice(0, 200)})`}; ${JSON.stringify(firstCounts)}`);
    expect(timings.pid).not.toBe(timings.previousPid);
    // The run saw the outage: it stopped with a named failure before writing everything.
    expect(first.ok).toBe(false);
    expect(firstCounts.created).toBeLessThan(objects.length);
    expect(firstCounts.deleted).toBe(0);

    // What survived the restart: etcd kept every write the old server acknowledged.
    const before = await liveObjects(ns, kinds);
    expect(before.size).toBeGreaterThanOrEqual(40);
    for (const key of before.keys()) expect(objects.some((o) => keyOf(refOf(o)) === key)).toBe(true);

    const again = await applier.apply(await loadSourceFolder(dir), { inventory, validator: false });
    expect(again.message).toBeUndefined();
    expect(again.ok).toBe(true);
    // Exactly one entry per object: present before → unchanged (no write), absent → created.
    const actions = again.changes.toMap();
    const expected: Record<string, ChangeAction> = Object.fromEntries(objects.map((o) => [subjectOf(refOf(o)), before.has(keyOf(refOf(o))) ? 'unchanged' : 'created']));
    expect(actions).toEqual(expected);
    expect(again.changes.entries).toHaveLength(objects.length);

    const after = await liveObjects(ns, kinds);
    expect([...after.keys()].sort()).toEqual(objects.map((o) => keyOf(refOf(o))).sort());
    for (const [key, live] of after) {
      expect(live.metadata.labels?.[APPLYSET_PART_OF_LABEL]).toBe(setId);
      // Not deleted and recreated: a DataVolume created before the restart keeps its uid (and its disk).
      const old = before.get(key);
      if (old) expect(`${key} ${live.metadata.uid}`).toBe(`${key} ${old.metadata.uid}`);
    }
    const disksBefore = [...before.values()].filter((o) => o.kind === 'DataVolume');
    expect(disksBefore.length).toBeGreaterThan(0);
    // A third run is all unchanged: the restart left no half-written object behind.
    const third = await applier.apply(await loadSourceFolder(dir), { inventory, validator: false });
    expect(third.changes.counts().unchanged).toBe(objects.length);
  });

  test('the drift controller survives a restart: watches reconnect and an out-of-band edit is still reverted', async () => {
    const ns = await newNamespace();
    const dir = tempDir('restart-drift');
    writeFolder(dir, [vm('steady', ns), dataVolume('steady-disk', ns), configMap('steady-cfg', ns)]);
    const lines: string[] = [];
    const controller = new GitOpsController(await newClient(), {
      source: dir, inventory: { name: uniqueName('inv'), namespace: 'default' },
      debounceMs: 50, resyncIntervalMs: 600_000, sourcePollMs: 500, validator: false, forceConflicts: true,
      log: (l) => lines.push(l),
    });
    controllers.push(controller);
    await controller.start();
    expect(controller.ready).toBe(true);
    // Steady state first: every watch connected (a restart just before may have delayed one).
    await eventually('every watch to connect', async () => controller.activeWatches.every((w) => w.connections > 0), 40_000);
    expect(controller.activeWatches).toHaveLength(3);
    const ref = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name: 'steady' };
    const memory = async () => ((await client.get(ref))?.spec as any)?.template?.spec?.domain?.resources?.requests?.memory as string | undefined;
    const editMemory = (value: string) => client.apply({
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'steady', namespace: ns },
      spec: { template: { spec: { domain: { resources: { requests: { memory: value } } } } } },
    } as KubeObject, { fieldManager: 'kubectl-edit', force: true });

    // Reverted before the restart (the watches work) ...
    await editMemory('128Mi');
    await eventually('the edit before the restart to be reverted', async () => (await memory()) === '64Mi', 10_000);
    const uid = (await client.get(ref))!.metadata.uid;
    const connections = controller.activeWatches.map((w) => w.connections);
    const lists = controller.activeWatches.map((w) => w.lists);
    const restartsMetric = async () => (await controller.metrics.watchRestarts.get()).values.reduce((sum, v) => sum + v.value, 0);
    const restartsBefore = await restartsMetric();
    const linesBefore = lines.length;

    // A 3 s grace keeps the outage near the watches' early backoff steps (0.5 s doubling to 30 s),
    // so the bound below measures reconnection, not how long a SIGKILL waited.
    const timings = await restart(3000);
    // ... and after it: the edit lands on the new server, the controller's watches must have reconnected.
    const editedAt = Date.now();
    await editMemory('256Mi');
    await eventually('the edit after the restart to be reverted', async () => (await memory()) === '64Mi', 20_000);
    const revertMs = Date.now() - editedAt;
    console.log(`drift after the restart reverted in ${revertMs} ms (server ready ${timings.readyMs} ms after SIGTERM)`);

    // Every watch failed and came back: new connections, a relist each (events may have been missed).
    await eventually('every watch to reconnect', async () => controller.activeWatches.every((w, i) => w.connections > connections[i] && w.lists > lists[i]), 40_000);
    expect((await restartsMetric()) - restartsBefore).toBeGreaterThanOrEqual(controller.activeWatches.length);
    expect(lines.slice(linesBefore).some((l) => /watch VirtualMachine restarting/.test(l))).toBe(true);
    // Corrected in place, not recreated; nothing else was touched.
    expect((await client.get(ref))!.metadata.uid).toBe(uid);
    expect(controller.stats.corrections).toBeGreaterThanOrEqual(2);
    // Still steady afterwards: no correction loop against the restarted server.
    const corrections = controller.stats.corrections;
    await sleep(1500);
    expect(controller.stats.corrections).toBe(corrections);
    await controller.stop();
  });
});
