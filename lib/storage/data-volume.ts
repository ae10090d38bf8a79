import { constructCheck } from '../core/construct-checks';
import { Construct } from 'constructs';
import { DataVolume as L1DataVolume } from '../../imports/cdi.kubevirt.io';
import { IDataVolume } from '../core/contracts';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import { DataVolumeSource } from './data-volume-source';
import { InferenceDefaults, inferenceLabels } from './inference-labels';
import {
  AccessMode, DataVolumeSpecProps, renderDataVolumeSpec, StorageForm, validateDataVolumeSpec,
} from './data-volume-spec';

/**
 * Properties of a `DataVolume`; the inference defaults become labels (CDI copies them to the PVC)
 * so VMs booting from it can infer their instancetype and preference.
 */
export interface DataVolumeProps extends KubeVirtResourceProps, DataVolumeSpecProps, InferenceDefaults {}

/**
 * A CDI DataVolume (`cdi.kubevirt.io/v1beta1`): a PVC that CDI fills from a source (an HTTP or S3
 * image, a registry, a clone, an upload, a foreign hypervisor) before a VM uses it.
 *
 * Its PVC has the DataVolume's name, so other DataVolumes can clone it
 * (`DataVolumeSource.pvc(dv)`) and VMs can mount it (`DiskSource.dataVolume(dv)`). Without
 * `metadata.name` it is named like a VM (`NameStyle.READABLE`): `new DataVolume(lab, 'rhel-rootdisk')`
 * is `rhel-rootdisk`.
 */
export class DataVolume extends KubeVirtResource implements IDataVolume {
  /** Where the data comes from. */
  public readonly source: DataVolumeSource;
  /** The target API used. */
  public readonly form: StorageForm;
  private readonly spec: DataVolumeSpecProps;

  constructor(scope: Construct, id: string, props: DataVolumeProps) {
    super(scope, id, { gvk: L1DataVolume.GVK, readableName: { maxLength: 63 } }, props);
    this.spec = props;
    this.source = props.source;
    this.form = props.form ?? StorageForm.STORAGE;
    const { annotations } = renderDataVolumeSpec(props);
    for (const [key, value] of Object.entries(annotations)) this.apiObject.metadata.addAnnotation(key, value);
    for (const [key, value] of Object.entries(inferenceLabels(props))) this.apiObject.metadata.addLabel(key, value);
    if (props.source instanceof DataVolumeSource && props.source.dependencies.length > 0) {
      this.addDependency(...props.source.dependencies);
    }
    this.node.addValidation({ validate: () => this.validate() });
  }

  /** Access modes requested; empty when CDI's StorageProfile chooses. */
  public get accessModes(): readonly AccessMode[] {
    return this.spec.accessModes ?? [];
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: renderDataVolumeSpec(this.spec, { namespace: this.namespace }).spec };
  }

  private validate(): string[] {
    const errors = validateDataVolumeSpec(this.spec, 'spec');
    const source = this.spec.source;
    if (source instanceof DataVolumeSource && source.kind === 'pvc') {
      const ref = source.toJson(this.namespace);
      if (ref.name === this.name && ref.namespace === this.namespace) {
        errors.push(constructCheck('spec.source.pvc', `a DataVolume cannot clone its own PVC '${this.name}'`, 'construct-dv-clone-self'));
      }
    }
    return errors;
  }
}
