import { Chart, Size, Testing } from 'cdk8s';
import {
  ClusterInstancetype, ClusterPreference, PreferredCpuTopology, HugepageSize, HypervEnlightenments, Instancetype,
  Preference, PreferenceClock, PreferenceFirmware, SpreadAcross,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError } from '../support/synth';

function chart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'vms' });
}


describe('Instancetype / ClusterInstancetype', () => {
  test('renders every typed field in the v1beta1 shape', () => {
    const c = chart();
    const it = new Instancetype(c, 'gpu', {
      metadata: { name: 'gpu-large' },
      cpu: 8, memory: Size.gibibytes(32), cpuModel: 'host-passthrough',
      dedicatedCpuPlacement: true, isolateEmulatorThread: true, numaPassthrough: true, realtime: '0-3', maxSockets: 8,
      hugepages: HugepageSize.ONE_GIBIBYTE, maxGuestMemory: Size.gibibytes(64),
      ioThreadsPolicy: 'supplementalPool', supplementalPoolThreadCount: 4,
      nodeSelector: { 'nvidia.com/gpu.present': 'true' }, schedulerName: 'custom',
      annotations: { 'cpu-quota.crio.io': 'disable' },
      gpus: [{ name: 'gpu1', deviceName: 'nvidia.com/TU104GL_Tesla_T4' }],
    });
    it.addHostDevice({ name: 'nic', deviceName: 'intel.com/sriov', tag: 'fast' });
    const [obj] = Testing.synth(c);
    expectSchemaValid(obj);
    expect(obj.apiVersion).toBe('instancetype.kubevirt.io/v1beta1');
    expect(obj.kind).toBe('VirtualMachineInstancetype');
    expect(obj.metadata).toEqual({ name: 'gpu-large', namespace: 'vms' });
    expect(obj.spec).toEqual({
      cpu: {
        guest: 8, model: 'host-passthrough', dedicatedCPUPlacement: true, isolateEmulatorThread: true,
        numa: { guestMappingPassthrough: {} }, realtime: { mask: '0-3' }, maxSockets: 8,
      },
      memory: { guest: '32Gi', hugepages: { pageSize: '1Gi' }, maxGuest: '64Gi' },
      ioThreadsPolicy: 'supplementalPool',
      ioThreads: { supplementalPoolThreadCount: 4 },
      gpus: [{ name: 'gpu1', deviceName: 'nvidia.com/TU104GL_Tesla_T4' }],
      hostDevices: [{ name: 'nic', deviceName: 'intel.com/sriov', tag: 'fast' }],
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      schedulerName: 'custom',
      annotations: { 'cpu-quota.crio.io': 'disable' },
    });
    expect(it.kind).toBe('VirtualMachineInstancetype');
    expect(it.name).toBe('gpu-large');
    expect(it.cpu).toBe(8);
    expect(it.memory.toGibibytes()).toBe(32);
  });

  test('a cluster instancetype drops the namespace and names its kind for VM references', () => {
    const c = chart();
    const it = new ClusterInstancetype(c, 'small', { metadata: { name: 'small' }, cpu: 1, memory: Size.mebibytes(1536) });
    const [obj] = Testing.synth(c);
    expect(obj).toEqual({
      apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineClusterInstancetype',
      metadata: { name: 'small' }, spec: { cpu: { guest: 1 }, memory: { guest: '1536Mi' } },
    });
    expect(it.kind).toBe('VirtualMachineClusterInstancetype');
    expect(it.namespace).toBeUndefined();
  });

  test.each([
    [{ cpu: 0 }, 'spec.cpu.guest: 0 must be a positive integer [construct-instancetype-values]'],
    [{ cpu: 1.5 }, 'spec.cpu.guest: 1.5 must be a positive integer [construct-instancetype-values]'],
    [{ memory: Size.mebibytes(0) }, 'spec.memory.guest: 0Mi must be greater than zero [construct-instancetype-values]'],
    [{ memoryOvercommitPercent: 150 }, 'spec.memory.overcommitPercent: overcommitPercent 150 must be 0-100 [it-overcommit-range]'],
    [{ memoryOvercommitPercent: 10, hugepages: HugepageSize.TWO_MEBIBYTES },
      'spec.memory.overcommitPercent: overcommitPercent cannot be combined with memory.hugepages [it-overcommit-no-hugepages]'],
    [{ maxGuestMemory: Size.gibibytes(1) }, 'spec.memory.maxGuest: 1Gi is below spec.memory.guest 4Gi [construct-instancetype-values]'],
    [{ supplementalPoolThreadCount: 2 }, "spec.ioThreads.supplementalPoolThreadCount: only used with ioThreadsPolicy 'supplementalPool' [construct-instancetype-values]"],
    [{ isolateEmulatorThread: true }, 'spec.cpu.isolateEmulatorThread: requires spec.cpu.dedicatedCPUPlacement [construct-instancetype-values]'],
  ])('construct-time check %#', (override, message) => {
    const c = chart();
    new ClusterInstancetype(c, 'bad', { cpu: 2, memory: Size.gibibytes(4), ...override });
    const error = synthError(c);
    expect(error).toContain(message);
    expect(error).toContain('c/bad');
  });

  test('overcommit without hugepages is accepted', () => {
    const c = chart();
    new ClusterInstancetype(c, 'o', { cpu: 1, memory: Size.gibibytes(4), memoryOvercommitPercent: 50 });
    expect(Testing.synth(c)[0].spec.memory).toEqual({ guest: '4Gi', overcommitPercent: 50 });
  });
});

