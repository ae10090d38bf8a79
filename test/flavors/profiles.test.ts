import { Chart, Size, Testing } from 'cdk8s';
import { DiskSource, Flavor, IVirtualMachineProfile, OsProfile, VirtualMachine, WorkloadProfile } from '../../lib';
import { expectSchemaValid } from '../support/schema';

function vmSpec(profiles: IVirtualMachineProfile[]): any {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'vms' });
  const vm = new VirtualMachine(chart, 'vm', { metadata: { name: 'vm' }, profiles });
  vm.addDisk('rootdisk', DiskSource.containerDisk('quay.io/containerdisks/fedora:latest'), { bootOrder: 1 });
  const [obj] = Testing.synth(chart);
  expectSchemaValid(obj);
  return obj.spec.template;
}

describe('Flavor', () => {
  test.each([
    [Flavor.TINY, 'tiny', 1, 1], [Flavor.SMALL, 'small', 1, 2], [Flavor.MEDIUM, 'medium', 1, 4], [Flavor.LARGE, 'large', 2, 8],
  ])('%#: the seed sizes', (flavor, name, cpu, gib) => {
    expect([flavor.name, flavor.cpu, flavor.memory.toGibibytes()]).toEqual([name, cpu, gib]);
    expect(flavor.labels).toEqual({ [`flavor.template.kubevirt.io/${name}`]: 'true' });
    const t = vmSpec([flavor]);
    expect(t.spec.domain.cpu).toEqual({ sockets: cpu, cores: 1, threads: 1 });
    expect(t.spec.domain.memory.guest).toBe(`${gib}Gi`);
    expect(t.metadata.annotations['vm.kubevirt.io/flavor']).toBe(name);
    expect(t.metadata.labels['kubevirt.io/size']).toBe(name);
  });

  test('custom flavors are labelled custom and checked', () => {
    const f = Flavor.custom(3, Size.mebibytes(6144));
    expect(f.label).toBe('flavor.template.kubevirt.io/custom');
    expect(vmSpec([f]).spec.domain.cpu.sockets).toBe(3);
    expect(() => Flavor.custom(0, Size.gibibytes(1))).toThrow('cpu must be a positive integer');
  });
});

describe('WorkloadProfile on Linux', () => {
  test('server: rng, virtio, multiqueue only above one vCPU', () => {
    const small = vmSpec([OsProfile.RHEL_9, WorkloadProfile.SERVER, Flavor.SMALL]);
    expect(small.spec.domain.devices.rng).toEqual({});
    expect(small.spec.domain.devices.networkInterfaceMultiqueue).toBeUndefined();
    expect(small.spec.domain.devices.disks[0].disk.bus).toBe('virtio');
    expect(small.metadata.annotations).toEqual(expect.objectContaining({
      'vm.kubevirt.io/os': 'rhel9', 'vm.kubevirt.io/workload': 'server', 'vm.kubevirt.io/flavor': 'small',
    }));
    // The order of profiles does not matter.
    for (const order of [[WorkloadProfile.SERVER, Flavor.LARGE], [Flavor.LARGE, WorkloadProfile.SERVER]]) {
      expect(vmSpec(order).spec.domain.devices.networkInterfaceMultiqueue).toBe(true);
    }
  });

  test('desktop adds a virtio tablet', () => {
    const t = vmSpec([WorkloadProfile.DESKTOP, Flavor.SMALL]);
    expect(t.spec.domain.devices.inputs).toEqual([{ type: 'tablet', bus: 'virtio', name: 'tablet' }]);
  });

  test('high performance: dedicated CPUs, isolated emulator thread, shared IO threads, dedicated boot-disk IO thread', () => {
    const t = vmSpec([WorkloadProfile.HIGH_PERFORMANCE, Flavor.LARGE]);
    expect(t.spec.domain.cpu).toEqual(expect.objectContaining({ dedicatedCpuPlacement: true, isolateEmulatorThread: true }));
    expect(t.spec.domain.ioThreadsPolicy).toBe('shared');
    expect(t.spec.domain.devices.disks[0].dedicatedIOThread).toBe(true);
    expect(t.spec.domain.devices.networkInterfaceMultiqueue).toBe(true);
  });
});

