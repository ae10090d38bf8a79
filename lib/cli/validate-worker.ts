// A worker thread of a parallel `validate` (./validate-parallel): reads, parses and judges the
// batches of files it is sent, each as the single-threaded run would (same context objects,
// same settings, a file a later document refuses taken back out), and answers each batch with
// what the run kept of it (../validation/run-part), which the main thread merges in input order.
import { enableCompileCache, getCompileCacheDir } from 'module';
import { parentPort, workerData } from 'worker_threads';
import { recordLocators } from '../manifests/positions';
import type { LoadProblem } from '../manifests';
import { useSchemaCodeCache } from '../validation/schema/code-cache';
import { ValidationRun } from '../validation/validation-run';
import type { RunPart } from '../validation/run-part';
import type { KubeObject } from '../validation/types';
import { ReaderSettings, manifestReader } from './manifests';
import { RunSettings, addFiles } from './validate-stream';
import { CLOSE, READY } from './worker-pool';

/** What a worker is started with (plain data: it is copied into the worker). */
export interface WorkerSetup {
  readonly reader: ReaderSettings;
  readonly settings: ParallelSettings;
  readonly positions: boolean;
  /** The folder the main thread enabled Node's compile cache with, if on (workers do not inherit it). */
  readonly compileCache?: string;
  /** The validators' code cache folder (schema/code-cache), if on. */
  readonly schemaCache?: string;
}

/** The run settings a worker can be given (plain data: no rule list, no gate object). */
export type ParallelSettings = Pick<RunSettings, 'schema' | 'config' | 'externals' | 'assumeComplete' | 'nodeInterfaces'>;

/** The first message: the context objects (read by the main thread while the worker starts). */
export interface WorkerContext {
  readonly context: readonly KubeObject[];
}

/** A batch: consecutive files of the input. */
export interface WorkerBatch {
  readonly id: number;
  readonly files: readonly string[];
}

/** A batch judged: what the run kept, or `fallback` when a file holds a context object the run was not given. */
export type WorkerAnswer =
  | { readonly id: number; readonly part: RunPart; readonly objects: number; readonly problems: LoadProblem[] }
  | { readonly id: number; readonly fallback: true };

if (parentPort) serve(parentPort, workerData as WorkerSetup);

function serve(port: NonNullable<typeof parentPort>, setup: WorkerSetup): void {
  if (setup.compileCache !== undefined && getCompileCacheDir?.() === undefined) enableCompileCache?.(setup.compileCache);
  if (setup.schemaCache !== undefined) useSchemaCodeCache(setup.schemaCache);
  if (setup.positions) recordLocators();
  const reader = manifestReader(setup.reader);
  let run: ValidationRun | undefined;
  port.on('message', (message: WorkerContext | WorkerBatch | typeof CLOSE) => {
    if (message === CLOSE) {
      port.close();
      return;
    }
    if ('context' in message) {
      run = new ValidationRun({ ...setup.settings, context: message.context, positions: setup.positions });
      port.postMessage(READY);
      return;
    }
    if (!run) throw new Error('a batch came before the context objects');
    const added = addFiles(run, reader, message.files);
    port.postMessage((added ? { id: message.id, part: run.drain(), ...added } : { id: message.id, fallback: true }) satisfies WorkerAnswer);
  });
}
