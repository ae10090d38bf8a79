// How every command reads its input: the one manifest loader, kind scopes from the
// validator (a kustomization's namespace), file names shown relative to the working folder.
import * as path from 'path';
import { EachResult, KustomizeInfo, LoadOptions, LoadProblem, LoadedSource, expandPaths, loadListedFile, loadListedFileEach, loadPaths, requireIdentity } from '../manifests';
import { scopeOf } from '../validation/schema';

export interface ReadOptions extends LoadOptions {
  /** Also refuse objects without apiVersion, kind or metadata.name (apply, diff). @default false */
  readonly requireIdentity?: boolean;
}

/** `file` relative to `cwd` when it lies below it, else as given. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Loads files and folders (resolved against `cwd`); file names in sources and messages are display paths. */
export function readManifests(paths: readonly string[], cwd: string, options: ReadOptions = {}): { sources: LoadedSource[]; problems: LoadProblem[] } {
  const resolved = paths.map((p) => path.resolve(cwd, p));
  const { sources, problems } = loadPaths(resolved, { scopeOf, ...options });
  const display = (file: string | undefined) => (file === undefined ? undefined : displayPath(cwd, file));
  const shown: LoadedSource[] = sources.map((s) => ({ ...s, file: display(s.file) }));
  const shownProblems = problems.map((p) => relabel(p, p.file, display(p.file)));
  if (options.requireIdentity) shownProblems.push(...requireIdentity(shown));
  return { sources: shown, problems: shownProblems };
}

/** The manifest files under some paths, to be read one at a time (`load`), as `readManifests` reads them. */
export interface ManifestFiles extends ManifestReader {
  /** Absolute paths, in the order `readManifests` reads them. */
  readonly files: readonly string[];
  /** Problems of the paths themselves (missing files), with display paths. */
  readonly problems: readonly LoadProblem[];
  /** Whether the sources can place a field on a line (LoadOptions.positions). */
  readonly positions: boolean;
  /** What makes another reader of these files (`manifestReader`, e.g. in a worker thread). */
  readonly reader: ReaderSettings;
}

/** How files are read: plain data, so a worker thread can make the same reader. */
export interface ReaderSettings {
  readonly kustomize: KustomizeInfo;
  readonly cwd: string;
  readonly options: LoadOptions;
}

/** Reads files `expandPaths` listed (display paths relative to the working folder). */
export interface ManifestReader {
  /** One file's objects and problems, with display paths. */
  load(file: string): { sources: LoadedSource[]; problems: LoadProblem[] };
  /** `load` one document at a time (see loadListedFileEach): each object as soon as it is read. */
  loadEach(file: string, each: (source: LoadedSource) => void): EachResult;
}

/** Lists the manifest files under the given files and folders (resolved against `cwd`), for reading one by one. */
export function listManifests(paths: readonly string[], cwd: string, options: LoadOptions = {}): ManifestFiles {
  const { files, problems, kustomize } = expandPaths(paths.map((p) => path.resolve(cwd, p)));
  const display = (file: string | undefined) => (file === undefined ? undefined : displayPath(cwd, file));
  const reader = { kustomize, cwd, options };
  return {
    files,
    positions: options.positions !== false,
    problems: problems.map((p) => relabel(p, p.file, display(p.file))),
    reader,
    ...manifestReader(reader),
  };
}

/** The reader of files listed with these settings. */
export function manifestReader({ kustomize, cwd, options }: ReaderSettings): ManifestReader {
  const display = (file: string | undefined) => (file === undefined ? undefined : displayPath(cwd, file));
  return {
    load: (file) => {
      const r = loadListedFile(file, kustomize, { scopeOf, ...options });
      const shown = display(file);
      return {
        sources: r.sources.map((s) => ({ ...s, file: shown })),
        problems: r.problems.map((p) => relabel(p, p.file, display(p.file))),
      };
    },
    loadEach: (file, each) => {
      const shown = display(file);
      const r = loadListedFileEach(file, kustomize, { scopeOf, ...options }, (s) => each({ ...s, file: shown }));
      return { refused: r.refused, problems: r.problems.map((p) => relabel(p, p.file, display(p.file))) };
    },
  };
}

function relabel(p: LoadProblem, from: string | undefined, to: string | undefined): LoadProblem {
  return from === undefined || to === undefined ? p : { ...p, file: to, message: p.message.split(from).join(to) };
}
