import { Size, Testing } from 'cdk8s';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError, synthVms } from './support';

const fedora = { name: 'fedora', namespace: 'os-images' };

/** A VM booting from a clone of the fedora DataSource, with the given props. */
function bootVm(c: ReturnType<typeof chart>, props: kv.VirtualMachineProps, disk = kv.DiskSource.dataSource(fedora, { size: Size.gibibytes(20) })): kv.VirtualMachine {
  const vm = new kv.VirtualMachine(c, 'vm', { metadata: { name: 'web' }, ...props });
  vm.addDisk('rootdisk', disk, { bootOrder: 1 });
  return vm;
}

function quietly<T>(fn: () => T): T {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try { return fn(); } finally { warn.mockRestore(); }
}

describe('instancetype and preference inference', () => {
  test('inferFromVolume renders matchers naming the boot volume (failure policy only when given); schema-valid', () => {
    const c = chart();
    bootVm(c, {
      instancetype: kv.InstancetypeRef.inferFromVolume('rootdisk'),
      preference: kv.PreferenceRef.inferFromVolume('rootdisk', { failurePolicy: kv.InferFromVolumeFailurePolicy.IGNORE }),
    });
    const manifest = Testing.synth(c);
    expectSchemaValid(manifest);
    const [vm] = synthVms(c);
    expect(vm.spec.instancetype).toEqual({ inferFromVolume: 'rootdisk' });
    expect(vm.spec.preference).toEqual({ inferFromVolume: 'rootdisk', inferFromVolumeFailurePolicy: 'IgnoreInferFromVolumeFailure' });
    expect(vm.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'fedora', namespace: 'os-images' });
    expect(vm.spec.template.spec.domain.memory).toBeUndefined();
  });

  test('the Ignore policy keeps guest memory as the fallback KubeVirt clears when inference succeeds', () => {
    const c = chart();
    bootVm(c, { memory: Size.gibibytes(2), instancetype: kv.InstancetypeRef.inferFromVolume('rootdisk', { failurePolicy: kv.InferFromVolumeFailurePolicy.IGNORE }) });
    const [vm] = synthVms(c);
    expect(vm.spec.instancetype).toEqual({ inferFromVolume: 'rootdisk', inferFromVolumeFailurePolicy: 'IgnoreInferFromVolumeFailure' });
    expect(vm.spec.template.spec.domain.memory).toEqual({ guest: '2Gi' });
  });

  test('a volume the VM does not have is refused, whatever the policy', () => {
    const c = chart();
    bootVm(c, { instancetype: kv.InstancetypeRef.inferFromVolume('bootdisk', { failurePolicy: kv.InferFromVolumeFailurePolicy.IGNORE }), memory: Size.gibibytes(1) });
    expect(synthError(c)).toContain("spec.instancetype.inferFromVolume: no volume named 'bootdisk' in spec.template.spec.volumes to infer the instancetype from [vm-infer-volume-exists]");
  });

  test('a container disk cannot be inferred from: an error with Reject, a warning with Ignore', () => {
    const reject = chart();
    bootVm(reject, { preference: kv.PreferenceRef.inferFromVolume('rootdisk'), memory: Size.gibibytes(1) }, kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'));
    expect(synthError(reject)).toContain("spec.preference.inferFromVolume: volume 'rootdisk' is a containerDisk volume; inference reads a PersistentVolumeClaim or DataVolume: the VM is refused [vm-infer-volume-supported]");

    const ignore = chart();
    const vm = bootVm(ignore, { preference: kv.PreferenceRef.inferFromVolume('rootdisk', { failurePolicy: kv.InferFromVolumeFailurePolicy.IGNORE }), memory: Size.gibibytes(1) },
      kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'));
    quietly(() => Testing.synth(ignore));
    expect(kv.synthWarnings(vm).map((w) => w.message)).toEqual([expect.stringContaining('KubeVirt drops the preference matcher and the VM runs without one [vm-infer-volume-supported]')]);
  });

  test('a DataVolume importing over HTTP cannot be inferred from', () => {
    const c = chart();
    bootVm(c, { instancetype: kv.InstancetypeRef.inferFromVolume('rootdisk') },
      kv.DiskSource.dataVolumeTemplate({ source: kv.DataVolumeSource.http('https://images.example.com/f.qcow2'), size: Size.gibibytes(10) }));
    expect(synthError(c)).toContain("DataVolume 'web-rootdisk' imports from a http source; inference reads a DataVolume cloning a PVC, a snapshot or a DataSource: the VM is refused [vm-infer-volume-supported]");
  });

  test('guest memory with the Reject policy conflicts with the inferred instancetype; CPU topology with either policy', () => {
    const memory = chart();
    bootVm(memory, { instancetype: kv.InstancetypeRef.inferFromVolume('rootdisk'), memory: Size.gibibytes(2) });
    expect(synthError(memory)).toContain('spec.template.spec.domain.memory.guest: domain.memory.guest conflicts with the instancetype [vm-instancetype-memory-conflict]');

    const cpu = chart();
    bootVm(cpu, { instancetype: kv.InstancetypeRef.inferFromVolume('rootdisk', { failurePolicy: kv.InferFromVolumeFailurePolicy.IGNORE }), memory: Size.gibibytes(2), cpu: kv.CpuTopology.cores(2) });
    expect(synthError(cpu)).toContain('spec.template.spec.domain.cpu.cores: domain.cpu.cores conflicts with the instancetype [vm-instancetype-cpu-conflict]');
  });

  test('Ignore without a memory fallback warns', () => {
    const c = chart();
    const vm = bootVm(c, { instancetype: kv.InstancetypeRef.inferFromVolume('rootdisk', { failurePolicy: kv.InferFromVolumeFailurePolicy.IGNORE }) });
    quietly(() => Testing.synth(c));
    expect(kv.synthWarnings(vm).map((w) => w.message)).toEqual([expect.stringContaining('[vm-infer-ignore-memory-fallback]')]);
  });

  test('a pool infers for each of its VMs; its checks carry the template path', () => {
    const c = chart();
    const pool = new kv.VirtualMachinePool(c, 'pool', { metadata: { name: 'web' }, replicas: 2, instancetype: kv.InstancetypeRef.inferFromVolume('root') });
    pool.addDisk('rootdisk', kv.DiskSource.dataSource(fedora));
    expect(synthError(c)).toContain("spec.virtualMachineTemplate.spec.instancetype.inferFromVolume: no volume named 'root' in spec.template.spec.volumes to infer the instancetype from [vm-infer-volume-exists]");
  });
});

describe('revision pinning', () => {
  test('InstancetypeRef.of / PreferenceRef.of pin a ControllerRevision; schema-valid', () => {
    const c = chart();
    bootVm(c, {
      instancetype: kv.InstancetypeRef.of(kv.CommonInstancetype.U1_MEDIUM, { revisionName: 'web-u1.medium-v1beta1-1' }),
      preference: kv.PreferenceRef.of(kv.CommonPreference.FEDORA, { revisionName: 'web-fedora-v1beta1-1' }),
    });
    const manifest = Testing.synth(c);
    expectSchemaValid(manifest);
    const [vm] = synthVms(c);
    expect(vm.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium', revisionName: 'web-u1.medium-v1beta1-1' });
    expect(vm.spec.preference).toEqual({ kind: 'VirtualMachineClusterPreference', name: 'fedora', revisionName: 'web-fedora-v1beta1-1' });
  });
});

describe('conflicts with the instancetype spec, at synth', () => {
  test('an instancetype construct with a node selector conflicts with the VM\'s node selector', () => {
    const c = chart();
    const it = new kv.Instancetype(c, 'it', { metadata: { name: 'gpu-small' }, cpu: 2, memory: Size.gibibytes(4), nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    bootVm(c, { instancetype: it, nodeSelector: { zone: 'a' } });
    expect(synthError(c)).toContain('spec.template.spec.nodeSelector: nodeSelector conflicts with the instancetype, which sets it too [vm-instancetype-other-conflict]');
  });

  test('a pinned revision of an instancetype construct with GPUs: kind, name and revisionName; no overlap, no conflict', () => {
    const c = chart();
    const it = new kv.ClusterInstancetype(c, 'it', { metadata: { name: 'gpu-small' }, cpu: 2, memory: Size.gibibytes(4) });
    it.addGpu({ name: 'gpu1', deviceName: 'nvidia.com/TU104GL_Tesla_T4' });
    bootVm(c, { instancetype: kv.InstancetypeRef.of(it, { revisionName: 'web-gpu-small-1' }), nodeSelector: { zone: 'a' } });
    expect(synthVms(c)[0].spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'gpu-small', revisionName: 'web-gpu-small-1' });
  });

  test('a catalog instancetype (d1: dedicated CPUs, ioThreadsPolicy auto) conflicts with the same settings on the VM', () => {
    const c = chart();
    bootVm(c, { instancetype: kv.CommonInstancetype.D1_SMALL, ioThreadsPolicy: kv.IoThreadsPolicy.SHARED, dedicatedCpuPlacement: true });
    const error = synthError(c);
    expect(error).toContain('spec.template.spec.domain.ioThreadsPolicy: domain.ioThreadsPolicy conflicts with the instancetype, which sets it too [vm-instancetype-other-conflict]');
    expect(error).toContain("spec.template.spec.domain.cpu.dedicatedCpuPlacement: domain.cpu.dedicatedCpuPlacement conflicts with the instancetype's cpu.dedicatedCPUPlacement [vm-instancetype-cpu-conflict]");
  });

  test('a catalog preference\'s requirements are checked against the catalog instancetype', () => {
    const c = chart();
    // rhel.9 needs 1.5Gi of guest memory; u1.nano has 512Mi.
    bootVm(c, { instancetype: kv.CommonInstancetype.U1_NANO, preference: kv.CommonPreference.RHEL_9 });
    expect(synthError(c)).toContain('spec.instancetype: the preference requires 1.5Gi of guest memory, the instancetype provides less [vm-preference-requirements]');
  });
});
