import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { DataSourceCloneOptions, DiskSource } from '../compute';
import { IDataSource, IInstancetype, IPreference } from '../core';
import { AccessMode, DataImportCron, DataVolumeSource, ImportGarbageCollection } from '../storage';

/** Properties of a `GoldenImage`. */
export interface GoldenImageProps {
  /** Container disk image to import, e.g. `quay.io/containerdisks/fedora:latest` (`docker://` is added). */
  readonly image: string;
  /**
   * Name of the DataSource VMs clone (the cron is `<name>-image-cron`), e.g. `fedora`.
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the cron and the DataSource.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Size of each imported volume.
   * @default Size.gibibytes(10)
   */
  readonly size?: Size;
  /**
   * When to poll the registry for a new digest (cron syntax).
   * @default '0 *\/12 * * *' (twice a day, as the built-in golden images)
   */
  readonly schedule?: string;
  /**
   * What happens to older imports.
   * @default ImportGarbageCollection.OUTDATED
   */
  readonly garbageCollect?: ImportGarbageCollection;
  /**
   * Imports kept when garbage collecting.
   * @default 3
   */
  readonly importsToKeep?: number;
  /** @default - the cluster's default storage class */
  readonly storageClass?: string;
  /** @default - chosen by CDI's StorageProfile */
  readonly accessModes?: AccessMode[];
  /**
   * Bind the import volume right away (the built-in golden images do, so imports do not wait for a consumer).
   * @default true
   */
  readonly bindImmediate?: boolean;
  /** Instancetype VMs booting this image infer. @default - none */
  readonly defaultInstancetype?: IInstancetype;
  /** Preference VMs booting this image infer. @default - none */
  readonly defaultPreference?: IPreference;
}

/**
 * A golden image kept up to date: a DataImportCron polling a registry, and the DataSource it
 * manages (CDI creates and moves it to each new import). VMs boot from it through
 * `image.diskSource()` (a dataVolumeTemplate cloning the DataSource) and are applied after it.
 */
export class GoldenImage extends Construct implements IDataSource {
  /** The cron importing the image. */
  public readonly cron: DataImportCron;
  /** The DataSource VMs clone. */
  public readonly dataSource: IDataSource;

  constructor(scope: Construct, id: string, props: GoldenImageProps) {
    super(scope, id);
    const image = props.image.includes('://') ? props.image : `docker://${props.image}`;
    this.cron = new DataImportCron(this, 'Cron', {
      metadata: {
        ...(props.name ? { name: `${props.name}-image-cron` } : {}),
        ...(props.namespace ? { namespace: props.namespace } : {}),
      },
      source: DataVolumeSource.registry({ url: image }),
      schedule: props.schedule ?? '0 */12 * * *',
      managedDataSource: props.name,
      garbageCollect: props.garbageCollect ?? ImportGarbageCollection.OUTDATED,
      importsToKeep: props.importsToKeep,
      size: props.size ?? Size.gibibytes(10),
      storageClass: props.storageClass,
      accessModes: props.accessModes,
      bindImmediate: props.bindImmediate ?? true,
      defaultInstancetype: props.defaultInstancetype,
      defaultPreference: props.defaultPreference,
    });
    this.dataSource = this.cron.dataSource;
  }

  /** Name of the DataSource. */
  public get name(): string { return this.dataSource.name; }
  /** Namespace of the DataSource. */
  public get namespace(): string | undefined { return this.dataSource.namespace; }

  /** A VM disk cloning this image into a DataVolume the VM owns (`vm.addDisk('rootdisk', image.diskSource())`). */
  public diskSource(options: DataSourceCloneOptions = {}): DiskSource {
    return DiskSource.dataSource(this.dataSource, options);
  }
}
