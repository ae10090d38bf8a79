// One controller, several source folders against the real control plane: each folder its own
// ApplySet, one watch per kind for all of them (a label-set selector), drift reverted in both.
import { GitOpsController } from '../../lib/controller/enforcer';
import { APPLYSET_PART_OF_LABEL, applySetId } from '../../lib/controller/inventory';
import { KubeClient } from '../../lib/controller/kube-client';
import { configMap, eventually, newClient, tempDir, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

describeIfCluster('controller: several sources', () => {
  let client: KubeClient;
  let controller: GitOpsController | undefined;
  const namespaces: string[] = [];
  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    await controller?.stop();
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });

  test('two folders, two ApplySets, one watch set: both synced, drift in either reverted, prune stays per set', async () => {
    const ns = uniqueName('multi');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    namespaces.push(ns);
    const [network, vms] = [tempDir('src-network'), tempDir('src-vms')];
    writeFolder(network, [configMap('net-a', ns), configMap('net-b', ns)]);
    writeFolder(vms, [configMap('vm-a', ns)]);
    const [netInv, vmInv] = [{ name: `inv-net-${ns}`, namespace: 'default' }, { name: `inv-vms-${ns}`, namespace: 'default' }];
    const writer = await newClient();
    controller = new GitOpsController(writer, {
      source: network, inventory: netInv, additionalSources: [{ source: vms, inventory: vmInv }],
      prune: true, validator: false, forceConflicts: true, debounceMs: 50, resyncIntervalMs: 600_000, sourcePollMs: 200,
    });
    await controller.start();
    expect(controller.lastSync?.ok).toBe(true);
    const label = async (name: string) => (await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name }))?.metadata.labels?.[APPLYSET_PART_OF_LABEL];
    expect(await label('net-a')).toBe(applySetId(netInv));
    expect(await label('vm-a')).toBe(applySetId(vmInv));
    // One kind, one watch, for both sets.
    expect(controller.activeWatches).toHaveLength(1);
    expect(writer.requests.watches).toBe(1);

    for (const name of ['net-b', 'vm-a']) await client.apply(configMap(name, ns, { a: 'edited' }), { fieldManager: 'kubectl-edit', force: true });
    await eventually('both edits reverted', async () => {
      const data = await Promise.all(['net-b', 'vm-a'].map(async (n) => (await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: n }))!.data));
      return data.every((d) => (d as Record<string, string>).a === '1');
    }, 10_000);

    // A folder change is noticed; prune removes only what left that folder's set.
    writeFolder(vms, [configMap('vm-b', ns)]);
    await eventually('vm-a pruned and vm-b created', async () =>
      !(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'vm-a' }))
      && !!(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'vm-b' })), 15_000);
    expect(await label('net-a')).toBe(applySetId(netInv));
    expect(await label('net-b')).toBe(applySetId(netInv));
  });
});
