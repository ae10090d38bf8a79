import * as plus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { dependencyTargetOf, IDataSource, IDataVolume, ObjectReference } from '../core/contracts';

/** The kind of data a DataVolume is populated from (the key under `spec.source`, or `sourceRef`). */
export type DataVolumeSourceKind =
  | 'http' | 's3' | 'gcs' | 'registry' | 'pvc' | 'snapshot' | 'upload' | 'blank' | 'imageio' | 'vddk' | 'sourceRef';

/** A Secret given by name or as a cdk8s-plus Secret of the app (which then becomes a dependency). */
export type SourceSecretRef = string | plus.ISecret;
/** A ConfigMap given by name or as a cdk8s-plus ConfigMap of the app (which then becomes a dependency). */
export type SourceConfigMapRef = string | plus.IConfigMap;

/** A PVC to clone: a cdk8s-plus claim, a DataVolume (its PVC has its name), or a name/namespace. */
export type CloneClaimRef = plus.IPersistentVolumeClaim | IDataVolume | ObjectReference;

/** Options of an HTTP(S) import. */
export interface HttpSourceOptions {
  /**
   * ConfigMap holding extra CA certificates for the server.
   * @default - the system trust store
   */
  readonly certConfigMap?: SourceConfigMapRef;
  /**
   * Secret with `accessKeyId` (user) and `secretKey` (password) for basic auth.
   * @default - no authentication
   */
  readonly secretRef?: SourceSecretRef;
  /**
   * Extra request headers, each `Name: value`.
   * @default - none
   */
  readonly extraHeaders?: string[];
  /**
   * Secrets each holding one header that carries sensitive values (tokens).
   * @default - none
   */
  readonly secretExtraHeaders?: SourceSecretRef[];
  /**
   * Expected checksum of the file as `algorithm:hash` (md5, sha1, sha256, sha512); needs a recent CDI.
   * @default - not verified
   */
  readonly checksum?: string;
  /**
   * Skip TLS verification of the server.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/** Options of an S3 import. */
export interface S3SourceOptions {
  /**
   * Secret with `accessKeyId` and `secretKey`.
   * @default - anonymous access
   */
  readonly secretRef?: SourceSecretRef;
  /**
   * ConfigMap holding extra CA certificates for the endpoint.
   * @default - the system trust store
   */
  readonly certConfigMap?: SourceConfigMapRef;
}

/** Options of a Google Cloud Storage import. */
export interface GcsSourceOptions {
  /**
   * Secret with the service account key (`creds-id`).
   * @default - anonymous access
   */
  readonly secretRef?: SourceSecretRef;
}

/** Where a registry import pulls from: an image URL (`docker://` or `oci-archive://`) or an OpenShift ImageStream. */
export type RegistryImage = { readonly url: string } | { readonly imageStream: string };

/** How CDI pulls a registry image. */
export enum RegistryPullMethod {
  /** An importer pod pulls the image (the default). */
  POD = 'pod',
  /** The node's container runtime pulls the image (uses the node's cache and pull secrets); required for ImageStreams. */
  NODE = 'node',
}

/** Options of a container-registry import. */
export interface RegistrySourceOptions {
  /**
   * How the image is pulled.
   * @default RegistryPullMethod.POD (RegistryPullMethod.NODE when importing an ImageStream)
   */
  readonly pullMethod?: RegistryPullMethod;
  /**
   * ConfigMap holding the registry's CA certificates.
   * @default - the system trust store
   */
  readonly certConfigMap?: SourceConfigMapRef;
  /**
   * Secret with `accessKeyId` and `secretKey` for the registry.
   * @default - anonymous pull
   */
  readonly secretRef?: SourceSecretRef;
  /**
   * CPU architecture of the image to pick from a multi-arch manifest.
   * @default - the cluster's default
   */
  readonly architecture?: string;
}

/** Options of an oVirt/RHV ImageIO import. */
export interface ImageIoSourceOptions {
  /** ID of the disk to import. */
  readonly diskId: string;
  /** Secret with the engine's `accessKeyId` (user) and `secretKey` (password). */
  readonly secretRef: SourceSecretRef;
  /**
   * ConfigMap with the engine's CA certificate (`ca.pem`); recent CDI versions require it.
   * @default - none
   */
  readonly certConfigMap?: SourceConfigMapRef;
  /**
   * Skip TLS verification of the engine.
   * @default false
   */
  readonly insecureSkipVerify?: boolean;
}

/** Options of a VMware VDDK import. */
export interface VddkSourceOptions {
  /** UUID of the virtual machine the backing file belongs to. */
  readonly uuid: string;
  /** Path of the disk in vCenter/ESXi, e.g. `[datastore1] vm/vm.vmdk`. */
  readonly backingFile: string;
  /** SHA-1 certificate thumbprint of the vCenter/ESXi host. */
  readonly thumbprint: string;
  /** Secret with `accessKeyId` (user) and `secretKey` (password). */
  readonly secretRef: SourceSecretRef;
  /**
   * Image containing the extracted VDDK library.
   * @default - the image configured in CDI's `v2v-vmware` ConfigMap
   */
  readonly initImageUrl?: string;
  /**
   * ConfigMap with the vCenter/ESXi CA certificate.
   * @default - none
   */
  readonly certConfigMap?: SourceConfigMapRef;
  /**
   * ConfigMap with extra arguments passed to the VDDK library.
   * @default - none
   */
  readonly extraArgs?: SourceConfigMapRef;
}

/**
 * Where a DataVolume's data comes from. One factory per CDI source kind.
 *
 * Sources that reference objects of the app (a Secret, a DataVolume to clone, a DataSource)
 * list them in `dependencies`, so the DataVolume is applied after them.
 */
export class DataVolumeSource {
  /** Imports a disk image (qcow2, raw, iso; optionally gz/xz/tar) over HTTP(S). */
  public static http(url: string, options: HttpSourceOptions = {}): DataVolumeSource {
    return new DataVolumeSource('http', {
      url,
      certConfigMap: options.certConfigMap,
      secretRef: options.secretRef,
      extraHeaders: options.extraHeaders,
      secretExtraHeaders: options.secretExtraHeaders,
      checksum: options.checksum,
      insecureSkipVerify: options.insecureSkipVerify,
    });
  }