describe('Preference / ClusterPreference', () => {
  test('renders devices, firmware, features, clock, requirements in the v1beta1 shape', () => {
    const c = chart();
    const pref = new ClusterPreference(c, 'win', {
      metadata: { name: 'my-windows' },
      cpuTopology: PreferredCpuTopology.SPREAD,
      spreadOptions: { across: SpreadAcross.SOCKETS_CORES_THREADS, ratio: 4 },
      devices: {
        diskBus: 'sata', interfaceModel: 'e1000e', autoattachInputDevice: true, rng: true,
        tpm: { persistent: true }, diskDedicatedIoThread: true, diskIO: 'native', interfaceMasquerade: true,
      },
      firmware: PreferenceFirmware.efi({ persistent: true }),
      features: { acpi: true, apic: true, smm: true, hyperv: HypervEnlightenments.WINDOWS, kvmHidden: false },
      clock: PreferenceClock.WINDOWS,
      machineType: 'pc-q35-rhel9.4.0',
      architecture: 'amd64',
      storageClassName: 'fast',
      subdomain: 'lab',
      terminationGracePeriodSeconds: 3600,
      requirements: { cpu: 2, memory: Size.gibibytes(4), architecture: 'amd64' },
      annotations: { 'vm.kubevirt.io/os': 'windows' },
    });
    const [obj] = Testing.synth(c);
    expectSchemaValid(obj);
    expect(obj.kind).toBe('VirtualMachineClusterPreference');
    expect(obj.metadata).toEqual({ name: 'my-windows' });
    expect(obj.spec).toEqual({
      annotations: { 'vm.kubevirt.io/os': 'windows' },
      clock: {
        preferredClockOffset: { utc: {} },
        preferredTimer: { hpet: { present: false }, pit: { tickPolicy: 'delay' }, rtc: { tickPolicy: 'catchup' }, hyperv: {} },
      },
      cpu: { preferredCPUTopology: 'spread', spreadOptions: { across: 'SocketsCoresThreads', ratio: 4 } },
      devices: {
        preferredDiskBus: 'sata', preferredInterfaceModel: 'e1000e', preferredAutoattachInputDevice: true,
        preferredRng: {}, preferredTPM: { persistent: true }, preferredDiskDedicatedIoThread: true,
        preferredDiskIO: 'native', preferredInterfaceMasquerade: {},
      },
      features: {
        preferredAcpi: {}, preferredApic: {}, preferredSmm: {}, preferredKvm: { hidden: false },
        preferredHyperv: {
          relaxed: {}, vapic: {}, vpindex: {}, spinlocks: { spinlocks: 8191 }, synic: {}, synictimer: { direct: {} },
          tlbflush: {}, frequencies: {}, reenlightenment: {}, ipi: {}, runtime: {}, reset: {},
        },
      },
      firmware: { preferredEfi: { secureBoot: true, persistent: true } },
      machine: { preferredMachineType: 'pc-q35-rhel9.4.0' },
      preferredArchitecture: 'amd64',
      preferredSubdomain: 'lab',
      preferredTerminationGracePeriodSeconds: 3600,
      requirements: { architecture: 'amd64', cpu: { guest: 2 }, memory: { guest: '4Gi' } },
      volumes: { preferredStorageClassName: 'fast' },
    });
    expect(pref.kind).toBe('VirtualMachineClusterPreference');
    expect(pref.requirements?.cpu).toBe(2);
  });

  test('a namespaced preference keeps the namespace; an empty one renders an empty spec', () => {
    const c = chart();
    const pref = new Preference(c, 'p', { firmware: PreferenceFirmware.bios() });
    new Preference(c, 'empty');
    const [p, e] = Testing.synth(c);
    expect(p.metadata.namespace).toBe('vms');
    expect(p.spec).toEqual({ firmware: { preferredUseBios: true } });
    expect(e.spec).toEqual({});
    expect(pref.kind).toBe('VirtualMachinePreference');
  });

  test.each([
    [{ cpuTopology: 'Sockets' as PreferredCpuTopology }, 'spec.cpu.preferredCPUTopology: preferredCPUTopology "Sockets" is invalid; use sockets, cores, threads, spread, any (case-sensitive) [pref-cpu-topology-valid]'],
    [{ spreadOptions: { ratio: 2 } }, "spec.cpu.spreadOptions: only used with preferredCPUTopology 'spread' [construct-preference-values]"],
    [{ cpuTopology: PreferredCpuTopology.SPREAD, spreadOptions: { across: 'Sockets' as SpreadAcross } },
      'spec.cpu.spreadOptions.across: spreadOptions.across "Sockets" must be SocketsCores, CoresThreads or SocketsCoresThreads [pref-spread-options-valid]'],
    [{ cpuTopology: PreferredCpuTopology.SPREAD, spreadOptions: { across: SpreadAcross.CORES_THREADS, ratio: 4 } },
      'spec.cpu.spreadOptions.ratio: across CoresThreads only supports ratio 2 [pref-spread-options-valid]'],
    [{ requirements: { cpu: 0 } }, 'spec.requirements.cpu.guest: 0 must be a positive integer [construct-preference-values]'],
  ])('construct-time check %#', (props, message) => {
    const c = chart();
    new ClusterPreference(c, 'bad', props);
    expect(synthError(c)).toContain(message);
  });
});
