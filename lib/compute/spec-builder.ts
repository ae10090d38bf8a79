import { compact, compactOrOmit } from '../core/compact';
import { IConstruct } from 'constructs';
import { AccessCredential } from './access-credential';
import { CloudInit } from './cloud-init';
import { DiskBus, DiskDevice, DiskOptions, renderDisk, VmDisk, VolumeOptions } from './disk';
import { DiskSource } from './disk-source';
import { renderRealtime, VmDevices } from './devices/vm-devices';
import { renderInstancetypeMatcher, renderPreferenceMatcher } from './flavor-ref';
import { Interface, InterfaceModel, InterfaceOptions, renderInterface, VmInterface } from './interface';
import { RunStrategy } from './lifecycle';
import { HOTPLUGGABLE_VOLUME_KINDS } from './live-update';
import { renderPodOptions } from './pod-options';
import { toQuantity } from './quantity';
import { VmScheduling } from './scheduling';
import { VirtualMachineSpecProps } from './spec-props';
import { specWarnings, validateSpec } from './spec-validation';

/** Labels every VM template carries, so Services and NetworkPolicies can select the VM's pod. */
export const DOMAIN_LABEL = 'kubevirt.io/domain';
export const VM_NAME_LABEL = 'vm.kubevirt.io/name';

/** Identity of the VM being rendered. */
export interface VirtualMachineSpecContext {
  readonly name: string;
  readonly namespace?: string;
  /**
   * The labels that select the VM's pod (added to the template labels).
   * @default - `kubevirt.io/domain` and `vm.kubevirt.io/name` set to the name
   */
  readonly podLabels?: Record<string, string>;
}

/**
 * The VM spec as typed state plus a pure renderer: `VirtualMachine` wraps one, and a template
 * construct can use one directly to embed a VM spec without emitting a VirtualMachine object.
 */
export class VirtualMachineSpecBuilder {
  /** Node selector, tolerations and (anti-)affinity. */
  public readonly scheduling = new VmScheduling();
  /** GPUs, host devices and virtiofs filesystems added with `addX()`. */
  public readonly devices = new VmDevices();
  private _props: VirtualMachineSpecProps;
  private readonly _disks: VmDisk[] = [];
  private readonly _interfaces: VmInterface[] = [];
  private readonly _credentials: AccessCredential[];
  private readonly _cloudInit: { value?: CloudInit } = {};

  constructor(props: VirtualMachineSpecProps = {}) {
    this._props = {};
    this._credentials = [];
    this.configure(props);
  }

  /** The props as configured so far (profiles included). */
  public get props(): VirtualMachineSpecProps { return this._props; }
  public get disks(): readonly VmDisk[] { return this._disks; }
  public get interfaces(): readonly VmInterface[] { return this._interfaces; }
  public get accessCredentials(): readonly AccessCredential[] { return this._credentials; }
  public get cloudInit(): CloudInit | undefined { return this._cloudInit.value; }

  /** Adds a disk and its volume under one name. */
  public addDisk(name: string, source: DiskSource, options: DiskOptions = {}): this {
    this._disks.push({ name, source, options });
    return this;
  }

  /** Adds a volume without a disk entry (KubeVirt gives it a default disk of its name when the VM starts). */
  public addVolume(name: string, source: DiskSource, options: VolumeOptions = {}): this {
    this._disks.push({ name, source, options: { hotpluggable: options.hotpluggable }, volumeOnly: true });
    return this;
  }

  /** Adds a NIC and its network under one name. */
  public addInterface(name: string, nic: Interface, options: InterfaceOptions = {}): this {
    this._interfaces.push({ name, nic, options });
    return this;
  }

  /** Adds (or replaces) a label of the VM's template (its VMI and pod). */
  public addTemplateLabel(key: string, value: string): this {
    this._props = { ...this._props, templateLabels: { ...this._props.templateLabels, [key]: value } };
    return this;
  }

  /** Adds (or replaces) an annotation of the VM's template (its VMI and pod). */
  public addTemplateAnnotation(key: string, value: string): this {
    this._props = { ...this._props, templateAnnotations: { ...this._props.templateAnnotations, [key]: value } };
    return this;
  }

  /**
   * The template labels that select the VM's pod: both selector labels by default; with
   * `select: false`, those of them `templateLabels` set to the VM name (empty: none).
   */
  public podSelectorLabels(name: string): Record<string, string> {
    if (this._props.select !== false) return selectorLabels(name);
    const own = this._props.templateLabels ?? {};
    return Object.fromEntries([DOMAIN_LABEL, VM_NAME_LABEL].filter((k) => own[k] === name).map((k) => [k, name]));
  }

  public addAccessCredential(credential: AccessCredential): this {
    this._credentials.push(credential);
    return this;
  }

  public setCloudInit(cloudInit: CloudInit | undefined): void {
    this._cloudInit.value = cloudInit;
  }

