// An Argo CD Application over the generated argoproj.io L1 class: where the manifests come
// from, where they go, and how Argo CD syncs them.
import { ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Application, ApplicationSpec, ApplicationSpecIgnoreDifferences, ApplicationSpecSource, ApplicationSpecSyncPolicy,
} from '../../imports/argoproj.io';
import { SYNC_WAVE_ANNOTATION } from '../core/ordering';
import { markArgoCdConstruct } from './chart-folder';

/** Namespace Argo CD watches for Applications and AppProjects, in a default install. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The API server address Argo CD uses for the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * One `ignoreDifferences` entry of an Application (Argo CD's own shape): the fields of the
 * matching objects that Argo CD neither reports as drift nor, with `RespectIgnoreDifferences=true`,
 * overwrites.
 */
export type IgnoreDifference = ApplicationSpecIgnoreDifferences;

/** Options of a Git directory source. */
export interface GitSourceOptions {
  /**
   * Branch, tag or commit.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Read subfolders too.
   * @default false
   */
  readonly recurse?: boolean;
  /**
   * Glob of the files to read (relative to `path`), e.g. `{host-network/*,lab/*}`.
   * @default - every manifest file
   */
  readonly include?: string;
  /**
   * Glob of the files to skip.
   * @default - none
   */
  readonly exclude?: string;
}

/** Options of a Config Management Plugin source. */
export interface PluginSourceOptions {
  /**
   * Branch, tag or commit.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * The plugin name (`<name>-<version>` when the plugin declares a version).
   * @default - the plugin whose discovery rule matches the folder
   */
  readonly pluginName?: string;
  /**
   * Environment given to the plugin's commands (Argo CD prefixes each name with `ARGOCD_ENV_`).
   * @default - none
   */
  readonly env?: Record<string, string>;
}

/** Where an Application's manifests come from. */
export class ApplicationSource {
  /** Plain manifests in a folder of a Git repository (e.g. a synthesized chart folder). */
  public static git(repoURL: string, path: string, options: GitSourceOptions = {}): ApplicationSource {
    const directory = { recurse: options.recurse, include: options.include, exclude: options.exclude };
    const hasDirectory = Object.values(directory).some((v) => v !== undefined);
    return new ApplicationSource({
      repoUrl: repoURL, path, targetRevision: options.targetRevision ?? 'HEAD',
      directory: hasDirectory ? directory : undefined,
    });
  }

  /** A folder rendered by a Config Management Plugin (e.g. `cdk8s synth` run by Argo CD). */
  public static plugin(repoURL: string, path: string, options: PluginSourceOptions = {}): ApplicationSource {
    const env = Object.entries(options.env ?? {}).map(([name, value]) => ({ name, value }));
    return new ApplicationSource({
      repoUrl: repoURL, path, targetRevision: options.targetRevision ?? 'HEAD',
      plugin: { name: options.pluginName, env: env.length > 0 ? env : undefined },
    });
  }

  private constructor(
    /** The `spec.source` of the Application. */
    public readonly spec: ApplicationSpecSource,
  ) {}
}

/** The cluster and namespace an Application deploys to. */
export class Destination {
  /** The cluster Argo CD runs in. */
  public static inCluster(namespace?: string): Destination {
    return new Destination(IN_CLUSTER_SERVER, undefined, namespace);
  }

  /** A cluster registered in Argo CD, by API server URL. */
  public static server(url: string, namespace?: string): Destination {
    return new Destination(url, undefined, namespace);
  }

  /** A cluster registered in Argo CD, by its name. */
  public static clusterName(name: string, namespace?: string): Destination {
    return new Destination(undefined, name, namespace);
  }

  private constructor(
    public readonly server: string | undefined,
    public readonly name: string | undefined,
    /** Namespace for objects that carry none (Argo CD never overrides one they carry). */
    public readonly namespace: string | undefined,
  ) {}

  /** The same cluster with another default namespace. */
  public withNamespace(namespace: string | undefined): Destination {
    return new Destination(this.server, this.name, namespace);
  }
}

/** Options of automated sync. */
export interface AutomatedSyncOptions {
  /**
   * Delete objects that left Git. Off by default: a pruned VirtualMachine or DataVolume takes its
   * disks with it (Argo CD deletes with foreground propagation).
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Revert changes made in the cluster (a live edit re-triggers a sync).
   * @default true
   */
  readonly selfHeal?: boolean;
  /**
   * Allow a sync that would leave the Application with no objects (with prune, deletes everything).
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** Retry of failed syncs. */
export interface SyncRetryOptions {
  /** How many times. */
  readonly limit: number;
  /**
   * First backoff.
   * @default Duration.seconds(5)
   */
  readonly backoff?: Duration;
  /**
   * Backoff growth factor.
   * @default 2
   */
  readonly factor?: number;
  /**
   * Longest backoff.
   * @default Duration.minutes(3)
   */
  readonly maxBackoff?: Duration;
}

/** When Argo CD syncs. */
export class SyncPolicy {
  /** Sync on every new revision (and on drift with selfHeal). */
  public static automated(options: AutomatedSyncOptions = {}): SyncPolicy {
    return new SyncPolicy({
      prune: options.prune ?? false,
      selfHeal: options.selfHeal ?? true,
      allowEmpty: options.allowEmpty ?? false,
    });
  }

