import { Cron } from 'cdk8s';
import { compact } from '../core/compact';
import { constructCheck } from '../core/construct-checks';
import { Construct, IConstruct } from 'constructs';
import { DataImportCron as L1DataImportCron } from '../../imports/cdi.kubevirt.io';
import { IDataSource, IDependencyProxy } from '../core/contracts';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import { DataVolumeSource } from './data-volume-source';
import { DataVolumeSpecProps, renderDataVolumeSpec, validateDataVolumeSpec } from './data-volume-spec';
import { InferenceDefaults, inferenceLabels } from './inference-labels';

/** What happens to older imports when a new one lands. */
export enum ImportGarbageCollection {
  /** Delete imports beyond `importsToKeep` (the default). */
  OUTDATED = 'Outdated',
  /** Keep every import. */
  NEVER = 'Never',
}

/** What happens to the imports and the DataSource when the cron is deleted. */
export enum ImportRetentionPolicy {
  /** Keep them (the default). */
  RETAIN_ALL = 'RetainAll',
  /** Delete them with the cron. */
  NONE = 'None',
}

/**
 * Properties of a `DataImportCron`; the DataVolume fields describe each import, and the inference
 * defaults become labels CDI copies to the DataSource and the imported volumes.
 */
export interface DataImportCronProps extends KubeVirtResourceProps, DataVolumeSpecProps, InferenceDefaults {
  /**
   * When to poll the registry for a new image digest: a `cdk8s.Cron` (`Cron.schedule({ minute: '0',
   * hour: '*\/12' })`) or cron syntax as CDI parses it (five to seven fields or a macro such as
   * `@daily`), e.g. `0 *\/12 * * *`.
   */
  readonly schedule: string | Cron;
  /**
   * Name of the DataSource the cron keeps pointing at the newest import (in the cron's
   * namespace). CDI creates it; VMs clone it through `DataVolumeSource.dataSource(cron.dataSource)`.
   * @default - the cron's name
   */
  readonly managedDataSource?: string;
  /**
   * Garbage collection of older imports.
   * @default ImportGarbageCollection.OUTDATED
   */
  readonly garbageCollect?: ImportGarbageCollection;
  /**
   * Number of imports kept when garbage collecting.
   * @default 3
   */
  readonly importsToKeep?: number;
  /**
   * Whether imports and the DataSource outlive the cron.
   * @default ImportRetentionPolicy.RETAIN_ALL
   */
  readonly retentionPolicy?: ImportRetentionPolicy;
  /**
   * Service account CDI uses to create the import DataVolumes.
   * @default - CDI's own
   */
  readonly cronServiceAccountName?: string;
}

/**
 * A CDI DataImportCron (`cdi.kubevirt.io/v1beta1`): polls a container registry on a schedule,
 * imports each new image digest into a volume and keeps a DataSource (`dataSource`) pointing at
 * the newest one: the usual way to maintain golden images.
 *
 * The DataSource is created and updated by CDI, so it is not emitted here (emitting it would make
 * a GitOps applier fight CDI over `spec.source`); `dataSource` is a reference to it.
 */
export class DataImportCron extends KubeVirtResource {
  /** The DataSource this cron manages; depending on it means depending on the cron. */
  public readonly dataSource: IDataSource;
  /** The registry source each import pulls. */
  public readonly source: DataVolumeSource;
  /** The polling schedule. */
  public readonly schedule: string;
  private readonly props: DataImportCronProps;

  constructor(scope: Construct, id: string, props: DataImportCronProps) {
    super(scope, id, { gvk: L1DataImportCron.GVK }, props);
    this.props = props;
    this.source = props.source;
    this.schedule = typeof props.schedule === 'object' && props.schedule !== null ? props.schedule.expressionString : props.schedule;
    this.dataSource = new ManagedDataSource(this, 'DataSource', props.managedDataSource ?? this.name, this);
    for (const [key, value] of Object.entries(inferenceLabels(props))) this.apiObject.metadata.addLabel(key, value);
    if (props.source instanceof DataVolumeSource && props.source.dependencies.length > 0) {
      this.addDependency(...props.source.dependencies);
    }
    this.node.addValidation({ validate: () => this.validate() });
  }

  protected renderBody(): Record<string, unknown> {
    const { spec, annotations } = renderDataVolumeSpec(this.props, { namespace: this.namespace });
    const template: Record<string, unknown> = { spec };
    if (Object.keys(annotations).length > 0) template.metadata = { annotations };
    const p = this.props;
    return {
      spec: compact({
        schedule: this.schedule,
        managedDataSource: this.dataSource.name,
        garbageCollect: p.garbageCollect,
        importsToKeep: p.importsToKeep,
        retentionPolicy: p.retentionPolicy,
        serviceAccountName: p.cronServiceAccountName,
        template,
      }),
    };
  }

  /**
   * What the rendered cron cannot show (the typed source kind, a content type CDI refuses in a
   * cron template); schedule, retention and the managed DataSource are dic-spec-valid's.
   */
  private validate(): string[] {
    const p = this.props;
    const id = 'construct-import-cron-valid';
    const errors: string[] = [];
    if (p.source instanceof DataVolumeSource && p.source.kind !== 'registry') {
      errors.push(constructCheck('spec.template.spec.source', `a DataImportCron imports from a registry (DataVolumeSource.registry), not a '${p.source.kind}' source`, id));
    }
    if (p.contentType !== undefined) {
      errors.push(constructCheck('spec.template.spec.contentType', 'CDI refuses contentType in a DataImportCron template; leave it unset', id));
    }
    errors.push(...validateDataVolumeSpec(p, 'spec.template.spec'));
    return errors;
  }
}

/** The DataSource a DataImportCron manages: a reference whose dependency is the cron itself. */
class ManagedDataSource extends Construct implements IDataSource, IDependencyProxy {
  constructor(scope: Construct, id: string, public readonly name: string, private readonly cron: DataImportCron) {
    super(scope, id);
  }

  public get namespace(): string | undefined {
    return this.cron.namespace;
  }

  public get dependencyTarget(): IConstruct {
    return this.cron;
  }
}
