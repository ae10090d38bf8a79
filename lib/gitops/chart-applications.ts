// One Argo CD Application per synthesized chart folder, as an app-of-apps whose Application
// objects carry sync waves from the chart dependency graph.
//
// Why waves on Applications: Argo CD honours sync waves only inside one Application, so two
// chart folders synced by two Applications race (the lab's NetworkAttachmentDefinition was applied
// before the host-network's NNCPs were Available). In an app-of-apps the parent syncs its child
// Application objects wave by wave and, with the Application health check in argocd-cm
// (`ArgoCdCustomizations`), waits until each child is synced and healthy before the next wave.
// That orders the first sync of an estate (and every new chart). Afterwards each child syncs its
// own folder on its own: a commit that changes two dependent folders at once is applied by the two
// children concurrently. Charts whose changes must keep their order on every commit belong in one
// Application (`groups`): Argo CD then orders their objects by the per-object waves that
// `enableSyncWaves` writes, dependencies across the charts included.
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoApplication, ApplicationSource, Destination, IgnoreDifference, SyncPolicy, SyncRetryOptions } from './application';
import { chartDependencies, chartFolderName, chartsOf, holdsArgoCdConstructs, namespaceHome } from './chart-folder';
import { KubeVirtIgnoreOptions, ignoreDifferencesFor } from './kubevirt-written-fields';

export interface ChartApplicationsProps {
  /** The Git repository holding the synthesized output. */
  readonly repoURL: string;
  /**
   * Branch, tag or commit.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * The synth output folder, relative to the repository root.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * The charts to deploy.
   * @default - every chart of the app created before this construct, except charts holding Argo CD
   *   configuration (Applications, AppProjects, argocd-cm customizations). The chart holding the
   *   Namespaces a `GitOpsApp` emits is added whenever a chart deployed here uses one of them.
   */
  readonly charts?: Chart[];
  /**
   * Charts deployed together by one Application each group (their objects ordered by per-object
   * sync waves); every other chart gets its own Application.
   * @default - none
   */
  readonly groups?: Chart[][];
  /**
   * The AppProject.
   * @default 'default'
   */
  readonly project?: string | { readonly name: string };
  /**
   * The cluster; each Application's default namespace is its chart's namespace.
   * @default Destination.inCluster()
   */
  readonly destination?: Destination;
  /**
   * When the child Applications sync.
   * @default SyncPolicy.automated()
   */
  readonly syncPolicy?: SyncPolicy;
  /**
   * Sync options of the child Applications.
   * @default DEFAULT_SYNC_OPTIONS
   */
  readonly syncOptions?: string[];
  /**
   * Retry of failed syncs.
   * @default { limit: 5 }
   */
  readonly retry?: SyncRetryOptions;
  /**
   * Prefix of the Application names (each is `<prefix><folder>`).
   * @default ''
   */
  readonly namePrefix?: string;
  /**
   * Ignore the fields KubeVirt writes into the synthesized objects (`ignoreDifferencesFor`).
   * @default true
   */
  readonly ignoreKubeVirtWrittenFields?: boolean;
  /**
   * Options of the KubeVirt-written fields.
   * @default - none
   */
  readonly kubeVirtIgnoreOptions?: KubeVirtIgnoreOptions;
}

/** One child Application and what it deploys. */
export interface ChartApplication {
  readonly application: ArgoApplication;
  /** The charts whose folders it syncs. */
  readonly charts: readonly Chart[];
  /** Its sync wave in the parent. */
  readonly wave: number;
}

/**
 * Child Applications for the chart folders of the app, each with the sync wave of its place in the
 * chart dependency graph (0 for charts depending on none of the others, then one more than the
 * latest dependency). Put this construct in its own chart and point the parent (root)
 * Application at that chart's folder (`rootApplication`).
 */
export class ChartApplications extends Construct {
  private readonly units: ChartApplication[] = [];

