// Fleets are Argo CD's job: one ApplicationSet renders the same folder onto every matching cluster.
import { ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationSet as L1ApplicationSet, ApplicationSetSpec } from '../../imports/argoproj.io';
import { ARGOCD_NAMESPACE, ApplicationSource, DEFAULT_SYNC_OPTIONS, IgnoreDifference, SyncPolicy } from './application';
import { markArgoCdConstruct } from './chart-folder';

/** Which clusters registered in Argo CD (cluster Secrets) get an Application. */
export class ClusterGenerator {
  /** Every registered cluster. */
  public static all(): ClusterGenerator {
    return new ClusterGenerator(undefined);
  }

  /** Clusters whose Secret carries all these labels (e.g. `{ fleet: 'edge', env: 'prod' }`). */
  public static matchingLabels(labels: Record<string, string>): ClusterGenerator {
    if (Object.keys(labels).length === 0) throw new Error('ClusterGenerator.matchingLabels: give at least one label (or use ClusterGenerator.all())');
    return new ClusterGenerator({ ...labels });
  }

  private constructor(public readonly matchLabels: Record<string, string> | undefined) {}
}

export interface ApplicationSetProps {
  /**
   * Metadata.
   * @default - name generated from the construct path, namespace 'argocd'
   */
  readonly metadata?: ApiObjectMetadata;
  /** The clusters. */
  readonly generator: ClusterGenerator;
  /** The folder every cluster gets. */
  readonly source: ApplicationSource;
  /**
   * Name of each generated Application; `{{.name}}` is the cluster's name (Go template).
   * @default '{{.name}}-<ApplicationSet name>'
   */
  readonly applicationName?: string;
  /**
   * Default namespace of the objects on each cluster.
   * @default - none (the objects carry theirs)
   */
  readonly namespace?: string;
  /**
   * The AppProject.
   * @default 'default'
   */
  readonly project?: string | { readonly name: string };
  /**
   * When each Application syncs.
   * @default SyncPolicy.automated()
   */
  readonly syncPolicy?: SyncPolicy;
  /**
   * Sync options of each Application.
   * @default DEFAULT_SYNC_OPTIONS
   */
  readonly syncOptions?: string[];
  /**
   * Fields not to report as drift.
   * @default - none
   */
  readonly ignoreDifferences?: IgnoreDifference[];
}

/**
 * An ApplicationSet with a cluster generator: one Application per matching cluster, each
 * deploying the same source to that cluster. Deleting the ApplicationSet keeps the objects
 * on the clusters (`preserveResourcesOnDeletion`), so VMs and disks never go with it.
 */
export class ApplicationSet extends Construct {
  /** Escape hatch: the L1 ApplicationSet object. */
  public readonly apiObject: L1ApplicationSet;
  private readonly ignores: IgnoreDifference[];
  private readonly lazyIgnores: Array<() => IgnoreDifference[]> = [];

  constructor(scope: Construct, id: string, private readonly props: ApplicationSetProps) {
    super(scope, id);
    markArgoCdConstruct(this);
    this.ignores = [...(props.ignoreDifferences ?? [])];
    this.apiObject = new L1ApplicationSet(this, 'Resource', {
      metadata: { ...props.metadata, namespace: props.metadata?.namespace ?? ARGOCD_NAMESPACE },
      spec: Lazy.any({ produce: () => this.renderSpec() }) as unknown as ApplicationSetSpec,
    });
  }

  /** Adds fields Argo CD must not report as drift, on every generated Application. */
  public addIgnoreDifferences(...entries: IgnoreDifference[]): this {
    this.ignores.push(...entries);
    return this;
  }

  /** Adds entries computed at synth time. */
  public addIgnoreDifferencesAtSynth(produce: () => IgnoreDifference[]): this {
    this.lazyIgnores.push(produce);
    return this;
  }

  private renderSpec(): ApplicationSetSpec {
    const p = this.props;
    const ignoreDifferences = [...this.ignores, ...this.lazyIgnores.flatMap((f) => f())];
    const syncOptions = [...(p.syncOptions ?? DEFAULT_SYNC_OPTIONS)];
    return {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [{ clusters: { selector: p.generator.matchLabels ? { matchLabels: p.generator.matchLabels } : {} } }],
      syncPolicy: { preserveResourcesOnDeletion: true },
      template: {
        metadata: { name: p.applicationName ?? `{{.name}}-${this.apiObject.name}` },
        spec: {
          project: typeof p.project === 'string' ? p.project : p.project?.name ?? 'default',
          source: p.source.spec,
          destination: { server: '{{.server}}', namespace: p.namespace },
          syncPolicy: {
            automated: (p.syncPolicy ?? SyncPolicy.automated()).automated,
            syncOptions: syncOptions.length > 0 ? syncOptions : undefined,
          },
          ignoreDifferences: ignoreDifferences.length > 0 ? ignoreDifferences : undefined,
        },
      },
    };
  }
}
