// The importer: plain objects in, one TypeScript file per chart (namespace) out, plus the report.
// It writes code against the package's public API only; it never runs construct code.
import { KubeObject } from '../manifests';
import { kindOf, stageOfKind } from '../kinds';
import { Code, camelCase, code, literal, NameScope, pascalCase, sortKeys } from './code';
import { mapDataImportCron, mapDataSource } from './data-source';
import { mapDataVolumeSpec } from './data-volume';
import { FLAVOR_CONSTRUCTS, mapInstancetype, mapPreference } from './flavors';
import { applyPatch, countFields, diffToPatch, jsonEqual, PatchOp } from './json-patch';
import { ChartPlan, dependencyRef, groupOf, ImportedObject, ImportScope, isObject, ObjectReport } from './model';
import { mapBridgeNetwork, mapOtherNetwork, parseCniConfig } from './network';
import { mapNodeNetworkPolicy } from './node-network-policy';
import { normalizeObject } from './normalize';
import { CodeEvaluator } from './evaluate';
import { isVmTemplate, mapTemplate } from './template';
import { mapPoolProps, mapVirtualMachine } from './virtual-machine';

export const DEPENDS_ON_ANNOTATION = 'cdk8s-kubevirt.io/depends-on';

/** The NAD constructs a VM interface can take. */
const NAD_CONSTRUCTS = ['kv.BridgeNetwork', 'kv.MacvlanNetwork', 'kv.OvnLocalnetNetwork', 'kv.OvnLayer2Network', 'kv.SriovNetwork'];

/** An object to import and where it came from. */
export interface ImportInput {
  readonly object: KubeObject;
  /** File (and position) or cluster, for messages. */
  readonly origin: string;
}

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

/** What the generated code renders for one object and how. */
interface Planned {
  readonly io: ImportedObject;
  readonly construct: string;
  readonly type: string;
  readonly l2: boolean;
  readonly clusterScoped: boolean;
  create: string;
  after: string[];
  /** What the written code renders (set once it has run). */
  rendered?: KubeObject;
  dependsOn: ImportedObject[];
  rawFields: number;
  /** Member variables declared by `after` (policy interfaces). */
  members: Array<{ varName: string; type: string; statement: string }>;
  /** Why an object of an L2 kind was written as a plain ApiObject. */
  note?: string;
}

/** Order inside a chart: host networking, networks, classes, images and disks, VMs, the rest. */
const KIND_ORDER = ['NodeNetworkConfigurationPolicy', 'NetworkAttachmentDefinition', 'VirtualMachineClusterInstancetype',
  'VirtualMachineInstancetype', 'VirtualMachineClusterPreference', 'VirtualMachinePreference', 'DataImportCron', 'DataSource',
  'DataVolume', 'VirtualMachine'];

function isClusterScoped(obj: KubeObject): boolean {
  const def = kindOf(obj.apiVersion, obj.kind);
  return def ? def.scope === 'Cluster' : obj.metadata?.namespace === undefined;
}

/** Plans charts and names: cluster-scoped and namespace-less objects first, then one chart per namespace. */
function planCharts(inputs: readonly ImportInput[]): ChartPlan[] {
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

function refOf(o: ImportedObject): string {
  return dependencyRef({ ...o.object, metadata: { ...o.object.metadata, namespace: o.chart.namespace || undefined } }, isClusterScoped(o.object));
}

function bodyOf(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Metadata props: name, labels, and the annotations the construct does not add itself. */
function metadataOf(io: ImportedObject, added: Record<string, string> = {}): Record<string, unknown> {
  const m = io.object.metadata;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.annotations ?? {})) {
    if (k === DEPENDS_ON_ANNOTATION || added[k] === v) continue;
    annotations[k] = v;
  }
  const props: Record<string, unknown> = { name: m.name };
  if (m.labels && Object.keys(m.labels).length > 0) props.labels = sortKeys(m.labels);
  if (Object.keys(annotations).length > 0) props.annotations = sortKeys(annotations);
  for (const k of ['finalizers', 'ownerReferences', 'generateName']) {
    if (m[k] !== undefined) props[k] = m[k];
  }
  return props;
}

