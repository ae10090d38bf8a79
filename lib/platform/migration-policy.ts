import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { MigrationPolicy as L1MigrationPolicy } from '../../imports/migrations.kubevirt.io';
import { VirtualMachine } from '../compute/virtual-machine';
import { withCheckId } from '../core/construct-checks';
import { sizeToQuantity } from '../core/quantity';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';

/** Label the policy puts on the templates of the VMs it is given, when no VM selector is set. */
export const MIGRATION_POLICY_LABEL = 'migrations.cdk8s-kubevirt.io/policy';

/** Properties of a `MigrationPolicy`. */
export interface MigrationPolicyProps extends KubeVirtResourceProps {
  /**
   * Labels a VM's instance must carry (all of them). `addVirtualMachine(vm)` puts them on the VM's template.
   * @default - `migrations.cdk8s-kubevirt.io/policy: <policy name>`
   */
  readonly virtualMachineSelector?: Record<string, string>;
  /**
   * Labels the VM's Namespace must carry (all of them).
   * @default - any namespace
   */
  readonly namespaceSelector?: Record<string, string>;
  /**
   * Bandwidth of each migration, per second.
   * @default - the cluster's (HyperConverged liveMigrationConfig)
   */
  readonly bandwidthPerMigration?: Size;
  /**
   * Seconds per GiB before a migration is cancelled (or switched to post-copy).
   * @default - the cluster's
   */
  readonly completionTimeoutPerGiB?: number;
  /** Throttle vCPUs so a busy guest converges. @default - the cluster's */
  readonly allowAutoConverge?: boolean;
  /** Switch to post-copy at the completion timeout. @default - the cluster's */
  readonly allowPostCopy?: boolean;
  /** Allow post-copy or pausing the guest instead of cancelling. @default - the cluster's */
  readonly allowWorkloadDisruption?: boolean;
  /** Longest pause at the switch-over, in milliseconds. @default - KubeVirt's */
  readonly maxDowntimeMs?: number;
}

/**
 * A KubeVirt `MigrationPolicy` (`migrations.kubevirt.io/v1alpha1`, cluster-scoped): live-migration
 * settings for the VMs whose instance and namespace labels match. `addVirtualMachine(vm)` labels a
 * VM construct's template so the policy selects it.
 */
export class MigrationPolicy extends KubeVirtResource {
  /** The labels the policy selects VM instances by. */
  public readonly virtualMachineSelector: Record<string, string>;
  private readonly props: MigrationPolicyProps;
  private readonly vms: VirtualMachine[] = [];

  constructor(scope: Construct, id: string, props: MigrationPolicyProps = {}) {
    super(scope, id, { gvk: L1MigrationPolicy.GVK }, props);
    this.props = props;
    this.virtualMachineSelector = props.virtualMachineSelector ?? { [MIGRATION_POLICY_LABEL]: this.name };
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-migration-policy-values') });
  }

  /** Makes the policy select `vm`: its template (hence its instance) gets the selector labels. */
  public addVirtualMachine(vm: VirtualMachine): this {
    vm.configure({ templateLabels: { ...vm.spec.props.templateLabels, ...this.virtualMachineSelector } });
    this.vms.push(vm);
    return this;
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.props;
    const selectors: Record<string, unknown> = {};
    if (p.namespaceSelector && Object.keys(p.namespaceSelector).length > 0) selectors.namespaceSelector = { ...p.namespaceSelector };
    if (Object.keys(this.virtualMachineSelector).length > 0) selectors.virtualMachineInstanceSelector = { ...this.virtualMachineSelector };
    const spec: Record<string, unknown> = { selectors };
    if (p.allowAutoConverge !== undefined) spec.allowAutoConverge = p.allowAutoConverge;
    if (p.bandwidthPerMigration) spec.bandwidthPerMigration = sizeToQuantity(p.bandwidthPerMigration);
    if (p.completionTimeoutPerGiB !== undefined) spec.completionTimeoutPerGiB = p.completionTimeoutPerGiB;
    if (p.allowPostCopy !== undefined) spec.allowPostCopy = p.allowPostCopy;
    if (p.allowWorkloadDisruption !== undefined) spec.allowWorkloadDisruption = p.allowWorkloadDisruption;
    if (p.maxDowntimeMs !== undefined) spec.maxDowntimeMs = p.maxDowntimeMs;
    return { spec };
  }

  private validate(): string[] {
    const p = this.props;
    const errors: string[] = [];
    // Negative values are the shared rule migrationpolicy-values-nonnegative.
    if (p.completionTimeoutPerGiB !== undefined && !Number.isInteger(p.completionTimeoutPerGiB)) {
      errors.push(`spec.completionTimeoutPerGiB: must be a whole number, got ${p.completionTimeoutPerGiB}`);
    }
    if (p.maxDowntimeMs !== undefined && !(Number.isInteger(p.maxDowntimeMs) && p.maxDowntimeMs > 0)) {
      errors.push(`spec.maxDowntimeMs: must be a whole number > 0, got ${p.maxDowntimeMs}`);
    }
    if (p.allowWorkloadDisruption === false && p.allowPostCopy === true) {
      errors.push('spec.allowPostCopy: post-copy is a workload disruption; it needs allowWorkloadDisruption');
    }
    for (const vm of this.vms) {
      const labels = vm.spec.props.templateLabels ?? {};
      const missing = Object.entries(this.virtualMachineSelector).filter(([k, v]) => labels[k] !== v).map(([k]) => k);
      if (missing.length > 0) {
        errors.push(`spec.selectors: VirtualMachine '${vm.name}' was added to the policy but its template lost the label(s) ${missing.join(', ')}`);
      }
    }
    return errors;
  }
}
