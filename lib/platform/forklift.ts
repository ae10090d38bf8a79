// Forklift (Migration Toolkit for Virtualization) import: providers, network and storage maps,
// plans and migrations (`forklift.konveyor.io/v1beta1`). Checks mirror the plan controller's
// validation (kubev2v/forklift pkg/controller/plan/validation.go).
import { Construct } from 'constructs';
import { NetworkMap as L1NetworkMap, Provider as L1Provider, StorageMap as L1StorageMap } from '../../imports/forklift.konveyor.io';
import { withCheckId } from '../core/construct-checks';
import { INetworkAttachment, ObjectReference } from '../core/contracts';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';

/** Where Forklift runs on OpenShift; it creates the `host` provider (the local cluster) there. */
export const FORKLIFT_NAMESPACE = 'openshift-mtv';

/** A source platform Forklift imports from. */
export enum ProviderType {
  VSPHERE = 'vsphere',
  OVIRT = 'ovirt',
  OVA = 'ova',
  OPENSTACK = 'openstack',
  OPENSHIFT = 'openshift',
}

/** Properties of a `ForkliftProvider`. */
export interface ForkliftProviderProps extends KubeVirtResourceProps {
  readonly type: ProviderType;
  /** vCenter/ESXi SDK URL, oVirt engine API URL, OVA NFS path (`server:/path`) or Keystone URL. */
  readonly url: string;
  /** The Secret with the credentials (and CA) for the source. */
  readonly secret: ObjectReference;
  /** vSphere: the VDDK init image (`settings.vddkInitImage`). @default - none (slower transfers) */
  readonly vddkInitImage?: string;
  /** vSphere: whether `url` is a vCenter or a single ESXi host. @default 'vcenter' */
  readonly sdkEndpoint?: 'vcenter' | 'esxi';
  /** Any other `settings`. @default - none */
  readonly settings?: Record<string, string>;
}

/** A Forklift `Provider`: a source platform (vSphere, oVirt/RHV, OVA, OpenStack) and its credentials. */
export class ForkliftProvider extends KubeVirtResource {
  public readonly type: ProviderType;
  private readonly props: ForkliftProviderProps;

  constructor(scope: Construct, id: string, props: ForkliftProviderProps) {
    super(scope, id, { gvk: L1Provider.GVK }, props);
    this.props = props;
    this.type = props.type;
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-forklift-provider') });
  }

  /** A reference to the provider in a map or plan. */
  public toRef(): ObjectReference {
    return { name: this.name, namespace: this.namespace };
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.props;
    const settings: Record<string, string> = { ...p.settings };
    if (p.vddkInitImage) settings.vddkInitImage = p.vddkInitImage;
    if (p.type === ProviderType.VSPHERE) settings.sdkEndpoint = p.sdkEndpoint ?? 'vcenter';
    const spec: Record<string, unknown> = {
      type: p.type, url: p.url,
      secret: { name: p.secret.name, namespace: p.secret.namespace ?? this.namespace },
    };
    if (Object.keys(settings).length > 0) spec.settings = settings;
    return { spec };
  }

  private validate(): string[] {
    const p = this.props;
    const errors: string[] = [];
    if (!Object.values(ProviderType).includes(p.type)) errors.push(`spec.type: '${p.type}' is not one of ${Object.values(ProviderType).join(', ')}`);
    if (p.type === ProviderType.OVA) {
      if (!/^[^:/\s]+:\/(?!\/)\S*$/.test(p.url)) errors.push(`spec.url: an OVA provider takes an NFS export 'server:/path', got '${p.url}'`);
    } else if (!/^https:\/\/\S+$/.test(p.url)) errors.push(`spec.url: a ${p.type} provider takes an https:// URL, got '${p.url}'`);
    if ((p.vddkInitImage || p.sdkEndpoint) && p.type !== ProviderType.VSPHERE) errors.push('spec.settings: vddkInitImage and sdkEndpoint apply to vSphere providers only');
    if (!p.secret?.name) errors.push('spec.secret: a provider needs the Secret with its credentials');
    return errors;
  }
}

/** The local cluster as a migration destination: the `host` provider Forklift creates. */
export function hostProvider(namespace: string = FORKLIFT_NAMESPACE): ObjectReference {
  return { name: 'host', namespace };
}

/** A source network or datastore/storage domain, by id or name (as the provider's inventory lists it). */
export interface SourceRef {
  /** @default - by name */
  readonly id?: string;
  /** @default - by id */
  readonly name?: string;
}

/** Where a source network lands. */
export class NetworkDestination {
  /** The pod network (at most one source network per VM may map here). */
  public static pod(): NetworkDestination { return new NetworkDestination({ type: 'pod' }); }
  /** A secondary network: this project's NAD construct (a BridgeNetwork...). */
  public static multus(nad: INetworkAttachment): NetworkDestination {
    return new NetworkDestination({ type: 'multus', name: nad.name, namespace: nad.namespace }, nad);
  }
  /** Drop the NIC. */
  public static ignored(): NetworkDestination { return new NetworkDestination({ type: 'ignored' }); }

