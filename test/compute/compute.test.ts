import { Duration, Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError, synthVms } from './support';

function newVm(props: kv.VirtualMachineProps, c = chart()) {
  const vm = new kv.VirtualMachine(c, 'vm', { metadata: { name: 'vm' }, ...props });
  vm.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'), { bootOrder: 1 });
  return { c, vm };
}

function domainOf(props: kv.VirtualMachineProps) {
  const [vm] = synthVms(newVm(props).c);
  expectSchemaValid([vm]);
  return vm.spec.template.spec.domain;
}

describe('compute', () => {
  test('CPU topology, model, dedicated placement, emulator thread, NUMA, hugepages, resources', () => {
    const domain = domainOf({
      cpu: kv.CpuTopology.of({ sockets: 2, cores: 2, threads: 1 }), cpuModel: kv.CpuModel.HOST_PASSTHROUGH, maxSockets: 4,
      dedicatedCpuPlacement: true, isolateEmulatorThread: true, numaGuestMappingPassthrough: true,
      memory: Size.gibibytes(8), hugepages: Size.gibibytes(1),
      resources: { cpu: { request: plus.Cpu.units(4), limit: plus.Cpu.units(4) }, memory: { request: Size.gibibytes(8), limit: Size.gibibytes(8) } },
    });
    expect(domain.cpu).toEqual({
      sockets: 2, cores: 2, threads: 1, maxSockets: 4, model: 'host-passthrough',
      dedicatedCpuPlacement: true, isolateEmulatorThread: true, numa: { guestMappingPassthrough: {} },
    });
    expect(domain.memory).toEqual({ guest: '8Gi', hugepages: { pageSize: '1Gi' } });
    expect(domain.resources).toEqual({ requests: { cpu: '4', memory: '8Gi' }, limits: { cpu: '4', memory: '8Gi' } });
  });

  test('EFI with Secure Boot turns on SMM; TPM, machine type, IO threads, devices', () => {
    const domain = domainOf({
      memory: Size.mebibytes(1536), firmware: kv.Firmware.efi({ persistent: true, uuid: '5d307ca9-b3ef-428c-8861-06e72d69f223' }),
      tpm: { persistent: true }, machineType: 'pc-q35-rhel9.4.0', ioThreadsPolicy: kv.IoThreadsPolicy.SUPPLEMENTAL_POOL,
      supplementalPoolThreadCount: 2, rng: true, tablet: 'virtio', networkInterfaceMultiqueue: true, autoattachGraphicsDevice: false,
    });
    expect(domain.memory).toEqual({ guest: '1536Mi' });
    expect(domain.firmware).toEqual({ bootloader: { efi: { secureBoot: true, persistent: true } }, uuid: '5d307ca9-b3ef-428c-8861-06e72d69f223' });
    expect(domain.features).toEqual({ smm: { enabled: true } });
    expect(domain.machine).toEqual({ type: 'pc-q35-rhel9.4.0' });
    expect(domain.ioThreadsPolicy).toBe('supplementalPool');
    expect(domain.ioThreads).toEqual({ supplementalPoolThreadCount: 2 });
    expect(domain.devices).toMatchObject({
      tpm: { persistent: true }, rng: {}, inputs: [{ type: 'tablet', bus: 'virtio', name: 'tablet' }],
      networkInterfaceMultiqueue: true, autoattachGraphicsDevice: false,
    });
  });

  test('BIOS, no Secure Boot EFI, features and a time-zone clock', () => {
    expect(domainOf({ memory: Size.gibibytes(1), firmware: kv.Firmware.bios({ useSerial: true }) }).firmware)
      .toEqual({ bootloader: { bios: { useSerial: true } } });
    const efi = domainOf({ memory: Size.gibibytes(1), firmware: kv.Firmware.efi({ secureBoot: false }), features: { kvmHidden: true, apic: false } });
    expect(efi.firmware).toEqual({ bootloader: { efi: { secureBoot: false } } });
    expect(efi.features).toEqual({ apic: { enabled: false }, kvm: { hidden: true } });
    expect(domainOf({ memory: Size.gibibytes(1), clock: kv.Clock.timezone('Europe/Paris') }).clock).toEqual({ timezone: 'Europe/Paris' });
  });

  test('instancetype and preference are referenced; CPU and memory are left to them', () => {
    const { c } = newVm({
      instancetype: { kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' },
      preference: { kind: 'VirtualMachineClusterPreference', name: 'rhel.9' },
    });
    const [vm] = synthVms(c);
    expect(vm.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' });
    expect(vm.spec.preference).toEqual({ kind: 'VirtualMachineClusterPreference', name: 'rhel.9' });
    expect(vm.spec.template.spec.domain.cpu).toBeUndefined();
    expect(vm.spec.template.spec.domain.memory).toBeUndefined();
    expectSchemaValid([vm]);
  });
});

describe('compute checks', () => {
  test.each<[string, kv.VirtualMachineProps, string]>([
    ['no memory', {}, 'spec.template.spec.domain.memory.guest: [vm-memory-required]'],
    ['CPU with an instancetype', { instancetype: { kind: 'VirtualMachineClusterInstancetype', name: 'u1.small' }, cpu: kv.CpuTopology.cores(2) },
      'domain.cpu.cores: [vm-instancetype-cpu-conflict]'],
    ['memory with an instancetype', { instancetype: { kind: 'VirtualMachineInstancetype', name: 'mine' }, memory: Size.gibibytes(2) },
      '[vm-instancetype-memory-conflict]'],
    ['CPU request over limit', { memory: Size.gibibytes(1), resources: { cpu: { request: plus.Cpu.units(2), limit: plus.Cpu.millis(500) } } },
      'domain.resources.requests.cpu: [vmi-cpu-request-le-limit]'],
    ['memory request over limit', { resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(2) } } }, '[vmi-memory-resources-valid]'],
    ['memory not a multiple of the hugepage size', { memory: Size.mebibytes(1536), hugepages: Size.gibibytes(1) },
      'domain.memory.hugepages.pageSize: [vmi-hugepages-valid]'],
    ['dedicated CPUs with unequal requests and limits', { memory: Size.gibibytes(1), dedicatedCpuPlacement: true, resources: { cpu: { request: plus.Cpu.units(1), limit: plus.Cpu.units(2) } } },
      'domain.resources.requests.cpu: [vmi-dedicated-cpu-valid]'],
    ['dedicated CPUs with fractional CPUs', { memory: Size.gibibytes(1), dedicatedCpuPlacement: true, resources: { cpu: { request: plus.Cpu.millis(1500) } } },
      'domain.resources.requests.cpu: [vmi-dedicated-cpu-valid]'],
    ['dedicated CPUs whose request differs from the topology', { memory: Size.gibibytes(1), dedicatedCpuPlacement: true, cpu: kv.CpuTopology.cores(4), resources: { cpu: { request: plus.Cpu.units(2) } } },
      'domain.resources.requests.cpu: [vmi-dedicated-cpu-valid]'],
    ['isolated emulator thread without dedicated CPUs', { memory: Size.gibibytes(1), isolateEmulatorThread: true },
      'domain.cpu.isolateEmulatorThread: [vmi-isolate-emulator-requires-dedicated]'],
    ['NUMA passthrough without hugepages', { memory: Size.gibibytes(1), dedicatedCpuPlacement: true, numaGuestMappingPassthrough: true },
      '[vmi-numa-realtime-requirements]'],
    ['sockets over maxSockets', { memory: Size.gibibytes(1), cpu: kv.CpuTopology.sockets(4), maxSockets: 2 }, '[vmi-cpu-sockets-le-maxsockets]'],
    ['Secure Boot with SMM off', { memory: Size.gibibytes(1), firmware: kv.Firmware.efi(), features: { smm: false } },
      'domain.features.smm: [vmi-secureboot-requires-smm]'],
    ['supplementalPool without a count', { memory: Size.gibibytes(1), ioThreadsPolicy: kv.IoThreadsPolicy.SUPPLEMENTAL_POOL }, '[vmi-iothreads-policy-valid]'],
    ['an x86_64 architecture', { memory: Size.gibibytes(1), architecture: 'x86_64' }, 'spec.template.spec.architecture: [vmi-architecture-valid]'],
    ['a hostname with upper case', { memory: Size.gibibytes(1), hostname: 'Web01' }, 'spec.template.spec.hostname: [vmi-hostname-dns-label]'],
    ['a TCP probe without the pod network', { memory: Size.gibibytes(1), podNetwork: false, readinessProbe: kv.VmProbe.tcpSocket(22) },
      'spec.template.spec.readinessProbe.tcpSocket: [vmi-probe-requires-pod-network]'],
    ['a reserved template label', { memory: Size.gibibytes(1), templateLabels: { 'kubevirt.io/nodeName': 'n1' } }, '[vm-template-reserved-labels]'],
  ])('%s', (_what, props, expected) => {
    // `<field>: [<rule id>]`: the finding on that field (path suffix) under that shared rule id.
    const error = synthError(newVm(props).c);
    expect(error).toContain('[test/vm]');
    const [, field, id] = /^(.*?): ?(\[[a-z0-9-]+\])$/.exec(expected) ?? [undefined, '', expected];
    const lines = error.split('\n').filter((l) => l.endsWith(id));
    expect(lines.length).toBeGreaterThan(0);
    if (field) expect(lines.some((l) => l.includes(`${field}: `))).toBe(true);
  });
});

