// The importer: plain objects in, one TypeScript file per chart (namespace) out, plus the report.
// It writes code against the package's public API only. This file drives the steps: plan the
// charts (plan-charts.ts), plan each object's code (plan-object.ts), have evaluate.ts run that code
// to compute the escape hatch (JSON patches), then write the files (emit-files.ts).
import { KubeObject } from '../manifests';
import { camelCase, Code, code } from './code';
import { chartFile, mainFile, patchStatements } from './emit-files';
import { CodeEvaluator } from './evaluate';
import { applyPatch, countFields, diffToPatch, jsonEqual, PatchOp } from './json-patch';
import { ChartPlan, DEPENDS_ON_ANNOTATION, groupOf, ImportedObject, ImportInput, ImportScope, isObject, ObjectReport } from './model';
import { parseCniConfig } from './network';
import { isClusterScoped, planCharts } from './plan-charts';
import { bodyOf, plainObject, Planned, planObject, refOf } from './plan-object';

export { DEPENDS_ON_ANNOTATION } from './model';
export type { ImportInput } from './model';

/** The NAD constructs a VM interface can take. */
const NAD_CONSTRUCTS = ['kv.BridgeNetwork', 'kv.MacvlanNetwork', 'kv.OvnLocalnetNetwork', 'kv.OvnLayer2Network', 'kv.SriovNetwork'];

export interface ImportOptions {
  /** The module the generated code imports the constructs from. @default 'cdk8s-kubevirt' */
  readonly packageName?: string;
  /** Where the objects came from, for the file headers (`files vms/`, `namespace vms of <server>`). */
  readonly sourceLabel?: string;
}

/** One generated file. */
export interface GeneratedFile {
  readonly fileName: string;
  readonly text: string;
}

export interface ImportResult {
  /** The chart files, then `main.ts` (creates the App and the charts in order, and synthesizes). */
  readonly files: GeneratedFile[];
  readonly objects: ObjectReport[];
}

