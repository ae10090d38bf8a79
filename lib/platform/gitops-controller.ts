import { ApiObject, Duration, Size } from 'cdk8s';
import { dropNamespace } from '../core/cluster-scope';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KINDS, requireKind } from '../kinds';
import { PRUNE_FENCE_POLICY_NAME, pruneFenceBinding, pruneFencePolicy } from '../kinds/prune-fence';

/** One API resource the controller may manage (RBAC is granted per resource, never `*`). */
export interface ManagedResource {
  /** API group (`''` for the core group). */
  readonly apiGroup: string;
  /** Plural resource name, e.g. `virtualmachines`. */
  readonly resource: string;
}

/** The RBAC resource of a registered kind: its group and plural, from the kind registry. */
export function managedResourceOf(group: string, kind: string): ManagedResource {
  return { apiGroup: group, resource: requireKind(group, kind).plural };
}

/** The resources a KubeVirt estate synthesizes to, by default. */
export const DEFAULT_MANAGED_RESOURCES: readonly ManagedResource[] = ([
  ['', 'Namespace'], ['', 'ConfigMap'], ['', 'Secret'], ['', 'Service'], ['', 'ServiceAccount'], ['', 'PersistentVolumeClaim'],
  ['networking.k8s.io', 'NetworkPolicy'],
  ['kubevirt.io', 'VirtualMachine'], ['pool.kubevirt.io', 'VirtualMachinePool'],
  ['cdi.kubevirt.io', 'DataVolume'], ['cdi.kubevirt.io', 'DataSource'], ['cdi.kubevirt.io', 'DataImportCron'],
  ['instancetype.kubevirt.io', 'VirtualMachineInstancetype'], ['instancetype.kubevirt.io', 'VirtualMachineClusterInstancetype'],
  ['instancetype.kubevirt.io', 'VirtualMachinePreference'], ['instancetype.kubevirt.io', 'VirtualMachineClusterPreference'],
  ['nmstate.io', 'NodeNetworkConfigurationPolicy'], ['k8s.cni.cncf.io', 'NetworkAttachmentDefinition'],
  ['migrations.kubevirt.io', 'MigrationPolicy'], ['template.openshift.io', 'Template'],
] as const).map(([group, kind]) => managedResourceOf(group, kind));

/**
 * The resources the platform constructs synthesize to (operator install, HyperConverged, migration,
 * data protection, VM namespaces, monitoring, Forklift, routes): add them to `managedResources`
 * when the controller also applies the cluster's platform charts.
 */
export const PLATFORM_MANAGED_RESOURCES: readonly ManagedResource[] = ([
  ['operators.coreos.com', 'OperatorGroup'], ['operators.coreos.com', 'Subscription'], ['hco.kubevirt.io', 'HyperConverged'],
  ['kubevirt.io', 'VirtualMachineInstanceMigration'], ['snapshot.kubevirt.io', 'VirtualMachineSnapshot'],
  ['snapshot.kubevirt.io', 'VirtualMachineRestore'], ['clone.kubevirt.io', 'VirtualMachineClone'], ['export.kubevirt.io', 'VirtualMachineExport'],
  ['', 'ResourceQuota'], ['', 'LimitRange'], ['monitoring.coreos.com', 'PrometheusRule'], ['monitoring.coreos.com', 'ServiceMonitor'],
  ['forklift.konveyor.io', 'Provider'], ['forklift.konveyor.io', 'NetworkMap'], ['forklift.konveyor.io', 'StorageMap'],
  ['forklift.konveyor.io', 'Plan'], ['forklift.konveyor.io', 'Migration'], ['route.openshift.io', 'Route'], ['networking.k8s.io', 'Ingress'],
] as const).map(([group, kind]) => managedResourceOf(group, kind));

/** Where the controller reads its source folder from. */
export class ControllerSource {
  /**
   * A git-sync sidecar clones `repo` into a shared emptyDir and keeps it current.
   * @param path folder inside the repository holding the synthesized manifests (e.g. `dist`)
   */
  public static gitSync(options: GitSyncOptions): ControllerSource {
    return new ControllerSource(options, undefined, `/git/current/${(options.path ?? '').replace(/^\/+/, '')}`.replace(/\/+$/, ''));
  }

  /** An existing volume (ConfigMap, PVC...) mounted read-only; `path` inside it. */
  public static volume(volume: plus.Volume, path?: string): ControllerSource {
    return new ControllerSource(undefined, volume, `/source/${(path ?? '').replace(/^\/+/, '')}`.replace(/\/+$/, ''));
  }

  private constructor(public readonly gitSync: GitSyncOptions | undefined, public readonly volume: plus.Volume | undefined,
    /** The folder path inside the controller container. */
    public readonly mountedPath: string) {}
}

