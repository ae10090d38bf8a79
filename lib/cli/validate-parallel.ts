// `validate` on several threads: worker threads (./validate-worker) read, parse and judge the
// input's files in batches of consecutive files, and the main thread merges each batch's part
// (../validation/run-part) into one run in input order, then runs what needs every object (the
// cross-object rules, the objects judged at the end, the configuration) exactly as a
// single-threaded run does: the findings, their order and the reports are the same.
// The files holding context objects are read first by the main thread, as the single-threaded run does.
import { getCompileCacheDir } from 'module';
import { availableParallelism } from 'os';
import * as fs from 'fs';
import * as path from 'path';
import type { LoadProblem } from '../manifests';
import { recordLocators } from '../manifests/positions';
import { schemaCodeCacheDir } from '../validation/schema/code-cache';
import { ValidationRun } from '../validation/validation-run';
import type { ManifestFiles } from './manifests';
import type { RunPart } from '../validation/run-part';
import { RunResult, addFiles, contextOf, readContextFiles } from './validate-stream';
import type { ParallelSettings, WorkerAnswer, WorkerBatch, WorkerContext, WorkerSetup } from './validate-worker';
import { WorkerPool } from './worker-pool';

/** At most this many threads by default: past it the main thread's merge is the limit. */
export const MAX_DEFAULT_JOBS = 4;
/** The environment variable that sets the default of `--jobs`. */
export const JOBS_ENV = 'CDK8S_KUBEVIRT_JOBS';
/** Input (YAML bytes) below which one thread is faster than starting workers. */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
/**
 * Input from which one thread is the default again: a worker is another V8 heap and its code
 * (about 30 MiB), and at 50,000 objects (44 MiB) the run keeps to the end facts and findings
 * that leave no room for it under 150 MiB peak RSS.
 */
export const PARALLEL_MAX_BYTES = 32 * 1024 * 1024;
/** Input bytes each worker needs to pay for its start-up (its modules, its own warm-up). */
const BYTES_PER_WORKER = 1024 * 1024;
/** Batches this thread judges ahead of their turn at most (while it waits for a worker's): their parts wait in memory. */
const MAX_TAKEN = 4;
/** What a batch judged straight into the run leaves to merge. */
const EMPTY_PART: RunPart = { objects: [], bodies: [], findings: [], annotations: [], ignores: [], deferred: [] };
/** Bytes of files per batch: small enough that workers stay busy and the main thread merges steadily. */
const BATCH_BYTES = 256 * 1024;

/**
 * The default number of threads: one processor fewer than available (at most MAX_DEFAULT_JOBS).
 * A single-threaded run already keeps about half a second processor busy with V8's own threads
 * (concurrent GC and compilers: 10,000 objects, main thread 2.1-2.2 s of 3.3 s CPU), and each worker
 * costs its own start-up and warm-up (10,000 objects: 4.8 s CPU on two threads): on 2 processors a
 * worker only takes time from those threads.
 */
export function defaultJobs(processors = availableParallelism()): number {
  return Math.max(1, Math.min(MAX_DEFAULT_JOBS, processors - 1));
}

export interface ParallelOptions {
  /** Threads that judge files, this one included (1: this one only). */
  readonly jobs: number;
  /**
   * Asked for explicitly (`--jobs`): `jobs - 1` workers whatever the input's size. Else only an
   * input from PARALLEL_MIN_BYTES to PARALLEL_MAX_BYTES gets workers, one per BYTES_PER_WORKER.
   * @default false
   */
  readonly explicit?: boolean;
  /** Bytes of files per batch. @default BATCH_BYTES */
  readonly batchBytes?: number;
  /** This thread judges batches too (false: it only merges, every batch waits for a worker). @default true */
  readonly mainJudges?: boolean;
  /** The worker script. @default - ./validate-worker.js beside this module */
  readonly workerFile?: string;
}

/** How a parallel run goes: the number of workers and each file's size. */
export interface ParallelPlan extends Omit<ParallelOptions, 'jobs' | 'explicit'> {
  readonly workers: number;
  readonly sizes: readonly number[];
}

/** The workers worth starting for this input, or undefined: one thread (see ParallelOptions). */
export function planParallel(input: ManifestFiles, options: ParallelOptions): ParallelPlan | undefined {
  if (options.jobs <= 1) return undefined;
  const sizes = input.files.map(fileSize);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (!options.explicit && (total < PARALLEL_MIN_BYTES || total >= PARALLEL_MAX_BYTES)) return undefined;
  const workers = options.explicit ? options.jobs - 1 : Math.max(1, Math.min(options.jobs - 1, Math.floor(total / BYTES_PER_WORKER)));
  return { workers, sizes, batchBytes: options.batchBytes, mainJudges: options.mainJudges, workerFile: options.workerFile };
}

/**
 * Validates as validateStreaming does, with the files judged on worker threads (`plan`);
 * undefined (nothing judged) when a file holds a context object the run was not given (the
 * caller then validates the whole input at once, as after validateStreaming).
 */
