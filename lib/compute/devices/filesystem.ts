// Folders shared with the guest over virtiofs (`domain.devices.filesystems` + a volume of the same name).
import { IConstruct } from 'constructs';
import * as plus from 'cdk8s-plus-27';
import { compact } from '../../core/compact';
import { IDataVolume } from '../../core';

/** One file of a downward API volume: a pod field written to `path`. */
export interface DownwardApiFile {
  /** Relative path of the file in the volume, e.g. `labels`. */
  readonly path: string;
  /** A pod field, e.g. `metadata.labels`, `metadata.annotations['x']`, `metadata.name`. */
  readonly fieldPath: string;
}

/**
 * What a virtiofs filesystem shares with the guest: a ConfigMap, Secret, ServiceAccount token or
 * downward API (config volumes, always allowed), or a PVC/DataVolume (storage volumes, which need
 * the EnableVirtioFsStorageVolumes feature gate).
 */
export class FilesystemSource {
  /** A ConfigMap's keys as files. */
  public static configMap(configMap: plus.IConfigMap | string, options: { optional?: boolean } = {}): FilesystemSource {
    return new FilesystemSource(false, { configMap: compact({ name: nameOf(configMap), optional: options.optional }) }, configMap);
  }

  /** A Secret's keys as files. */
  public static secret(secret: plus.ISecret | string, options: { optional?: boolean } = {}): FilesystemSource {
    return new FilesystemSource(false, { secret: compact({ secretName: nameOf(secret), optional: options.optional }) }, secret);
  }

  /** A ServiceAccount's token, CA and namespace as files. */
  public static serviceAccount(serviceAccount: plus.IServiceAccount | string): FilesystemSource {
    return new FilesystemSource(false, { serviceAccount: { serviceAccountName: nameOf(serviceAccount) } }, serviceAccount);
  }

  /** Pod fields (labels, annotations, name...) as files. */
  public static downwardApi(files: DownwardApiFile[]): FilesystemSource {
    return new FilesystemSource(false, {
      downwardAPI: { fields: files.map((f) => ({ path: f.path, fieldRef: { fieldPath: f.fieldPath } })) },
    }, undefined);
  }

  /** A PersistentVolumeClaim's filesystem (shared read-write by the guest). */
  public static persistentVolumeClaim(claim: plus.IPersistentVolumeClaim | string, options: { readOnly?: boolean } = {}): FilesystemSource {
    return new FilesystemSource(true, { persistentVolumeClaim: compact({ claimName: nameOf(claim), readOnly: options.readOnly }) }, claim);
  }

  /** A DataVolume's filesystem. */
  public static dataVolume(dataVolume: IDataVolume | string): FilesystemSource {
    return new FilesystemSource(true, { dataVolume: { name: nameOf(dataVolume) } }, dataVolume);
  }

  /** Constructs the VM must be applied after. */
  public readonly dependencies: readonly IConstruct[];

  private constructor(
    /** True for PVC/DataVolume sources (gated by EnableVirtioFsStorageVolumes). */
    public readonly storage: boolean,
    private readonly volume: Record<string, unknown>,
    ref: unknown,
  ) {
    this.dependencies = typeof ref === 'object' && ref !== null && 'node' in ref ? [ref as IConstruct] : [];
  }

  /** The `volumes[]` entry (with the filesystem's name). */
  public renderVolume(name: string): Record<string, unknown> {
    return { name, ...this.volume };
  }
}

/** A virtiofs filesystem of a VM: a name (the guest mounts it by this tag) and its source. */
export interface VmFilesystem {
  readonly name: string;
  readonly source: FilesystemSource;
}

function nameOf(ref: { readonly name: string } | string): string {
  return typeof ref === 'string' ? ref : ref.name;
}
