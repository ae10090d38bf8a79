import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualMachineRestore as L1Restore, VirtualMachineSnapshot as L1Snapshot } from '../../imports/snapshot.kubevirt.io';
import { VirtualMachine } from '../compute/virtual-machine';
import { withCheckId } from '../core/construct-checks';
import { isDnsSubdomain } from '../core/quantity';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import { addSynthWarning } from '../core/warnings';

/** What happens to the snapshot's content when the VirtualMachineSnapshot is deleted. */
export enum SnapshotDeletionPolicy {
  /** Delete the content (volume snapshots) with it (KubeVirt's default). */
  DELETE = 'Delete',
  /** Keep the content. */
  RETAIN = 'Retain',
}

/** Properties of a `VirtualMachineSnapshot`. */
export interface VirtualMachineSnapshotProps extends KubeVirtResourceProps {
  /** The VM to snapshot (a construct, or the name of a VM in the snapshot's namespace). */
  readonly vm: VirtualMachine | string;
  /** @default SnapshotDeletionPolicy.DELETE (KubeVirt's default) */
  readonly deletionPolicy?: SnapshotDeletionPolicy;
  /** Mark the snapshot failed when it takes longer. @default Duration.minutes(5) (KubeVirt's default) */
  readonly failureDeadline?: Duration;
}

/** A `VirtualMachineSnapshot` (`snapshot.kubevirt.io/v1beta1`): a point-in-time copy of a VM's spec and volumes. */
export class VirtualMachineSnapshot extends KubeVirtResource {
  /** Name of the snapshotted VM. */
  public readonly vmName: string;
  /** The snapshotted VM construct, when given one. */
  public readonly vm?: VirtualMachine;
  private readonly props: VirtualMachineSnapshotProps;

  constructor(scope: Construct, id: string, props: VirtualMachineSnapshotProps) {
    super(scope, id, { gvk: L1Snapshot.GVK }, withVmNamespace(props, props.vm));
    this.props = props;
    this.vmName = typeof props.vm === 'string' ? props.vm : props.vm.name;
    if (typeof props.vm !== 'string') {
      this.vm = props.vm;
      this.addDependency(props.vm);
    }
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-data-protection-ref') });
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.props;
    const spec: Record<string, unknown> = { source: vmRef(this.vmName) };
    if (p.deletionPolicy) spec.deletionPolicy = p.deletionPolicy;
    if (p.failureDeadline) spec.failureDeadline = goDuration(p.failureDeadline);
    return { spec };
  }

  private validate(): string[] {
    return [...vmRefErrors('spec.source.name', this.vmName, this.vm, this.namespace)];
  }
}

/** How a restore treats a target VM that is running. */
export enum TargetReadinessPolicy {
  /** Stop the target VM, then restore. */
  STOP_TARGET = 'StopTarget',
  /** Wait a grace period for the target to be stopped, then fail. */
  WAIT_GRACE_PERIOD = 'WaitGracePeriod',
  /** Fail at once when the target is running. */
  FAIL_IMMEDIATE = 'FailImmediate',
  /** Wait as long as it takes. */
  WAIT_EVENTUALLY = 'WaitEventually',
}

/** How restored volumes are named. */
export enum VolumeRestorePolicy {
  /** New, random volume names (KubeVirt's default). */
  RANDOMIZE_NAMES = 'RandomizeNames',
  /** Overwrite the original volumes in place. */
  IN_PLACE = 'InPlace',
}

/** One JSON patch operation applied to the restored VM. */
export interface RestorePatch {
  readonly op: 'add' | 'remove' | 'replace';
  /** A path under `/spec/`, `/metadata/labels/` or `/metadata/annotations/`. */
  readonly path: string;
  /** @default - none (for `remove`) */
  readonly value?: unknown;
}

/** Properties of a `VirtualMachineRestore`. */
export interface VirtualMachineRestoreProps extends KubeVirtResourceProps {
  /** The snapshot to restore. */
  readonly snapshot: VirtualMachineSnapshot | string;
  /**
   * The VM to restore into (created from the snapshot when it does not exist).
   * @default - the snapshot's own VM
   */
  readonly target?: VirtualMachine | string;
  /** @default - KubeVirt's (WaitGracePeriod) */
  readonly targetReadinessPolicy?: TargetReadinessPolicy;
  /** @default - KubeVirt's (RandomizeNames) */
  readonly volumeRestorePolicy?: VolumeRestorePolicy;
  /** JSON patches applied to the restored VM (a new MAC, a new name for a copy). @default - none */
  readonly patches?: RestorePatch[];
}

