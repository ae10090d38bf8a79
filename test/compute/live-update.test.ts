import { Size, Testing } from 'cdk8s';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError, synthVms } from './support';

function vmWith(c: ReturnType<typeof chart>, props: kv.VirtualMachineProps = {}): kv.VirtualMachine {
  const vm = new kv.VirtualMachine(c, 'vm', { metadata: { name: 'db' }, memory: Size.gibibytes(4), cpu: kv.CpuTopology.sockets(2), ...props });
  vm.addDisk('rootdisk', kv.DiskSource.dataSource({ name: 'fedora', namespace: 'os-images' }), { bootOrder: 1 });
  return vm;
}

describe('hotplug and live update settings', () => {
  test('hot-plugged volumes, CPU and memory headroom, the volume update strategy; schema-valid', () => {
    const c = chart();
    const data = new kv.DataVolume(c, 'data', { metadata: { name: 'db-data' }, source: kv.DataVolumeSource.blank(), size: Size.gibibytes(50) });
    const vm = vmWith(c, { maxSockets: 8, maxGuestMemory: Size.gibibytes(16), updateVolumesStrategy: kv.UpdateVolumesStrategy.MIGRATION });
    vm.addHotplugVolume('data', kv.DiskSource.dataVolume(data), { bus: kv.DiskBus.SCSI });
    vm.addHotplugVolume('logs', kv.DiskSource.persistentVolumeClaim('db-logs'));
    const manifest = Testing.synth(c);
    expectSchemaValid(manifest);
    const [o] = synthVms(c);
    expect(o.spec.updateVolumesStrategy).toBe('Migration');
    expect(o.spec.template.spec.domain.cpu).toEqual({ sockets: 2, cores: 1, threads: 1, maxSockets: 8 });
    expect(o.spec.template.spec.domain.memory).toEqual({ guest: '4Gi', maxGuest: '16Gi' });
    expect(o.spec.template.spec.volumes.slice(1)).toEqual([
      { name: 'data', dataVolume: { name: 'db-data', hotpluggable: true } },
      { name: 'logs', persistentVolumeClaim: { claimName: 'db-logs', hotpluggable: true } },
    ]);
    expect(o.spec.template.spec.domain.devices.disks.slice(1)).toEqual([{ name: 'data', disk: { bus: 'scsi' } }, { name: 'logs', disk: { bus: 'virtio' } }]);
  });

  test('only DataVolumes and PVCs can be hot-plugged', () => {
    const c = chart();
    vmWith(c).addHotplugVolume('scratch', kv.DiskSource.emptyDisk(Size.gibibytes(1)));
    expect(synthError(c)).toContain("spec.template.spec.volumes (disk 'scratch'): a emptyDisk volume cannot be hot-plugged; use a DataVolume or a PVC [construct-hotplug-volume-kind]");
  });

  test('a hot-plugged disk on the sata bus is refused', () => {
    const c = chart();
    vmWith(c).addHotplugVolume('data', kv.DiskSource.persistentVolumeClaim('db-data'), { bus: kv.DiskBus.SATA });
    expect(synthError(c)).toContain("spec.template.spec.domain.devices.disks[1].disk.bus: hot-plugged disk 'data' needs the scsi or virtio bus, not sata [vm-hotplug-disk-valid]");
  });

  test('maxGuestMemory below the guest memory, or unaligned, is refused', () => {
    const below = chart();
    vmWith(below, { maxGuestMemory: Size.gibibytes(2) });
    expect(synthError(below)).toContain('spec.template.spec.domain.memory.guest: guest memory 4Gi is greater than maxGuest 2Gi [vm-memory-hotplug-valid]');
    const small = chart();
    vmWith(small, { memory: Size.mebibytes(512), maxGuestMemory: Size.gibibytes(4) });
    expect(synthError(small)).toContain('spec.template.spec.domain.memory.guest: memory hotplug needs at least 1Gi of guest memory, not 512Mi [vm-memory-hotplug-valid]');
  });

  test('sockets above maxSockets are refused (the existing CPU hotplug rule)', () => {
    const c = chart();
    vmWith(c, { cpu: kv.CpuTopology.sockets(4), maxSockets: 2 });
    expect(synthError(c)).toContain('spec.template.spec.domain.cpu.sockets: cpu.sockets (4) exceeds cpu.maxSockets (2) [vmi-cpu-sockets-le-maxsockets]');
  });
});
