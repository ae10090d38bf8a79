import { Construct } from 'constructs';
import { VirtualMachineInstanceMigration as L1Migration } from '../../imports/kubevirt.io';
import { VirtualMachine } from '../compute/virtual-machine';
import { withCheckId } from '../core/construct-checks';
import { isDnsSubdomain } from '../core/quantity';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';

/** Properties of a `VirtualMachineInstanceMigration`. */
export interface VirtualMachineInstanceMigrationProps extends KubeVirtResourceProps {
  /** The VM whose running instance moves (a construct, or the name of a VM in the migration's namespace). */
  readonly vm: VirtualMachine | string;
  /**
   * Extra node labels the target node must carry (narrows the VM's own placement; cannot widen it).
   * @default - any node the VM may run on
   */
  readonly addedNodeSelector?: Record<string, string>;
}

/**
 * A planned live migration (`kubevirt.io/v1` VirtualMachineInstanceMigration): applying it moves the
 * VM's running instance once (`virtctl migrate` as code). The spec is immutable, and KubeVirt keeps
 * finished migrations only for a while: re-creating a pruned one migrates again, so rename it for
 * each planned move.
 */
export class VirtualMachineInstanceMigration extends KubeVirtResource {
  /** Name of the migrated VM (and its instance). */
  public readonly vmName: string;
  private readonly props: VirtualMachineInstanceMigrationProps;

  constructor(scope: Construct, id: string, props: VirtualMachineInstanceMigrationProps) {
    super(scope, id, { gvk: L1Migration.GVK }, {
      ...props,
      metadata: { ...props.metadata, namespace: props.metadata?.namespace ?? (typeof props.vm === 'string' ? undefined : props.vm.namespace) },
    });
    this.props = props;
    this.vmName = typeof props.vm === 'string' ? props.vm : props.vm.name;
    if (typeof props.vm !== 'string') this.addDependency(props.vm);
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-vmi-migration-values') });
  }

  protected renderBody(): Record<string, unknown> {
    const spec: Record<string, unknown> = { vmiName: this.vmName };
    if (this.props.addedNodeSelector && Object.keys(this.props.addedNodeSelector).length > 0) {
      spec.addedNodeSelector = { ...this.props.addedNodeSelector };
    }
    return { spec };
  }

  private validate(): string[] {
    const errors: string[] = [];
    if (!isDnsSubdomain(this.vmName)) errors.push(`spec.vmiName: '${this.vmName}' is not a VM name`);
    const vm = this.props.vm;
    if (typeof vm !== 'string' && vm.namespace && this.namespace && vm.namespace !== this.namespace) {
      errors.push(`metadata.namespace: the migration must live in its VM's namespace '${vm.namespace}', not '${this.namespace}'`);
    }
    const runStrategy = typeof vm === 'string' ? undefined : vm.spec.props.runStrategy;
    if (runStrategy === 'Halted') errors.push(`spec.vmiName: VirtualMachine '${this.vmName}' is Halted; there is no running instance to migrate`);
    return errors;
  }
}
