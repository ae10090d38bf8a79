import { KubeObject } from '../../lib/controller/objects';
import { PRUNE_DATA_ANNOTATION, describeDisk, diskSize, isDataObject, planOwnership, withoutOwners } from '../../lib/controller/ownership';

const ns = 'vms';
let uids = 0;
const obj = (apiVersion: string, kind: string, name: string, extra: Partial<KubeObject> = {}, namespace: string | null = ns): KubeObject =>
  ({ apiVersion, kind, metadata: { name, namespace: namespace ?? undefined, uid: `uid-${name}-${++uids}`, resourceVersion: '1' }, ...extra });
const ownedBy = (child: KubeObject, ...owners: KubeObject[]): KubeObject => {
  child.metadata.ownerReferences = owners.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true }));
  return child;
};
const vm = (name: string, spec: Record<string, unknown> = {}) => obj('kubevirt.io/v1', 'VirtualMachine', name, { spec });
const dv = (name: string, size = '10Gi') => obj('cdi.kubevirt.io/v1beta1', 'DataVolume', name, { spec: { storage: { resources: { requests: { storage: size } } } } });
const pvc = (name: string, request = '5Gi', capacity?: string) => obj('v1', 'PersistentVolumeClaim', name, {
  spec: { resources: { requests: { storage: request } } }, ...(capacity ? { status: { capacity: { storage: capacity } } } : {}),
});
const names = (objects: readonly KubeObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
const never = () => false;

describe('planOwnership: what deleting an object does to the disks it owns', () => {
  test('a VM whose spec lists no dataVolumeTemplate still owns a DataVolume (after a restore): it is detached, as is an owned PVC', () => {
    const machine = vm('db'); // the spec says nothing about disks: the decision must not come from it
    const restored = ownedBy(dv('db-restored'), machine);
    const claim = ownedBy(pvc('db-scratch'), machine);
    const dvClaim = ownedBy(pvc('db-restored'), restored); // CDI: the DV owns its PVC
    const vmi = ownedBy(obj('kubevirt.io/v1', 'VirtualMachineInstance', 'db'), machine);
    const plan = planOwnership(machine, [machine, restored, claim, dvClaim, vmi, dv('unrelated')], never);
    expect(names(plan.detach.map((d) => d.object))).toEqual(['DataVolume/db-restored', 'PersistentVolumeClaim/db-scratch']);
    expect(plan.detach.every((d) => d.ownerUids.length === 1 && d.ownerUids[0] === machine.metadata.uid)).toBe(true);
    // The DV's own claim is safe once the DV stays: never detached from the DV.
    expect(plan.detach.map((d) => d.object)).not.toContain(dvClaim);
    // The running guest goes with its VM: never orphaned.
    expect(names(plan.cascade)).toEqual(['VirtualMachineInstance/db']);
  });

  test('a pool owns VMs which own disks: the VMs go with the pool, their disks are detached from them', () => {
    const pool = obj('pool.kubevirt.io/v1beta1', 'VirtualMachinePool', 'web');
    const member = ownedBy(vm('web-0'), pool);
    const disk = ownedBy(dv('web-0-root'), member);
    const plan = planOwnership(pool, [member, disk], never);
    expect(names(plan.cascade)).toEqual(['VirtualMachine/web-0']);
    expect(plan.detach).toEqual([{ object: disk, ownerUids: [member.metadata.uid] }]);
  });

  test('with data allowed the disks cascade; a per-object opt-in lets only that disk go', () => {
    const machine = vm('db');
    const a = ownedBy(dv('a'), machine);
    const b = ownedBy(dv('b'), machine);
    b.metadata.annotations = { [PRUNE_DATA_ANNOTATION]: 'true' };
    const claimOfA = ownedBy(pvc('a'), a);
    const all = planOwnership(machine, [a, b, claimOfA], () => true);
    expect(all.detach).toEqual([]);
    expect(names(all.cascade)).toEqual(['DataVolume/a', 'DataVolume/b', 'PersistentVolumeClaim/a']);
    const optedIn = planOwnership(machine, [a, b, claimOfA], (o) => o.metadata.annotations?.[PRUNE_DATA_ANNOTATION] === 'true');
    expect(names(optedIn.detach.map((d) => d.object))).toEqual(['DataVolume/a']);
    expect(names(optedIn.cascade)).toEqual(['DataVolume/b']);
  });

  test('only references to doomed owners are dropped; other owners, other namespaces and terminating objects are left alone', () => {
    const machine = vm('db');
    const keeper = obj('v1', 'ConfigMap', 'keeper');
    const shared = ownedBy(dv('shared'), machine, keeper);
    const elsewhere = ownedBy(dv('elsewhere'), machine);
    elsewhere.metadata.namespace = 'other';
    const going = ownedBy(dv('going'), machine);
    going.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const plan = planOwnership(machine, [shared, elsewhere, going], never);
    expect(plan.detach).toEqual([{ object: shared, ownerUids: [machine.metadata.uid] }]);
    expect(withoutOwners(shared, plan.detach[0].ownerUids).map((o) => o.name)).toEqual(['keeper']);
  });

  test('a VM already terminating is walked through: the disks of a pool member being deleted are detached too', () => {
    const pool = obj('pool.kubevirt.io/v1beta1', 'VirtualMachinePool', 'web');
    const member = ownedBy(vm('web-0'), pool);
    member.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const disk = ownedBy(dv('web-0-root'), member);
    const plan = planOwnership(pool, [member, disk], never);
    expect(plan.detach).toEqual([{ object: disk, ownerUids: [member.metadata.uid] }]);
    expect(names(plan.cascade)).toEqual(['VirtualMachine/web-0']);
  });

  test('a cluster-scoped owner reaches disks in every namespace; a Namespace contains every disk inside it', () => {
    const clusterOwner = obj('example.io/v1', 'Estate', 'lab', {}, null);
    const a = ownedBy(dv('a'), clusterOwner);
    const b = ownedBy(dv('b'), clusterOwner);
    b.metadata.namespace = 'other';
    expect(names(planOwnership(clusterOwner, [a, b], never).detach.map((d) => d.object))).toEqual(['DataVolume/a', 'DataVolume/b']);

    const namespace = obj('v1', 'Namespace', ns, {}, null);
    const plan = planOwnership(namespace, [dv('inside'), pvc('claim'), vm('machine'), ownedBy(dv('x'), clusterOwner)], never);
    expect(names(plan.contained)).toEqual(['DataVolume/inside', 'DataVolume/x', 'PersistentVolumeClaim/claim']);
    expect(plan.detach).toEqual([]);
  });

  test('cycles in ownerReferences terminate', () => {
    const a = vm('a');
    const b = ownedBy(vm('b'), a);
    ownedBy(a, b);
    const disk = ownedBy(dv('d'), b);
    const plan = planOwnership(a, [a, b, disk], never);
    expect(names(plan.cascade)).toEqual(['VirtualMachine/b']);
    expect(names(plan.detach.map((d) => d.object))).toEqual(['DataVolume/d']);
  });
});

describe('disk sizes in reports', () => {
  test('capacity of a bound claim, else its request; a DataVolume request (storage or pvc form)', () => {
    expect(diskSize(pvc('x', '5Gi', '8Gi'))).toBe('8Gi');
    expect(diskSize(pvc('x', '5Gi'))).toBe('5Gi');
    expect(diskSize(dv('x', '30Gi'))).toBe('30Gi');
    expect(diskSize(obj('cdi.kubevirt.io/v1beta1', 'DataVolume', 'p', { spec: { pvc: { resources: { requests: { storage: '2Gi' } } } } }))).toBe('2Gi');
    expect(diskSize(obj('snapshot.kubevirt.io/v1beta1', 'VirtualMachineSnapshot', 's'))).toBeUndefined();
    expect(describeDisk(dv('root', '30Gi'))).toBe('DataVolume/vms/root (30Gi)');
  });

  test('data kinds by group and kind, whatever the version', () => {
    expect(isDataObject({ apiVersion: 'cdi.kubevirt.io/v1alpha1', kind: 'DataVolume' })).toBe(true);
    expect(isDataObject({ apiVersion: 'snapshot.kubevirt.io/v1alpha1', kind: 'VirtualMachineSnapshotContent' })).toBe(true);
    expect(isDataObject({ apiVersion: 'export.kubevirt.io/v1', kind: 'VirtualMachineExport' })).toBe(true);
    expect(isDataObject({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine' })).toBe(false);
    expect(isDataObject({ apiVersion: 'example.io/v1', kind: 'PersistentVolumeClaim' })).toBe(false);
  });
});