  /** Sync only when someone asks (UI, CLI). */
  public static manual(): SyncPolicy {
    return new SyncPolicy(undefined);
  }

  private constructor(public readonly automated: AutomatedSyncOptions | undefined) {}
}

/**
 * The sync options every Application of an estate gets: server-side apply (so fields other
 * managers own, like the ones KubeVirt seeds, are kept), and ignored differences respected on
 * apply (so Argo CD writes the live value of an ignored field back instead of clearing it).
 */
export const DEFAULT_SYNC_OPTIONS: readonly string[] = ['ServerSideApply=true', 'RespectIgnoreDifferences=true'];

export interface ArgoApplicationProps {
  /**
   * Metadata; Applications live in Argo CD's namespace.
   * @default - name generated from the construct path, namespace 'argocd'
   */
  readonly metadata?: ApiObjectMetadata;
  /** Where the manifests come from. */
  readonly source: ApplicationSource;
  /** Where they are deployed. */
  readonly destination: Destination;
  /**
   * The AppProject (name, or an `AppProject` construct).
   * @default 'default'
   */
  readonly project?: string | { readonly name: string };
  /**
   * When to sync.
   * @default SyncPolicy.automated()
   */
  readonly syncPolicy?: SyncPolicy;
  /**
   * Sync options.
   * @default DEFAULT_SYNC_OPTIONS
   */
  readonly syncOptions?: string[];
  /**
   * Fields not to report as drift.
   * @default - none
   */
  readonly ignoreDifferences?: IgnoreDifference[];
  /**
   * Sync wave of the Application object itself (meaningful inside an app-of-apps).
   * @default - no wave (0)
   */
  readonly syncWave?: number;
  /**
   * Retry of failed syncs.
   * @default - Argo CD's default (no retry)
   */
  readonly retry?: SyncRetryOptions;
}

/**
 * An Argo CD Application. Automated sync with self-heal, server-side apply and
 * `RespectIgnoreDifferences=true` unless told otherwise; no resources finalizer, so deleting the
 * Application leaves its objects (and their disks) in place.
 */
export class ArgoApplication extends Construct {
  /** Escape hatch: the L1 Application object. */
  public readonly apiObject: Application;
  private readonly ignores: IgnoreDifference[];
  private readonly lazyIgnores: Array<() => IgnoreDifference[]> = [];
  private readonly syncOptions: string[];

  constructor(scope: Construct, id: string, private readonly props: ArgoApplicationProps) {
    super(scope, id);
    markArgoCdConstruct(this);
    this.ignores = [...(props.ignoreDifferences ?? [])];
    this.syncOptions = [...(props.syncOptions ?? DEFAULT_SYNC_OPTIONS)];
    const annotations: Record<string, string> = props.syncWave === undefined ? {} : { [SYNC_WAVE_ANNOTATION]: String(props.syncWave) };
    this.apiObject = new Application(this, 'Resource', {
      metadata: {
        ...props.metadata,
        namespace: props.metadata?.namespace ?? ARGOCD_NAMESPACE,
        annotations: props.metadata?.annotations || props.syncWave !== undefined
          ? { ...props.metadata?.annotations, ...annotations } : undefined,
      },
      spec: Lazy.any({ produce: () => this.renderSpec() }) as unknown as ApplicationSpec,
    });
  }

  /** The Application's name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** Adds fields Argo CD must not report as drift. */
  public addIgnoreDifferences(...entries: IgnoreDifference[]): this {
    this.ignores.push(...entries);
    return this;
  }

  /** Adds entries computed at synth time (e.g. from the objects of the synthesized folder). */
  public addIgnoreDifferencesAtSynth(produce: () => IgnoreDifference[]): this {
    this.lazyIgnores.push(produce);
    return this;
  }

  /** Adds a sync option, e.g. `PruneLast=true`. */
  public addSyncOption(option: string): this {
    if (!this.syncOptions.includes(option)) this.syncOptions.push(option);
    return this;
  }

  private renderSpec(): ApplicationSpec {
    const p = this.props;
    const automated = (p.syncPolicy ?? SyncPolicy.automated()).automated;
    const ignoreDifferences = [...this.ignores, ...this.lazyIgnores.flatMap((f) => f())];
    const retry = p.retry ? {
      limit: p.retry.limit,
      backoff: {
        duration: `${(p.retry.backoff ?? Duration.seconds(5)).toSeconds()}s`,
        factor: p.retry.factor ?? 2,
        maxDuration: `${(p.retry.maxBackoff ?? Duration.minutes(3)).toSeconds()}s`,
      },
    } : undefined;
    const syncPolicy: ApplicationSpecSyncPolicy = {
      automated, retry, syncOptions: this.syncOptions.length > 0 ? [...this.syncOptions] : undefined,
    };
    return {
      project: typeof p.project === 'string' ? p.project : p.project?.name ?? 'default',
      source: p.source.spec,
      destination: { server: p.destination.server, name: p.destination.name, namespace: p.destination.namespace },
      syncPolicy,
      ignoreDifferences: ignoreDifferences.length > 0 ? ignoreDifferences : undefined,
    };
  }
}
