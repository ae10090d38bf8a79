import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualMachineExport as L1Export } from '../../imports/export.kubevirt.io';
import { VirtualMachine } from '../compute/virtual-machine';
import { withCheckId } from '../core/construct-checks';
import { IDataVolume } from '../core/contracts';
import { isDnsSubdomain } from '../core/quantity';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import { VirtualMachineSnapshot, goDuration, vmRef } from './snapshot';

/** Properties of a `VirtualMachineExport`. */
export interface VirtualMachineExportProps extends KubeVirtResourceProps {
  /** What to export: a (stopped) VM, a VM snapshot or a DataVolume's PVC, in the export's namespace. */
  readonly source: VirtualMachine | VirtualMachineSnapshot | IDataVolume;
  /**
   * Secret holding the token clients present to the export server.
   * @default - KubeVirt generates one (name in the export's status)
   */
  readonly tokenSecretName?: string;
  /**
   * Delete the export this long after its creation.
   * @default - KubeVirt's (2 hours)
   */
  readonly ttl?: Duration;
}

/** A `VirtualMachineExport` (`export.kubevirt.io/v1beta1`): serves a VM's, snapshot's or PVC's disks for download. */
export class VirtualMachineExport extends KubeVirtResource {
  private readonly props: VirtualMachineExportProps;

  constructor(scope: Construct, id: string, props: VirtualMachineExportProps) {
    const s = props.source;
    const ns = props.metadata?.namespace ?? (s instanceof VirtualMachine ? s.namespace : s instanceof VirtualMachineSnapshot ? s.namespace : s.namespace);
    super(scope, id, { gvk: L1Export.GVK }, { ...props, metadata: { ...props.metadata, namespace: ns } });
    this.props = props;
    this.addDependency(props.source);
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-data-protection-ref') });
  }

  protected renderBody(): Record<string, unknown> {
    const s = this.props.source;
    const source = s instanceof VirtualMachine ? vmRef(s.name)
      : s instanceof VirtualMachineSnapshot ? { apiGroup: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshot', name: s.name }
        : { apiGroup: '', kind: 'PersistentVolumeClaim', name: s.name };
    const spec: Record<string, unknown> = { source };
    if (this.props.tokenSecretName) spec.tokenSecretRef = this.props.tokenSecretName;
    if (this.props.ttl) spec.ttlDuration = goDuration(this.props.ttl);
    return { spec };
  }

  private validate(): string[] {
    const errors: string[] = [];
    const s = this.props.source;
    if (s.namespace && this.namespace && s.namespace !== this.namespace) {
      errors.push(`metadata.namespace: the export must live in its source's namespace '${s.namespace}', not '${this.namespace}'`);
    }
    if (this.props.tokenSecretName !== undefined && !isDnsSubdomain(this.props.tokenSecretName)) {
      errors.push(`spec.tokenSecretRef: '${this.props.tokenSecretName}' is not a Secret name`);
    }
    if (this.props.ttl && this.props.ttl.toSeconds() < 1) errors.push('spec.ttlDuration: must be at least one second');
    return errors;
  }
}