  private constructor(public readonly spec: { type: string; name?: string; namespace?: string }, public readonly nad?: INetworkAttachment) {}
}

interface MapProps extends KubeVirtResourceProps {
  /** The source provider. */
  readonly source: ForkliftProvider;
  /** @default hostProvider() in the map's namespace, else openshift-mtv */
  readonly destination?: ObjectReference;
}

/** Properties of a `NetworkMap`. */
export interface NetworkMapProps extends MapProps {}

/** A Forklift `NetworkMap`: source networks to the pod network or this project's NADs. */
export class NetworkMap extends KubeVirtResource {
  /** The destination provider (the local cluster's `host` provider unless set). */
  public get destinationProvider(): ObjectReference {
    return destinationOf(this.props, this.namespace);
  }

  private readonly props: NetworkMapProps;
  private readonly entries: Array<{ source: SourceRef; destination: NetworkDestination }> = [];

  /** The source provider. */
  public readonly sourceProvider: ForkliftProvider;

  constructor(scope: Construct, id: string, props: NetworkMapProps) {
    super(scope, id, { gvk: L1NetworkMap.GVK }, props);
    this.props = props;
    this.sourceProvider = props.source;
    this.addDependency(props.source);
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-forklift-map') });
  }

  /** Maps a source network; a NAD construct destination is applied before the map. */
  public addMapping(source: SourceRef, destination: NetworkDestination): this {
    this.entries.push({ source, destination });
    if (destination.nad) this.addDependency(destination.nad);
    return this;
  }

  /** The NADs the map sends networks to. */
  public get attachments(): INetworkAttachment[] {
    return this.entries.flatMap((e) => (e.destination.nad ? [e.destination.nad] : []));
  }

  protected renderBody(): Record<string, unknown> {
    return {
      spec: {
        provider: providers(this.props, this.namespace),
        map: this.entries.map((e) => ({ source: { ...e.source }, destination: { ...e.destination.spec } })),
      },
    };
  }

  // Two sources on the pod network and sources without id or name are the shared rule forklift-networkmap-valid.
  private validate(): string[] {
    return mapErrors('NetworkMap', this.entries);
  }
}

/** How imported disks are provisioned. */
export interface StorageDestination {
  readonly storageClass: string;
  /** @default - the StorageProfile's */
  readonly accessMode?: 'ReadWriteOnce' | 'ReadWriteMany' | 'ReadOnlyMany';
  /** @default - the StorageProfile's */
  readonly volumeMode?: 'Filesystem' | 'Block';
}

/** Properties of a `StorageMap`. */
export interface StorageMapProps extends MapProps {}

/** A Forklift `StorageMap`: source datastores or storage domains to storage classes. */
export class StorageMap extends KubeVirtResource {
  /** The destination provider (the local cluster's `host` provider unless set). */
  public get destinationProvider(): ObjectReference {
    return destinationOf(this.props, this.namespace);
  }

  private readonly props: StorageMapProps;
  private readonly entries: Array<{ source: SourceRef; destination: StorageDestination }> = [];

  /** The source provider. */
  public readonly sourceProvider: ForkliftProvider;

  constructor(scope: Construct, id: string, props: StorageMapProps) {
    super(scope, id, { gvk: L1StorageMap.GVK }, props);
    this.props = props;
    this.sourceProvider = props.source;
    this.addDependency(props.source);
    this.node.addValidation({ validate: () => withCheckId(mapErrors('StorageMap', this.entries), 'construct-forklift-map') });
  }

  public addMapping(source: SourceRef, destination: StorageDestination): this {
    this.entries.push({ source, destination });
    return this;
  }

  protected renderBody(): Record<string, unknown> {
    return {
      spec: {
        provider: providers(this.props, this.namespace),
        map: this.entries.map((e) => ({ source: { ...e.source }, destination: { ...e.destination } })),
      },
    };
  }
}

function destinationOf(p: MapProps, namespace: string | undefined): ObjectReference {
  const dest = p.destination ?? hostProvider(namespace ?? FORKLIFT_NAMESPACE);
  return { name: dest.name, namespace: dest.namespace ?? namespace };
}

function providers(p: MapProps, namespace: string | undefined): Record<string, unknown> {
  return { source: { name: p.source.name, namespace: p.source.namespace }, destination: { ...destinationOf(p, namespace) } };
}

function mapErrors(kind: string, entries: Array<{ source: SourceRef }>): string[] {
  const errors: string[] = [];
  if (entries.length === 0) errors.push(`spec.map: the ${kind} maps nothing; call addMapping()`);
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const key = e.source.id ?? `name:${e.source.name}`;
    if (seen.has(key)) errors.push(`spec.map[${i}].source: '${e.source.id ?? e.source.name}' is mapped twice`);
    seen.add(key);
  });
  return errors;
}