/** Imports `inputs`: the generated files and what went where. */
export function generateImport(inputs: readonly ImportInput[], options: ImportOptions = {}): ImportResult {
  for (const i of inputs) {
    const o = i.object;
    if (!isObject(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') {
      throw new ImportInputError(`${i.origin}: not a Kubernetes object with apiVersion, kind and metadata.name`);
    }
  }
  const charts = planCharts(inputs);
  const all = charts.flatMap((c) => c.objects);
  const planned = new Map<ImportedObject, Planned>();
  const crossChart = new Map<ChartPlan, Map<string, string>>();   // chart -> exported var -> type
  const chartDeps = new Map<ChartPlan, Set<ChartPlan>>();
  const find = (group: string, kind: string, ns: string | undefined, name: string) => all.find((o) =>
    groupOf(o.object.apiVersion) === group && o.object.kind === kind && o.object.metadata.name === name
    && (isClusterScoped(o.object) ? true : (o.object.metadata.namespace ?? '') === (ns ?? '')));
  const refer = (from: ImportedObject, target: ImportedObject, varName: string, type: string): Code | undefined => {
    if (target.chart === from.chart) return code(varName);
    if (target.chart.index > from.chart.index) return undefined;
    const exported = crossChart.get(target.chart) ?? new Map<string, string>();
    exported.set(varName, type);
    crossChart.set(target.chart, exported);
    const deps = chartDeps.get(from.chart) ?? new Set<ChartPlan>();
    deps.add(target.chart);
    chartDeps.set(from.chart, deps);
    return code(`${camelCase(target.chart.chartId)}.${varName}`);
  };
  const evaluator = new CodeEvaluator();
  const chartVar = (c: ChartPlan) => camelCase(c.chartId);
  const scope: ImportScope = {
    find,
    trial: (from, statements) => evaluator.trial(from.chart, chartVar(from.chart), from.varName, statements),
    reference: (from, target) => {
      const p = planned.get(target);
      return p ? refer(from, target, target.varName, p.type) : undefined;
    },
    isL2: (target) => planned.get(target)?.l2 ?? false,
    isAttachment: (target) => NAD_CONSTRUCTS.includes(planned.get(target)?.construct ?? ''),
    bridge: (from, name) => {
      for (const p of planned.values()) {
        if (p.construct !== 'kv.NodeNetworkPolicy') continue;
        const m = p.members.find((x) => x.type === 'kv.LinuxBridgeInterface' && x.statement === name);
        if (!m) continue;
        const expr = refer(from, p.io, m.varName, m.type);
        if (expr) return { expr, policy: p.io };
      }
      return undefined;
    },
  };
  // Each object is written, then its statements run against the constructs: the rendering the escape hatch is computed from.
  const reports: ObjectReport[] = [];
  const patches = new Map<ImportedObject, PatchOp[]>();
  for (const io of all) {
    let p = planObject(io, scope);
    const declared = (io.object.metadata.annotations?.[DEPENDS_ON_ANNOTATION] ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    if (p.l2) {
      // Dependencies the input declares that no reference implies: explicit `addDependency`.
      const implied = new Set(p.dependsOn.map((d) => refOf(d)));
      for (const entry of declared) {
        if (implied.has(entry)) continue;
        const target = all.find((o) => refOf(o) === entry);
        const expr = target ? scope.reference(io, target) : undefined;
        if (target && expr) {
          p.after.push(`${io.varName}.addDependency(${expr.text});`);
          implied.add(entry);
        }
      }
    }
    try {
      p.rendered = evaluator.run(io.chart, chartVar(io.chart), io.varName, [p.create, ...p.after]);
    } catch (err) {
      if (!p.l2) throw err;
      // The constructs refuse this writing: the object as a plain ApiObject.
      evaluator.remove(io.chart, io.constructId);
      p = plainObject(io, `${p.construct} refused it: ${firstLine(err)}`);
      p.rendered = evaluator.run(io.chart, chartVar(io.chart), io.varName, [p.create]);
    }
    planned.set(io, p);

    const wanted = JSON.parse(JSON.stringify(io.object)) as KubeObject;
    if (p.l2 && !isClusterScoped(io.object) && io.chart.namespace) wanted.metadata.namespace = io.chart.namespace;
    const renderedDeps = p.rendered!.metadata.annotations?.[DEPENDS_ON_ANNOTATION];
    if (p.l2 && renderedDeps !== undefined) {
      // The references' order is the intent: the annotation keeps every declared entry and adds the implied ones.
      const union = [...new Set([...renderedDeps.split(','), ...declared])].sort().join(',');
      (wanted.metadata.annotations ??= {})[DEPENDS_ON_ANNOTATION] = union;
    }
    const rendered = JSON.parse(JSON.stringify(p.rendered!)) as KubeObject;
    if (io.object.kind === 'NetworkAttachmentDefinition' && typeof rendered.spec?.config === 'string') {
      // The CNI config is compared as JSON: the input's text is kept when the construct writes the same config.
      const input = parseCniConfig(io.object.spec?.config);
      if (input && jsonEqual(input, parseCniConfig(rendered.spec.config))) rendered.spec.config = io.object.spec.config;
    }
    let ops = p.l2 ? diffToPatch(rendered, wanted) : [];
    if (p.l2 && !jsonEqual(applyPatch(rendered, ops), wanted)) throw new Error(`internal: the escape hatch of ${io.origin} does not reproduce it`);
    // The synth's checks on the patched object; a construct check the writing fails makes it a plain ApiObject.
    const errors = p.l2 ? evaluator.check(io.chart, chartVar(io.chart), io.varName, patchStatements(io.varName, ops)) : [];
    if (errors.length > 0) {
      evaluator.remove(io.chart, io.constructId);
      p = plainObject(io, `${p.construct} refused it: ${errors[0]}`);
      p.rendered = evaluator.run(io.chart, chartVar(io.chart), io.varName, [p.create]);
      planned.set(io, p);
      ops = [];
    }
    patches.set(io, ops);
    const rawFields = p.l2 ? p.rawFields : countFields([{ op: 'add', path: '', value: bodyOf(io.object) }]);
    reports.push({
      kind: io.object.kind, name: io.object.metadata.name, namespace: io.object.metadata.namespace,
      construct: p.construct, patch: ops, patchFields: countFields(ops), rawFields, stripped: io.stripped,
      ...(p.note ? { note: p.note } : {}),
    });
  }

  const pkg = options.packageName ?? 'cdk8s-kubevirt';
  const files: GeneratedFile[] = charts.map((chart) => ({
    fileName: chart.fileName,
    text: chartFile(chart, planned, patches, crossChart.get(chart) ?? new Map(), [...(chartDeps.get(chart) ?? [])].sort((a, b) => a.index - b.index), pkg, options.sourceLabel),
  }));
  files.push({ fileName: 'main.ts', text: mainFile(charts, chartDeps) });
  return { files, objects: reports };
}

export class ImportInputError extends Error {}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
