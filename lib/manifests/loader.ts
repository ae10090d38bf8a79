// Reads manifests from YAML text, files and folders into SourceObjects, turning every kind
// of bad input into a finding with the file and position instead of an exception or a hang:
// syntax errors, duplicate keys, alias bombs, oversized files, deep nesting, non-objects.
import * as fs from 'fs';
import * as path from 'path';
import { Document, LineCounter, isMap, isSeq, parseAllDocuments } from 'yaml';
import { KUSTOMIZATION_FILES, KustomizeInfo, isRendererInput, findTemplateAction, isKustomizeObject, isNotAManifest, kustomizeNamespace, readKustomization } from './manifest-files';
import { KubeObject, LoadProblem, LoadedSource } from './types';

/** Whether a kind is cluster-scoped; undefined when the kind is unknown. */
export type ScopeOf = (apiVersion: string, kind: string) => 'Cluster' | 'Namespaced' | undefined;

export interface LoadOptions {
  /** Largest file read, in bytes. @default 32 MiB */
  readonly maxFileBytes?: number;
  /** Most alias expansions per document (alias-bomb bound). @default 1000 */
  readonly maxAliasCount?: number;
  /** Deepest nesting accepted in a document. @default 200 */
  readonly maxDepth?: number;
  /**
   * Parse with the position-tracking parser up front. By default plain manifests take a
   * fast path and positions are computed on first use (a finding to report).
   * @default false
   */
  readonly eagerPositions?: boolean;
  /**
   * The scope of a kind, so a kustomization's `namespace:` lands only on namespaced objects
   * (as `kustomize build` does). @default - the namespace is set on no object
   */
  readonly scopeOf?: ScopeOf;
}

export interface LoadResult {
  readonly sources: LoadedSource[];
  /** Input problems (rule ids `input-*`): each makes the input unusable (exit 2). */
  readonly problems: LoadProblem[];
}

const NO_OBJECT = { apiVersion: '', kind: '', name: '' };
const DEFAULTS = { maxFileBytes: 32 * 1024 * 1024, maxAliasCount: 1000, maxDepth: 200 };

export function problem(rule: string, file: string | undefined, message: string, line?: number, column?: number): LoadProblem {
  const where = file ? `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ` : '';
  return { rule, severity: 'error', ...(file !== undefined ? { file } : {}), object: NO_OBJECT, path: '', message: `${where}${message}` };
}

