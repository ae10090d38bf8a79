// Round trip of the importer: manifests -> generated TypeScript -> one strict tsc program ->
// `cdk8s synth` (one node process for every set) -> objects compared with the normalized input.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { generateImport, ImportInput, ImportResult } from '../../lib/import';
import { normalizeObject } from '../../lib/import/normalize';
import { DEPENDS_ON_ANNOTATION } from '../../lib/import/generate';
import { KubeObject } from '../../lib/manifests';

const REPO = path.resolve(__dirname, '../..');

export interface RoundTripSet {
  readonly name: string;
  readonly inputs: ImportInput[];
}

export interface RoundTripOutcome {
  readonly name: string;
  readonly result: ImportResult;
  /** Per input object: `kind/ns/name` and the differences found (empty: equal). */
  readonly compared: Array<{ key: string; problems: string[] }>;
  /** Synthesized objects that match no input object. */
  readonly extra: string[];
}

/** Options of the strict program (what `cdk8s init typescript-app` writes, plus the package path). */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true, noImplicitAny: true, strictNullChecks: true, noImplicitReturns: true, noImplicitThis: true,
  noUnusedLocals: true, noUnusedParameters: true, noFallthroughCasesInSwitch: true, alwaysStrict: true,
  strictPropertyInitialization: true, experimentalDecorators: true,
  target: ts.ScriptTarget.ES2017, module: ts.ModuleKind.CommonJS, lib: ['lib.es2016.d.ts'],
  // The package's own .d.ts files were checked by its build; only the generated code is under test here.
  skipLibCheck: true, types: [],
  baseUrl: REPO, paths: { 'cdk8s-kubevirt': ['build/lib/index.d.ts'] },
};

function keyOf(o: KubeObject): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/** The input as the import promises to give it back: cluster-written fields stripped, NAD configs as JSON. */
function comparable(o: KubeObject): any {
  const c = JSON.parse(JSON.stringify(o));
  if (c.kind === 'NetworkAttachmentDefinition' && typeof c.spec?.config === 'string') {
    try { c.spec.config = JSON.parse(c.spec.config); } catch { /* compared as text */ }
  }
  if (c.metadata?.annotations) {
    delete c.metadata.annotations[DEPENDS_ON_ANNOTATION];
    if (Object.keys(c.metadata.annotations).length === 0) delete c.metadata.annotations;
  }
  return c;
}

function differences(a: unknown, b: unknown, at = ''): string[] {
  if (JSON.stringify(sort(a)) === JSON.stringify(sort(b))) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
    return keys.flatMap((k) => differences((a as any)[k], (b as any)[k], `${at}/${k}`));
  }
  return [`${at || '/'}: input ${JSON.stringify(a)} != synthesized ${JSON.stringify(b)}`];
}

function sort(v: any): any {
  if (Array.isArray(v)) return v.map(sort);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])]));
  return v;
}

/** Imports, compiles and synthesizes every set; `workDir` is created under the repository (for package self-reference). */
export function roundTrip(sets: readonly RoundTripSet[], workDir: string): { outcomes: RoundTripOutcome[]; diagnostics: string[] } {
  fs.rmSync(workDir, { recursive: true, force: true });
  const results = sets.map((s) => ({ set: s, result: generateImport(s.inputs), dir: path.join(workDir, s.name) }));
  const roots: string[] = [];
  for (const r of results) {
    fs.mkdirSync(r.dir, { recursive: true });
    for (const f of r.result.files) {
      fs.writeFileSync(path.join(r.dir, f.fileName), f.text);
      roots.push(path.join(r.dir, f.fileName));
    }
  }
  const program = ts.createProgram(roots, { ...COMPILER_OPTIONS, outDir: path.join(workDir, '.js'), rootDir: workDir });
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => {
    const where = d.file ? `${path.relative(workDir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  if (diagnostics.length > 0) return { outcomes: [], diagnostics };
  // One process synthesizes every set, each App into its own folder.
  const driver = path.join(workDir, '.js', 'synth-all.js');
  fs.writeFileSync(driver, [
    "const path = require('path');",
    `for (const name of ${JSON.stringify(results.map((r) => r.set.name))}) {`,
    "  process.env.CDK8S_OUTDIR = path.join(__dirname, '..', '.out', name);",
    "  try { require(path.join(__dirname, name, 'main.js')); } catch (err) {",
    "    require('fs').mkdirSync(process.env.CDK8S_OUTDIR, { recursive: true });",
    "    require('fs').writeFileSync(path.join(process.env.CDK8S_OUTDIR, 'synth-error.txt'), String(err.message));",
    "  }",
    '}',
  ].join('\n'));
  execFileSync(process.execPath, [driver], { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const outcomes = results.map((r) => {
    const outDir = path.join(workDir, '.out', r.set.name);
    const synthError = path.join(outDir, 'synth-error.txt');
    if (fs.existsSync(synthError)) {
      return { name: r.set.name, result: r.result, compared: [{ key: 'synth', problems: [fs.readFileSync(synthError, 'utf8')] }], extra: [] };
    }
    const synthesized: KubeObject[] = fs.readdirSync(outDir).filter((f) => f.endsWith('.yaml')).sort()
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(outDir, f), 'utf8')).map((d) => d.toJSON()).filter((o) => o));
    const byKey = new Map(synthesized.map((o) => [keyOf(o), o]));
    const compared = r.set.inputs.map((i) => {
      const input = normalizeObject(i.object).object;
      const key = keyOf(input);
      const out = byKey.get(key);
      byKey.delete(key);
      if (!out) return { key, problems: ['missing from the synthesized output'] };
      const problems = differences(comparable(input), comparable(out));
      const declared = (input.metadata.annotations?.[DEPENDS_ON_ANNOTATION] ?? '').split(',').filter(Boolean);
      const written = new Set((out.metadata.annotations?.[DEPENDS_ON_ANNOTATION] ?? '').split(',').filter(Boolean));
      for (const d of declared) if (!written.has(d)) problems.push(`depends-on lost ${d}`);
      return { key, problems };
    });
    return { name: r.set.name, result: r.result, compared, extra: [...byKey.keys()] };
  });
  return { outcomes, diagnostics };
}

export function readSynthesized(dir: string): string[] {
  return fs.readdirSync(dir);
}

export const REPO_ROOT = REPO;
void execFileSync;