/** A `VirtualMachineRestore` (`snapshot.kubevirt.io/v1beta1`): restores a snapshot into a VM. */
export class VirtualMachineRestore extends KubeVirtResource {
  /** Name of the restored VM. */
  public readonly targetName: string;
  /** Name of the restored snapshot. */
  public readonly snapshotName: string;
  private readonly props: VirtualMachineRestoreProps;
  private readonly target?: VirtualMachine;

  constructor(scope: Construct, id: string, props: VirtualMachineRestoreProps) {
    const snapshot = typeof props.snapshot === 'string' ? undefined : props.snapshot;
    const target = props.target ?? snapshot?.vm ?? snapshot?.vmName;
    super(scope, id, { gvk: L1Restore.GVK },
      { ...props, metadata: { ...props.metadata, namespace: props.metadata?.namespace ?? snapshot?.namespace } });
    this.props = props;
    this.snapshotName = typeof props.snapshot === 'string' ? props.snapshot : props.snapshot.name;
    if (snapshot) this.addDependency(snapshot);
    if (target === undefined) throw new Error(`${this.node.path}: a restore of snapshot '${this.snapshotName}' given by name needs a target`);
    this.targetName = typeof target === 'string' ? target : target.name;
    if (typeof target !== 'string') this.target = target;
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-data-protection-ref') });
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.props;
    const spec: Record<string, unknown> = { target: vmRef(this.targetName), virtualMachineSnapshotName: this.snapshotName };
    if (p.targetReadinessPolicy) spec.targetReadinessPolicy = p.targetReadinessPolicy;
    if (p.volumeRestorePolicy) spec.volumeRestorePolicy = p.volumeRestorePolicy;
    if (p.patches && p.patches.length > 0) spec.patches = p.patches.map((x) => JSON.stringify(x));
    return { spec };
  }

  private validate(): string[] {
    const errors = vmRefErrors('spec.target.name', this.targetName, this.target, this.namespace);
    // Patch paths are the shared rule vmrestore-patch-paths (run on the rendered object).
    const running = this.target?.spec.props.runStrategy ?? (this.target ? 'Always' : undefined);
    if ((running === 'Always' || running === 'RerunOnFailure') && this.props.targetReadinessPolicy !== TargetReadinessPolicy.STOP_TARGET) {
      addSynthWarning(this, `the target VM '${this.targetName}' runs (runStrategy ${running}); KubeVirt restores only a stopped VM: ` +
        'stop it first or set targetReadinessPolicy: TargetReadinessPolicy.STOP_TARGET [construct-restore-target-running]');
    }
    return errors;
  }
}

/** A `TypedLocalObjectReference` to a VM. */
export function vmRef(name: string): Record<string, string> {
  return { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name };
}

/** A Go duration string (`300s`) for a metav1.Duration field. */
export function goDuration(d: Duration): string {
  return `${d.toSeconds()}s`;
}

/** Checks a same-namespace VM reference. */
export function vmRefErrors(field: string, name: string, vm: VirtualMachine | undefined, namespace: string | undefined): string[] {
  const errors: string[] = [];
  if (!isDnsSubdomain(name)) errors.push(`${field}: '${name}' is not a VM name`);
  if (vm?.namespace && namespace && vm.namespace !== namespace) {
    errors.push(`metadata.namespace: the VM '${vm.namespace}/${name}' is in another namespace than '${namespace}' (references are namespace-local)`);
  }
  return errors;
}

/** Props whose namespace defaults to the referenced VM's. */
export function withVmNamespace<P extends KubeVirtResourceProps>(props: P, vm: VirtualMachine | string | undefined): P {
  const ns = props.metadata?.namespace ?? (vm && typeof vm !== 'string' ? vm.namespace : undefined);
  return { ...props, metadata: { ...props.metadata, namespace: ns } };
}
