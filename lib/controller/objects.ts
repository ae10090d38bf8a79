import * as path from 'path';
import { LoadOptions, LoadProblem, LoadedSource, loadPaths, loadYaml, requireIdentity } from '../manifests';
import { KubeObject, ObjectRef } from '../manifests/types';
import { manifestScope } from './validation-seam';

export type { KubeObject, KubeObjectMeta, ObjectRef, SourceObject } from '../manifests/types';

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

/** A source folder that is not usable: the message names the file and position of every problem. */
export class ManifestError extends Error {
  constructor(public readonly file: string, message: string, public readonly problems: readonly LoadProblem[] = []) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** A loaded object with the file it came from, relative to the folder read. */
export type FolderSource = LoadedSource & { readonly file: string };

/**
 * Reads every manifest below `dir` with the shared loader (the one `validate` uses: YAML as
 * the kube-apiserver reads it, kustomize and Helm input handled, Lists expanded). Throws a
 * `ManifestError` listing every problem (`file:line:column: message`), including objects
 * without apiVersion, kind or metadata.name. File names are relative to `dir`.
 */
export async function loadSourceFolder(dir: string, options: LoadOptions = {}): Promise<FolderSource[]> {
  const { sources, problems } = loadPaths([dir], { scopeOf: manifestScope, ...options });
  const relative = (file: string | undefined) => (file === undefined ? dir : path.relative(dir, file) || path.basename(file));
  const shown = sources.map((s) => ({ ...s, file: relative(s.file) }));
  return checked(shown, problems.map((p) => relabel(p, p.file, relative(p.file))), dir);
}

/** Parses a multi-document YAML string into objects; throws a `ManifestError` naming `file`. */
export function parseManifests(text: string, file: string): FolderSource[] {
  const { sources, problems } = loadYaml(text, file);
  return checked(sources.map((s) => ({ ...s, file })), problems, file);
}

function checked(sources: FolderSource[], problems: LoadProblem[], where: string): FolderSource[] {
  const all = [...problems, ...requireIdentity(sources)];
  if (all.length > 0) throw new ManifestError(all[0].file ?? where, all.map((p) => p.message).join('\n'), all);
  return sources;
}

function relabel(p: LoadProblem, from: string | undefined, to: string): LoadProblem {
  return from === undefined ? p : { ...p, file: to, message: p.message.split(from).join(to) };
}
