// A few worker threads working through a list of batches in order, each with at most a couple
// in flight: the answers are taken in list order (`answer`), so only those few wait in memory
// when one worker is behind. The thread that owns the pool may `take` the next batch itself. A worker that fails (an uncaught error, an exit, a message that
// cannot be read) fails every pending and later `answer` with an error naming the batch: the
// caller never waits for an answer that cannot come.
import type { Worker } from 'worker_threads';

/** The message that asks a worker to end. */
export const CLOSE = 'close';
/** The message a worker sends once it can take batches (its modules loaded, the greeting read). */
export const READY = 'ready';

interface Slot {
  readonly worker: Worker;
  /** The batches sent and not answered yet, in the order sent. */
  readonly sent: number[];
}

export class WorkerPool<B extends { readonly id: number }, A extends { readonly id: number }> {
  private readonly slots: Slot[] = [];
  private readonly answers = new Map<number, A>();
  private readonly byId = new Map<number, B>();
  private batches: readonly B[] = [];
  private next = 0;
  private waiting?: { readonly id: number; resolve(a: A): void; reject(e: Error): void };
  private failure?: Error;
  private closed = false;

  /** Starts `count` workers (`start`). `describe`: a batch in an error message (its files). */
  constructor(start: () => Worker, count: number, private readonly describe: (batch: B) => string, private readonly inFlight = 2) {
    for (let i = 0; i < count; i++) {
      const slot: Slot = { worker: start(), sent: [] };
      this.slots.push(slot);
      slot.worker.on('message', (a: A | typeof READY) => this.answered(slot, a));
      slot.worker.on('error', (err) => this.fail(slot, `failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
      slot.worker.on('messageerror', (err) => this.fail(slot, `sent an answer that could not be read: ${err.message}`));
      slot.worker.on('exit', (code) => this.fail(slot, `stopped (exit code ${code})`));
    }
  }

  /**
   * Sends every worker `greeting` (what it needs before the first batch), then, once it is READY,
   * the batches, `inFlight` at a time: until then the batches are left to `take` (a worker starting
   * up holds none back).
   */
  run(batches: readonly B[], greeting: unknown): void {
    this.batches = batches;
    for (const b of batches) this.byId.set(b.id, b);
    for (const slot of this.slots) slot.worker.postMessage(greeting);
  }

  /** The next batch no worker was sent, taken out of the list (this thread judges it), if any. */
  take(): B | undefined {
    if (this.failure) throw this.failure;
    return this.next < this.batches.length ? this.batches[this.next++] : undefined;
  }

  /** Whether `batch` went to a worker (else `take` gave it out). */
  sent(batch: B): boolean {
    return this.slots.some((slot) => slot.sent.includes(batch.id)) || this.answers.has(batch.id);
  }

  /** The answer to `batch` if it came already (then it is handed out once). */
  ready(batch: B): A | undefined {
    if (this.failure) throw this.failure;
    const known = this.answers.get(batch.id);
    if (known) this.answers.delete(batch.id);
    return known;
  }

  /** The answer to `batch`, a batch a worker was sent (every such batch must be asked for, in list order). */
  answer(batch: B): Promise<A> {
    if (this.failure) return Promise.reject(this.failure);
    const known = this.answers.get(batch.id);
    if (known) {
      this.answers.delete(batch.id);
      return Promise.resolve(known);
    }
    return new Promise((resolve, reject) => { this.waiting = { id: batch.id, resolve, reject }; });
  }

  /**
   * Ends the workers: `finished` (every answer taken), each is asked to end (it finishes what it
   * does at exit: writing code caches); else they are stopped (the pending answers are not needed).
   */
  close(finished = false): void {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots) {
      if (finished) {
        slot.worker.postMessage(CLOSE);
        // Ending is its own affair: a worker slow to end never holds the process open.
        slot.worker.unref();
      }
      else void slot.worker.terminate();
    }
  }

  private send(slot: Slot): void {
    if (this.next >= this.batches.length || this.failure || this.closed) return;
    const batch = this.batches[this.next++];
    slot.sent.push(batch.id);
    slot.worker.postMessage(batch);
  }

  private answered(slot: Slot, a: A | typeof READY): void {
    if (a === READY) {
      for (let i = 0; i < this.inFlight; i++) this.send(slot);
      return;
    }
    slot.sent.shift();
    this.send(slot);
    if (this.waiting?.id === a.id) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve(a);
    } else {
      this.answers.set(a.id, a);
    }
  }

  private fail(slot: Slot, what: string): void {
    if (this.closed || this.failure) return;
    const batch = slot.sent.length ? this.byId.get(slot.sent[0]) : undefined;
    this.failure = new Error(`a validation worker thread ${what}${batch ? `\n  while validating ${this.describe(batch)}` : ''}`);
    this.waiting?.reject(this.failure);
    this.waiting = undefined;
    this.close();
  }
}
