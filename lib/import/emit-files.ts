// File emission for the importer: the text of each chart file (a Chart subclass whose constructor
// creates the planned constructs, their escape-hatch patches, and the fields other charts read)
// and of main.ts. Only layout and imports are decided here; the code pieces come planned.
import { camelCase, literal, sortKeys } from './code';
import { PatchOp } from './json-patch';
import { ChartPlan, ImportedObject } from './model';
import { Planned } from './plan-object';

/** The chart's file: its imports, the fields other charts read, and a constructor creating its objects in order. */
export function chartFile(chart: ChartPlan, planned: Map<ImportedObject, Planned>, patches: Map<ImportedObject, PatchOp[]>,
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
export function patchStatements(varName: string, ops: readonly PatchOp[]): string[] {
  if (ops.length === 0) return [];
  const lines = [`ApiObject.of(${varName}).addJsonPatch(`];
  for (const op of ops) {
    const args = op.op === 'remove' ? literal(op.path) : `${literal(op.path)}, ${literal(sortKeys(op.value), '  ')}`;
    lines.push(`  JsonPatch.${op.op}(${args}),`);
  }
  lines.push(');');
  return [lines.join('\n')];
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

/** main.ts: creates the App and each chart in order (passing the charts it references), then synthesizes. */
export function mainFile(charts: ChartPlan[], chartDeps: Map<ChartPlan, Set<ChartPlan>>): string {
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