describe('OsProfile', () => {
  test('RHEL 9 and Fedora boot EFI with Secure Boot (SMM on)', () => {
    for (const os of [OsProfile.RHEL_9, OsProfile.FEDORA]) {
      const t = vmSpec([os, Flavor.SMALL]);
      expect(t.spec.domain.firmware.bootloader).toEqual({ efi: { secureBoot: true } });
      expect(t.spec.domain.features.smm).toEqual({ enabled: true });
    }
    expect(vmSpec([OsProfile.RHEL_8, Flavor.SMALL]).spec.domain.firmware).toBeUndefined();
  });

  test('Windows server: SATA, e1000e, USB tablet, Hyper-V, Windows clock, persistent EFI, TPM, 3600 s grace', () => {
    const t = vmSpec([OsProfile.WINDOWS_2K22, WorkloadProfile.SERVER, Flavor.MEDIUM]);
    const domain = t.spec.domain;
    expect(domain.devices.disks[0].disk.bus).toBe('sata');
    expect(domain.devices.interfaces[0].model).toBe('e1000e');
    expect(domain.devices.inputs).toEqual([{ type: 'tablet', bus: 'usb', name: 'tablet' }]);
    expect(domain.devices.tpm).toEqual({ persistent: true });
    expect(domain.devices.rng).toBeUndefined();
    expect(domain.features.hyperv.spinlocks).toEqual({ spinlocks: 8191 });
    expect(domain.features.smm).toEqual({ enabled: true });
    expect(domain.clock.timer.hpet).toEqual({ present: false });
    expect(domain.firmware.bootloader).toEqual({ efi: { secureBoot: true, persistent: true } });
    expect(t.spec.terminationGracePeriodSeconds).toBe(3600);
  });

  test('Windows high performance switches to virtio whichever profile comes first', () => {
    for (const order of [[OsProfile.WINDOWS_2K19, WorkloadProfile.HIGH_PERFORMANCE], [WorkloadProfile.HIGH_PERFORMANCE, OsProfile.WINDOWS_2K19]]) {
      const domain = vmSpec([...order, Flavor.LARGE]).spec.domain;
      expect(domain.devices.disks[0].disk.bus).toBe('virtio');
      expect(domain.devices.interfaces[0].model).toBe('virtio');
      expect(domain.cpu.dedicatedCpuPlacement).toBe(true);
      expect(domain.ioThreadsPolicy).toBeUndefined();
      expect(domain.devices.networkInterfaceMultiqueue).toBe(true);
      expect(domain.devices.tpm).toBeUndefined();
    }
  });

  test('Windows 11 counts cores: medium gives 2 cores in either order', () => {
    for (const order of [[OsProfile.WINDOWS_11, Flavor.MEDIUM], [Flavor.MEDIUM, OsProfile.WINDOWS_11]]) {
      expect(vmSpec([...order, WorkloadProfile.DESKTOP]).spec.domain.cpu).toEqual({ sockets: 1, cores: 2, threads: 1 });
    }
  });

  test('labels, annotations, defaults and the matching common preference', () => {
    expect(OsProfile.RHEL_9.labels['os.template.kubevirt.io/rhel9.4']).toBe('true');
    expect(OsProfile.RHEL_9.nameAnnotations['name.os.template.kubevirt.io/rhel9.0']).toBe('Red Hat Enterprise Linux 9.0 or higher');
    expect(OsProfile.WINDOWS_2K22.labels).toEqual({ 'os.template.kubevirt.io/win2k22': 'true' });
    expect(OsProfile.WINDOWS_2K22.iconClass).toBe('icon-windows');
    expect(OsProfile.RHEL_9.iconClass).toBe('icon-rhel');
    expect(OsProfile.CENTOS_STREAM_9.iconClass).toBe('icon-centos');
    expect(OsProfile.RHEL_9.defaultVariant).toEqual({ workload: 'server', flavor: 'small' });
    expect(OsProfile.WINDOWS_10.defaultVariant).toEqual({ workload: 'desktop', flavor: 'medium' });
    expect(OsProfile.WINDOWS_2K19.defaultVariant).toEqual({ workload: 'server', flavor: 'medium' });
    expect(OsProfile.RHEL_9.preference?.name).toBe('rhel.9');
    expect(OsProfile.WINDOWS_2K22.preference?.name).toBe('windows.2k22');
    expect(OsProfile.FEDORA.supports('server', Flavor.TINY)).toBe(false);
    expect(OsProfile.WINDOWS_2K22.supports('desktop', Flavor.MEDIUM)).toBe(false);
    expect(OsProfile.WINDOWS_10.supports('desktop', Flavor.LARGE)).toBe(true);
  });
});

describe('os / workload / flavor props', () => {
  function template(props: ConstructorParameters<typeof VirtualMachine>[2]): any {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'vms' });
    const vm = new VirtualMachine(chart, 'vm', { metadata: { name: 'vm' }, ...props });
    vm.addDisk('rootdisk', DiskSource.containerDisk('quay.io/containerdisks/fedora:latest'), { bootOrder: 1 });
    return Testing.synth(chart)[0].spec.template;
  }

  test('are the same as listing the profiles, and later props still win', () => {
    const viaProps = template({ os: OsProfile.WINDOWS_2K22, workload: WorkloadProfile.SERVER, flavor: Flavor.MEDIUM });
    expect(viaProps).toEqual(vmSpec([OsProfile.WINDOWS_2K22, WorkloadProfile.SERVER, Flavor.MEDIUM]));
    expect(template({ flavor: Flavor.SMALL, memory: Size.gibibytes(3) }).spec.domain.memory.guest).toBe('3Gi');
  });
});
