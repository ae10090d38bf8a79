// The DataVolume spec as a value: rendered and checked the same way for a standalone
// DataVolume, a DataImportCron template and a VM's `dataVolumeTemplates` entry.
import { Size, SizeRoundingBehavior } from 'cdk8s';
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


const ACCESS_MODES: readonly string[] = Object.values(AccessMode);
const VOLUME_MODES: readonly string[] = Object.values(VolumeMode);
const CONTENT_TYPES: readonly string[] = Object.values(DataVolumeContentType);
const MIN_SIZE_KIB = 1024;

/**
 * Checks what CDI's admission would reject. Each message starts with the field path under
 * `pathPrefix` (e.g. `spec`, or `spec.dataVolumeTemplates[0].spec`) and ends with the catalog rule id.
 */
export function validateDataVolumeSpec(props: DataVolumeSpecProps, pathPrefix: string, context: DataVolumeSpecContext = {}): string[] {
  const errors: string[] = [];
  const form = props.form ?? StorageForm.STORAGE;
  const target = `${pathPrefix}.${form}`;
  const source = props.source;
  if (!(source instanceof DataVolumeSource)) {
    return [`${pathPrefix}.source: a source is required (use a DataVolumeSource factory) [dv-source-exclusive]`];
  }
  if (form !== StorageForm.STORAGE && form !== StorageForm.PVC) {
    errors.push(`${pathPrefix}: form must be 'storage' or 'pvc', got '${form}' [dv-pvc-or-storage]`);
  }

  // Size.
  const sizePath = `${target}.resources.requests.storage`;
  if (props.size === undefined) {
    if (form === StorageForm.PVC) errors.push(`${sizePath}: size is required in the pvc form [dv-size-required]`);
    else if (!source.isClone) errors.push(`${sizePath}: size is required unless cloning (source '${source.kind}') [dv-size-required]`);
  } else {
    const kib = props.size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!(kib >= MIN_SIZE_KIB)) errors.push(`${sizePath}: size must be at least 1Mi, got ${kib}Ki [dv-size-positive]`);
  }

  // Access and volume modes.
  const modes = props.accessModes ?? [];
  for (const mode of modes) {
    if (!ACCESS_MODES.includes(mode)) {
      errors.push(`${target}.accessModes: '${mode}' is not one of ${ACCESS_MODES.join(', ')} (use AccessMode) [dv-access-mode-valid]`);
    }
  }
  if (form === StorageForm.PVC && modes.length !== 1) {
    errors.push(`${target}.accessModes: the pvc form needs exactly one access mode, got ${modes.length} (or use the storage form) [dv-pvc-access-mode-single]`);
  }
  if (props.volumeMode !== undefined && !VOLUME_MODES.includes(props.volumeMode)) {
    errors.push(`${target}.volumeMode: '${props.volumeMode}' is not one of ${VOLUME_MODES.join(', ')}`);
  }

  // Content type.
  const contentType = props.contentType;
  if (contentType !== undefined && !CONTENT_TYPES.includes(contentType)) {
    errors.push(`${pathPrefix}.contentType: '${contentType}' is not one of ${CONTENT_TYPES.join(', ')} [dv-content-type-valid]`);
  } else if (contentType === DataVolumeContentType.ARCHIVE && (source.kind === 'blank' || source.kind === 'registry')) {
    errors.push(`${pathPrefix}.contentType: a ${source.kind} source cannot use contentType 'archive' [dv-content-type-valid]`);
  }

  errors.push(...validateSource(source, pathPrefix, context));
  return errors;
}

function validateSource(source: DataVolumeSource, pathPrefix: string, context: DataVolumeSpecContext): string[] {
  const json = source.toJson(context.namespace);
  const path = source.kind === 'sourceRef' ? `${pathPrefix}.sourceRef` : `${pathPrefix}.source.${source.kind}`;
  const errors: string[] = [];
  const requireFields = (fields: string[], rule: string) => {
    for (const f of fields) {
      if (typeof json[f] !== 'string' || json[f] === '') errors.push(`${path}.${f}: required for the ${source.kind} source [${rule}]`);
    }
  };
  switch (source.kind) {
    case 'http':
    case 's3':
    case 'imageio':
    case 'vddk':
      errors.push(...checkUrl(json.url, `${path}.url`, ['http:', 'https:']));
      if (source.kind === 'imageio') requireFields(['secretRef', 'diskId'], 'dv-url-valid');
      if (source.kind === 'vddk') requireFields(['secretRef', 'uuid', 'backingFile', 'thumbprint'], 'dv-url-valid');
      break;
    case 'gcs':
      errors.push(...checkUrl(json.url, `${path}.url`, ['http:', 'https:', 'gs:']));
      break;
    case 'registry':
      errors.push(...checkRegistry(json, path));
      break;
    case 'pvc':
    case 'snapshot':
      requireFields(['name'], 'dv-clone-source-complete');
      if (json.namespace === undefined) {
        errors.push(`${path}.namespace: the clone source names no namespace and the DataVolume's namespace is unknown; set one on the source or the chart [dv-clone-source-complete]`);
      }
      break;
    case 'sourceRef':
      requireFields(['name'], 'dv-sourceref-datasource');
      break;
    default:
      break;
  }
  return errors;
}

function checkUrl(url: unknown, path: string, schemes: string[]): string[] {
  const allowed = schemes.map((s) => `${s}//`).join(', ');
  if (typeof url !== 'string' || url === '') return [`${path}: a URL is required [dv-url-valid]`];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [`${path}: '${url}' is not an absolute URL (${allowed}) [dv-url-valid]`];
  }
  if (!schemes.includes(parsed.protocol)) return [`${path}: '${url}' must use ${allowed} [dv-url-valid]`];
  return [];
}

function checkRegistry(json: Record<string, unknown>, path: string): string[] {
  const { url, imageStream, pullMethod } = json;
  if ((url === undefined) === (imageStream === undefined)) {
    return [`${path}: set exactly one of url and imageStream [dv-registry-source-valid]`];
  }
  const errors: string[] = [];
  if (typeof url === 'string' && !/^(docker|oci-archive):\/\/\S+$/.test(url)) {
    errors.push(`${path}.url: '${url}' must start with docker:// or oci-archive:// (e.g. docker://quay.io/containerdisks/fedora:latest) [dv-registry-source-valid]`);
  }
  if (pullMethod !== undefined && pullMethod !== 'pod' && pullMethod !== 'node') {
    errors.push(`${path}.pullMethod: '${pullMethod}' is not one of pod, node [dv-registry-source-valid]`);
  }
  if (imageStream !== undefined) {
    if (imageStream === '') errors.push(`${path}.imageStream: must not be empty [dv-registry-source-valid]`);
    if (pullMethod !== 'node') errors.push(`${path}.pullMethod: an imageStream needs pullMethod 'node' [dv-registry-source-valid]`);
  }
  return errors;
}