/** Splits a dotted finding path (`a.b[0]["c/d"]`) back into keys. */
export function parsePath(dotted: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(dotted))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`));
  }
  return out;
}

function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > limit) return true;
    if (v !== null && typeof v === 'object') for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return false;
}

type LoadAll = (text: string, iterator: (doc: unknown) => void, options: { schema: unknown; filename?: string }) => void;
let fastYaml: { loadAll: LoadAll; schema: unknown } | null | undefined;

/** js-yaml, when installed, parses several times faster than `yaml` (used without positions). */
function fastParser(): { loadAll: LoadAll; schema: unknown } | null {
  if (fastYaml === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('js-yaml');
      const loadAll = mod.safeLoadAll ?? mod.loadAll;
      fastYaml = typeof loadAll === 'function' && mod.CORE_SCHEMA ? { loadAll, schema: mod.CORE_SCHEMA } : null;
    } catch {
      fastYaml = null;
    }
  }
  return fastYaml;
}

/**
 * kubectl and Argo CD read YAML the YAML 1.1 way (sigs.k8s.io/yaml): `yes`/`no`/`on`/`off`/`y`/`n`
 * are booleans, so `running: yes` is `true` for the API server and an unquoted `on` in a string
 * field is a type error there. The validator does the same.
 */
const YAML11_BOOL_WORDS = 'y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF';
const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;
const YAML11_BOOL = {
  identify: (v: unknown) => typeof v === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: new RegExp(`^(?:${YAML11_BOOL_WORDS})$`),
  resolve: (s: string) => YAML11_TRUE.test(s),
};
const HAS_YAML11_BOOL = new RegExp(`(^|[\\s,[{:-])(${YAML11_BOOL_WORDS})\\s*($|[,\\]}:#])`, 'm');

/**
 * Constructs where YAML parsers disagree (anchors/aliases, merge keys, tags, YAML 1.1
 * octals, sexagesimals, digit separators) or that need alias bounds: such text always takes
 * the `yaml` path, so the fast path never changes a value.
 */
const NEEDS_FULL_PARSER = /(^|[\s,[{:-])[&*!][^\s,\]}]|<<|[\s:[,-][-+]?0[0-7]+\s*($|[,\]}#])|[\s:[,-][-+]?\d[\d_]*_\d|[\s:[,-][-+]?\d+(:[0-5]?\d)+\s*($|[,\]}#])|[\s:[,-]0o/m;

function loadFast(text: string, file: string | undefined, opts: LoadOptions & typeof DEFAULTS): LoadResult | undefined {
  const parser = fastParser();
  if (!parser || NEEDS_FULL_PARSER.test(text) || HAS_YAML11_BOOL.test(text)) return undefined;
  const docs: unknown[] = [];
  try {
    parser.loadAll(text, (doc) => docs.push(doc), { schema: parser.schema });
  } catch {
    return undefined; // the full parser reports the error with its position
  }
  const objects: KubeObject[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc) || depthExceeds(doc, opts.maxDepth)) return undefined;
    const o = doc as KubeObject;
    if (isList(o)) {
      if (o.items.some((item: unknown) => item === null || typeof item !== 'object' || Array.isArray(item))) return undefined;
      objects.push(...o.items);
    } else objects.push(o);
  }
  // Positions come from the full parser, once per file, when a finding needs one.
  let full: LoadResult | undefined;
  const sources = objects.map((object, k): LoadedSource => ({
    object, file,
    locate: (dotted) => {
      full ??= loadYaml(text, file, { ...opts, eagerPositions: true });
      return full.sources[k]?.locate(dotted);
    },
  }));
  return { sources, problems: [] };
}

/** `kind: List`, `ConfigMapList`...: kubectl applies the items. */
function isList(o: KubeObject): boolean {
  return typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}

/** Parses YAML text (one or more documents). A `kind: List` (or `<Kind>List`) expands to its items. */
export function loadYaml(text: string, file?: string, options: LoadOptions = {}): LoadResult {
  const opts = { ...DEFAULTS, ...options };
  const template = findTemplateAction(text);
  if (template) {
    return { sources: [], problems: [problem('input-template', file, 'this is a Helm/Go template, not a manifest: render it first (helm template, kustomize build)', template.line, template.column)] };
  }
  if (!options.eagerPositions) {
    const fast = loadFast(text, file, opts);
    if (fast) return fast;
  }
  const sources: LoadedSource[] = [];
  const problems: LoadProblem[] = [];
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true, customTags: (tags) => [YAML11_BOOL, ...tags] }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (err) {
    const rule = err instanceof RangeError ? 'input-too-deep' : 'input-yaml-syntax';
    problems.push(problem(rule, file, `cannot parse YAML: ${(err as Error).message}`));
    return { sources, problems };
  }
  const pos = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset));
  docs.forEach((doc, docIndex) => {
    const first = doc.errors[0];
    if (first) {
      const p = pos(first.pos?.[0]);
      const rule = /duplicate key|Map keys must be unique/i.test(first.message) ? 'input-duplicate-key'
        : /call stack/i.test(first.message) ? 'input-too-deep' : 'input-yaml-syntax';
      problems.push(problem(rule, file, first.message.split('\n')[0], p?.line, p?.col));
      return;
    }
    if (doc.contents === null) return; // an empty document (`---` or only comments)
    const start = pos(doc.contents.range?.[0]);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: opts.maxAliasCount });
    } catch (err) {
      const msg = (err as Error).message;
      const rule = /alias/i.test(msg) ? 'input-alias-limit' : (err instanceof RangeError ? 'input-too-deep' : 'input-yaml-syntax');
      problems.push(problem(rule, file, `document ${docIndex + 1}: ${msg}`, start?.line, start?.col));
      return;
    }
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(problem('input-not-object', file, `document ${docIndex + 1} is a ${Array.isArray(value) ? 'list' : typeof value}, not a Kubernetes object`, start?.line, start?.col));
      return;
    }
    if (depthExceeds(value, opts.maxDepth)) {
      problems.push(problem('input-too-deep', file, `document ${docIndex + 1} is nested deeper than ${opts.maxDepth} levels`, start?.line, start?.col));
      return;
    }
    const locateIn = (prefix: Array<string | number>) => (dotted: string) => {
      const keys = [...prefix, ...parsePath(dotted)];
      for (let n = keys.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
        const range = (node as { range?: [number, number, number] } | undefined)?.range;
        if (range) {
          const p = pos(keyOffset(doc, keys.slice(0, n)) ?? range[0])!;
          return { line: p.line, column: p.col };
        }
      }
      return undefined;
    };
    const obj = value as KubeObject;
    if (isList(obj)) {
      obj.items.forEach((item: unknown, i: number) => {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          problems.push(problem('input-not-object', file, `items[${i}] of a List is not an object`, start?.line, start?.col));
          return;
        }
        const loc = locateIn(['items', i]);
        const at = loc('');
        sources.push({ object: item as KubeObject, file, line: at?.line, column: at?.column, locate: loc });
      });
      return;
    }
    sources.push({ object: obj, file, line: start?.line, column: start?.col, locate: locateIn([]) });
  });
  return { sources, problems };
}

