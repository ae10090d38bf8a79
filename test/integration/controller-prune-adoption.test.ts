// Prune while KubeVirt takes detached disks back: virt-controller re-adopts every orphan
// DataVolume named in a VM's dataVolumeTemplates until the VM is marked deleted. Emulated here
// (virt-controller-emulation.ts) on the real control plane with the garbage collector running:
// the disks survive with their UIDs, the VM's VMI and ControllerRevision go with it.
import { Applier } from '../../lib/controller/applier';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, loadSourceFolder } from '../../lib/controller/objects';
import { PRUNE_GUARD_FINALIZER } from '../../lib/controller/ownership';
import { configMap, eventually, newClient, sleep, tempDir, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';
import * as fixtures from './prune-fixtures';
import { DISKS, vmRef } from './prune-fixtures';
import { emulateDataVolumeAdoption } from './virt-controller-emulation';

jest.setTimeout(180_000);

describeIfCluster('controller: prune against re-adoption of detached disks', () => {
  let client: KubeClient;
  const namespaces: string[] = [];
  const machine = (ns: string, dir: string, name: string) => fixtures.machine(client, ns, dir, name);
  const expectDisksKept = (ns: string, owner: KubeObject, disks: KubeObject[]) => fixtures.expectDisksKept(client, ns, owner, disks);
  const nonDataDependentsGone = (ns: string, name: string) => fixtures.nonDataDependentsGone(client, ns, name);

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

  test('disks are detached only once the VM is marked deleted: none is taken back, all survive; its VMI and revision go', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-adopt');
    const { owner, disks } = await machine(ns, dir, 'db');
    const emulator = await emulateDataVolumeAdoption(client, ns);
    try {
      writeFolder(dir, [configMap('settings', ns)]);
      const before = emulator.adoptions();
      const result = await new Applier(client).apply(await loadSourceFolder(dir),
        { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false, prune: true });
      // The race was run: the emulated virt-controller saw the detached disks, but only once the VM
      // was marked deleted (the detaches come after the delete), so it claimed none of them.
      expect(emulator.refusals()).toBeGreaterThan(0);
      expect(emulator.adoptions()).toBe(before);
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
  test('no disk becomes an orphan before its VM is marked deleted, so an adoption landing after the prune (a slow virt-controller) loses none', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-late-adopt');
    const { owner, disks } = await machine(ns, dir, 'slow');
    // The order of events as etcd recorded them (resourceVersions of one etcd are its revisions:
    // compared as numbers here, which a client must not do in general).
    const orphanedAt: number[] = [];
    let markedDeletedAt = Infinity;
    const dvWatch = await client.watch('cdi.kubevirt.io/v1beta1', 'DataVolume', { namespace: ns }, (type, dv) => {
      if (type === 'MODIFIED' && !(dv.metadata.ownerReferences ?? []).some((o) => o.uid === owner.metadata.uid)) orphanedAt.push(Number(dv.metadata.resourceVersion));
    }, () => undefined);
    const vmWatch = await client.watch('kubevirt.io/v1', 'VirtualMachine', { namespace: ns }, (_type, vm) => {
      if (vm.metadata.deletionTimestamp) markedDeletedAt = Math.min(markedDeletedAt, Number(vm.metadata.resourceVersion));
    }, () => undefined);
    // Every adoption the emulator decides is sent 3 s after its quorum read, past the prune's end.
    const emulator = await emulateDataVolumeAdoption(client, ns, { patchDelayMs: 3000 });
    try {
      writeFolder(dir, [configMap('settings', ns)]);
      const result = await new Applier(client).apply(await loadSourceFolder(dir),
        { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false, prune: true });
      expect(result.ok).toBe(true);
      await eventually('the VM, its VMI and its ControllerRevision to be deleted', () => nonDataDependentsGone(ns, 'slow'), 60_000);
      await emulator.stop(); // every delayed patch has landed
      expect(orphanedAt).toHaveLength(DISKS.length);
      expect(orphanedAt.filter((rv) => rv < markedDeletedAt)).toEqual([]);
      expect(emulator.adoptions()).toBe(0);
      await sleep(3000); // the garbage collector would delete a disk owned by the gone VM by now
      await expectDisksKept(ns, owner, disks);
    } finally {
      dvWatch.abort();
      vmWatch.abort();
      await emulator.stop();
    }
  });

  test('a VM held by an interrupted prune (guard on, not yet deleted) that is back in the source loses the guard', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-guard-back');
    const { owner } = await machine(ns, dir, 'back');
    // The state a run killed between holding the VM and deleting it leaves.
    await client.mergePatch({ apiVersion: owner.apiVersion, kind: owner.kind, metadata: { name: 'back', namespace: ns, finalizers: [PRUNE_GUARD_FINALIZER] } },
      { fieldManager: 'cdk8s-kubevirt-prune' });
    const result = await new Applier(client).apply(await loadSourceFolder(dir), { inventory: { name: `inv-${ns}`, namespace: 'default' }, validator: false });
    expect(result.ok).toBe(true);
    const live = (await client.get(vmRef(ns, 'back')))!;
    expect({ uid: live.metadata.uid, finalizers: live.metadata.finalizers ?? [], terminating: !!live.metadata.deletionTimestamp })
      .toEqual({ uid: owner.metadata.uid, finalizers: [], terminating: false });
    // It can be deleted again by anyone.
    await client.delete(vmRef(ns, 'back'), 'Background');
    await eventually('the VM to be deleted', async () => !(await client.get(vmRef(ns, 'back'))), 30_000);
  });

  test('a VM marked deleted by an interrupted prune that is back in the source: the deletion is finished, disks kept, the VM created afresh', async () => {
    const ns = await newNamespace();
    const dir = tempDir('prune-deleted-back');
    const { owner, disks } = await machine(ns, dir, 'again');
    await client.mergePatch({ apiVersion: owner.apiVersion, kind: owner.kind, metadata: { name: 'again', namespace: ns, finalizers: [PRUNE_GUARD_FINALIZER] } },
      { fieldManager: 'cdk8s-kubevirt-prune' });
    await client.delete(vmRef(ns, 'again'), 'Background');
    expect((await client.get(vmRef(ns, 'again')))?.metadata.deletionTimestamp).toBeDefined();

    // No --prune: the interrupted deletion is finished all the same (it cannot be undone).
    const applier = new Applier(client);
    const inventory = { name: `inv-${ns}`, namespace: 'default' };
    const finished = await applier.apply(await loadSourceFolder(dir), { inventory, validator: false });
    expect(finished.ok).toBe(true);
    expect(finished.changes.entries.filter((e) => e.subject === `VirtualMachine/${ns}/again`).map((e) => e.action)).toContain('deleted');
    await eventually('the old VM, its VMI and its ControllerRevision to be deleted', () => nonDataDependentsGone(ns, 'again'), 60_000);
    await sleep(2000);
    await expectDisksKept(ns, owner, disks);

    const recreated = await applier.apply(await loadSourceFolder(dir), { inventory, validator: false });
    expect(recreated.ok).toBe(true);
    const fresh = (await client.get(vmRef(ns, 'again')))!;
    expect(fresh.metadata.uid).not.toBe(owner.metadata.uid);
    expect(fresh.metadata.finalizers ?? []).toEqual([]);
  });
});
