// The DataVolume spec as a value: rendered and checked the same way for a standalone
// DataVolume, a DataImportCron template and a VM's `dataVolumeTemplates` entry.
import { Size } from 'cdk8s';
import { constructCheck } from '../core/construct-checks';
import { sizeToQuantity } from '../core/quantity';
import { DataVolumeSource } from './data-volume-source';

export * from './data-volume-source';

/** PVC access modes. */
export enum AccessMode {
  /** Read-write by one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-write by many nodes; needed for live migration. */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by a single pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/** PVC volume modes. */
export enum VolumeMode {
  /** A disk image file on a filesystem. */
  FILESYSTEM = 'Filesystem',
  /** A raw block device (usually faster, no filesystem overhead). */
  BLOCK = 'Block',
}

/** Which target API a DataVolume uses. */
export enum StorageForm {
  /** `spec.storage`: CDI's StorageProfile fills access and volume modes and adds filesystem overhead. */
  STORAGE = 'storage',
  /** `spec.pvc`: a plain PVC spec; size and exactly one access mode are required. */
  PVC = 'pvc',
}

/** What the imported data is. */
export enum DataVolumeContentType {
  /** A VM disk image (converted to raw). */
  KUBEVIRT = 'kubevirt',
  /** A tar archive extracted onto the filesystem. */
  ARCHIVE = 'archive',
}

/** CDI annotation asking CDI to delete the DataVolume once it succeeded (keeping the PVC). */
export const DELETE_AFTER_COMPLETION_ANNOTATION = 'cdi.kubevirt.io/storage.deleteAfterCompletion';
/** CDI annotation binding the PVC at once even with a WaitForFirstConsumer storage class. */
export const BIND_IMMEDIATE_ANNOTATION = 'cdi.kubevirt.io/storage.bind.immediate.requested';

/** What a DataVolume holds and where it is stored. */
export interface DataVolumeSpecProps {
  /** Where the data comes from. */
  readonly source: DataVolumeSource;
  /**
   * Requested size. Required except when cloning (pvc, snapshot, DataSource) in the storage form,
   * where CDI uses the source's size.
   * @default - the clone source's size
   */
  readonly size?: Size;
  /**
   * Storage class name.
   * @default - the cluster's default storage class (or the virt default class)
   */
  readonly storageClass?: string;
  /**
   * Access modes; ReadWriteMany makes the VM live-migratable.
   * @default - chosen by the StorageProfile in the storage form; required in the pvc form
   */
  readonly accessModes?: AccessMode[];
  /**
   * Volume mode.
   * @default - chosen by the StorageProfile in the storage form; Filesystem in the pvc form
   */
  readonly volumeMode?: VolumeMode;
  /**
   * Target API.
   * @default StorageForm.STORAGE
   */
  readonly form?: StorageForm;
  /**
   * Allocate the whole disk up front.
   * @default - CDI's global setting
   */
  readonly preallocation?: boolean;
  /**
   * Priority class of the importer, cloner and uploader pods.
   * @default - none
   */
  readonly priorityClassName?: string;
  /**
   * Service account of the importer and uploader pods.
   * @default - the namespace's default
   */
  readonly serviceAccountName?: string;
  /**
   * What the data is.
   * @default DataVolumeContentType.KUBEVIRT
   */
  readonly contentType?: DataVolumeContentType;
  /**
   * Whether CDI may delete the DataVolume once it succeeded. `false` keeps it, which GitOps
   * tools need to avoid re-creating (and re-importing) it.
   * @default - CDI's cluster setting (recent CDI keeps DataVolumes)
   */
  readonly deleteAfterCompletion?: boolean;
  /**
   * Bind the PVC immediately even with a WaitForFirstConsumer storage class (golden images,
   * imports that should start before any VM is scheduled).
   * @default false
   */
  readonly bindImmediate?: boolean;
}

/** Context a spec is rendered or checked in. */
export interface DataVolumeSpecContext {
  /**
   * Namespace of the object holding the spec; fills clone sources that name none.
   * @default - unknown (clone sources must then name their namespace)
   */
  readonly namespace?: string;
}

/** A rendered spec and the annotations its object needs. */
export interface RenderedDataVolumeSpec {
  readonly spec: Record<string, unknown>;
  readonly annotations: Record<string, string>;
}

/** Renders the spec as plain JSON with the CRD's keys. */
export function renderDataVolumeSpec(props: DataVolumeSpecProps, context: DataVolumeSpecContext = {}): RenderedDataVolumeSpec {
  const spec: Record<string, unknown> = {};
  const source = props.source;
  if (source) {
    if (source.kind === 'sourceRef') spec.sourceRef = { kind: 'DataSource', ...source.toJson() };
    else spec.source = { [source.kind]: source.toJson(context.namespace) };
  }
  const target: Record<string, unknown> = {};
  if (props.accessModes && props.accessModes.length > 0) target.accessModes = [...props.accessModes];
  if (props.size) target.resources = { requests: { storage: sizeToQuantity(props.size) } };
  if (props.storageClass !== undefined) target.storageClassName = props.storageClass;
  if (props.volumeMode !== undefined) target.volumeMode = props.volumeMode;
  spec[props.form ?? StorageForm.STORAGE] = target;
  if (props.contentType !== undefined) spec.contentType = props.contentType;
  if (props.preallocation !== undefined) spec.preallocation = props.preallocation;
  if (props.priorityClassName !== undefined) spec.priorityClassName = props.priorityClassName;
  if (props.serviceAccountName !== undefined) spec.serviceAccountName = props.serviceAccountName;

  const annotations: Record<string, string> = {};
  if (props.deleteAfterCompletion !== undefined) annotations[DELETE_AFTER_COMPLETION_ANNOTATION] = String(props.deleteAfterCompletion);
  if (props.bindImmediate) annotations[BIND_IMMEDIATE_ANNOTATION] = 'true';
  return { spec, annotations };
}


const VOLUME_MODES: readonly string[] = Object.values(VolumeMode);

/**
 * The DataVolume spec check that needs typed state: a volume mode outside `VolumeMode` (from a
 * JavaScript caller; the rendered value is a free string to the validator). Every other rule (size,
 * access modes, sources, clone namespaces, URLs, content type) is the validator's, run on the
 * rendered object. Each message starts with the field path under `pathPrefix`.
 */
export function validateDataVolumeSpec(props: DataVolumeSpecProps, pathPrefix: string): string[] {
  const target = `${pathPrefix}.${props.form ?? StorageForm.STORAGE}`;
  if (props.volumeMode !== undefined && !VOLUME_MODES.includes(props.volumeMode)) {
    return [constructCheck(`${target}.volumeMode`, `'${props.volumeMode}' is not one of ${VOLUME_MODES.join(', ')}`, 'construct-dv-volume-mode-valid')];
  }
  return [];
}
