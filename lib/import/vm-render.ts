// The importer's prediction of what `kv.VirtualMachine` renders for the props it writes: the same
// rules as lib/compute's spec builder, over plain values. The round-trip tests hold the two equal.

export interface DiskPlan {
  readonly name: string;
  readonly options: {
    device?: string; bus?: string; bootOrder?: number; serial?: string; cache?: string; io?: string;
    dedicatedIoThread?: boolean; readOnly?: boolean; pciAddress?: string; shareable?: boolean;
  };
  /** The volume entry without its name. */
  readonly volume: Record<string, unknown>;
  readonly dataVolumeTemplate?: Record<string, unknown>;
}

export interface InterfacePlan {
  readonly name: string;
  readonly binding: string;
  /** The network entry without its name. */
  readonly network: Record<string, unknown>;
  readonly options: { model?: string; macAddress?: string; pciAddress?: string; bootOrder?: number };
  readonly ports?: Array<{ name?: string; port: number; protocol?: string }>;
}

/** The renderer's settings, as `VirtualMachineSpecBuilder` holds them after profiles and props. */
export interface VmState {
  runStrategy?: string;
  instancetype?: { kind: string; name: string };
  preference?: { kind: string; name: string };
  cpu?: { sockets: number; cores: number; threads: number };
  memory?: string;
  /** Memory requests and limits (quantities). */
  memoryResources?: { request?: string; limit?: string };
  dedicatedCpuPlacement?: boolean;
  isolateEmulatorThread?: boolean;
  ioThreadsPolicy?: string;
  firmware?: Record<string, unknown>;
  firmwareSecureBoot?: boolean;
  features?: { acpi?: boolean; apic?: boolean; smm?: boolean; hyperv?: Record<string, unknown>; kvmHidden?: boolean };
  clock?: Record<string, unknown>;
  tpm?: { persistent?: boolean };
  rng?: boolean;
  tablet?: string;
  networkInterfaceMultiqueue?: boolean;
  autoattachGraphicsDevice?: boolean;
  autoattachSerialConsole?: boolean;
  defaultDiskBus?: string;
  defaultInterfaceModel?: string;
  bootDiskDedicatedIoThread?: boolean;
  evictionStrategy?: string;
  terminationGracePeriodSeconds?: number;
  priorityClassName?: string;
  schedulerName?: string;
  serviceAccountName?: string;
  hostname?: string;
  subdomain?: string;
  nodeSelector?: Record<string, string>;
  templateLabels?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
  podNetwork?: boolean;
}