  /**
   * Overrides settings (what workload and OS profiles do). `cloudInit` replaces the cloud-init disk,
   * `accessCredentials` and `nodeSelector` add to what is there.
   */
  public configure(options: VirtualMachineSpecProps): void {
    const { accessCredentials, nodeSelector, cloudInit, ...rest } = options;
    this._props = { ...this._props, ...rest };
    if (cloudInit) this._cloudInit.value = cloudInit;
    for (const c of accessCredentials ?? []) this._credentials.push(c);
    for (const [k, v] of Object.entries(nodeSelector ?? {})) this.scheduling.selectNode(k, v);
  }

  /** Constructs the VM must be applied after: DataVolumes, NADs, Secrets, DataSources... */
  public get dependencies(): IConstruct[] {
    const all = [
      ...this._disks.flatMap((d) => d.source.dependencies),
      ...this._interfaces.flatMap((i) => i.nic.dependencies),
      ...this._credentials.flatMap((c) => c.dependencies),
      ...this._cloudInit.value?.dependencies ?? [],
      ...this.devices.dependencies,
    ];
    return [...new Set(all)];
  }

  /** The interfaces actually rendered: the declared ones, or the implicit masquerade pod NIC. */
  public get effectiveInterfaces(): VmInterface[] {
    if (this._interfaces.length > 0 || this._props.podNetwork === false) return [...this._interfaces];
    return [{ name: 'default', nic: Interface.masquerade(), options: {} }];
  }

  /** Construct-time errors that need typed state (the validator's rules check the rendered VM). */
  public validate(ctx: VirtualMachineSpecContext): string[] {
    return validateSpec(this, ctx);
  }

  /** Construct-time warnings that need typed state (the validator's rules warn on the rendered VM). */
  public warnings(): string[] {
    return specWarnings(this);
  }


  /** The boot disk: the lowest boot order, else the first disk (volumes added without a disk aside). */
  public get bootDisk(): VmDisk | undefined {
    const disks = this._disks.filter((d) => !d.volumeOnly);
    const ordered = disks.filter((d) => d.options.bootOrder !== undefined)
      .sort((a, b) => a.options.bootOrder! - b.options.bootOrder!);
    return ordered[0] ?? disks[0];
  }

  /** Renders `VirtualMachine.spec`. Pure: calling it twice gives equal results. */
  public toSpec(ctx: VirtualMachineSpecContext): Record<string, unknown> {
    const p = this._props;
    const disks: Record<string, unknown>[] = [];
    const volumes: Record<string, unknown>[] = [];
    const templates: Record<string, unknown>[] = [];
    const defaultBus = p.defaultDiskBus ?? DiskBus.VIRTIO;
    const boot = p.bootDiskDedicatedIoThread ? this.bootDisk : undefined;
    for (const disk of this._disks) {
      // Only virtio disks can have their own IO thread; a profile never makes a disk invalid.
      const dedicate = boot === disk && disk.options.dedicatedIoThread === undefined
        && (disk.options.device ?? DiskDevice.DISK) === DiskDevice.DISK && (disk.options.bus ?? defaultBus) === DiskBus.VIRTIO;
      const d = dedicate ? { ...disk, options: { ...disk.options, dedicatedIoThread: true } } : disk;
      if (!disk.volumeOnly) disks.push(renderDisk(d, defaultBus));
      const rendered = disk.source.render({ vmName: ctx.name, diskName: disk.name, namespace: ctx.namespace });
      volumes.push({ name: disk.name, ...disk.options.hotpluggable ? hotpluggable(rendered.volume) : rendered.volume });
      if (rendered.dataVolumeTemplate) templates.push(rendered.dataVolumeTemplate);
    }
    const cloudInit = this._cloudInit.value;
    if (cloudInit) {
      if (!cloudInit.volumeOnly) disks.push({ name: cloudInit.diskName, disk: { bus: defaultBus } });
      volumes.push(cloudInit.renderVolume());
    }
    const ifaces = this.effectiveInterfaces;
    const model = p.explicitInterfaceModel === false ? undefined : p.defaultInterfaceModel ?? InterfaceModel.VIRTIO;
    const extra = this.devices.render(p);
    volumes.push(...extra.volumes);
    const devices = compact({
      disks: disks.length > 0 ? disks : undefined,
      interfaces: ifaces.length > 0 ? ifaces.map((i) => renderInterface(i, model)) : undefined,
      autoattachPodInterface: ifaces.length === 0 ? false : undefined,
      autoattachGraphicsDevice: p.autoattachGraphicsDevice,
      autoattachSerialConsole: p.autoattachSerialConsole,
      networkInterfaceMultiqueue: p.networkInterfaceMultiqueue,
      rng: p.rng ? {} : undefined,
      inputs: p.tablet ? [{ type: 'tablet', bus: p.tablet, name: 'tablet' }] : undefined,
      tpm: p.tpm ? compact({ persistent: p.tpm.persistent }) : undefined,
      ...extra.devices,
    });
    const pod = renderPodOptions(p);
    const templateSpec = compact({
      architecture: p.architecture,
      domain: this.renderDomain(devices),
      networks: ifaces.length > 0 ? ifaces.map((i) => i.nic.network._render(i.name)) : undefined,
      volumes: volumes.length > 0 ? volumes : undefined,
      accessCredentials: this._credentials.length > 0 ? this._credentials.map((c) => c.render()) : undefined,
      evictionStrategy: p.evictionStrategy,
      terminationGracePeriodSeconds: p.terminationGracePeriod?.toSeconds(),
      priorityClassName: p.priorityClassName,
      schedulerName: p.schedulerName,
      serviceAccountName: p.serviceAccountName,
      readinessProbe: p.readinessProbe?.render(),
      livenessProbe: p.livenessProbe?.render(),
      hostname: p.hostname,
      subdomain: p.subdomain,
      ...this.scheduling.render(),
      ...pod.spec,
    });
    const annotations = { ...pod.annotations, ...p.templateAnnotations };
    const labels = { ...p.templateLabels, ...ctx.podLabels ?? (p.select === false ? {} : selectorLabels(ctx.name)) };
    const templateMetadata = compactOrOmit({
      labels: Object.keys(labels).length > 0 ? labels : undefined,
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    });
    return compact({
      runStrategy: p.runStrategy ?? RunStrategy.ALWAYS,
      instancetype: renderInstancetypeMatcher(p.instancetype),
      preference: renderPreferenceMatcher(p.preference),
      dataVolumeTemplates: templates.length > 0 ? templates : undefined,
      updateVolumesStrategy: p.updateVolumesStrategy,
      template: compact({ metadata: templateMetadata, spec: templateSpec }),
    });
  }