  /** Imports an object from an S3-compatible store (`https://endpoint/bucket/object`). */
  public static s3(url: string, options: S3SourceOptions = {}): DataVolumeSource {
    return new DataVolumeSource('s3', { url, secretRef: options.secretRef, certConfigMap: options.certConfigMap });
  }

  /** Imports an object from Google Cloud Storage (`gs://bucket/object` or its https URL). */
  public static gcs(url: string, options: GcsSourceOptions = {}): DataVolumeSource {
    return new DataVolumeSource('gcs', { url, secretRef: options.secretRef });
  }

  /** Imports a containerDisk image from a registry, e.g. `{ url: 'docker://quay.io/containerdisks/fedora:latest' }`. */
  public static registry(image: RegistryImage, options: RegistrySourceOptions = {}): DataVolumeSource {
    const imageStream = 'imageStream' in image ? image.imageStream : undefined;
    return new DataVolumeSource('registry', {
      url: 'url' in image ? image.url : undefined,
      imageStream,
      pullMethod: options.pullMethod ?? (imageStream !== undefined ? RegistryPullMethod.NODE : undefined),
      certConfigMap: options.certConfigMap,
      secretRef: options.secretRef,
      platform: options.architecture ? { architecture: options.architecture } : undefined,
    });
  }

  /**
   * Clones an existing PVC. The namespace defaults to the DataVolume's; cloning from another
   * namespace needs `create` on `datavolumes/source` there.
   */
  public static pvc(claim: CloneClaimRef): DataVolumeSource {
    return new DataVolumeSource('pvc', { name: claim.name, namespace: claimNamespace(claim) }, [claim]);
  }

