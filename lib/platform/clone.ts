import { Construct } from 'constructs';
import { VirtualMachineClone as L1Clone } from '../../imports/clone.kubevirt.io';
import { VirtualMachine } from '../compute/virtual-machine';
import { withCheckId } from '../core/construct-checks';
import { isDnsSubdomain } from '../core/quantity';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import { VirtualMachineSnapshot, vmRef, withVmNamespace } from './snapshot';

/** Properties of a `VirtualMachineClone`. */
export interface VirtualMachineCloneProps extends KubeVirtResourceProps {
  /** What to clone: a VM or a VM snapshot (constructs), in the clone's namespace. */
  readonly source: VirtualMachine | VirtualMachineSnapshot;
  /**
   * Name of the new VM.
   * @default - KubeVirt generates one
   */
  readonly targetName?: string;
  /**
   * Which VM labels the clone keeps: `*` all, `!key` drop, a trailing `*` matches a prefix.
   * @default - all
   */
  readonly labelFilters?: string[];
  /** @default - all */
  readonly annotationFilters?: string[];
  /** Which template labels the clone keeps. @default - all */
  readonly templateLabelFilters?: string[];
  /** @default - all */
  readonly templateAnnotationFilters?: string[];
  /**
   * MAC address per interface name; an empty string lets KubeVirt clear it (KubeMacPool assigns a new one).
   * @default - KubeVirt generates new MACs
   */
  readonly newMacAddresses?: Record<string, string>;
  /** @default - KubeVirt generates a new serial */
  readonly newSMBiosSerial?: string;
}

/**
 * A `VirtualMachineClone` (`clone.kubevirt.io/v1beta1`): a new VM from an existing VM or snapshot,
 * with label/annotation filters and fresh MACs and SMBIOS serial (`virtctl create clone` as code).
 */
export class VirtualMachineClone extends KubeVirtResource {
  private readonly props: VirtualMachineCloneProps;

  constructor(scope: Construct, id: string, props: VirtualMachineCloneProps) {
    super(scope, id, { gvk: L1Clone.GVK },
      withVmNamespace(props, props.source instanceof VirtualMachine ? props.source : props.source.vm));
    this.props = props;
    this.addDependency(props.source);
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-data-protection-ref') });
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.props;
    const source = p.source instanceof VirtualMachine
      ? vmRef(p.source.name)
      : { apiGroup: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshot', name: p.source.name };
    const spec: Record<string, unknown> = { source };
    if (p.targetName) spec.target = vmRef(p.targetName);
    if (p.labelFilters) spec.labelFilters = [...p.labelFilters];
    if (p.annotationFilters) spec.annotationFilters = [...p.annotationFilters];
    const template: Record<string, unknown> = {};
    if (p.templateLabelFilters) template.labelFilters = [...p.templateLabelFilters];
    if (p.templateAnnotationFilters) template.annotationFilters = [...p.templateAnnotationFilters];
    if (Object.keys(template).length > 0) spec.template = template;
    if (p.newMacAddresses && Object.keys(p.newMacAddresses).length > 0) spec.newMacAddresses = { ...p.newMacAddresses };
    if (p.newSMBiosSerial) spec.newSMBiosSerial = p.newSMBiosSerial;
    return { spec };
  }

  private validate(): string[] {
    const p = this.props;
    const errors: string[] = [];
    // Filters, MAC syntax and target != source are the shared rules vmclone-* (run on the rendered object).
    if (p.targetName !== undefined && !isDnsSubdomain(p.targetName)) errors.push(`spec.target.name: '${p.targetName}' is not a VM name`);
    const sourceVm = p.source instanceof VirtualMachine ? p.source : p.source.vm;
    for (const iface of Object.keys(p.newMacAddresses ?? {})) {
      if (sourceVm && !sourceVm.interfaces.some((i) => i.name === iface) && !(iface === 'default' && sourceVm.interfaces.length === 0)) {
        errors.push(`spec.newMacAddresses.${iface}: the source VM '${sourceVm.name}' has no interface '${iface}'`);
      }
    }
    const sourceNs = sourceVm?.namespace ?? (p.source instanceof VirtualMachineSnapshot ? p.source.namespace : undefined);
    if (sourceNs && this.namespace && sourceNs !== this.namespace) {
      errors.push(`metadata.namespace: the clone must live in its source's namespace '${sourceNs}', not '${this.namespace}'`);
    }
    return errors;
  }
}
