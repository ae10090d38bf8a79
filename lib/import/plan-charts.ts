// Chart planning for the importer: which chart (namespace) each object goes to, in what order
// inside it, and the class, file, construct and variable names the generated code uses.
// Kept apart from the per-object code and the file text: names and order are decided once, up front.
import { KubeObject } from '../manifests';
import { kindOf, stageOfKind } from '../kinds';
import { camelCase, NameScope, pascalCase } from './code';
import { ChartPlan, ImportedObject, ImportInput } from './model';
import { normalizeObject } from './normalize';
import { isVmTemplate } from './template';

/** Order inside a chart: host networking, networks, classes, images and disks, VMs, the rest. */
const KIND_ORDER = ['NodeNetworkConfigurationPolicy', 'NetworkAttachmentDefinition', 'VirtualMachineClusterInstancetype',
  'VirtualMachineInstancetype', 'VirtualMachineClusterPreference', 'VirtualMachinePreference', 'DataImportCron', 'DataSource',
  'DataVolume', 'VirtualMachine'];

/** Cluster-scoped by the kind registry; an unregistered kind is when it has no namespace. */
export function isClusterScoped(obj: KubeObject): boolean {
  const def = kindOf(obj.apiVersion, obj.kind);
  return def ? def.scope === 'Cluster' : obj.metadata?.namespace === undefined;
}

/** Plans charts and names: cluster-scoped and namespace-less objects first, then one chart per namespace. */
export function planCharts(inputs: readonly ImportInput[]): ChartPlan[] {
  const byNs = new Map<string, ImportedObject[]>();
  const charts = new Map<string, ChartPlan>();
  const namespaces = [...new Set(inputs.map((i) => (isClusterScoped(i.object) ? '' : i.object.metadata.namespace ?? '')))].sort();
  const classes = new NameScope(['App', 'Chart', 'Construct', 'ApiObject', 'JsonPatch', 'Size', 'Duration']);
  const files = new NameScope(['main']);
  namespaces.forEach((ns, index) => {
    const base = ns === '' ? 'cluster' : ns;
    const plan: ChartPlan = {
      namespace: ns, index, chartId: base, objects: [], vars: new NameScope(['scope', 'id', 'this', 'kv', 'plus']),
      className: classes.claim(`${pascalCase(base)}Chart`),
      fileName: `${files.claim(base)}.ts`,
    };
    charts.set(ns, plan);
    byNs.set(ns, plan.objects);
  });
  const sorted = inputs.map((i) => ({ ...i, ...normalizeObject(i.object) })).sort((a, b) => {
    const sa = codeStage(a.object) - codeStage(b.object);
    if (sa !== 0) return sa;
    const ka = rank(a.object.kind) - rank(b.object.kind);
    if (ka !== 0) return ka;
    return `${a.object.kind}/${a.object.metadata.name}`.localeCompare(`${b.object.kind}/${b.object.metadata.name}`);
  });
  const ids = new Map<ChartPlan, NameScope>();
  for (const c of charts.values()) for (const other of charts.values()) c.vars.claim(camelCase(other.chartId));
  for (const s of sorted) {
    const chart = charts.get(isClusterScoped(s.object) ? '' : s.object.metadata.namespace ?? '')!;
    if (!ids.has(chart)) ids.set(chart, new NameScope());
    const name = s.object.metadata.name;
    const kindSuffix = `${name}-${s.object.kind.toLowerCase()}`;
    chart.objects.push({
      object: s.object, stripped: s.stripped, chart, origin: s.origin,
      constructId: ids.get(chart)!.claim(name, kindSuffix),
      varName: chart.vars.claim(camelCase(name), camelCase(kindSuffix)),
    });
  }
  return [...charts.values()];
}

/**
 * The stage an object is written at in its chart. A VM template is written after the objects
 * its VM may reference (DataSources, NADs), like a VM; its sync wave is the construct's own.
 */
function codeStage(obj: KubeObject): number {
  return isVmTemplate(obj) ? stageOfKind('kubevirt.io/v1', 'VirtualMachine') : stageOfKind(obj.apiVersion, obj.kind);
}

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}
