import { Duration, Size, Testing } from 'cdk8s';
import {
  AccessMode, DataVolume, Flavor, DataVolumeSource, DEPENDS_ON_ANNOTATION, Interface, RunStrategy, SnapshotDeletionPolicy,
  TargetReadinessPolicy, VirtualMachine, VirtualMachineClone, VirtualMachineExport, VirtualMachineRestore,
  VirtualMachineSnapshot, VolumeRestorePolicy, parseDependsOn, synthWarnings,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError, synthYaml } from '../support/synth';

function estate() {
  const c = Testing.chart();
  const rhel = new VirtualMachine(c, 'rhel', { metadata: { name: 'rhel', namespace: 'vms' }, flavor: Flavor.SMALL, runStrategy: RunStrategy.HALTED });
  rhel.addInterface('nic-0', Interface.masquerade());
  return { c, rhel };
}

describe('VirtualMachineSnapshot and VirtualMachineRestore', () => {
  test('snapshot of a VM construct and a restore into it, in order, schema-valid', () => {
    const { c, rhel } = estate();
    const snap = new VirtualMachineSnapshot(c, 'snap', {
      metadata: { name: 'rhel-before-upgrade' }, vm: rhel, deletionPolicy: SnapshotDeletionPolicy.RETAIN, failureDeadline: Duration.minutes(10),
    });
    new VirtualMachineRestore(c, 'restore', {
      metadata: { name: 'rhel-rollback' }, snapshot: snap, targetReadinessPolicy: TargetReadinessPolicy.STOP_TARGET,
      volumeRestorePolicy: VolumeRestorePolicy.IN_PLACE,
      patches: [{ op: 'replace', path: '/metadata/labels/restored', value: 'true' }],
    });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    expect(objs.map((o) => o.kind)).toEqual(['VirtualMachine', 'VirtualMachineSnapshot', 'VirtualMachineRestore']);
    const s = objs[1];
    expect(s.apiVersion).toBe('snapshot.kubevirt.io/v1beta1');
    expect(s.metadata.namespace).toBe('vms');
    expect(s.spec).toEqual({ source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'rhel' }, deletionPolicy: 'Retain', failureDeadline: '600s' });
    const r = objs[2];
    expect(r.metadata.namespace).toBe('vms');
    expect(r.spec).toEqual({
      target: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'rhel' }, virtualMachineSnapshotName: 'rhel-before-upgrade',
      targetReadinessPolicy: 'StopTarget', volumeRestorePolicy: 'InPlace',
      patches: ['{"op":"replace","path":"/metadata/labels/restored","value":"true"}'],
    });
    expect(parseDependsOn(r.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshot', namespace: 'vms', name: 'rhel-before-upgrade' },
    ]);
  });

  test('a patch outside /spec/, labels and annotations is refused, as KubeVirt\'s restore admitter does', () => {
    const { c, rhel } = estate();
    const snap = new VirtualMachineSnapshot(c, 'snap', { vm: rhel });
    new VirtualMachineRestore(c, 'r', { snapshot: snap, patches: [{ op: 'replace', path: '/metadata/name', value: 'x' }] });
    expect(synthError(c)).toMatch(/spec\.patches\[0\]: patching is valid only for elements under \/spec\/ \(or labels\/annotations\), not '\/metadata\/name' \[vmrestore-patch-paths\]/);
  });

  test('restoring into a running VM warns unless the restore stops it', () => {
    const c = Testing.chart();
    const running = new VirtualMachine(c, 'web', { metadata: { name: 'web', namespace: 'vms' }, flavor: Flavor.SMALL });
    const snap = new VirtualMachineSnapshot(c, 'snap', { vm: running });
    new VirtualMachineRestore(c, 'r', { snapshot: snap });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try { Testing.synth(c); } finally { warn.mockRestore(); }
    expect(synthWarnings(c).map((w) => w.message)).toEqual([expect.stringMatching(/the target VM 'web' runs \(runStrategy Always\); KubeVirt restores only a stopped VM/)]);
  });

  test('a restore of a snapshot named by string needs a target', () => {
    const c = Testing.chart();
    expect(() => new VirtualMachineRestore(c, 'r', { snapshot: 'snap-1' })).toThrow(/a restore of snapshot 'snap-1' given by name needs a target/);
  });
});