  /** Clones a VolumeSnapshot. The namespace defaults to the DataVolume's. */
  public static snapshot(snapshot: ObjectReference): DataVolumeSource {
    return new DataVolumeSource('snapshot', { name: snapshot.name, namespace: snapshot.namespace });
  }

  /** An empty volume waiting for `virtctl image-upload`. */
  public static upload(): DataVolumeSource {
    return new DataVolumeSource('upload', {});
  }

  /** A blank raw disk of the requested size. */
  public static blank(): DataVolumeSource {
    return new DataVolumeSource('blank', {});
  }

  /** Imports a disk from oVirt / Red Hat Virtualization through ImageIO (`https://engine/ovirt-engine/api`). */
  public static imageio(url: string, options: ImageIoSourceOptions): DataVolumeSource {
    return new DataVolumeSource('imageio', {
      url,
      diskId: options.diskId,
      secretRef: options.secretRef,
      certConfigMap: options.certConfigMap,
      insecureSkipVerify: options.insecureSkipVerify,
    });
  }

  /** Imports a disk from VMware vCenter/ESXi through VDDK (`https://vcenter/sdk`). */
  public static vddk(url: string, options: VddkSourceOptions): DataVolumeSource {
    return new DataVolumeSource('vddk', {
      url,
      uuid: options.uuid,
      backingFile: options.backingFile,
      thumbprint: options.thumbprint,
      secretRef: options.secretRef,
      initImageURL: options.initImageUrl,
      certConfigMap: options.certConfigMap,
      extraArgs: options.extraArgs,
    });
  }

  /**
   * Clones whatever a DataSource (golden image) currently points at, via `spec.sourceRef`.
   * The namespace defaults to the DataVolume's. (Named like `DiskSource.dataSource`.)
   */
  public static dataSource(dataSource: IDataSource | ObjectReference): DataVolumeSource {
    return new DataVolumeSource('sourceRef', { name: dataSource.name, namespace: dataSource.namespace }, [dataSource]);
  }

  /** @deprecated use `DataVolumeSource.dataSource` (factories are named by what they make, as `DiskSource.dataSource`) */
  public static fromDataSource(dataSource: IDataSource | ObjectReference): DataVolumeSource {
    return DataVolumeSource.dataSource(dataSource);
  }

  /** The constructs of the app this source references; a DataVolume using it is applied after them. */
  public readonly dependencies: IConstruct[];

  private constructor(
    /** The CDI source kind. */
    public readonly kind: DataVolumeSourceKind,
    private readonly fields: Record<string, unknown>,
    references: unknown[] = [],
  ) {
    const all = [...references, ...Object.values(fields).flatMap((v) => (Array.isArray(v) ? v : [v]))];
    this.dependencies = all.filter(isConstruct).map(dependencyTargetOf);
  }

  /** True for sources that copy an existing volume (CDI infers the size of these in the storage form). */
  public get isClone(): boolean {
    return this.kind === 'pvc' || this.kind === 'snapshot' || this.kind === 'sourceRef';
  }

  /**
   * The source's fields as CDI expects them (secrets and config maps by name); `namespace` fills
   * the namespace of clone sources and sourceRefs that did not name one.
   */
  public toJson(namespace?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.fields)) {
      if (value === undefined) continue;
      out[key] = Array.isArray(value) ? value.map(nameOf) : nameOf(value);
    }
    if (this.isClone && out.namespace === undefined && namespace !== undefined) out.namespace = namespace;
    return out;
  }
}

function isConstruct(x: unknown): x is IConstruct {
  return typeof x === 'object' && x !== null && 'node' in x;
}

function nameOf(value: unknown): unknown {
  return isConstruct(value) && 'name' in value ? (value as { name: string }).name : value;
}

function claimNamespace(claim: CloneClaimRef): string | undefined {
  if ('namespace' in claim && typeof claim.namespace === 'string') return claim.namespace;
  // cdk8s-plus resources (of any cdk8s-plus version: checked structurally, not by class) carry
  // their namespace in metadata; imported claims (fromClaimName) have none.
  const metadata = (claim as { metadata?: { namespace?: unknown } }).metadata;
  return typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
}