export interface VmPlan {
  state: VmState;
  disks: DiskPlan[];
  cloudInit?: { diskName: string; volume: Record<string, unknown> };
  interfaces: InterfacePlan[];
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

function nonEmpty(o: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}

function renderDisk(d: DiskPlan, defaultBus: string): Record<string, unknown> {
  const o = d.options;
  const device = o.device ?? 'disk';
  const bus = o.bus ?? (device === 'cdrom' ? 'sata' : device === 'lun' ? undefined : defaultBus);
  const target = compact({ bus, readonly: o.readOnly || undefined, pciAddress: device === 'disk' ? o.pciAddress : undefined });
  return compact({
    name: d.name, [device]: target, bootOrder: o.bootOrder, serial: o.serial, cache: o.cache, io: o.io,
    dedicatedIOThread: o.dedicatedIoThread, shareable: o.shareable,
  });
}

/** `VirtualMachine.spec` as the construct renders it for this plan. */
export function renderVmSpec(plan: VmPlan, name: string): Record<string, unknown> {
  const p = plan.state;
  const defaultBus = p.defaultDiskBus ?? 'virtio';
  const disks: Record<string, unknown>[] = [];
  const volumes: Record<string, unknown>[] = [];
  const templates: Record<string, unknown>[] = [];
  const withOrder = plan.disks.filter((d) => d.options.bootOrder !== undefined).sort((a, b) => a.options.bootOrder! - b.options.bootOrder!);
  const bootDisk = p.bootDiskDedicatedIoThread ? (withOrder[0] ?? plan.disks[0]) : undefined;
  for (const disk of plan.disks) {
    const dedicate = bootDisk === disk && disk.options.dedicatedIoThread === undefined
      && (disk.options.device ?? 'disk') === 'disk' && (disk.options.bus ?? defaultBus) === 'virtio';
    disks.push(renderDisk(dedicate ? { ...disk, options: { ...disk.options, dedicatedIoThread: true } } : disk, defaultBus));
    volumes.push({ name: disk.name, ...disk.volume });
    if (disk.dataVolumeTemplate) templates.push(disk.dataVolumeTemplate);
  }
  if (plan.cloudInit) {
    disks.push({ name: plan.cloudInit.diskName, disk: { bus: defaultBus } });
    volumes.push(plan.cloudInit.volume);
  }
  const ifaces: InterfacePlan[] = plan.interfaces.length > 0 || p.podNetwork === false ? plan.interfaces
    : [{ name: 'default', binding: 'masquerade', network: { pod: {} }, options: {} }];
  const model = p.defaultInterfaceModel ?? 'virtio';
  const devices = compact({
    disks: disks.length > 0 ? disks : undefined,
    interfaces: ifaces.length > 0 ? ifaces.map((i) => compact({
      name: i.name, [i.binding]: {}, model: i.options.model ?? model, macAddress: i.options.macAddress,
      pciAddress: i.options.pciAddress, bootOrder: i.options.bootOrder,
      ports: i.ports && i.ports.length > 0 ? i.ports.map((x) => compact({ name: x.name, port: x.port, protocol: x.protocol })) : undefined,
    })) : undefined,
    autoattachPodInterface: ifaces.length === 0 ? false : undefined,
    autoattachGraphicsDevice: p.autoattachGraphicsDevice,
    autoattachSerialConsole: p.autoattachSerialConsole,
    networkInterfaceMultiqueue: p.networkInterfaceMultiqueue,
    rng: p.rng ? {} : undefined,
    inputs: p.tablet ? [{ type: 'tablet', bus: p.tablet, name: 'tablet' }] : undefined,
    tpm: p.tpm ? compact({ persistent: p.tpm.persistent }) : undefined,
  });
  const cpu = compact({
    sockets: p.cpu?.sockets, cores: p.cpu?.cores, threads: p.cpu?.threads,
    dedicatedCpuPlacement: p.dedicatedCpuPlacement, isolateEmulatorThread: p.isolateEmulatorThread,
  });
  const f = p.features;
  const smm = f?.smm ?? (p.firmwareSecureBoot ? true : undefined);
  const features = compact({
    acpi: f?.acpi === undefined ? undefined : { enabled: f.acpi },
    apic: f?.apic === undefined ? undefined : { enabled: f.apic },
    smm: smm === undefined ? undefined : { enabled: smm },
    hyperv: f?.hyperv ? { ...f.hyperv } : undefined,
    kvm: f?.kvmHidden === undefined ? undefined : { hidden: f.kvmHidden },
  });
  const domain = compact({
    cpu: nonEmpty(cpu),
    memory: p.memory ? { guest: p.memory } : undefined,
    resources: p.memoryResources ? compact({
      requests: p.memoryResources.request ? { memory: p.memoryResources.request } : undefined,
      limits: p.memoryResources.limit ? { memory: p.memoryResources.limit } : undefined,
    }) : undefined,
    ioThreadsPolicy: p.ioThreadsPolicy,
    firmware: p.firmware,
    features: nonEmpty(features),
    clock: p.clock ? { ...p.clock } : undefined,
    devices,
  });
  const templateSpec = compact({
    domain,
    networks: ifaces.length > 0 ? ifaces.map((i) => ({ name: i.name, ...i.network })) : undefined,
    volumes: volumes.length > 0 ? volumes : undefined,
    evictionStrategy: p.evictionStrategy,
    terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
    priorityClassName: p.priorityClassName,
    schedulerName: p.schedulerName,
    serviceAccountName: p.serviceAccountName,
    hostname: p.hostname,
    subdomain: p.subdomain,
    nodeSelector: p.nodeSelector && Object.keys(p.nodeSelector).length > 0 ? { ...p.nodeSelector } : undefined,
  });
  const templateMetadata = compact({
    labels: { ...p.templateLabels, 'kubevirt.io/domain': name, 'vm.kubevirt.io/name': name },
    annotations: p.templateAnnotations && Object.keys(p.templateAnnotations).length > 0 ? { ...p.templateAnnotations } : undefined,
  });
  return compact({
    runStrategy: p.runStrategy ?? 'Always',
    instancetype: p.instancetype ? { kind: p.instancetype.kind, name: p.instancetype.name } : undefined,
    preference: p.preference ? { kind: p.preference.kind, name: p.preference.name } : undefined,
    dataVolumeTemplates: templates.length > 0 ? templates : undefined,
    template: { metadata: templateMetadata, spec: templateSpec },
  });
}

/** Applies the OS, workload and flavor profiles to a fresh state, in the construct's order. */
export function applyProfiles(state: VmState, profiles: { os?: ProfileOs; workload?: string; flavor?: ProfileFlavor }): void {
  const tag = (annotations: Record<string, string>, labels: Record<string, string> = {}) => {
    state.templateAnnotations = { ...state.templateAnnotations, ...annotations };
    state.templateLabels = { ...state.templateLabels, ...labels };
  };
  const isWindows = () => state.templateAnnotations?.['vm.kubevirt.io/os']?.startsWith('win') ?? false;
  const vcpus = () => state.cpu ? state.cpu.sockets * state.cpu.cores * state.cpu.threads : undefined;
  const os = profiles.os;
  if (os) {
    tag({ 'vm.kubevirt.io/os': os.name });
    if (os.secureBoot) {
      state.firmware = { bootloader: { efi: compact({ secureBoot: true, persistent: os.windows ? true : undefined }) } };
      state.firmwareSecureBoot = true;
    }
    if (os.windows) {
      const workload = state.templateAnnotations?.['vm.kubevirt.io/workload'];
      const hp = workload === 'highperformance';
      if (workload) {
        delete state.rng; delete state.ioThreadsPolicy; delete state.bootDiskDedicatedIoThread;
      }
      state.defaultDiskBus = hp ? 'virtio' : 'sata';
      state.defaultInterfaceModel = hp ? 'virtio' : 'e1000e';
      state.tablet = 'usb';
      state.features = { acpi: true, apic: true, smm: true, hyperv: os.hyperv };
      state.clock = os.clock;
      state.terminationGracePeriodSeconds = 3600;
      if (os.tpm) state.tpm = { persistent: true };
      const flavorName = state.templateAnnotations?.['vm.kubevirt.io/flavor'];
      const n = vcpus();
      if (os.minimumCores && n !== undefined && flavorName) state.cpu = { sockets: 1, cores: Math.max(os.minimumCores, n * 2), threads: 1 };
    }
  }
  const workload = profiles.workload;
  if (workload) {
    tag({ 'vm.kubevirt.io/workload': workload });
    const n = vcpus() ?? 1;
    if (isWindows()) {
      if (workload === 'highperformance') {
        state.defaultDiskBus = 'virtio'; state.defaultInterfaceModel = 'virtio';
        state.dedicatedCpuPlacement = true; state.isolateEmulatorThread = true;
        if (n > 1) state.networkInterfaceMultiqueue = true;
      }
    } else {
      state.rng = true;
      if (workload === 'desktop') state.tablet = 'virtio';
      if (workload === 'highperformance') {
        state.ioThreadsPolicy = 'shared'; state.dedicatedCpuPlacement = true; state.isolateEmulatorThread = true;
        state.bootDiskDedicatedIoThread = true;
      }
      if (n > 1) state.networkInterfaceMultiqueue = true;
    }
  }
  const flavor = profiles.flavor;
  if (flavor) {
    const windows11 = state.templateAnnotations?.['vm.kubevirt.io/os'] === 'windows11';
    state.cpu = windows11 ? { sockets: 1, cores: flavor.cpu * 2, threads: 1 } : { sockets: flavor.cpu, cores: 1, threads: 1 };
    state.memory = flavor.memory;
    const w = state.templateAnnotations?.['vm.kubevirt.io/workload'];
    const multiqueue = isWindows() ? w === 'highperformance' : w !== undefined;
    if (flavor.cpu > 1 && multiqueue) state.networkInterfaceMultiqueue = true;
    tag({ 'vm.kubevirt.io/flavor': flavor.name }, { 'kubevirt.io/size': flavor.name });
  }
}

export interface ProfileOs {
  name: string; secureBoot: boolean; windows: boolean; tpm: boolean; minimumCores?: number;
  hyperv: Record<string, unknown>; clock: Record<string, unknown>;
}

export interface ProfileFlavor { name: string; cpu: number; memory: string }