export interface GitSyncOptions {
  /** Repository URL. */
  readonly repo: string;
  /**
   * Branch, tag or commit.
   * @default 'main'
   */
  readonly ref?: string;
  /**
   * Folder inside the repository.
   * @default - the repository root
   */
  readonly path?: string;
  /**
   * Poll period.
   * @default Duration.seconds(30)
   */
  readonly period?: Duration;
  /**
   * git-sync image.
   * @default 'registry.k8s.io/git-sync/git-sync:v4.4.0'
   */
  readonly image?: string;
}

export interface KubeVirtGitOpsControllerProps {
  /** Where the synthesized folder comes from. */
  readonly source: ControllerSource;
  /**
   * Controller image: any image with Node.js >= 22 and this package installed, whose
   * entrypoint is the `cdk8s-kubevirt` CLI (build it from your registry's Node base image).
   */
  readonly image: string;
  /**
   * Replicas; more than one campaign for a Lease and only the holder writes.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Full re-sync period.
   * @default Duration.minutes(5)
   */
  readonly resync?: Duration;
  /**
   * Prune owned objects that left the source (disk data is still kept).
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Port of /metrics, /healthz and /readyz.
   * @default 8080
   */
  readonly metricsPort?: number;
  /**
   * Resources the controller may read and write (cluster-wide).
   * @default DEFAULT_MANAGED_RESOURCES
   */
  readonly managedResources?: readonly ManagedResource[];
  /**
   * Deadline of each API request the controller sends, watches excepted (its `--request-timeout`):
   * a request to an API server that stopped answering fails after it and is retried.
   * `Duration.seconds(0)` disables the deadline.
   * @default Duration.seconds(30)
   */
  readonly requestTimeout?: Duration;
  /**
   * Ship the prune fence: a ValidatingAdmissionPolicy (and binding) refusing a write that makes a
   * disk the prune kept owned again by the VM it deleted (a late KubeVirt adoption the garbage
   * collector would follow with the disk's deletion). Cluster-scoped; the controller itself only
   * reads it by name. Needs admissionregistration.k8s.io/v1 policies (Kubernetes 1.30 or later).
   * Leave it out only when the cluster gets it another way (it protects `cdk8s-kubevirt apply
   * --prune` runs too).
   * @default true
   */
  readonly pruneFence?: boolean;
}

const MANAGE_VERBS = ['get', 'list', 'watch', 'create', 'patch', 'delete'];

function apiResource(group: string, kind: string): plus.ApiResource {
  const r = managedResourceOf(group, kind);
  return plus.ApiResource.custom({ apiGroup: r.apiGroup, resourceType: r.resource });
}

/**
 * Kinds a pruned object may own that the controller reads and detaches before the deletion (never
 * deletes): every data kind of the registry, and exports (they own the claims they serve).
 */
const PRUNE_GRAPH_KINDS: ReadonlyArray<[string, string]> = [
  ...KINDS.filter((k) => k.holdsData).map((k): [string, string] => [k.group, k.kind]),
  ['export.kubevirt.io', 'VirtualMachineExport'],
];

/**
 * The controller's own deployment: a ServiceAccount, a least-privilege ClusterRole (one rule
 * per managed resource, no wildcards), a Role for its Lease and ApplySet parents, a Deployment
 * (with a git-sync sidecar or a mounted volume as the source) and a Service for metrics.
 */
export class KubeVirtGitOpsController extends Construct {
  public readonly serviceAccount: plus.ServiceAccount;
  public readonly clusterRole: plus.ClusterRole;
  public readonly role: plus.Role;
  public readonly deployment: plus.Deployment;
  public readonly service: plus.Service;
  /** The prune fence policy and its binding (undefined with `pruneFence: false`). */
  public readonly pruneFence?: { readonly policy: ApiObject; readonly binding: ApiObject };