  constructor(scope: Construct, id: string, private readonly props: ChartApplicationsProps) {
    super(scope, id);
    const charts = [...props.charts ?? chartsOf(this).filter((c) => !holdsArgoCdConstructs(c) && c !== Chart.of(this))];
    // The chart holding the Namespaces the app emits (GitOpsApp) deploys before the charts using them.
    for (const home of charts.map(namespaceHome)) {
      if (home && !charts.includes(home)) charts.push(home);
    }
    const groups = (props.groups ?? []).map((g) => [...g]);
    const grouped = new Set(groups.flat());
    for (const chart of grouped) {
      if (!charts.includes(chart) && props.charts) throw new Error(`ChartApplications: chart '${chart.node.path}' is in groups but not in charts`);
    }
    const unitCharts: Chart[][] = [...groups, ...charts.filter((c) => !grouped.has(c)).map((c) => [c])];
    const waves = unitWaves(unitCharts);
    unitCharts.forEach((members, i) => {
      const folders = members.map(chartFolderName);
      const name = `${props.namePrefix ?? ''}${folders.join('-')}`;
      const namespaces = [...new Set(members.map((c) => c.namespace))];
      const outdir = (props.outdir ?? 'dist').replace(/\/+$/, '');
      const source = members.length === 1
        ? ApplicationSource.git(props.repoURL, `${outdir}/${folders[0]}`, { targetRevision: props.targetRevision })
        : ApplicationSource.git(props.repoURL, outdir, {
          targetRevision: props.targetRevision, recurse: true, include: `{${folders.map((f) => `${f}/*`).join(',')}}`,
        });
      const application = new ArgoApplication(this, name, {
        metadata: { name },
        source,
        destination: (props.destination ?? Destination.inCluster()).withNamespace(namespaces.length === 1 ? namespaces[0] : undefined),
        project: props.project,
        syncPolicy: props.syncPolicy,
        syncOptions: props.syncOptions,
        retry: props.retry ?? { limit: 5 },
        syncWave: waves[i],
      });
      if (props.ignoreKubeVirtWrittenFields ?? true) {
        application.addIgnoreDifferencesAtSynth(() => ignoreDifferencesFor(members.flatMap(objectsOf), props.kubeVirtIgnoreOptions));
      }
      this.units.push({ application, charts: members, wave: waves[i] });
    });
  }

  /** Every child Application, in wave order. */
  public get applications(): ChartApplication[] {
    return [...this.units].sort((a, b) => a.wave - b.wave);
  }

  /** The child Application deploying `chart`. */
  public applicationFor(chart: Chart): ArgoApplication {
    const unit = this.units.find((u) => u.charts.includes(chart));
    if (!unit) throw new Error(`ChartApplications: no Application deploys chart '${chart.node.path}'`);
    return unit.application;
  }

  /** Adds ignoreDifferences entries to every child Application. */
  public addIgnoreDifferences(...entries: IgnoreDifference[]): this {
    for (const unit of this.units) unit.application.addIgnoreDifferences(...entries);
    return this;
  }

  /**
   * The parent Application syncing the folder of the chart this construct is in (app-of-apps).
   * Put it in another chart (or apply it once by hand): it must not live in the folder it syncs.
   */
  public rootApplication(scope: Construct, id: string, options: { readonly name?: string } = {}): ArgoApplication {
    const ownChart = Chart.of(this);
    if (Chart.of(scope) === ownChart) {
      throw new Error(`ChartApplications.rootApplication: put the root Application in another chart than '${ownChart.node.path}', whose folder it syncs`);
    }
    const outdir = (this.props.outdir ?? 'dist').replace(/\/+$/, '');
    return new ArgoApplication(scope, id, {
      metadata: { name: options.name ?? `${this.props.namePrefix ?? ''}${chartFolderName(ownChart)}` },
      source: ApplicationSource.git(this.props.repoURL, `${outdir}/${chartFolderName(ownChart)}`, { targetRevision: this.props.targetRevision }),
      destination: Destination.inCluster(),
      project: this.props.project,
      // The children are Argo CD's own objects: pruning one deletes no workload (no resources finalizer).
      syncPolicy: SyncPolicy.automated({ prune: true, selfHeal: true }),
      syncOptions: ['ServerSideApply=true'],
    });
  }
}

/** The objects a chart synthesizes (its own, not its nested charts'). */
function objectsOf(chart: Chart): any[] {
  return chart.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((o) => o.toJson());
}

/** Wave of each unit (a list of charts): one more than the latest unit holding a chart it depends on. */
function unitWaves(units: Chart[][]): number[] {
  const unitOf = new Map<Chart, number>();
  units.forEach((members, i) => members.forEach((c) => unitOf.set(c, i)));
  const waves: Array<number | undefined> = units.map(() => undefined);
  const visiting: number[] = [];
  const visit = (i: number): number => {
    const known = waves[i];
    if (known !== undefined) return known;
    if (visiting.includes(i)) {
      const cycle = [...visiting.slice(visiting.indexOf(i)), i].map((u) => units[u].map((c) => c.node.path).join('+'));
      throw new Error(`ChartApplications: charts depend on each other in a cycle (${cycle.join(' -> ')}); deploy them in one group`);
    }
    visiting.push(i);
    let wave = 0;
    for (const chart of units[i]) {
      for (const dep of chartDependencies(chart)) {
        const j = unitOf.get(dep);
        if (j !== undefined && j !== i) wave = Math.max(wave, visit(j) + 1);
      }
    }
    visiting.pop();
    waves[i] = wave;
    return wave;
  };
  return units.map((_, i) => visit(i));
}
