// YAML text to loaded objects: read as kubectl and the kube-apiserver read it (go-yaml.ts),
// every refusal turned into a problem with the file, line and column, never an exception.
import { findTemplateAction } from './manifest-files';
import { GoYamlDocument, GoYamlError, readGoYamlDocuments } from './go-yaml';
import { documentLocator, positionOf } from './positions';
import { fileLocator } from './reread';
import { KubeObject, LoadProblem, LoadedSource } from './types';

export interface YamlTextOptions {
  /** Deepest nesting accepted in a document. @default 1000 */
  readonly maxDepth?: number;
  /** Keep each document's text for `locate()` (else it answers the document's first line). @default true */
  readonly positions?: boolean;
}

const NO_OBJECT = { apiVersion: '', kind: '', name: '' };

/** An input problem whose message starts with `file:line:column: `. */
export function problem(rule: string, file: string | undefined, message: string, line?: number, column?: number): LoadProblem {
  const where = file ? `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ` : '';
  return { rule, severity: 'error', ...(file !== undefined ? { file } : {}), object: NO_OBJECT, path: '', message: `${where}${message}` };
}

/** `kind: List`, `ConfigMapList`...: kubectl applies the items. */
export function isList(o: KubeObject): boolean {
  return typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);
}

const RULE_OF_KIND = { 'syntax': 'input-yaml-syntax', 'duplicate-key': 'input-duplicate-key', 'alias': 'input-alias-limit', 'depth': 'input-too-deep' } as const;

/** Parses YAML text (one or more documents). A `kind: List` (or `<Kind>List`) expands to its items. */
export function loadYaml(text: string, file?: string, options: YamlTextOptions = {}): { sources: LoadedSource[]; problems: LoadProblem[] } {
  const sources: LoadedSource[] = [];
  const r = loadYamlEach(text, file, options, (s) => sources.push(s));
  return { sources: r.refused ? [] : sources, problems: r.problems };
}

/** A file `locate()` reads again instead of holding its documents' text (LoadOptions.keepText false). */
export interface RereadFile {
  /** The file's path, absolute. */
  readonly path: string;
  /** `fileStamp` of the file as read (./reread). */
  readonly stamp: string;
}

/**
 * `loadYaml` one document at a time: `each` gets a document's objects as soon as it is read, so
 * a caller can judge and drop them before the next. `refused`: a later document made the whole
 * text unusable (`problems` says why) and the objects given so far are not part of it.
 * `reread`: the file `text` was read from, read again for positions instead of holding the text.
 */
export function loadYamlEach(text: string, file: string | undefined, options: YamlTextOptions, each: (source: LoadedSource) => void,
  reread?: RereadFile): { problems: LoadProblem[]; refused: boolean } {
  // An unrendered Helm template: told as such when the YAML reader refuses the text (any template
  // action), or when it reads but names Helm's own objects (`.Values`, `include`...). Other `{{ }}`
  // in valid YAML is string content kubectl accepts (Prometheus/Alertmanager templates).
  const template = (anywhere: boolean) => {
    const at = findTemplateAction(text, !anywhere);
    return at && [problem('input-template', file, 'this is a Helm/Go template, not a manifest: render it first (helm template, kustomize build)', at.line, at.column)];
  };
  // Text naming Helm's own objects is refused either way (where depends on whether it reads).
  const helmOnly = findTemplateAction(text, true) !== undefined;
  const problems: LoadProblem[] = [];
  try {
    let index = 0;
    for (const doc of readGoYamlDocuments(text, { maxDepth: options.maxDepth })) {
      if (!helmOnly) documentSources(doc, index, file, options, problems, each, reread);
      index++;
    }
  } catch (err) {
    if (!(err instanceof GoYamlError)) throw err;
    const at = positionOf(text, err.offset);
    return { problems: template(true) || [problem(RULE_OF_KIND[err.kind], file, err.message, at.line, at.column)], refused: true };
  }
  if (helmOnly) return { problems: template(false)!, refused: true };
  return { problems, refused: false };
}

/** One document's objects (a List's items) to `each`, or its problem. */
function documentSources(doc: GoYamlDocument, index: number, file: string | undefined, options: YamlTextOptions, problems: LoadProblem[],
  each: (source: LoadedSource) => void, reread: RereadFile | undefined): void {
  if (doc.value === null || doc.value === undefined) return;
  const start = { line: doc.line + leadingLines(doc.body), column: 1 };
  if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    problems.push(problem('input-not-object', file, `document ${index + 1} is a ${Array.isArray(doc.value) ? 'list' : typeof doc.value}, not a Kubernetes object`, start.line, start.column));
    return;
  }
  const obj = doc.value as KubeObject;
  const items: Array<[unknown, Array<string | number>]> = isList(obj) ? obj.items.map((item: unknown, i: number) => [item, ['items', i]]) : [[obj, []]];
  for (const [item, prefix] of items) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(problem('input-not-object', file, `${prefix.length ? `items[${prefix[1]}] of a List` : `document ${index + 1}`} is not an object`, start.line, start.column));
      continue;
    }
    const locate = options.positions === false ? firstLine(start)
      : reread && doc.verbatim ? fileLocator(reread.path, reread.stamp, doc.offset, doc.body.length, doc.line, prefix, doc.fast)
        : documentLocator(doc.body, doc.line, prefix, doc.fast);
    each(prefix.length === 0
      ? { object: item as KubeObject, file, line: start.line, column: start.column, locate }
      : { object: item as KubeObject, file, locate });
  }
}

function firstLine(start: { line: number; column: number }): () => { line: number; column: number } {
  return () => start;
}

/** The number of comment and blank lines before a document's content. */
function leadingLines(body: string): number {
  const c = body.charCodeAt(0);
  if (c !== 35 && c !== 10 && c !== 32 && c !== 13 && c !== 9) return 0;
  const m = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*/.exec(body);
  return m ? m[0].split('\n').length - 1 : 0;
}
