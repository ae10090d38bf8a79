// Where a chart's manifests land and which charts it must follow: the two facts the Argo CD
// constructs derive Application paths and waves from.
import { ApiObject, App, Chart, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/**
 * The folder (relative to the synth output directory) holding a chart's manifests: the chart's
 * DNS-label name, with no order prefix, so adding a chart never renames another chart's folder.
 * Every Application path comes from here; this is the one place that knows the layout.
 */
export function chartFolderName(chart: Chart): string {
  return Names.toDnsLabel(chart);
}

/**
 * The charts `chart` depends on: `Chart.addDependency`, any construct of it depending on another
 * chart's, and the chart whose folder holds the Namespace it deploys into (`namespaceHome`).
 */
export function chartDependencies(chart: Chart): Chart[] {
  const deps = new Set<Chart>();
  const home = namespaceHome(chart);
  if (home && home !== chart) deps.add(home);
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

/** How an app emits chart namespaces (set by `GitOpsApp`). */
interface NamespacePolicy {
  /** Namespaces created outside the app: never emitted. */
  readonly external: ReadonlySet<string>;
  /** The id of the top-level chart holding the emitted Namespaces. */
  readonly chartId: string;
}

/** The default id (and so folder) of the chart holding the Namespaces the app emits. */
export const NAMESPACES_CHART_ID = 'namespaces';

const namespacePolicies = new WeakMap<IConstruct, NamespacePolicy>();
const emittedNamespaces = new WeakSet<IConstruct>();

/**
 * Records that the app rooted at `root` emits a Namespace for each chart namespace it does not
 * declare, in the top-level chart `chartId`.
 */
export function emitChartNamespaces(root: IConstruct, external: Iterable<string> = [], chartId: string = NAMESPACES_CHART_ID): void {
  namespacePolicies.set(root.node.root, { external: new Set(external), chartId });
}

/** Records an ApiObject as a Namespace the app emitted itself (not one the user declared). */
export function markEmittedNamespace(obj: IConstruct): void {
  emittedNamespaces.add(obj);
}

/**
 * The chart whose folder holds the Namespace `chart` deploys into, when the app emits it (the app
 * emits namespaces, no object of the app declares that Namespace, and it is not external): the
 * app's namespaces chart (`NAMESPACES_CHART_ID`, created on first use). One chart for every
 * emitted Namespace, so adding, removing or reordering charts never moves a Namespace to another
 * folder (and ApplySet). Undefined otherwise.
 */
export function namespaceHome(chart: Chart): Chart | undefined {
  const ns = chart.namespace;
  const policy = namespacePolicies.get(chart.node.root);
  if (!ns || !policy || policy.external.has(ns)) return undefined;
  const root = chart.node.root;
  const declared = root.node.findAll().some((c) => c instanceof ApiObject && !emittedNamespaces.has(c)
    && c.apiVersion === 'v1' && c.kind === 'Namespace' && c.name === ns);
  if (declared) return undefined;
  const existing = root.node.tryFindChild(policy.chartId);
  if (existing === undefined) return new Chart(root as Construct, policy.chartId);
  if (!Chart.isChart(existing)) throw new Error(`GitOpsApp: '${policy.chartId}' is the id of the chart holding the emitted Namespaces, but the app has another construct of that id: pass namespacesChart`);
  return existing;
}
