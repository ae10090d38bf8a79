import { compactOrOmit } from '../core/compact';
import { constructCheck } from '../core/construct-checks';
import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualMachineClusterInstancetype, VirtualMachineInstancetype } from '../../imports/instancetype.kubevirt.io';
import { IInstancetype, KubeVirtResource, KubeVirtResourceProps } from '../core';
import { sizeToBytes, catalogQuantity } from './quantity';

/**
 * IO thread policy values; compute's `IoThreadsPolicy` enum members are accepted as they are.
 * `shared`: one IO thread for all disks; `auto`: a pool sized from the vCPUs; `supplementalPool`:
 * a fixed pool of `supplementalPoolThreadCount` threads.
 */
export type IoThreadsPolicyValue = 'shared' | 'auto' | 'supplementalPool';

/** Size of the hugepages backing guest memory. */
export enum HugepageSize {
  TWO_MEBIBYTES = '2Mi',
  ONE_GIBIBYTE = '1Gi',
}

/** A device-plugin resource (GPU or host device) requested by an instancetype. */
export interface DeviceRequest {
  /** Name of the device inside the VM spec. */
  readonly name: string;
  /** Resource name exposed by the device plugin, e.g. `nvidia.com/TU104GL_Tesla_T4`. */
  readonly deviceName: string;
  /**
   * Tag exposed to the guest through the config drive.
   * @default - none
   */
  readonly tag?: string;
}

/** What an instancetype fixes: the VM's size and the resources behind it. */
export interface InstancetypeSpecProps {
  /** Number of vCPUs exposed to the guest (`spec.cpu.guest`). */
  readonly cpu: number;
  /** Memory visible to the guest (`spec.memory.guest`). */
  readonly memory: Size;
  /**
   * CPU model, e.g. `host-passthrough` or a libvirt model name.
   * @default - KubeVirt's default (host-model)
   */
  readonly cpuModel?: string;
  /**
   * Pin each vCPU to a dedicated host CPU (needs the CPU manager on the node).
   * @default false
   */
  readonly dedicatedCpuPlacement?: boolean;
  /**
   * Give the emulator thread one more dedicated host CPU.
   * @default false
   */
  readonly isolateEmulatorThread?: boolean;
  /**
   * Mirror the host NUMA topology of the pinned CPUs into the guest (`numa.guestMappingPassthrough`).
   * @default false
   */
  readonly numaPassthrough?: boolean;
  /**
   * Tune the VM for realtime workloads; a string value is the vCPU mask (`realtime.mask`).
   * @default false
   */
  readonly realtime?: boolean | string;
  /**
   * Maximum sockets for CPU hotplug; equal to the vCPU count disables the hotplug headroom.
   * @default - KubeVirt's cluster default
   */
  readonly maxSockets?: number;
  /**
   * Back guest memory with hugepages of this size.
   * @default - regular memory
   */
  readonly hugepages?: HugepageSize;
  /**
   * Percentage of guest memory the launcher pod does not request (0-100).
   * @default 0
   */
  readonly memoryOvercommitPercent?: number;
  /**
   * Upper bound for memory hotplug (`memory.maxGuest`).
   * @default - no memory hotplug headroom beyond the cluster default
   */
  readonly maxGuestMemory?: Size;
  /**
   * IO thread policy of the domain (`IoThreadsPolicy.AUTO` or `'auto'`).
   * @default - KubeVirt's default (none)
   */
  readonly ioThreadsPolicy?: IoThreadsPolicyValue;
  /**
   * IO threads of the supplemental pool; only with the `supplementalPool` policy.
   * @default - KubeVirt's default
   */
  readonly supplementalPoolThreadCount?: number;
  /**
   * GPUs passed to the VM. More can be added with `addGpu()`.
   * @default - none
   */
  readonly gpus?: DeviceRequest[];
  /**
   * Host devices passed to the VM. More can be added with `addHostDevice()`.
   * @default - none
   */
  readonly hostDevices?: DeviceRequest[];
  /**
   * Node labels the VM must be scheduled on.
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Scheduler that places the VM's pod.
   * @default - the default scheduler
   */
  readonly schedulerName?: string;
  /**
   * Annotations put on the VM's launcher pod (e.g. CRI-O CPU load-balancing switches).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Renders the v1beta1 instancetype spec. Shared by the constructs and the common catalog. */
export function renderInstancetypeSpec(props: InstancetypeSpecProps): Record<string, unknown> {
  const realtime = props.realtime === true ? {} : typeof props.realtime === 'string' ? { mask: props.realtime } : undefined;
  const devices = (list?: DeviceRequest[]) => (list && list.length > 0
    ? list.map((d) => compactOrOmit({ name: d.name, deviceName: d.deviceName, tag: d.tag }))
    : undefined);
  return compactOrOmit({
    cpu: compactOrOmit({
      guest: props.cpu,
      model: props.cpuModel,
      dedicatedCPUPlacement: props.dedicatedCpuPlacement,
      isolateEmulatorThread: props.isolateEmulatorThread,
      numa: props.numaPassthrough ? { guestMappingPassthrough: {} } : undefined,
      realtime,
      maxSockets: props.maxSockets,
    }),
    memory: compactOrOmit({
      guest: catalogQuantity(props.memory),
      hugepages: props.hugepages ? { pageSize: props.hugepages } : undefined,
      overcommitPercent: props.memoryOvercommitPercent,
      maxGuest: props.maxGuestMemory ? catalogQuantity(props.maxGuestMemory) : undefined,
    }),
    ioThreadsPolicy: props.ioThreadsPolicy,
    ioThreads: props.supplementalPoolThreadCount !== undefined
      ? { supplementalPoolThreadCount: props.supplementalPoolThreadCount } : undefined,
    gpus: devices(props.gpus),
    hostDevices: devices(props.hostDevices),
    nodeSelector: props.nodeSelector && Object.keys(props.nodeSelector).length > 0 ? { ...props.nodeSelector } : undefined,
    schedulerName: props.schedulerName,
    annotations: props.annotations && Object.keys(props.annotations).length > 0 ? { ...props.annotations } : undefined,
  }) ?? {};
}

/** The instancetype admission rules (validation-rules.md section 6) checkable from the props alone. */
export function validateInstancetypeSpec(props: InstancetypeSpecProps): string[] {
  // Presence of guest CPU/memory and the overcommit rules are the validator's (it-*, what the
  // instancetype webhook checks), run on the rendered object. These values pass admission but
  // leave every VM using the instancetype unable to start, or are silently ignored.
  const id = 'construct-instancetype-values';
  const errors: string[] = [];
  if (!Number.isInteger(props.cpu) || props.cpu < 1) {
    errors.push(constructCheck('spec.cpu.guest', `${props.cpu} must be a positive integer`, id));
  }
  if (!(sizeToBytes(props.memory) > 0)) {
    errors.push(constructCheck('spec.memory.guest', `${catalogQuantity(props.memory)} must be greater than zero`, id));
  }
  if (props.maxGuestMemory && sizeToBytes(props.maxGuestMemory) < sizeToBytes(props.memory)) {
    errors.push(constructCheck('spec.memory.maxGuest', `${catalogQuantity(props.maxGuestMemory)} is below spec.memory.guest ${catalogQuantity(props.memory)}`, id));
  }
  if (props.maxSockets !== undefined && (!Number.isInteger(props.maxSockets) || props.maxSockets < 1)) {
    errors.push(constructCheck('spec.cpu.maxSockets', `${props.maxSockets} must be a positive integer`, id));
  }
  if (props.supplementalPoolThreadCount !== undefined && props.ioThreadsPolicy !== 'supplementalPool') {
    errors.push(constructCheck('spec.ioThreads.supplementalPoolThreadCount', "only used with ioThreadsPolicy 'supplementalPool'", id));
  }
  if (props.isolateEmulatorThread && !props.dedicatedCpuPlacement) {
    // KubeVirt ignores the flag without dedicated CPUs; a silent no-op is a mistake worth flagging.
    errors.push(constructCheck('spec.cpu.isolateEmulatorThread', 'requires spec.cpu.dedicatedCPUPlacement', id));
  }
  return errors;
}

/** Properties of `Instancetype` and `ClusterInstancetype`. */
export interface InstancetypeProps extends KubeVirtResourceProps, InstancetypeSpecProps {}

/** Shared behaviour of the namespaced and cluster-wide instancetype constructs. */
export abstract class InstancetypeBase extends KubeVirtResource implements IInstancetype {
  /** Guest vCPUs. */
  public readonly cpu: number;
  /** Guest memory. */
  public readonly memory: Size;
  private readonly spec: InstancetypeSpecProps;
  private readonly gpus: DeviceRequest[];
  private readonly hostDevices: DeviceRequest[];

