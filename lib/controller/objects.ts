import { promises as fs } from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** Metadata fields the controller reads; everything else passes through untouched. */
export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
  managedFields?: Array<{ manager?: string; operation?: string; apiVersion?: string; fieldsV1?: unknown }>;
  [key: string]: unknown;
}

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: KubeObjectMeta;
  [key: string]: unknown;
}

/** Identity of an object: enough to GET it. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** The API group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function refOf(obj: KubeObject): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace || undefined, name: obj.metadata.name };
}

/** `Kind/namespace/name` (or `Kind/name`), the human subject used in reports. */
export function subjectOf(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** `group/Kind/namespace/name`: the same key format as the depends-on annotation. */
export function keyOf(ref: ObjectRef | { group: string; kind: string; namespace?: string; name: string }): string {
  const group = 'group' in ref ? ref.group : groupOf(ref.apiVersion);
  return `${group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** `Kind.group` (or `Kind` for the core group), as kubectl's ApplySet writes group-kinds. */
export function groupKindOf(ref: { apiVersion: string; kind: string }): string {
  const group = groupOf(ref.apiVersion);
  return group ? `${ref.kind}.${group}` : ref.kind;
}

/** Deep copy through JSON: drops undefined, turns Dates into strings. */
export function cloneObject<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A source document that is not a usable Kubernetes object. */
export class ManifestError extends Error {
  constructor(public readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ManifestError';
  }
}

/** A manifest with the file it came from. */
export interface SourceObject {
  readonly object: KubeObject;
  readonly file: string;
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Reads every YAML/JSON manifest below `dir` (sorted, recursive; `List` kinds expanded).
 * Throws a `ManifestError` naming the file for anything that is not an object with
 * apiVersion, kind and metadata.name.
 */
export async function loadSourceFolder(dir: string): Promise<SourceObject[]> {
  const files = (await listFiles(dir)).filter((f) => MANIFEST_EXTENSIONS.includes(path.extname(f)));
  const result: SourceObject[] = [];
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    if (path.extname(file) === '.json' && !looksLikeManifest(text)) continue;
    result.push(...parseManifests(text, path.relative(dir, file) || path.basename(file)));
  }
  return result;
}

/**
 * JSON files with neither apiVersion nor kind at the top are not manifests: cdk8s writes
 * `construct-metadata.json` next to the YAML it synthesizes.
 */
function looksLikeManifest(text: string): boolean {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return !!value && typeof value === 'object' && ('apiVersion' in value || 'kind' in value);
  } catch {
    return true; // let the parser report the syntax error with the file name
  }
}

/** Parses a multi-document YAML string into objects. */
export function parseManifests(text: string, file: string): SourceObject[] {
  const docs = parseAllDocuments(text);
  const result: SourceObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new ManifestError(file, doc.errors[0].message);
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) continue;
    for (const item of expandList(value)) result.push({ object: checkObject(item, file), file });
  }
  return result;
}

function expandList(value: unknown): unknown[] {
  const obj = value as { kind?: unknown; items?: unknown };
  if (obj && typeof obj === 'object' && typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    return obj.items;
  }
  return [value];
}

function checkObject(value: unknown, file: string): KubeObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ManifestError(file, 'document is not an object');
  const obj = value as Partial<KubeObject>;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    throw new ManifestError(file, 'object has no apiVersion/kind');
  }
  if (!obj.metadata || typeof obj.metadata.name !== 'string' || obj.metadata.name.length === 0) {
    throw new ManifestError(file, `${obj.kind} has no metadata.name`);
  }
  return obj as KubeObject;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