export async function validateParallel(input: ManifestFiles, settings: ParallelSettings, plan: ParallelPlan): Promise<RunResult | undefined> {
  // Started first: the workers load their modules while this thread reads the context files.
  const setup: WorkerSetup = {
    reader: { ...input.reader, options: plainLoadOptions(input.reader.options) }, settings, positions: input.positions,
    compileCache: compileCacheBase(), schemaCache: schemaCodeCacheDir(),
  };
  const workerFile = plan.workerFile ?? path.join(__dirname, 'validate-worker.js');
  // Loaded here: a run on one thread (the default for most inputs) never loads worker_threads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Worker } = require('worker_threads') as typeof import('worker_threads');
  const pool = new WorkerPool<WorkerBatch, WorkerAnswer>(() => new Worker(workerFile, { workerData: setup }),
    Math.min(plan.workers, input.files.length), describeBatch);
  let result: Awaited<ReturnType<typeof judgeAll>>;
  try {
    result = await judgeAll(input, settings, plan, pool);
  } catch (err) {
    pool.close();
    throw err;
  }
  // The workers end before the cross-object rules run here: their memory is not needed any more.
  pool.close(result !== undefined);
  return result && { located: result.run.finish(), objects: result.objects, problems: result.problems };
}

/** The input into one run: the context files read and judged here, the other files' parts merged in input order. */
async function judgeAll(input: ManifestFiles, settings: ParallelSettings, plan: ParallelPlan, pool: WorkerPool<WorkerBatch, WorkerAnswer>):
  Promise<{ run: ValidationRun; objects: number; problems: LoadProblem[] } | undefined> {
  // Batches this thread judges ahead of their turn are parts too: their locators must be made anew.
  if (input.positions) recordLocators();
  const early = readContextFiles(input);
  const context = contextOf(early);
  const run = new ValidationRun({ ...settings, context, positions: input.positions });
  // Units in input order: a file read up front (judged here), or a batch of consecutive files for a worker.
  const units: Array<{ early: ReturnType<ManifestFiles['load']> } | WorkerBatch> = [];
  let batch: string[] = [];
  let bytes = 0;
  const close = () => {
    if (batch.length) units.push({ id: units.length, files: batch });
    batch = [];
    bytes = 0;
  };
  input.files.forEach((file, i) => {
    const read = early.get(file);
    if (read) {
      close();
      units.push({ early: read });
      return;
    }
    batch.push(file);
    bytes += plan.sizes[i];
    if (bytes >= (plan.batchBytes ?? BATCH_BYTES)) close();
  });
  close();
  pool.run(units.filter((u): u is WorkerBatch => 'files' in u), { context } satisfies WorkerContext);
  const problems: LoadProblem[] = [...input.problems];
  let objects = 0;
  // Batches this thread took ahead of their turn while a worker had the next one: judged into a run of their own.
  const taken = new Map<number, WorkerAnswer>();
  let ahead: ValidationRun | undefined;
  for (const unit of units) {
    let answer: WorkerAnswer | undefined;
    if ('early' in unit) {
      if (!run.add(unit.early.sources)) return undefined;
      answer = { id: -1, part: EMPTY_PART, objects: unit.early.sources.length, problems: unit.early.problems };
    } else if ((answer = taken.get(unit.id))) {
      taken.delete(unit.id);
    } else if (plan.mainJudges !== false && !pool.sent(unit)) {
      // No worker has it: judged here, straight into the run (as the single-threaded run does).
      // After each batch judged here, a turn of the event loop lets the workers' answers in
      // (and sends them their next batches).
      if (pool.take() !== unit) throw new Error(`batch ${unit.id} taken out of turn`);
      const added = addFiles(run, input, unit.files);
      if (!added) return undefined;
      answer = { id: unit.id, part: EMPTY_PART, ...added };
      await new Promise(setImmediate);
    }
    while (!answer) {
      answer = pool.ready(unit as WorkerBatch);
      if (answer) break;
      const next = plan.mainJudges !== false && taken.size < MAX_TAKEN ? pool.take() : undefined;
      if (!next) {
        answer = await pool.answer(unit as WorkerBatch);
        break;
      }
      ahead ??= new ValidationRun({ ...settings, context, positions: input.positions });
      const added = addFiles(ahead, input, next.files);
      taken.set(next.id, added ? { id: next.id, part: ahead.drain(), ...added } : { id: next.id, fallback: true });
      await new Promise(setImmediate);
    }
    if ('fallback' in answer) return undefined;
    if (answer.part !== EMPTY_PART) run.merge(answer.part);
    objects += answer.objects;
    problems.push(...answer.problems);
  }
  return { run, objects, problems };

}

/** The workers asked for: `--jobs`, else the environment's, else defaultJobs() (not explicit); an error message when malformed. */
export function jobsOf(flag: string | undefined, env: NodeJS.ProcessEnv): Pick<ParallelOptions, 'jobs' | 'explicit'> | string {
  const given = flag ?? env[JOBS_ENV];
  if (given === undefined || given === '') return { jobs: defaultJobs() };
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1) return `${flag !== undefined ? '--jobs' : JOBS_ENV} must be a whole number of at least 1, not '${given}'`;
  return { jobs: n, explicit: true };
}

/**
 * The folder this thread's compile cache was enabled with (Node keeps it in a subfolder per Node
 * version and flags): workers do not inherit the cache, they enable it on the same folder.
 */
function compileCacheBase(): string | undefined {
  const dir = getCompileCacheDir?.();
  return dir === undefined ? undefined : path.dirname(dir);
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // the reader reports it
  }
}

/** Load options as data a worker can be given (the reader adds the kind scopes itself). */
function plainLoadOptions(o: ManifestFiles['reader']['options']): ManifestFiles['reader']['options'] {
  return { maxFileBytes: o.maxFileBytes, maxDepth: o.maxDepth, positions: o.positions, keepText: o.keepText };
}

function describeBatch(b: WorkerBatch): string {
  return b.files.length === 1 ? b.files[0] : `${b.files[0]} and ${b.files.length - 1} more file(s)`;
}
