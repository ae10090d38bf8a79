// Reads manifests from files and folders into SourceObjects, turning every kind of bad input
// into a problem with the file and position instead of an exception or a hang: syntax errors,
// duplicate keys, alias bombs, oversized files, deep nesting, non-objects.
import * as fs from 'fs';
import * as path from 'path';
import { KUSTOMIZATION_FILES, KustomizeInfo, isRendererInput, isKustomizeObject, isNotAManifest, kustomizeNamespace, readKustomization } from './manifest-files';
import { KubeObject, LoadProblem, LoadedSource } from './types';
import { fileStamp } from './reread';
import { isList, loadYamlEach, problem } from './yaml-text';

export { loadYaml, problem } from './yaml-text';
export { parsePath } from './positions';

/** Whether a kind is cluster-scoped; undefined when the kind is unknown. */
export type ScopeOf = (apiVersion: string, kind: string) => 'Cluster' | 'Namespaced' | undefined;

export interface LoadOptions {
  /** Largest file read, in bytes. @default 32 MiB */
  readonly maxFileBytes?: number;
  /** Deepest nesting accepted in a document (go-yaml's own limit is 10,000). @default 1000 */
  readonly maxDepth?: number;
  /**
   * Keep what `locate()` needs to place a field on a line (the document's text). Without it,
   * `locate()` gives only the document's first line and the text is not held in memory.
   * @default true
   */
  readonly positions?: boolean;
  /**
   * Hold each document's text for `locate()` (with `positions`). False: a file is read again when a
   * position in it is asked, and the input's text is not held meanwhile (a large input); a file
   * changed since gives no positions. @default true
   */
  readonly keepText?: boolean;
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

const DEFAULTS = { maxFileBytes: 32 * 1024 * 1024, maxDepth: 1000 };

/** Reads one file. */
export function loadFile(file: string, options: LoadOptions = {}): LoadResult {
  const sources: LoadedSource[] = [];
  const r = loadFileEach(file, options, (s) => sources.push(s));
  return { sources: r.refused ? [] : sources, problems: r.problems };
}

/** What a file read one document at a time (`loadFileEach`) ends with. */
export interface EachResult {
  readonly problems: LoadProblem[];
  /** The file is unusable (`problems` says why): the objects given for it so far are not part of the input. */
  readonly refused: boolean;
}

/**
 * `loadFile` one document at a time: `each` gets a YAML document's objects as soon as it is
 * read (a JSON file's all at once), so a caller can judge and drop them before the next.
 */
export function loadFileEach(file: string, options: LoadOptions, each: (source: LoadedSource) => void): EachResult {
  const opts = { ...DEFAULTS, ...options };
  const refused = (p: LoadProblem): EachResult => ({ problems: [p], refused: true });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    return refused(problem('input-unreadable', file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (err as Error).message));
  }
  if (stat.size > opts.maxFileBytes) {
    return refused(problem('input-too-large', file, `file is ${(stat.size / 1048576).toFixed(1)} MiB, more than the ${(opts.maxFileBytes / 1048576).toFixed(0)} MiB limit`));
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return refused(problem('input-unreadable', file, (err as Error).message));
  }
  if (file.endsWith('.json')) {
    let parsed: unknown;
    let json = true;
    try {
      parsed = JSON.parse(text);
    } catch {
      json = false; // YAML is a superset of JSON and reports the position
    }
    if (json) {
      const r = jsonSources(parsed, file);
      r.sources.forEach(each);
      return { problems: r.problems, refused: false };
    }
  }
  const reread = options.positions !== false && options.keepText === false ? { path: path.resolve(file), stamp: fileStamp(stat) } : undefined;
  return loadYamlEach(text, file, options, each, reread);
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
    const r = loadListedFile(file, kustomize, options);
    sources.push(...r.sources);
    problems.push(...r.problems);
  }
  return { sources, problems };
}

/**
 * Loads one file `expandPaths` listed, as `loadPaths` does (kustomize's namespace applied,
 * kustomize objects and non-manifests skipped): for callers that go file by file.
 */
export function loadListedFile(file: string, kustomize: KustomizeInfo, options: LoadOptions = {}): LoadResult {
  const sources: LoadedSource[] = [];
  const r = loadListedFileEach(file, kustomize, options, (s) => sources.push(s));
  return { sources: r.refused ? [] : sources, problems: r.problems };
}

/** `loadListedFile` one document at a time (see loadFileEach). */
export function loadListedFileEach(file: string, kustomize: KustomizeInfo, options: LoadOptions, each: (source: LoadedSource) => void): EachResult {
  const namespace = kustomizeNamespace(kustomize, file);
  return loadFileEach(file, options, (s) => {
    const o = s.object;
    if (o === null || typeof o !== 'object' || Array.isArray(o)) { each(s); return; }
    if (isKustomizeObject(o) || isNotAManifest(o)) return;
    each(namespace !== undefined && options.scopeOf ? withNamespace(s, namespace, options.scopeOf) : s);
  });
}

/** The kustomization's namespace on a namespaced object that names none (as `kustomize build` does). */
function withNamespace(s: LoadedSource, namespace: string, scopeOf: ScopeOf): LoadedSource {
  const o = s.object;
  const meta = o.metadata !== null && typeof o.metadata === 'object' && !Array.isArray(o.metadata) ? o.metadata : undefined;
  if (!meta || (typeof meta.namespace === 'string' && meta.namespace) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return s;
  if (scopeOf(o.apiVersion, o.kind) !== 'Namespaced') return s;
  return { ...s, object: { ...o, metadata: { ...meta, namespace } } };
}
