// Where a chart's manifests land and which charts it must follow: the two facts the Argo CD
// constructs derive Application paths and waves from.
import { App, Chart, Names } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The folder (relative to the synth output directory) holding a chart's manifests: the chart's
 * DNS-label name, with no order prefix, so adding a chart never renames another chart's folder.
 * Every Application path comes from here; this is the one place that knows the layout.
 */
export function chartFolderName(chart: Chart): string {
  return Names.toDnsLabel(chart);
}

/** The charts `chart` depends on: `Chart.addDependency`, and any construct of it depending on another chart's. */
export function chartDependencies(chart: Chart): Chart[] {
  const deps = new Set<Chart>();
  const add = (target: IConstruct): void => {
    const targetChart = target instanceof Chart ? target : Chart.of(target);
    if (targetChart !== chart) deps.add(targetChart);
  };
  for (const c of chart.node.findAll()) {
    if (c !== chart && c instanceof Chart) {
      if (c.node.scope === chart) deps.add(c); // cdk8s synthesizes nested charts before their parent
      continue;
    }
    if (c !== chart && Chart.of(c) !== chart) continue; // belongs to a nested chart
    for (const dep of c.node.dependencies) add(dep);
  }
  return [...deps];
}

const argoCdConstructs = new WeakSet<IConstruct>();

/** Records a construct as Argo CD configuration (Applications, projects, argocd-cm...), not a workload. */
export function markArgoCdConstruct(c: IConstruct): void {
  argoCdConstructs.add(c);
}

/** True when the chart holds Argo CD configuration: such charts are not deployed as child Applications. */
export function holdsArgoCdConstructs(chart: Chart): boolean {
  return chart.node.findAll().some((c) => argoCdConstructs.has(c));
}

/** Every chart of the app `scope` belongs to, in cdk8s's synth order. */
export function chartsOf(scope: IConstruct): Chart[] {
  const root = scope.node.root;
  return root instanceof App ? root.charts : root.node.findAll().filter((c): c is Chart => c instanceof Chart);
}
