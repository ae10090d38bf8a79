// Legacy flavors and workload profiles: the console's size and workload choices, applied to a
// VM's spec builder the way common-templates shape their VMs.
import { Size } from 'cdk8s';
import {
  CpuTopology, DiskBus, InterfaceModel, IoThreadsPolicy, IVirtualMachineProfile, VirtualMachineSpecBuilder,
} from '../compute';
import { isWindowsSpec, tagTemplate, VM_FLAVOR_ANNOTATION, VM_OS_ANNOTATION, VM_SIZE_LABEL, VM_WORKLOAD_ANNOTATION, workloadOf } from './profile-tags';
import { catalogQuantity } from './quantity';

/**
 * A legacy size preset (vCPUs as single-core sockets plus guest memory), as the seed's console
 * and common-templates define them. Prefer instancetypes for new VMs.
 */
export class Flavor implements IVirtualMachineProfile {
  /** 1 vCPU, 1 GiB. */
  public static readonly TINY = new Flavor('tiny', 1, Size.gibibytes(1));
  /** 1 vCPU, 2 GiB. */
  public static readonly SMALL = new Flavor('small', 1, Size.gibibytes(2));
  /** 1 vCPU, 4 GiB. */
  public static readonly MEDIUM = new Flavor('medium', 1, Size.gibibytes(4));
  /** 2 vCPUs, 8 GiB. */
  public static readonly LARGE = new Flavor('large', 2, Size.gibibytes(8));

  /** Any size; labelled `custom` as the console does. */
  public static custom(cpu: number, memory: Size): Flavor {
    return new Flavor('custom', cpu, memory);
  }

  private constructor(
    /** `tiny`, `small`, `medium`, `large` or `custom`. */
    public readonly name: string,
    /** Guest vCPUs. */
    public readonly cpu: number,
    /** Guest memory. */
    public readonly memory: Size,
  ) {
    if (!Number.isInteger(cpu) || cpu < 1) throw new Error(`Flavor: cpu must be a positive integer, got ${cpu}`);
    if (!(memory.toKibibytes() > 0)) throw new Error(`Flavor: memory must be positive, got ${catalogQuantity(memory)}`);
  }

  /** Label the console filters templates and VMs by (`flavor.template.kubevirt.io/<name>`). */
  public get label(): string {
    return `flavor.template.kubevirt.io/${this.name}`;
  }

  /** The object labels this flavor contributes (`{ 'flavor.template.kubevirt.io/small': 'true' }`). */
  public get labels(): Record<string, string> {
    return { [this.label]: 'true' };
  }

  public applyTo(spec: VirtualMachineSpecBuilder): void {
    // Windows 11 templates count cores, two per flavor vCPU (medium: 2 cores, large: 4).
    const windows11 = spec.props.templateAnnotations?.[VM_OS_ANNOTATION] === 'windows11';
    spec.configure({ cpu: windows11 ? CpuTopology.cores(this.cpu * 2) : CpuTopology.sockets(this.cpu), memory: this.memory });
    // Every Linux workload enables NIC multiqueue above one vCPU; Windows only with high performance.
    const workload = workloadOf(spec);
    const multiqueue = isWindowsSpec(spec) ? workload === 'highperformance' : workload !== undefined;
    if (this.cpu > 1 && multiqueue) spec.configure({ networkInterfaceMultiqueue: true });
    tagTemplate(spec, { [VM_FLAVOR_ANNOTATION]: this.name }, { [VM_SIZE_LABEL]: this.name });
  }
}

/**
 * What the console's workload choice changes in the domain (common-templates' `server`,
 * `desktop`, `highperformance`). Linux and Windows guests differ; the profile reads the OS
 * profile's `vm.kubevirt.io/os` annotation, and `OsProfile` reads the workload's, so the
 * order in which they are applied does not matter.
 */
export class WorkloadProfile implements IVirtualMachineProfile {
  /** virtio disk and NIC, RNG; NIC multiqueue above one vCPU. */
  public static readonly SERVER = new WorkloadProfile('server');
  /** Server plus a virtio tablet (absolute pointer for the graphical console); Windows: USB tablet only. */
  public static readonly DESKTOP = new WorkloadProfile('desktop');
  /** Dedicated CPUs, isolated emulator thread, shared IO thread with a dedicated one for the boot disk, multiqueue. */
  public static readonly HIGH_PERFORMANCE = new WorkloadProfile('highperformance');

  private constructor(
    /** `server`, `desktop` or `highperformance`. */
    public readonly name: 'server' | 'desktop' | 'highperformance',
  ) {}

  /** `workload.template.kubevirt.io/<name>`. */
  public get label(): string {
    return `workload.template.kubevirt.io/${this.name}`;
  }

  /** The object labels this workload contributes. */
  public get labels(): Record<string, string> {
    return { [this.label]: 'true' };
  }

  public applyTo(spec: VirtualMachineSpecBuilder): void {
    tagTemplate(spec, { [VM_WORKLOAD_ANNOTATION]: this.name });
    const vcpus = spec.props.cpu?.vcpus ?? 1;
    if (isWindowsSpec(spec)) {
      // Windows keeps SATA/e1000e/USB tablet from its OS profile, except high performance,
      // which switches to virtio and dedicated CPUs (no IO-thread settings).
      if (this.name === 'highperformance') {
        spec.configure({
          defaultDiskBus: DiskBus.VIRTIO, defaultInterfaceModel: InterfaceModel.VIRTIO,
          dedicatedCpuPlacement: true, isolateEmulatorThread: true,
        });
        if (vcpus > 1) spec.configure({ networkInterfaceMultiqueue: true });
      }
      return;
    }
    spec.configure({ rng: true });
    if (this.name === 'desktop') spec.configure({ tablet: 'virtio' });
    if (this.name === 'highperformance') {
      spec.configure({
        ioThreadsPolicy: IoThreadsPolicy.SHARED, dedicatedCpuPlacement: true, isolateEmulatorThread: true,
        bootDiskDedicatedIoThread: true,
      });
    }
    if (vcpus > 1) spec.configure({ networkInterfaceMultiqueue: true });
  }
}
