import { compact } from '../core/compact';
import { Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { IDataSource, IDataVolume, ObjectReference } from '../core';
import { AccessMode, DataVolumeSource, DataVolumeSpecProps, renderDataVolumeSpec } from '../storage';
import type { DownwardApiFile } from './devices/filesystem';
import { toQuantity } from './quantity';

/** What a disk source needs to know about the disk it backs. */
export interface DiskSourceContext {
  readonly vmName: string;
  readonly diskName: string;
  /** @default - unknown */
  readonly namespace?: string;
}

/** An inline DataVolume, created and owned by the VM (`spec.dataVolumeTemplates`). */
export interface VmDataVolumeTemplateProps extends DataVolumeSpecProps {
  /**
   * Name of the DataVolume (and its PVC).
   * @default - `<vm name>-<disk name>`
   */
  readonly name?: string;
}

/** A rendered source: the `volumes[]` entry (without its name) and, for inline DataVolumes, the template. */
export interface RenderedDiskSource {
  readonly volume: Record<string, unknown>;
  readonly dataVolumeTemplate?: Record<string, unknown>;
}

/** Options of a container disk. */
export interface ContainerDiskOptions {
  /**
   * Path of the disk image inside the container.
   * @default - the first image under /disk
   */
  readonly path?: string;
  /**
   * Image pull policy (`Always`, `IfNotPresent`, `Never`).
   * @default - Kubernetes' default for the tag
   */
  readonly imagePullPolicy?: string;
  /**
   * Name of a pull Secret for a private registry.
   * @default - none
   */
  readonly imagePullSecret?: string;
}

/** Options of a DataSource clone. */
export interface DataSourceCloneOptions {
  /**
   * Name of the inline DataVolume.
   * @default - `<vm name>-<disk name>`
   */
  readonly name?: string;
  /** @default - the golden image's size */
  readonly size?: Size;
  /** @default - the cluster's default storage class */
  readonly storageClass?: string;
  /** @default - chosen by CDI's StorageProfile */
  readonly accessModes?: AccessMode[];
}

/** Type of a host disk. */
export enum HostDiskType {
  /** Use an existing image file. */
  DISK = 'Disk',
  /** Create the image file when missing (needs `capacity`). */
  DISK_OR_CREATE = 'DiskOrCreate',
}

/** Options of a ConfigMap, Secret or ServiceAccount disk. */
export interface ConfigDiskOptions {
  /**
   * Filesystem label of the disk (lets guests mount it by label).
   * @default - none
   */
  readonly volumeLabel?: string;
  /**
   * Start even when the object is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** How a VM disk gets its content: the volume side of the disk/volume pair. */
export class DiskSource {
  /** An ephemeral disk from a container image; changes are lost at restart. */
  public static containerDisk(image: string, options: ContainerDiskOptions = {}): DiskSource {
    return new DiskSource('containerDisk', () => ({ volume: { containerDisk: compact({ image, ...options }) } }));
  }

  /** An existing DataVolume (construct or name in the VM's namespace); the VM is ordered after it. */
  public static dataVolume(dataVolume: IDataVolume | string): DiskSource {
    const name = typeof dataVolume === 'string' ? dataVolume : dataVolume.name;
    return new DiskSource('dataVolume', () => ({ volume: { dataVolume: { name } } }), {
      claimBacked: true,
      dependencies: typeof dataVolume === 'string' ? [] : [dataVolume],
      accessModes: typeof dataVolume === 'string' ? undefined : dataVolume.accessModes,
    });
  }

  /** A DataVolume created and owned by the VM (`spec.dataVolumeTemplates`). */
  public static dataVolumeTemplate(props: VmDataVolumeTemplateProps): DiskSource {
    return new DiskSource('dataVolume', (ctx) => {
      const name = props.name ?? `${ctx.vmName}-${ctx.diskName}`;
      const { spec, annotations } = renderDataVolumeSpec(props, { namespace: ctx.namespace });
      const metadata = Object.keys(annotations).length > 0 ? { name, annotations } : { name };
      return { volume: { dataVolume: { name } }, dataVolumeTemplate: { metadata, spec } };
    }, {
      claimBacked: true,
      dependencies: props.source?.dependencies ?? [],
      accessModes: props.accessModes,
      template: props,
    });
  }

  /** Clone a golden image (DataSource) into a DataVolume the VM owns. */
  public static dataSource(dataSource: IDataSource | ObjectReference, options: DataSourceCloneOptions = {}): DiskSource {
    return DiskSource.dataVolumeTemplate({ ...options, source: DataVolumeSource.dataSource(dataSource) });
  }

  /** An existing PersistentVolumeClaim (construct or claim name). */
  public static persistentVolumeClaim(claim: plus.IPersistentVolumeClaim | string, options: { readOnly?: boolean } = {}): DiskSource {
    const claimName = typeof claim === 'string' ? claim : claim.name;
    return new DiskSource('persistentVolumeClaim', () => ({
      volume: { persistentVolumeClaim: compact({ claimName, readOnly: options.readOnly }) },
    }), { claimBacked: true, dependencies: constructs(claim) });
  }

  /** A sparse, ephemeral scratch disk of the given capacity. */
  public static emptyDisk(capacity: Size): DiskSource {
    return new DiskSource('emptyDisk', () => ({ volume: { emptyDisk: { capacity: toQuantity(capacity) } } }));
  }

  /** A disk image file on the node (needs the HostDisk feature gate). */
  public static hostDisk(path: string, options: { type?: HostDiskType; capacity?: Size; shared?: boolean } = {}): DiskSource {
    const type = options.type ?? HostDiskType.DISK;
    return new DiskSource('hostDisk', () => ({
      volume: {
        hostDisk: compact({
          path, type, shared: options.shared,
          capacity: options.capacity ? toQuantity(options.capacity) : undefined,
        }),
      },
    }), { hostDisk: { type, hasCapacity: options.capacity !== undefined } });
  }

  /** A ConfigMap exposed to the guest as a disk. */
  public static configMap(configMap: plus.IConfigMap | string, options: ConfigDiskOptions = {}): DiskSource {
    const name = typeof configMap === 'string' ? configMap : configMap.name;
    return new DiskSource('configMap', () => ({ volume: { configMap: compact({ name, ...options }) } }),
      { dependencies: constructs(configMap) });
  }

  /** A Secret exposed to the guest as a disk. */
  public static secret(secret: plus.ISecret | string, options: ConfigDiskOptions = {}): DiskSource {
    const secretName = typeof secret === 'string' ? secret : secret.name;
    return new DiskSource('secret', () => ({ volume: { secret: compact({ secretName, ...options }) } }),
      { dependencies: constructs(secret) });
  }

  /** A ServiceAccount token exposed to the guest as a disk (at most one per VM). */
  public static serviceAccount(serviceAccount: plus.IServiceAccount | string): DiskSource {
    const serviceAccountName = typeof serviceAccount === 'string' ? serviceAccount : serviceAccount.name;
    return new DiskSource('serviceAccount', () => ({ volume: { serviceAccount: { serviceAccountName } } }),
      { dependencies: constructs(serviceAccount) });
  }

  /** Windows sysprep answer files (`autounattend.xml`, `unattend.xml`) from a ConfigMap. */
  public static sysprepConfigMap(configMap: plus.IConfigMap | string): DiskSource {
    const name = typeof configMap === 'string' ? configMap : configMap.name;
    return new DiskSource('sysprep', () => ({ volume: { sysprep: { configMap: { name } } } }),
      { dependencies: constructs(configMap) });
  }

  /** Windows sysprep answer files from a Secret (keeps the administrator password out of ConfigMaps). */
  public static sysprepSecret(secret: plus.ISecret | string): DiskSource {
    const name = typeof secret === 'string' ? secret : secret.name;
    return new DiskSource('sysprep', () => ({ volume: { sysprep: { secret: { name } } } }),
      { dependencies: constructs(secret) });
  }

  /**
   * Host and VM metrics for the guest's `vm-dump-metrics` tool, as a virtio disk (at most one per VM;
   * needs the DownwardMetrics feature gate). The `downwardMetrics` device prop is the newer, serial-port form.
   */
  public static downwardMetrics(): DiskSource {
    return new DiskSource('downwardMetrics', () => ({ volume: { downwardMetrics: {} } }));
  }

  /** Pod fields (labels, annotations, name...) as files on a disk. */
  public static downwardApi(files: DownwardApiFile[], options: { volumeLabel?: string } = {}): DiskSource {
    return new DiskSource('downwardAPI', () => ({
      volume: { downwardAPI: compact({ fields: files.map((f) => ({ path: f.path, fieldRef: { fieldPath: f.fieldPath } })), volumeLabel: options.volumeLabel }) },
    }));
  }

  /**
   * Escape hatch: any volume source, as it appears under `volumes[]` without `name`,
   * e.g. `{ downwardMetrics: {} }`.
   */
  public static fromVolume(volume: Record<string, unknown>): DiskSource {
    const kind = Object.keys(volume)[0] ?? 'unknown';
    return new DiskSource(kind, () => ({ volume: { ...volume } }),
      { claimBacked: kind === 'dataVolume' || kind === 'persistentVolumeClaim' });
  }

  /** Whether the volume is a PVC or DataVolume (required by `lun` disks). */
  public readonly claimBacked: boolean;
  /** Constructs the VM must be applied after. */
  public readonly dependencies: readonly IConstruct[];
  /** Access modes of the claim, when known (empty when CDI's StorageProfile chooses). */
  public readonly accessModes?: readonly string[];
  /** The inline DataVolume template's props, for `dataVolumeTemplate` sources. */
  public readonly template?: VmDataVolumeTemplateProps;
  /** @internal */
  public readonly _hostDisk?: { type: HostDiskType; hasCapacity: boolean };

  private constructor(
    /** The volume source key, e.g. `containerDisk`, `dataVolume`. */
    public readonly kind: string,
    private readonly renderer: (ctx: DiskSourceContext) => RenderedDiskSource,
    options: {
      claimBacked?: boolean;
      dependencies?: IConstruct[];
      accessModes?: readonly string[];
      template?: VmDataVolumeTemplateProps;
      hostDisk?: { type: HostDiskType; hasCapacity: boolean };
    } = {},
  ) {
    this.claimBacked = options.claimBacked ?? false;
    this.dependencies = options.dependencies ?? [];
    this.accessModes = options.accessModes;
    this.template = options.template;
    this._hostDisk = options.hostDisk;
  }

  /** Renders the volume (and inline DataVolume) for a disk of a VM. */
  public render(ctx: DiskSourceContext): RenderedDiskSource {
    return this.renderer(ctx);
  }
}

function constructs(ref: unknown): IConstruct[] {
  return typeof ref === 'object' && ref !== null && 'node' in ref ? [ref as IConstruct] : [];
}