describe('VirtualMachineClone', () => {
  test('clone of a VM with filters, a new MAC for its NIC and a new serial; clone of a snapshot', () => {
    const { c, rhel } = estate();
    new VirtualMachineClone(c, 'clone', {
      metadata: { name: 'rhel-clone' }, source: rhel, targetName: 'rhel-copy',
      labelFilters: ['*', '!app.kubernetes.io/instance'], annotationFilters: ['!kubevirt.io/*'], templateLabelFilters: ['*'],
      newMacAddresses: { 'nic-0': '02:00:00:00:00:01' }, newSMBiosSerial: 'rhel-copy-serial',
    });
    const snap = new VirtualMachineSnapshot(c, 'snap', { metadata: { name: 'rhel-snap' }, vm: rhel });
    new VirtualMachineClone(c, 'from-snap', { metadata: { name: 'from-snap' }, source: snap, targetName: 'rhel-from-snap' });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    const clone = objs.find((o) => o.metadata.name === 'rhel-clone');
    expect(clone.apiVersion).toBe('clone.kubevirt.io/v1beta1');
    expect(clone.metadata.namespace).toBe('vms');
    expect(clone.spec).toEqual({
      source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'rhel' },
      target: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'rhel-copy' },
      labelFilters: ['*', '!app.kubernetes.io/instance'], annotationFilters: ['!kubevirt.io/*'], template: { labelFilters: ['*'] },
      newMacAddresses: { 'nic-0': '02:00:00:00:00:01' }, newSMBiosSerial: 'rhel-copy-serial',
    });
    expect(objs.find((o) => o.metadata.name === 'from-snap').spec.source).toEqual({ apiGroup: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshot', name: 'rhel-snap' });
  });

  test.each([
    [{ labelFilters: ['!'] }, /spec\.labelFilters: a negation character is not a valid filter \[vmclone-filters-valid\]/],
    [{ annotationFilters: ['a!b'] }, /spec\.annotationFilters: filter 'a!b' may use '!' only at its beginning/],
    [{ templateLabelFilters: ['a*b'] }, /spec\.template\.labelFilters: filter 'a\*b' may use '\*' only at its end/],
    [{ targetName: 'rhel' }, /the target name cannot equal the source name when both are VirtualMachines \[vmclone-source-target\]/],
    [{ newMacAddresses: { 'nic-0': '02:00:00:00:00' } }, /spec\.newMacAddresses\.nic-0: interface nic-0 has a malformed MAC address \(02:00:00:00:00\) \[vmclone-mac-valid\]/],
    [{ newMacAddresses: { eth9: '02:00:00:00:00:09' } }, /spec\.newMacAddresses\.eth9: the source VM 'rhel' has no interface 'eth9'/],
  ])('rejects %j', (props, message) => {
    const { c, rhel } = estate();
    new VirtualMachineClone(c, 'clone', { source: rhel, ...props });
    expect(synthError(c)).toMatch(message);
  });
});

describe('VirtualMachineExport', () => {
  test('exports of a VM, a snapshot and a DataVolume\'s PVC', () => {
    const { c, rhel } = estate();
    const snap = new VirtualMachineSnapshot(c, 'snap', { metadata: { name: 'rhel-snap' }, vm: rhel });
    const dv = new DataVolume(c, 'disk', { metadata: { name: 'data', namespace: 'vms' }, source: DataVolumeSource.blank(), size: Size.gibibytes(1), accessModes: [AccessMode.READ_WRITE_ONCE] });
    new VirtualMachineExport(c, 'e1', { metadata: { name: 'rhel-export' }, source: rhel, ttl: Duration.hours(1), tokenSecretName: 'export-token' });
    new VirtualMachineExport(c, 'e2', { metadata: { name: 'snap-export' }, source: snap });
    new VirtualMachineExport(c, 'e3', { metadata: { name: 'pvc-export' }, source: dv });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    const by = (n: string) => objs.find((o) => o.metadata.name === n);
    expect(by('rhel-export').spec).toEqual({ source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: 'rhel' }, tokenSecretRef: 'export-token', ttlDuration: '3600s' });
    expect(by('snap-export').spec.source).toEqual({ apiGroup: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshot', name: 'rhel-snap' });
    expect(by('pvc-export').spec.source).toEqual({ apiGroup: '', kind: 'PersistentVolumeClaim', name: 'data' });
    expect(by('pvc-export').metadata.namespace).toBe('vms');
  });

  test('an export in another namespace than its source is refused', () => {
    const { c, rhel } = estate();
    new VirtualMachineExport(c, 'e', { metadata: { namespace: 'backup' }, source: rhel });
    expect(synthError(c)).toMatch(/the export must live in its source's namespace 'vms', not 'backup'/);
  });
});