/** The offset of the key naming the last path element, so a finding lands on `field:` rather than its value. */
function keyOffset(doc: Document.Parsed, keys: Array<string | number>): number | undefined {
  if (keys.length === 0) return undefined;
  const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
  const last = keys[keys.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
    return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  if (isSeq(parent) && typeof last === 'number') return (parent.items[last] as { range?: [number, number, number] } | undefined)?.range?.[0];
  return undefined;
}

/** Reads one file. */
export function loadFile(file: string, options: LoadOptions = {}): LoadResult {
  const opts = { ...DEFAULTS, ...options };
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    return { sources: [], problems: [problem('input-unreadable', file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message)] };
  }
  if (size > opts.maxFileBytes) {
    return { sources: [], problems: [problem('input-too-large', file, `file is ${(size / 1048576).toFixed(1)} MiB, more than the ${(opts.maxFileBytes / 1048576).toFixed(0)} MiB limit`)] };
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { sources: [], problems: [problem('input-unreadable', file, (err as Error).message)] };
  }
  if (file.endsWith('.json')) {
    try {
      return jsonSources(JSON.parse(text), file);
    } catch {
      // fall through: YAML is a superset of JSON and reports the position
    }
  }
  return loadYaml(text, file, options);
}

/** A parsed JSON file's objects (an array of objects, or one object; Lists expanded). */
function jsonSources(value: unknown, file: string): LoadResult {
  const sources: LoadedSource[] = [];
  const problems: LoadProblem[] = [];
  const notObject = (v: unknown) => v === null || typeof v !== 'object' || Array.isArray(v);
  (Array.isArray(value) ? value : [value]).forEach((doc: unknown, i) => {
    if (notObject(doc)) return problems.push(problem('input-not-object', file, `document ${i + 1} is a ${Array.isArray(doc) ? 'list' : doc === null ? 'null' : typeof doc}, not a Kubernetes object`, 1, 1));
    const items: unknown[] = isList(doc as KubeObject) ? (doc as KubeObject).items : [doc];
    for (const item of items) {
      if (notObject(item)) problems.push(problem('input-not-object', file, 'an item of a List is not an object', 1, 1));
      else sources.push({ object: item as KubeObject, file, line: 1, column: 1, locate: () => undefined });
    }
    return undefined;
  });
  return { sources, problems };
}

const MANIFEST = /\.(ya?ml|json)$/i;
/** Files cdk8s writes beside the manifests (construct paths for its validation plugins). */
const SYNTH_ARTIFACTS = new Set(['construct-metadata.json']);

/** Expands files and folders (recursively; only .yaml/.yml/.json inside folders) in a stable order. */
export function expandPaths(paths: readonly string[]): { files: string[]; problems: LoadProblem[]; kustomize: KustomizeInfo } {
  const files: string[] = [];
  const problems: LoadProblem[] = [];
  const kustomize: KustomizeInfo = { patches: new Set(), namespaceOf: new Map() };
  const walk = (p: string, explicit: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      problems.push(problem('input-unreadable', p, 'no such file or folder'));
      return;
    }
    if (stat.isDirectory()) {
      const names = fs.readdirSync(p).sort();
      for (const name of names) if (KUSTOMIZATION_FILES.has(name)) readKustomization(path.join(p, name), kustomize);
      for (const name of names) {
        if (name.startsWith('.') || name === 'node_modules' || SYNTH_ARTIFACTS.has(name) || isRendererInput(name)) continue;
        walk(path.join(p, name), false);
      }
    } else if (KUSTOMIZATION_FILES.has(path.basename(p))) {
      readKustomization(p, kustomize);
    } else if (explicit || MANIFEST.test(p)) {
      files.push(p);
    }
  };
  for (const p of paths) walk(path.resolve(p), true);
  return { files: files.filter((f) => !kustomize.patches.has(f)), problems, kustomize };
}

/**
 * Loads every manifest under the given files and folders. Kustomize input is read for what
 * it says about the manifests (patch files are skipped, `namespace:` applies to the listed
 * resources); documents that are not Kubernetes objects at all are skipped.
 */
export function loadPaths(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const { files, problems, kustomize } = expandPaths(paths);
  const sources: LoadedSource[] = [];
  for (const file of files) {
    const r = loadFile(file, options);
    const namespace = kustomizeNamespace(kustomize, file);
    for (const s of r.sources) {
      const o = s.object;
      if (o === null || typeof o !== 'object' || Array.isArray(o)) { sources.push(s); continue; }
      if (isKustomizeObject(o) || isNotAManifest(o)) continue;
      sources.push(namespace !== undefined && options.scopeOf ? withNamespace(s, namespace, options.scopeOf) : s);
    }
    problems.push(...r.problems);
  }
  return { sources, problems };
}

/** The kustomization's namespace on a namespaced object that names none (as `kustomize build` does). */
function withNamespace(s: LoadedSource, namespace: string, scopeOf: ScopeOf): LoadedSource {
  const o = s.object;
  const meta = o.metadata !== null && typeof o.metadata === 'object' && !Array.isArray(o.metadata) ? o.metadata : undefined;
  if (!meta || (typeof meta.namespace === 'string' && meta.namespace) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return s;
  if (scopeOf(o.apiVersion, o.kind) !== 'Namespaced') return s;
  return { ...s, object: { ...o, metadata: { ...meta, namespace } } };
}