  protected constructor(scope: Construct, id: string, clusterScoped: boolean, props: InstancetypeProps) {
    super(scope, id, clusterScoped
      ? { gvk: VirtualMachineClusterInstancetype.GVK }
      : { gvk: VirtualMachineInstancetype.GVK }, props);
    this.spec = props;
    this.cpu = props.cpu;
    this.memory = props.memory;
    this.gpus = [...(props.gpus ?? [])];
    this.hostDevices = [...(props.hostDevices ?? [])];
    this.node.addValidation({ validate: () => validateInstancetypeSpec(this.currentSpec()) });
  }

  /** The API kind, as a VM's `spec.instancetype.kind` names it. */
  public get kind(): 'VirtualMachineInstancetype' | 'VirtualMachineClusterInstancetype' {
    return this.clusterScoped ? 'VirtualMachineClusterInstancetype' : 'VirtualMachineInstancetype';
  }

  /** Adds a GPU (`spec.gpus`). */
  public addGpu(gpu: DeviceRequest): this {
    this.gpus.push(gpu);
    return this;
  }

  /** Adds a host device (`spec.hostDevices`). */
  public addHostDevice(device: DeviceRequest): this {
    this.hostDevices.push(device);
    return this;
  }

  /** The rendered `spec` (what VMs using this instancetype are checked against at synth). */
  public renderSpec(): Record<string, unknown> {
    return renderInstancetypeSpec(this.currentSpec());
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: this.renderSpec() };
  }

  private currentSpec(): InstancetypeSpecProps {
    return { ...this.spec, gpus: this.gpus, hostDevices: this.hostDevices };
  }
}

/** A namespaced `VirtualMachineInstancetype`: sizes VMs of one namespace. */
export class Instancetype extends InstancetypeBase {
  constructor(scope: Construct, id: string, props: InstancetypeProps) {
    super(scope, id, false, props);
  }
}

/** A cluster-wide `VirtualMachineClusterInstancetype`: usable by VMs of every namespace. */
export class ClusterInstancetype extends InstancetypeBase {
  constructor(scope: Construct, id: string, props: InstancetypeProps) {
    super(scope, id, true, props);
  }
}
