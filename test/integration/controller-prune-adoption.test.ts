// Prune while KubeVirt takes detached disks back: virt-controller re-adopts every orphan
// DataVolume named in a VM's dataVolumeTemplates until the VM is marked deleted. Emulated here
// (virt-controller-emulation.ts) on the real control plane with the garbage collector running:
// the disks survive with their UIDs, the VM's VMI and ControllerRevision go with it.
import { Applier } from '../../lib/controller/applier';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, ObjectRef, loadSourceFolder } from '../../lib/controller/objects';
import { PRUNE_GUARD_FINALIZER } from '../../lib/controller/ownership';
import { configMap, eventually, newClient, sleep, tempDir, vm, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';
import { emulateDataVolumeAdoption } from './virt-controller-emulation';

jest.setTimeout(180_000);

const DISKS = ['root', 'data', 'logs', 'scratch', 'swap'];

describeIfCluster('controller: prune against re-adoption of detached disks', () => {
  let client: KubeClient;
  const namespaces: string[] = [];
  const ref = (apiVersion: string, kind: string, namespace: string, name: string): ObjectRef => ({ apiVersion, kind, namespace, name });
  const dvRef = (ns: string, name: string) => ref('cdi.kubevirt.io/v1beta1', 'DataVolume', ns, name);
  const vmRef = (ns: string, name: string) => ref('kubevirt.io/v1', 'VirtualMachine', ns, name);
  const controlledBy = (o: KubeObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true }];
  const templates = (name: string) => DISKS.map((d) => ({
    metadata: { name: `${name}-${d}` },
    spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } },
  }));

  /** A VM with five template disks, applied from a folder; its disks, VMI and revision created as KubeVirt would. */
  const machine = async (ns: string, dir: string, name: string) => {
    writeFolder(dir, [vm(name, ns, { dataVolumeTemplates: templates(name) }), configMap('settings', ns)]);
    const applied = await new Applier(client).apply(await loadSourceFolder(dir), { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false });
    expect(applied.ok).toBe(true);
    const owner = (await client.get(vmRef(ns, name)))!;
    const disks: KubeObject[] = [];
    for (const t of templates(name)) {
      disks.push(await client.create({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: t.metadata.name, namespace: ns, ownerReferences: controlledBy(owner) }, spec: t.spec }));
    }
    await client.create({
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name, namespace: ns, ownerReferences: controlledBy(owner) },
      spec: { domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } },
    });
    await client.create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `revision-start-vm-${name}`, namespace: ns, ownerReferences: controlledBy(owner) }, data: { spec: {} }, revision: 1 });
    return { owner, disks };
  };
  const expectDisksKept = async (ns: string, owner: KubeObject, disks: KubeObject[]) => {
    for (const disk of disks) {
      const live = await client.get(dvRef(ns, disk.metadata.name));
      expect({ name: disk.metadata.name, uid: live?.metadata.uid, terminating: !!live?.metadata.deletionTimestamp })
        .toEqual({ name: disk.metadata.name, uid: disk.metadata.uid, terminating: false });
      expect((live!.metadata.ownerReferences ?? []).map((o) => o.uid)).not.toContain(owner.metadata.uid);
    }
  };
  const nonDataDependentsGone = async (ns: string, name: string) =>
    !(await client.get(vmRef(ns, name))) && !(await client.get(ref('kubevirt.io/v1', 'VirtualMachineInstance', ns, name)))
    && !(await client.get(ref('apps/v1', 'ControllerRevision', ns, `revision-start-vm-${name}`)));

  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });
  const newNamespace = async () => {
    const name = uniqueName('prn-adopt');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    namespaces.push(name);
    return name;
  };

  test('detached disks taken back by the VM before it is marked deleted survive; its VMI and revision go', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-adopt');
    const { owner, disks } = await machine(ns, dir, 'db');
    const emulator = await emulateDataVolumeAdoption(client, ns);
    try {
      writeFolder(dir, [configMap('settings', ns)]);
      const before = emulator.adoptions();
      const result = await new Applier(client).apply(await loadSourceFolder(dir),
        { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false, prune: true });
      // The race was run: the emulated virt-controller took disks back while the prune detached them.
      expect(emulator.adoptions()).toBeGreaterThan(before);
      const entry = result.changes.entries.find((e) => e.subject === `VirtualMachine/${ns}/db`)!;
      expect(`${entry.action}: ${entry.reason}`).toBe(`deleted: disks kept, detached from it first: `
        + DISKS.map((d) => `db-${d}`).sort().map((n) => `DataVolume/${ns}/${n} (1Gi)`).join(', '));
      expect(result.ok).toBe(true);
      await eventually('the VM, its VMI and its ControllerRevision to be deleted', () => nonDataDependentsGone(ns, 'db'), 60_000);
      await sleep(2000); // the garbage collector would have deleted a re-adopted disk by now
      await expectDisksKept(ns, owner, disks);
    } finally {
      await emulator.stop();
    }
  });

  test('a prune stopped after marking the VM deleted (guard finalizer on) is finished by the next run', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-resume');
    const { owner, disks } = await machine(ns, dir, 'app');
    // The state a killed run leaves: guard on, VM terminating, disks still owned by it.
    await client.mergePatch({ apiVersion: owner.apiVersion, kind: owner.kind, metadata: { name: 'app', namespace: ns, finalizers: [PRUNE_GUARD_FINALIZER] } });
    await client.delete(vmRef(ns, 'app'), 'Background');
    await sleep(1000);
    expect((await client.get(vmRef(ns, 'app')))?.metadata.deletionTimestamp).toBeDefined();

    writeFolder(dir, [configMap('settings', ns)]);
    const result = await new Applier(client).apply(await loadSourceFolder(dir),
      { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false, prune: true });
    expect(result.ok).toBe(true);
    expect(result.changes.entries.find((e) => e.subject === `VirtualMachine/${ns}/app`)?.action).toBe('deleted');
    await eventually('the VM, its VMI and its ControllerRevision to be deleted', () => nonDataDependentsGone(ns, 'app'), 60_000);
    await sleep(2000);
    await expectDisksKept(ns, owner, disks);
  });
});