describe('scheduling and lifecycle', () => {
  test('node selector, tolerations, node affinity, priority, eviction, grace period, probes, hostname, labels', () => {
    const { c, vm } = newVm({
      memory: Size.gibibytes(2), runStrategy: kv.RunStrategy.RERUN_ON_FAILURE, evictionStrategy: kv.EvictionStrategy.LIVE_MIGRATE,
      terminationGracePeriod: Duration.minutes(3), priorityClassName: 'vm-critical', nodeSelector: { 'node-role.kubernetes.io/worker': '' },
      readinessProbe: kv.VmProbe.guestAgentPing({ initialDelay: Duration.seconds(60), period: Duration.seconds(10) }),
      livenessProbe: kv.VmProbe.httpGet('/healthz', { port: 8080, failureThreshold: 5 }),
      hostname: 'web01', subdomain: 'web', templateLabels: { app: 'web' }, templateAnnotations: { 'vm.kubevirt.io/os': 'rhel9' },
    });
    vm.scheduling.tolerate(plus.NodeTaintQuery.is('dedicated', 'vms', { effect: plus.TaintEffect.NO_SCHEDULE }));
    vm.scheduling.attract([plus.NodeLabelQuery.in('topology.kubernetes.io/zone', ['a', 'b'])]);
    vm.scheduling.attract([plus.NodeLabelQuery.exists('gpu')], { weight: 20 });
    const [obj] = synthVms(c);
    expect(obj.spec.runStrategy).toBe('RerunOnFailure');
    const spec = obj.spec.template.spec;
    expect(obj.spec.template.metadata).toEqual({
      labels: { 'app': 'web', 'kubevirt.io/domain': 'vm', 'vm.kubevirt.io/name': 'vm' },
      annotations: { 'vm.kubevirt.io/os': 'rhel9' },
    });
    expect(spec).toMatchObject({
      evictionStrategy: 'LiveMigrate', terminationGracePeriodSeconds: 180, priorityClassName: 'vm-critical',
      hostname: 'web01', subdomain: 'web', nodeSelector: { 'node-role.kubernetes.io/worker': '' },
      readinessProbe: { guestAgentPing: {}, initialDelaySeconds: 60, periodSeconds: 10 },
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, failureThreshold: 5 },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'vms', effect: 'NoSchedule' }],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a', 'b'] }] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, preference: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } }],
        },
      },
    });
    expectSchemaValid([obj]);
  });

  test('every run strategy is emitted as runStrategy, never running', () => {
    for (const strategy of Object.values(kv.RunStrategy)) {
      const [obj] = synthVms(newVm({ memory: Size.gibibytes(1), runStrategy: strategy }).c);
      expect(obj.spec.runStrategy).toBe(strategy);
      expect('running' in obj.spec).toBe(false);
    }
  });

  test('a bad affinity weight fails', () => {
    const { c, vm } = newVm({ memory: Size.gibibytes(1) });
    vm.scheduling.attract([plus.NodeLabelQuery.exists('x')], { weight: 0 });
    expect(synthError(c)).toMatch(/spec\.template\.spec\.affinity\.nodeAffinity\.preferredDuringSchedulingIgnoredDuringExecution\[0\]\.weight: .*\[vmi-scheduling-constraints-valid\]/);
  });

  test('LiveMigrate with a pod bridge or an RWO claim is a warning', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const c = chart();
      const dv = new kv.DataVolume(c, 'dv', { metadata: { name: 'd' }, source: kv.DataVolumeSource.blank(), size: Size.gibibytes(1), accessModes: [kv.AccessMode.READ_WRITE_ONCE] });
      const vm = new kv.VirtualMachine(c, 'vm', { metadata: { name: 'vm' }, memory: Size.gibibytes(1), evictionStrategy: kv.EvictionStrategy.LIVE_MIGRATE });
      vm.addDisk('d', kv.DiskSource.dataVolume(dv));
      vm.addInterface('default', kv.Interface.podBridge());
      Testing.synth(c);
      const warnings = kv.synthWarnings(vm).map((w) => w.message);
      expect(warnings).toEqual([
        expect.stringContaining('[vm-livemigrate-pod-masquerade]'),
        expect.stringContaining('[vmi-bridge-on-pod-network]'),
        "spec.template.spec.volumes (disk 'd'): with evictionStrategy LiveMigrate its claim needs ReadWriteMany, not ReadWriteOnce [construct-livemigrate-claim-rwx]",
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('profiles and the spec builder', () => {
  const highPerformance: kv.IVirtualMachineProfile = {
    applyTo(spec) {
      spec.configure({ ioThreadsPolicy: kv.IoThreadsPolicy.SHARED, dedicatedCpuPlacement: true, isolateEmulatorThread: true, bootDiskDedicatedIoThread: true });
    },
  };
  const windows: kv.IVirtualMachineProfile = {
    applyTo(spec) {
      spec.configure({
        defaultDiskBus: kv.DiskBus.SATA, defaultInterfaceModel: kv.InterfaceModel.E1000E, firmware: kv.Firmware.efi({ persistent: true }),
        features: { hyperv: kv.HypervFeatures.windows() }, clock: kv.Clock.windows(), tpm: { persistent: true }, tablet: 'usb',
        terminationGracePeriod: Duration.hours(1),
      });
    },
  };

  test('profiles mutate the domain; explicit props win over them', () => {
    const { c, vm } = newVm({ memory: Size.gibibytes(4), cpu: kv.CpuTopology.sockets(2), profiles: [windows, highPerformance], tablet: 'virtio' });
    vm.addInterface('default', kv.Interface.masquerade());
    const [obj] = synthVms(c);
    const spec = obj.spec.template.spec;
    expect(spec.domain.devices.disks).toEqual([{ name: 'root', disk: { bus: 'sata' }, bootOrder: 1 }]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {}, model: 'e1000e' }]);
    expect(spec.domain.devices.inputs).toEqual([{ type: 'tablet', bus: 'virtio', name: 'tablet' }]);
    expect(spec.domain.cpu).toMatchObject({ dedicatedCpuPlacement: true, isolateEmulatorThread: true });
    expect(spec.domain.features.smm).toEqual({ enabled: true });
    expect(spec.terminationGracePeriodSeconds).toBe(3600);
    expectSchemaValid([obj]);
  });

  test('the boot disk gets a dedicated IO thread from a profile when on virtio', () => {
    const { c, vm } = newVm({ memory: Size.gibibytes(4), profiles: [highPerformance] });
    vm.addDisk('data', kv.DiskSource.emptyDisk(Size.gibibytes(1)));
    const [obj] = synthVms(c);
    expect(obj.spec.template.spec.domain.devices.disks).toEqual([
      { name: 'root', disk: { bus: 'virtio' }, bootOrder: 1, dedicatedIOThread: true },
      { name: 'data', disk: { bus: 'virtio' } },
    ]);
    expect(obj.spec.template.spec.domain.ioThreadsPolicy).toBe('shared');
  });

  test('VirtualMachineSpecBuilder renders a spec without any construct (for templates)', () => {
    const builder = new kv.VirtualMachineSpecBuilder({ memory: Size.gibibytes(2), runStrategy: kv.RunStrategy.HALTED });
    builder.addDisk('rootdisk', kv.DiskSource.dataSource({ name: 'rhel9', namespace: 'os-images' }, { size: Size.gibibytes(30) }));
    const spec = builder.toSpec({ name: '${NAME}' }) as any;
    expect(spec.runStrategy).toBe('Halted');
    expect(spec.dataVolumeTemplates[0].metadata.name).toBe('${NAME}-rootdisk');
    expect(spec.template.metadata.labels['kubevirt.io/domain']).toBe('${NAME}');
    expect(builder.toSpec({ name: '${NAME}' })).toEqual(spec);
    expect(builder.validate({ name: 'x' })).toEqual([]);
    const vm = new kv.VirtualMachine(chart(), 'vm', { metadata: { name: 'x' }, memory: Size.gibibytes(2) });
    expect((vm.toSpec() as any).template.spec.domain.memory).toEqual({ guest: '2Gi' });
  });
});
