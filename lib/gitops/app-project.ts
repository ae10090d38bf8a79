// An Argo CD AppProject: which repositories, clusters/namespaces and kinds its Applications may use.
import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { AppProject as L1AppProject, AppProjectSpec } from '../../imports/argoproj.io';
import { ARGOCD_NAMESPACE, Destination } from './application';
import { markArgoCdConstruct } from './chart-folder';

/** A group/kind pair (`''` is the core group). */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** The cluster-scoped kinds a KubeVirt estate synthesizes (host networking, cluster-wide flavors, namespaces). */
export const KUBEVIRT_CLUSTER_KINDS: readonly GroupKind[] = [
  { group: '', kind: 'Namespace' },
  { group: 'nmstate.io', kind: 'NodeNetworkConfigurationPolicy' },
  { group: 'instancetype.kubevirt.io', kind: 'VirtualMachineClusterInstancetype' },
  { group: 'instancetype.kubevirt.io', kind: 'VirtualMachineClusterPreference' },
  { group: 'migrations.kubevirt.io', kind: 'MigrationPolicy' },
];

export interface AppProjectProps {
  /**
   * Metadata.
   * @default - name generated from the construct path, namespace 'argocd'
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * What the project is for.
   * @default - none
   */
  readonly description?: string;
  /**
   * Repositories Applications may read (globs allowed).
   * @default - none: add with addSourceRepo()
   */
  readonly sourceRepos?: string[];
  /**
   * Clusters and namespaces Applications may deploy to.
   * @default - none: add with addDestination()
   */
  readonly destinations?: Destination[];
  /**
   * Cluster-scoped kinds Applications may manage.
   * @default KUBEVIRT_CLUSTER_KINDS
   */
  readonly clusterResources?: GroupKind[];
  /**
   * Namespaced kinds Applications may manage.
   * @default - every namespaced kind
   */
  readonly namespaceResources?: GroupKind[];
}

/** An Argo CD AppProject with an explicit allow-list of cluster-scoped kinds. */
export class AppProject extends Construct {
  /** Escape hatch: the L1 AppProject object. */
  public readonly apiObject: L1AppProject;
  private readonly sourceRepos: string[];
  private readonly destinations: Destination[];
  private readonly clusterResources: GroupKind[];
  private namespaceResources: GroupKind[] | undefined;

  constructor(scope: Construct, id: string, private readonly props: AppProjectProps = {}) {
    super(scope, id);
    markArgoCdConstruct(this);
    this.sourceRepos = [...(props.sourceRepos ?? [])];
    this.destinations = [...(props.destinations ?? [])];
    this.clusterResources = [...(props.clusterResources ?? KUBEVIRT_CLUSTER_KINDS)];
    this.namespaceResources = props.namespaceResources ? [...props.namespaceResources] : undefined;
    this.apiObject = new L1AppProject(this, 'Resource', {
      metadata: { ...props.metadata, namespace: props.metadata?.namespace ?? ARGOCD_NAMESPACE },
      spec: Lazy.any({ produce: () => this.renderSpec() }) as unknown as AppProjectSpec,
    });
  }

  /** The project name, for `ArgoApplicationProps.project`. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** Allows a repository (glob). */
  public addSourceRepo(repo: string): this {
    if (!this.sourceRepos.includes(repo)) this.sourceRepos.push(repo);
    return this;
  }

  /** Allows a cluster/namespace. */
  public addDestination(destination: Destination): this {
    this.destinations.push(destination);
    return this;
  }

  /** Allows a cluster-scoped kind. */
  public addClusterResource(groupKind: GroupKind): this {
    if (!this.clusterResources.some((g) => g.group === groupKind.group && g.kind === groupKind.kind)) {
      this.clusterResources.push(groupKind);
    }
    return this;
  }

  /** Allows a namespaced kind (once called, only the listed namespaced kinds are allowed). */
  public addNamespaceResource(groupKind: GroupKind): this {
    this.namespaceResources ??= [];
    this.namespaceResources.push(groupKind);
    return this;
  }

  private renderSpec(): AppProjectSpec {
    return {
      description: this.props.description,
      sourceRepos: this.sourceRepos.length > 0 ? [...this.sourceRepos] : undefined,
      destinations: this.destinations.length > 0
        ? this.destinations.map((d) => ({ server: d.server, name: d.name, namespace: d.namespace ?? '*' }))
        : undefined,
      clusterResourceWhitelist: this.clusterResources.map((g) => ({ group: g.group, kind: g.kind })),
      namespaceResourceWhitelist: this.namespaceResources?.map((g) => ({ group: g.group, kind: g.kind })),
    };
  }
}