  private renderDomain(devices: Record<string, unknown>): Record<string, unknown> {
    const p = this._props;
    const cpu = compact({
      ...p.cpu?._render(),
      maxSockets: p.maxSockets,
      model: p.cpuModel,
      dedicatedCpuPlacement: p.dedicatedCpuPlacement,
      isolateEmulatorThread: p.isolateEmulatorThread,
      numa: p.numaGuestMappingPassthrough ? { guestMappingPassthrough: {} } : undefined,
      realtime: renderRealtime(p.realtime),
    });
    const memory = compact({
      guest: p.memory ? toQuantity(p.memory) : undefined,
      maxGuest: p.maxGuestMemory ? toQuantity(p.maxGuestMemory) : undefined,
      hugepages: p.hugepages ? { pageSize: toQuantity(p.hugepages) } : undefined,
    });
    const r = p.resources;
    const requests = compact({ cpu: r?.cpu?.request?.amount, memory: r?.memory?.request ? toQuantity(r.memory.request) : undefined });
    const limits = compact({ cpu: r?.cpu?.limit?.amount, memory: r?.memory?.limit ? toQuantity(r.memory.limit) : undefined });
    const resources = compact({
      requests: Object.keys(requests).length > 0 ? requests : undefined,
      limits: Object.keys(limits).length > 0 ? limits : undefined,
    });
    const f = p.features;
    const smm = f?.smm ?? (p.firmware?.secureBoot ? true : undefined);
    const features = compact({
      acpi: f?.acpi === undefined ? undefined : { enabled: f.acpi },
      apic: f?.apic === undefined ? undefined : { enabled: f.apic },
      smm: smm === undefined ? undefined : { enabled: smm },
      hyperv: f?.hyperv ? { ...f.hyperv.features } : undefined,
      kvm: f?.kvmHidden === undefined ? undefined : { hidden: f.kvmHidden },
    });
    return compact({
      cpu: nonEmpty(cpu),
      memory: nonEmpty(memory),
      resources: nonEmpty(resources),
      ioThreadsPolicy: p.ioThreadsPolicy,
      ioThreads: p.supplementalPoolThreadCount !== undefined ? { supplementalPoolThreadCount: p.supplementalPoolThreadCount } : undefined,
      machine: p.machineType ? { type: p.machineType } : undefined,
      firmware: p.firmware?.render(),
      features: nonEmpty(features),
      clock: p.clock ? { ...p.clock.clock } : undefined,
      devices,
    });
  }
}

/** The labels every VM template carries unless `select: false`. */
function selectorLabels(name: string): Record<string, string> {
  return { [DOMAIN_LABEL]: name, [VM_NAME_LABEL]: name };
}

/** The volume with `hotpluggable: true` on its claim source (other kinds cannot be hot-plugged: a construct check says so). */
function hotpluggable(volume: Record<string, unknown>): Record<string, unknown> {
  const kind = HOTPLUGGABLE_VOLUME_KINDS.find((k) => k in volume);
  return kind ? { ...volume, [kind]: { ...volume[kind] as object, hotpluggable: true } } : volume;
}

function nonEmpty(obj: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(obj).length > 0 ? obj : undefined;
}
