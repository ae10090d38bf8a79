import { constructCheck } from '../core/construct-checks';
import { Construct } from 'constructs';
import { DataSource as L1DataSource } from '../../imports/cdi.kubevirt.io';
import { IDataSource } from '../core/contracts';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import { DataVolumeSource } from './data-volume-source';
import { InferenceDefaults, inferenceLabels } from './inference-labels';

/** Properties of a `DataSource`; the inference defaults become labels VMs infer from. */
export interface DataSourceProps extends KubeVirtResourceProps, InferenceDefaults {
  /**
   * What the DataSource points at: `DataVolumeSource.pvc(...)` (a PVC, a DataVolume or a cdk8s-plus
   * claim), `DataVolumeSource.snapshot(...)`, or `DataVolumeSource.dataSource(...)` (an alias of
   * another DataSource). Namespaces default to the DataSource's.
   */
  readonly source: DataVolumeSource;
}

/**
 * A CDI DataSource (`cdi.kubevirt.io/v1beta1`): a stable name for a golden image (a PVC or a
 * VolumeSnapshot) that DataVolumes clone through `DataVolumeSource.dataSource(ds)`.
 */
export class DataSource extends KubeVirtResource implements IDataSource {
  /** What the DataSource points at. */
  public readonly source: DataVolumeSource;

  constructor(scope: Construct, id: string, props: DataSourceProps) {
    super(scope, id, { gvk: L1DataSource.GVK }, props);
    this.source = props.source;
    for (const [key, value] of Object.entries(inferenceLabels(props))) this.apiObject.metadata.addLabel(key, value);
    if (props.source instanceof DataVolumeSource && props.source.dependencies.length > 0) {
      this.addDependency(...props.source.dependencies);
    }
    this.node.addValidation({ validate: () => this.validate() });
  }

  protected renderBody(): Record<string, unknown> {
    const source = this.source;
    if (!(source instanceof DataVolumeSource) || !SOURCE_KEYS[source.kind]) return { spec: { source: {} } };
    const ref = source.toJson(this.namespace);
    // A DataSource's references always name their namespace (the CRD requires it).
    if (ref.namespace === undefined && this.namespace !== undefined) ref.namespace = this.namespace;
    return { spec: { source: { [SOURCE_KEYS[source.kind]!]: ref } } };
  }

  private validate(): string[] {
    const id = 'construct-datasource-source-valid';
    const source = this.source;
    if (!(source instanceof DataVolumeSource)) return [constructCheck('spec.source', 'a source is required (DataVolumeSource.pvc, .snapshot or .dataSource)', id)];
    const key = SOURCE_KEYS[source.kind];
    if (!key) {
      return [constructCheck('spec.source', `a DataSource points at a pvc, a snapshot or another DataSource, not a '${source.kind}' source (import it with a DataVolume or a DataImportCron first)`, id)];
    }
    const ref = source.toJson(this.namespace);
    const errors: string[] = [];
    if (typeof ref.name !== 'string' || ref.name === '') errors.push(constructCheck(`spec.source.${key}.name`, 'required', id));
    if (ref.namespace === undefined && this.namespace === undefined) {
      errors.push(constructCheck(`spec.source.${key}.namespace`, 'required; set it on the source or give the chart a namespace', id));
    }
    if (key === 'dataSource' && ref.name === this.name && (ref.namespace ?? this.namespace) === this.namespace) {
      errors.push(constructCheck('spec.source.dataSource', 'a DataSource cannot point to itself', id));
    }
    return errors;
  }
}

const SOURCE_KEYS: Partial<Record<DataVolumeSource['kind'], string>> = { pvc: 'pvc', snapshot: 'snapshot', sourceRef: 'dataSource' };