function planObject(io: ImportedObject, scope: ImportScope): Planned {
  const obj = io.object;
  const clusterScoped = isClusterScoped(obj);
  const base = { io, clusterScoped, after: [] as string[], dependsOn: [] as ImportedObject[], rawFields: 0, members: [] as Planned['members'] };
  const namespace = io.chart.namespace || undefined;
  if (obj.apiVersion === 'kubevirt.io/v1' && obj.kind === 'VirtualMachine') {
    const meta = metadataOf(io);
    const create = (props: Record<string, unknown>) => `new kv.VirtualMachine(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...props })})`;
    const w = mapVirtualMachine(io, scope, create);
    return {
      ...base, construct: 'kv.VirtualMachine', type: 'kv.VirtualMachine', l2: true,
      create: create(w.props),
      after: w.after(io.varName), dependsOn: [...w.dependsOn], rawFields: w.rawFields,
    };
  }
  if (obj.apiVersion === 'pool.kubevirt.io/v1alpha1' && obj.kind === 'VirtualMachinePool' && isObject(obj.spec?.virtualMachineTemplate)) {
    const meta = metadataOf(io);
    const pool = mapPoolProps(obj.spec);
    const create = (props: Record<string, unknown>) => `new kv.VirtualMachinePool(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...pool, ...props })})`;
    const w = mapVirtualMachine(io, scope, create, (o) => o.spec?.virtualMachineTemplate?.spec);
    return {
      ...base, construct: 'kv.VirtualMachinePool', type: 'kv.VirtualMachinePool', l2: true,
      create: create(w.props), after: w.after(io.varName), dependsOn: [...w.dependsOn], rawFields: w.rawFields,
    };
  }
  if (isVmTemplate(obj)) {
    const t = mapTemplate(io, scope);
    if (t) return { ...base, construct: 'kv.VirtualMachineTemplate', type: 'kv.VirtualMachineTemplate', l2: true, ...t };
  }
  const flavor = FLAVOR_CONSTRUCTS[obj.kind];
  if (flavor && groupOf(obj.apiVersion) === 'instancetype.kubevirt.io') {
    const props = obj.kind.endsWith('Instancetype') ? mapInstancetype(obj.spec) : mapPreference(obj.spec);
    if (props) {
      return {
        ...base, construct: flavor, type: flavor, l2: true,
        create: `new ${flavor}(this, ${literal(io.constructId)}, ${literal({ metadata: metadataOf(io), ...props })})`,
      };
    }
  }
  if (obj.apiVersion === 'cdi.kubevirt.io/v1beta1' && obj.kind === 'DataVolume') {
    const mapped = mapDataVolumeSpec(obj.spec, obj.metadata.annotations, { namespace, from: io, scope });
    if (mapped) {
      const meta = metadataOf(io, mapped.annotations);
      return {
        ...base, construct: 'kv.DataVolume', type: 'kv.DataVolume', l2: true,
        create: `new kv.DataVolume(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...mapped.props })})`,
        dependsOn: [...mapped.dependsOn],
      };
    }
  }
  if (obj.apiVersion === 'cdi.kubevirt.io/v1beta1' && (obj.kind === 'DataSource' || obj.kind === 'DataImportCron')) {
    const mapped = obj.kind === 'DataSource' ? mapDataSource(io, scope) : mapDataImportCron(io, scope);
    if (mapped) {
      const meta = metadataOf(io, {});
      const construct = `kv.${obj.kind}`;
      return {
        ...base, construct, type: construct, l2: true,
        create: `new ${construct}(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...mapped.props })})`,
        dependsOn: [...mapped.dependsOn],
      };
    }
  }
  if (obj.apiVersion === 'k8s.cni.cncf.io/v1' && obj.kind === 'NetworkAttachmentDefinition' && isObject(obj.spec)
    && Object.keys(obj.spec).join() === 'config') {
    const nad = mapBridgeNetwork(io, scope) ?? mapOtherNetwork(io);
    if (nad) {
      const meta = metadataOf(io, nad.annotations);
      return {
        ...base, construct: nad.construct, type: nad.construct, l2: true,
        create: `new ${nad.construct}(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...nad.props })})`,
        dependsOn: [...nad.dependsOn],
      };
    }
  }
  const policy = obj.apiVersion === 'nmstate.io/v1' && obj.kind === 'NodeNetworkConfigurationPolicy'
    ? mapNodeNetworkPolicy(obj.spec, (ifaceName) => io.chart.vars.claim(camelCase(ifaceName), camelCase(`${obj.metadata.name}-${ifaceName}`)))
    : undefined;
  // A policy the construct configures nothing of stays a plain object (the construct refuses an empty policy).
  if (policy && policy.after.length > 0) {
    const mapped = policy;
    const meta = metadataOf(io, {});
    const members = mapped.after.filter((a) => a.declare).map((a) => ({
      varName: a.declare!, type: a.type!, statement: Object.entries(mapped.bridges).find(([, v]) => v === a.declare)?.[0] ?? '',
    }));
    return {
      ...base, construct: 'kv.NodeNetworkPolicy', type: 'kv.NodeNetworkPolicy', l2: true, members, rawFields: mapped.rawFields,
      create: `new kv.NodeNetworkPolicy(this, ${literal(io.constructId)}, ${literal({ metadata: meta, ...mapped.props })})`,
      after: mapped.after.map((a) => (a.declare ? `const ${a.declare} = ${a.text(io.varName)};` : a.text(io.varName))),
    };
  }
  return plainObject(io);
}

/** No L2 construct for this kind (or this form of it): the object as a plain cdk8s ApiObject. */
function plainObject(io: ImportedObject, note?: string): Planned {
  const { apiVersion, kind, metadata, ...body } = io.object;
  const { namespace: _ns, ...meta } = metadata;
  return {
    io, clusterScoped: isClusterScoped(io.object), after: [], dependsOn: [], rawFields: 0, members: [], note,
    construct: 'ApiObject', type: 'ApiObject', l2: false,
    create: `new ApiObject(this, ${literal(io.constructId)}, ${literal(sortKeys({ apiVersion, kind, metadata: meta, ...body }))})`,
  };
}