  constructor(scope: Construct, id: string, props: KubeVirtGitOpsControllerProps) {
    super(scope, id);
    const port = props.metricsPort ?? 8080;
    this.serviceAccount = new plus.ServiceAccount(this, 'ServiceAccount', { automountToken: true });

    this.clusterRole = new plus.ClusterRole(this, 'ClusterRole');
    const resources = props.managedResources ?? DEFAULT_MANAGED_RESOURCES;
    for (const r of resources) {
      this.clusterRole.allow(MANAGE_VERBS, plus.ApiResource.custom({ apiGroup: r.apiGroup, resourceType: r.resource }));
    }
    // NNCP health reads the per-node enactments.
    this.clusterRole.allow(['get', 'list'], apiResource('nmstate.io', 'NodeNetworkConfigurationEnactment'));
    // Before pruning an object, the controller lists the disks, snapshots and exports it owns
    // and detaches them (a patch of ownerReferences), so they survive the deletion.
    const managed = new Set(resources.map((r) => `${r.apiGroup}/${r.resource}`));
    for (const [group, kind] of PRUNE_GRAPH_KINDS) {
      const r = managedResourceOf(group, kind);
      if (!managed.has(`${r.apiGroup}/${r.resource}`)) this.clusterRole.allow(['get', 'list', 'patch'], apiResource(group, kind));
    }
    // The prune checks that its fence is installed: two objects, read by name.
    for (const resourceType of ['validatingadmissionpolicies', 'validatingadmissionpolicybindings']) {
      this.clusterRole.allow(['get'], namedResource('admissionregistration.k8s.io', resourceType, PRUNE_FENCE_POLICY_NAME));
    }
    // Events on managed objects (failed applies, prunes, drift corrections): written, never read or changed.
    this.clusterRole.allow(['create'], plus.ApiResource.custom({ apiGroup: 'events.k8s.io', resourceType: 'events' }));
    const clusterBinding = this.clusterRole.bind(this.serviceAccount);
    // cdk8s gives every object of a namespaced chart the chart's namespace, cluster-scoped ones too.
    for (const c of [this.clusterRole, clusterBinding]) dropNamespace(ApiObject.of(c));

    if (props.pruneFence ?? true) {
      this.pruneFence = { policy: new ApiObject(this, 'PruneFence', pruneFencePolicy() as any), binding: new ApiObject(this, 'PruneFenceBinding', pruneFenceBinding() as any) };
      dropNamespace(this.pruneFence.policy);
      dropNamespace(this.pruneFence.binding);
    }

    this.role = new plus.Role(this, 'Role');
    this.role.allow(['get', 'create', 'update'], apiResource('coordination.k8s.io', 'Lease'));
    this.role.allow(['get', 'list', 'create', 'patch'], apiResource('', 'Secret'));
    this.role.bind(this.serviceAccount);

    const source = props.source;
    this.deployment = new plus.Deployment(this, 'Deployment', {
      replicas: props.replicas ?? 2,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
    });
    const args = ['controller', '--source', source.mountedPath, '--resync', `${(props.resync ?? Duration.minutes(5)).toSeconds()}s`,
      '--metrics-port', String(port), '--request-timeout', requestTimeoutArg(props.requestTimeout ?? Duration.seconds(30)),
      '--leader-elect', ...(props.prune ? ['--prune'] : [])];
    const controller = this.deployment.addContainer({
      name: 'controller',
      image: props.image,
      args,
      ports: [{ number: port, name: 'metrics' }],
      envVariables: { POD_NAMESPACE: plus.EnvValue.fromFieldRef(plus.EnvFieldPaths.POD_NAMESPACE) },
      readiness: plus.Probe.fromHttpGet('/readyz', { port }),
      liveness: plus.Probe.fromHttpGet('/healthz', { port }),
      resources: { cpu: { request: plus.Cpu.millis(50), limit: plus.Cpu.millis(500) }, memory: { request: sizeMi(128), limit: sizeMi(512) } },
    });
    if (source.gitSync) {
      const shared = plus.Volume.fromEmptyDir(this, 'GitVolume', 'git');
      controller.mount('/git', shared, { readOnly: true });
      const sync = this.deployment.addContainer({
        name: 'git-sync',
        image: source.gitSync.image ?? 'registry.k8s.io/git-sync/git-sync:v4.4.0',
        args: [`--repo=${source.gitSync.repo}`, `--ref=${source.gitSync.ref ?? 'main'}`, '--root=/git', '--link=current',
          `--period=${(source.gitSync.period ?? Duration.seconds(30)).toSeconds()}s`],
        resources: { cpu: { request: plus.Cpu.millis(10), limit: plus.Cpu.millis(200) }, memory: { request: sizeMi(32), limit: sizeMi(128) } },
      });
      sync.mount('/git', shared);
    } else if (source.volume) {
      controller.mount('/source', source.volume, { readOnly: true });
    }
    this.service = this.deployment.exposeViaService({ ports: [{ port, targetPort: port, name: 'metrics' }] });
  }
}

/** The CLI's duration form: `30s`, `1500ms`, `0` (no deadline). */
function requestTimeoutArg(timeout: Duration): string {
  const ms = timeout.toMilliseconds();
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`requestTimeout: ${ms} ms is not a whole, non-negative number of milliseconds`);
  return ms === 0 ? '0' : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** One object of a resource, for an RBAC rule with resourceNames. */
function namedResource(apiGroup: string, resourceType: string, resourceName: string): plus.IApiEndpoint {
  return { asApiResource: () => ({ apiGroup, resourceType, resourceName }), asNonApiResource: () => undefined };
}

function sizeMi(n: number): Size {
  return Size.mebibytes(n);
}
