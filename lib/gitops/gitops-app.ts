// The cdk8s App for a GitOps repository: a stable folder per chart, the chart on every object,
// the Namespaces the charts deploy into, and sync waves on every object.
//
// Why: cdk8s's App numbers chart folders (`0001-lab/`) as soon as one chart depends on another,
// in dependency order, so adding a chart renames the folders after it and breaks every Argo CD
// Application path. Here the folder is `chartFolderName(chart)` and never moves.
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, Names, YamlOutputType } from 'cdk8s';
import { kindOf } from '../kinds';
import { CHART_LABEL } from '../core/chart-label';
import { dropNamespace } from '../core/cluster-scope';
import { SYNC_WAVE_ANNOTATION, WAVES_PER_STAGE, stageOfKind } from '../core/ordering';
import { enableSyncWaves, KubeVirtResource } from '../core/resource';
import { chartFolderName, emitChartNamespaces, markEmittedNamespace, namespaceHome } from './chart-folder';

export interface GitOpsAppProps extends Omit<AppProps, 'yamlOutputType'> {
  /**
   * Emit a Namespace for each chart namespace that no object of the app declares, in the chart
   * `namespacesChart` (its own folder, wave 0); every chart deploying into an emitted namespace
   * depends on that chart.
   * @default true
   */
  readonly namespaces?: boolean;
  /**
   * The id (and so the folder) of the top-level chart holding the emitted Namespaces. An existing
   * chart of that id is used as it is.
   * @default 'namespaces'
   */
  readonly namespacesChart?: string;
  /**
   * Namespaces created outside the app (by an operator install, by Argo CD's own install): never emitted.
   * @default - none
   */
  readonly externalNamespaces?: string[];
  /**
   * Write the Argo CD sync-wave annotation on every object: cdk8s-kubevirt objects by kind stage
   * and dependencies (`enableSyncWaves`), any other object (cdk8s-plus, L1) by its kind's stage.
   * @default true
   */
  readonly syncWaves?: boolean;
}

/**
 * A cdk8s App writing one folder per chart, named by the chart (`chartFolderName`: its id for a
 * top-level chart, `dist/lab/` for `new Chart(app, 'lab')`), one file per object. Adding, removing
 * or reordering charts renames no folder; order lives in sync waves and depends-on annotations.
 *
 * At synth it also
 * - labels every object with `cdk8s-kubevirt.io/chart` (`CHART_LABEL`) = the chart's folder name,
 *   unless the chart's `labels` pin it: `apply`/`diff`/`controller` name the ApplySet after it, so a
 *   moved folder keeps its objects (pin the label to rename a chart and keep its objects too);
 * - emits the Namespace of each namespaced chart (see `namespaces`) in one chart of its own,
 *   `dist/namespaces/` (wave 0), whatever the order the charts are created in;
 * - drops the chart's namespace from cluster-scoped objects of any library (ClusterRoleBindings...).
 *
 * Use it in place of `App` in main.ts; plain `cdk8s synth` then writes the layout.
 */
export class GitOpsApp extends App {
  private readonly syncWaves: boolean;
  private prepared = false;

  constructor(props: GitOpsAppProps = {}) {
    super({ ...props, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    this.syncWaves = props.syncWaves ?? true;
    if (this.syncWaves) enableSyncWaves(this);
    if (props.namespaces ?? true) emitChartNamespaces(this, props.externalNamespaces, props.namespacesChart);
  }

  public synth(): void {
    this.prepare();
    super.synth();
    this.renameChartFolders();
  }

  public synthYaml(): string {
    this.prepare();
    return super.synthYaml();
  }

  /** Adds the emitted Namespaces, chart labels, sync waves; once, before the first synth. */
  private prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    this.addNamespaces(this.node.findAll().filter(Chart.isChart));
    for (const c of this.node.findAll()) {
      if (c instanceof ApiObject) this.prepareObject(c);
    }
  }

  private addNamespaces(charts: Chart[]): void {
    const emitted = new Map<string, Chart>();
    for (const chart of charts) {
      const home = namespaceHome(chart);
      if (!home || !chart.namespace) continue;
      if (home !== chart) chart.addDependency(home);
      emitted.set(chart.namespace, home);
    }
    for (const [name, home] of [...emitted].sort(([a], [b]) => a.localeCompare(b))) {
      const ns = new ApiObject(home, `namespace-${name}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      markEmittedNamespace(ns);
    }
  }

  private prepareObject(obj: ApiObject): void {
    const chart = Chart.of(obj);
    if (obj.metadata.getLabel(CHART_LABEL) === undefined) obj.metadata.addLabel(CHART_LABEL, chartFolderName(chart));
    // cdk8s-kubevirt's own objects know their scope and write their waves themselves.
    if (obj.node.scope instanceof KubeVirtResource && obj.node.scope.apiObject === obj) return;
    if (kindOf(obj.apiVersion, obj.kind)?.scope === 'Cluster') dropNamespace(obj);
    if (this.syncWaves && obj.metadata.toJson().annotations?.[SYNC_WAVE_ANNOTATION] === undefined) {
      obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(stageOfKind(obj.apiVersion, obj.kind) * WAVES_PER_STAGE));
    }
  }

  /** cdk8s numbers the folders when charts depend on each other: give each its stable name. */
  private renameChartFolders(): void {
    const charts = this.charts;
    const indexed = (chart: Chart, i: number) => `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}`;
    const numbered = charts.length > 0 && charts.every((c, i) => fs.existsSync(path.join(this.outdir, indexed(c, i))));
    charts.forEach((chart, i) => {
      const written = numbered ? indexed(chart, i) : Names.toDnsLabel(chart);
      const folder = chartFolderName(chart);
      if (written === folder) return;
      fs.rmSync(path.join(this.outdir, folder), { recursive: true, force: true });
      fs.renameSync(path.join(this.outdir, written), path.join(this.outdir, folder));
    });
  }
}