function chartFile(chart: ChartPlan, planned: Map<ImportedObject, Planned>, patches: Map<ImportedObject, PatchOp[]>,
  exported: Map<string, string>, deps: ChartPlan[], pkg: string, sourceLabel: string | undefined): string {
  const body: string[] = [];
  const assign = (varName: string, expr: string, patched: boolean) => {
    const local = patched || isReferenced(varName, chart, planned);
    const field = exported.has(varName) ? `this.${varName} = ` : '';
    return indent(`${local ? `const ${varName} = ` : ''}${field}${expr};`);
  };
  for (const io of chart.objects) {
    const p = planned.get(io)!;
    body.push(assign(io.varName, p.create, (patches.get(io)?.length ?? 0) > 0));
    for (const stmt of p.after) {
      const m = /^const (\w+) = (.*);$/s.exec(stmt);
      body.push(m ? assign(m[1], m[2], false) : indent(stmt));
    }
    const ops = patches.get(io) ?? [];
    if (ops.length > 0) {
      body.push(`    // Not expressible with the ${p.construct.replace(/^kv\./, '')} API: ${ops.length} patch operation(s).`);
      body.push(...patchStatements(io.varName, ops).map(indent));
    }
  }
  const text = body.join('\n');
  const cdk8sNames = ['ApiObject', 'Chart', 'Duration', 'JsonPatch', 'Size'].filter((n) => n === 'Chart' || new RegExp(`\\b${n}\\b`).test(text));
  const header = [
    `// Imported by \`cdk8s-kubevirt import\`${sourceLabel ? ` from ${sourceLabel}` : ''}: ${chart.namespace ? `namespace ${chart.namespace}` : 'cluster-scoped and namespace-less objects'}, ${chart.objects.length} object(s).`,
    `import { ${cdk8sNames.join(', ')} } from 'cdk8s';`,
    ...(/\bkv\./.test(text) || exported.size > 0 ? [`import * as kv from '${pkg}';`] : []),
    // cdk8s-plus value types (\`plus.Cpu\`), as the constructs' props take them.
    ...(/\bplus\.Cpu\./.test(text) ? ["import * as plus from 'cdk8s-plus-27';"] : []),
    `import { Construct } from 'constructs';`,
    ...deps.map((d) => `import { ${d.className} } from './${d.fileName.replace(/\.ts$/, '')}';`),
    '',
  ];
  const fields = [...exported.entries()].map(([v, t]) => `  public readonly ${v}: ${t};`);
  const params = ['scope: Construct', 'id: string', ...deps.map((d) => `${camelCase(d.chartId)}: ${d.className}`)];
  return [
    ...header,
    `export class ${chart.className} extends Chart {`,
    ...fields,
    ...(fields.length > 0 ? [''] : []),
    `  constructor(${params.join(', ')}) {`,
    `    super(scope, id${chart.namespace ? `, { namespace: ${literal(chart.namespace)} }` : ''});`,
    text,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The escape hatch: one `addJsonPatch` statement with every operation. */
function patchStatements(varName: string, ops: readonly PatchOp[]): string[] {
  if (ops.length === 0) return [];
  const lines = [`ApiObject.of(${varName}).addJsonPatch(`];
  for (const op of ops) {
    const args = op.op === 'remove' ? literal(op.path) : `${literal(op.path)}, ${literal(sortKeys(op.value), '  ')}`;
    lines.push(`  JsonPatch.${op.op}(${args}),`);
  }
  lines.push(');');
  return [lines.join('\n')];
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

function indent(statement: string): string {
  return statement.split('\n').map((l) => `    ${l}`).join('\n');
}

/** True when code of the chart uses the variable (string literals aside). */
function isReferenced(varName: string, chart: ChartPlan, planned: Map<ImportedObject, Planned>): boolean {
  const re = new RegExp(`(^|[^.\\w$])${varName}\\b`);
  const strip = (text: string) => text.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  return chart.objects.some((o) => {
    const p = planned.get(o)!;
    return re.test(strip(p.create)) || p.after.some((a) => re.test(strip(a.replace(/^const \w+ = /, ''))));
  });
}

function mainFile(charts: ChartPlan[], chartDeps: Map<ChartPlan, Set<ChartPlan>>): string {
  const needed = new Set<ChartPlan>();
  for (const deps of chartDeps.values()) for (const d of deps) needed.add(d);
  const lines = [
    '// Synthesizes the imported charts: `npx ts-node main.ts` or `cdk8s synth`.',
    "import { App } from 'cdk8s';",
    ...charts.map((c) => `import { ${c.className} } from './${c.fileName.replace(/\.ts$/, '')}';`),
    '',
    'const app = new App();',
    ...charts.map((c) => {
      const args = ['app', literal(c.chartId), ...[...(chartDeps.get(c) ?? [])].sort((a, b) => a.index - b.index).map((d) => camelCase(d.chartId))];
      return `${needed.has(c) ? `const ${camelCase(c.chartId)} = ` : ''}new ${c.className}(${args.join(', ')});`;
    }),
    'app.synth();',
    '',
  ];
  return lines.join('\n');
}
