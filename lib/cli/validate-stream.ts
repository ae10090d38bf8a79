// How `validate` runs the validator over its input: file by file, and inside a YAML file
// document by document (each object judged and let go before the next is read), or over the
// whole input at once when something needs every object first (the cluster lookup).
import * as fs from 'fs';
import type { LoadProblem, LoadedSource } from '../manifests';
import { CONTEXT_KIND_MARKERS } from '../validation/cross-facts';
import { RunFinding, RunOptions, ValidationRun, isContextObject } from '../validation/validation-run';
import type { KubeObject } from '../validation/types';
import type { ManifestFiles, ManifestReader } from './manifests';

export type RunSettings = Omit<RunOptions, 'context'>;

export interface RunResult {
  readonly located: RunFinding[];
  readonly objects: number;
  readonly problems: LoadProblem[];
}

/**
 * Validates file by file (../validation/validation-run): only the findings and the facts the
 * cross-object rules read stay in memory, and only one document's objects at a time. The files
 * holding objects per-object rules look up (feature gates, instancetypes, presets) are read
 * first. A file a later document makes unusable is taken back out of the run (as a whole-input
 * run never sees it). Undefined when a context object turns up in a file that did not show it
 * (written with escapes): then the caller validates the whole input at once.
 */
export function validateStreaming(input: ManifestFiles, options: RunSettings): RunResult | undefined {
  const early = readContextFiles(input);
  const run = new ValidationRun({ ...options, context: contextOf(early), positions: input.positions });
  const problems: LoadProblem[] = [...input.problems];
  let objects = 0;
  for (const file of input.files) {
    const read = early.get(file);
    if (read && !run.add(read.sources)) return undefined;
    const added = read ? { objects: read.sources.length, problems: read.problems } : addFile(run, input, file);
    if (!added) return undefined;
    objects += added.objects;
    problems.push(...added.problems);
  }
  return { located: run.finish(), objects, problems };
}

/** The files that may hold context objects (see isContextObject), read first: file -> its objects and problems. */
export function readContextFiles(input: ManifestFiles): Map<string, ReturnType<ManifestFiles['load']>> {
  const early = new Map<string, ReturnType<ManifestFiles['load']>>();
  for (const file of input.files) if (mayHoldContext(file)) early.set(file, input.load(file));
  return early;
}

/** The context objects of the files `readContextFiles` read, in input order. */
export function contextOf(early: Map<string, ReturnType<ManifestFiles['load']>>): KubeObject[] {
  return [...early.values()].flatMap((r) => r.sources.map((s) => s.object)).filter(isContextObject);
}

/**
 * One file into the run, document by document; a file a later document makes unusable taken
 * back out. Undefined when it holds a context object the run was not given.
 */
export function addFile(run: ValidationRun, reader: ManifestReader, file: string): { objects: number; problems: LoadProblem[] } | undefined {
  const start = run.checkpoint();
  let added = 0;
  let complete = true;
  const r = reader.loadEach(file, (s) => {
    if (complete && run.add([s])) added++;
    else complete = false;
  });
  if (!complete) return undefined;
  if (r.refused) run.rollback(start);
  return { objects: r.refused ? 0 : added, problems: r.problems };
}

/** Consecutive files into the run (see addFile); undefined as addFile. */
export function addFiles(run: ValidationRun, reader: ManifestReader, files: readonly string[]): { objects: number; problems: LoadProblem[] } | undefined {
  const problems: LoadProblem[] = [];
  let objects = 0;
  for (const file of files) {
    const added = addFile(run, reader, file);
    if (!added) return undefined;
    objects += added.objects;
    problems.push(...added.problems);
  }
  return { objects, problems };
}

/** Validates sources already read (the cluster lookup needs them all). */
export function validateWhole(sources: LoadedSource[], problems: LoadProblem[], options: RunSettings): RunResult {
  const run = new ValidationRun({ ...options, context: sources.map((s) => s.object).filter(isContextObject) });
  run.add(sources);
  return { located: run.finish(), objects: sources.length, problems };
}

/** Whether a file's text names a context kind (a cheap byte search before any parsing). */
function mayHoldContext(file: string): boolean {
  let fd: number | undefined;
  try {
    // Into one reused buffer: a buffer per file is memory outside the heap until a GC.
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
    let length = 0;
    for (let n = 1; n > 0 && length < size; length += n) n = fs.readSync(fd, scratch, length, size - length, length);
    const bytes = scratch.subarray(0, length);
    return CONTEXT_KIND_MARKERS.some((marker) => bytes.includes(marker));
  } catch {
    return false; // the loader reports it
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

let scratch = Buffer.alloc(0);
