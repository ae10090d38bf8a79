// How a VirtualMachinePool replaces VMs on a template change and removes them on scale-in
// (pool.kubevirt.io/v1beta1 updateStrategy, scaleInStrategy).
import { compact } from '../core/compact';

/** The order in which a pool picks the VMs it stops or updates first. */
export enum PoolSortPolicy {
  ASCENDING_ORDER = 'AscendingOrder',
  DESCENDING_ORDER = 'DescendingOrder',
  NEWEST = 'Newest',
  OLDEST = 'Oldest',
  RANDOM = 'Random',
}

/** What a pool keeps of a VM it scales in. */
export enum PoolStatePreservation {
  /** Delete the VM and its disks. */
  DISABLED = 'Disabled',
  /** Stop the VM and keep it (and its disks) for a later scale-out. */
  OFFLINE = 'Offline',
  /** Keep the VM's state, memory included, for a later scale-out. */
  ONLINE = 'Online',
}

/** Which VMs a pool acts on first. */
export interface PoolSelectionPolicy {
  /**
   * Order of the VMs the selectors leave.
   * @default PoolSortPolicy.RANDOM
   */
  readonly sortPolicy?: PoolSortPolicy;
  /**
   * VMs carrying these labels are picked first.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

function renderSelection(selection: PoolSelectionPolicy | undefined): Record<string, unknown> | undefined {
  if (!selection) return undefined;
  const labels = selection.labels && Object.keys(selection.labels).length > 0 ? selection.labels : undefined;
  return compact({ sortPolicy: selection.sortPolicy, selectors: labels ? { labelSelector: { matchLabels: { ...labels } } } : undefined });
}

/** Options of a proactive scale-in. */
export interface PoolProactiveScaleInOptions {
  /** @default - random */
  readonly selection?: PoolSelectionPolicy;
  /** @default PoolStatePreservation.DISABLED */
  readonly statePreservation?: PoolStatePreservation;
}

/** How a pool removes VMs when `replicas` goes down. */
export class PoolScaleInStrategy {
  /** Stop and remove VMs as soon as replicas go down (KubeVirt's default). */
  public static proactive(options: PoolProactiveScaleInOptions = {}): PoolScaleInStrategy {
    return new PoolScaleInStrategy({ proactive: compact({ selectionPolicy: renderSelection(options.selection), statePreservation: options.statePreservation }) });
  }

  /** Remove a VM only when it goes by other means (deleted or stopped by a person). */
  public static opportunistic(statePreservation?: PoolStatePreservation): PoolScaleInStrategy {
    return new PoolScaleInStrategy({ opportunistic: compact({ statePreservation }) });
  }

  /** Never remove a VM: people scale in by hand. */
  public static unmanaged(): PoolScaleInStrategy {
    return new PoolScaleInStrategy({ unmanaged: {} });
  }

  private constructor(private readonly rendered: Record<string, unknown>) {}

  /** The `spec.scaleInStrategy` object. */
  public render(): Record<string, unknown> {
    return structuredClone(this.rendered);
  }
}

/** How a pool brings its VMs to a changed template. */
export class PoolUpdateStrategy {
  /** Restart VMs onto the new template, `maxUnavailable` at a time. */
  public static proactive(selection?: PoolSelectionPolicy): PoolUpdateStrategy {
    return new PoolUpdateStrategy({ proactive: compact({ selectionPolicy: renderSelection(selection) }) });
  }

  /** Update the VM objects; each instance picks the change up at its next restart. */
  public static opportunistic(): PoolUpdateStrategy {
    return new PoolUpdateStrategy({ opportunistic: {} });
  }

  /** Leave existing VMs alone; only new VMs use the new template. */
  public static unmanaged(): PoolUpdateStrategy {
    return new PoolUpdateStrategy({ unmanaged: {} });
  }

  private constructor(private readonly rendered: Record<string, unknown>) {}

  /** The `spec.updateStrategy` object. */
  public render(): Record<string, unknown> {
    return structuredClone(this.rendered);
  }
}
