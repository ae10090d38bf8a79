import { DueQueue } from './due-queue';
import { sleep } from './wait';

export interface CorrectionQueueOptions {
  /** Quiet time after a change before its object is handled (bursts coalesce). */
  readonly debounceMs: number;
  /** Objects handled at once. */
  readonly concurrency: number;
  /**
   * Handles one object; resolves with the delay before a retry (a failure), or undefined.
   * `failures` counts the failed attempts before this one.
   */
  readonly handle: (key: string, failures: number) => Promise<{ retryInMs: number } | undefined>;
}

/**
 * The drift work queue: changed objects wait out the debounce, then up to `concurrency` of them
 * are handled side by side, earliest first, never two of one object at once (a change seen
 * while its object is handled queues it again once that is done). Failures retry after the
 * delay the handler asks for.
 */
export class CorrectionQueue {
  private readonly queue = new DueQueue<number>();
  private readonly inFlight = new Set<string>();
  private readonly changedInFlight = new Set<string>();
  private wake?: () => void;
  private loop?: Promise<void>;
  private running = false;

  constructor(private readonly options: CorrectionQueueOptions) {}

  public get size(): number {
    return this.queue.size + this.inFlight.size;
  }

  public enqueue(key: string): void {
    if (this.inFlight.has(key)) { this.changedInFlight.add(key); return; }
    if (this.queue.has(key)) return;
    this.queue.set(key, Date.now() + this.options.debounceMs, 0);
    this.wake?.();
  }

  public start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking work; resolves once the loop has ended (handlers in flight are the caller's to await). */
  public async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const limit = Math.max(1, this.options.concurrency);
    while (this.running) {
      const now = Date.now();
      const free = this.inFlight.size < limit;
      const due = free ? this.queue.takeDue(now) : undefined;
      if (!due) {
        const next = free ? Math.min(this.queue.nextDue() ?? Infinity, now + 1000) : now + 1000;
        await new Promise<void>((resolve) => { this.wake = resolve; void sleep(Math.max(5, next - now)).then(resolve); });
        continue;
      }
      const { key, value: failures } = due;
      this.inFlight.add(key);
      void this.options.handle(key, failures).catch(() => undefined).then((retry) => {
        this.inFlight.delete(key);
        if (retry) this.queue.set(key, Date.now() + retry.retryInMs, failures + 1);
        if (this.changedInFlight.delete(key)) this.enqueue(key);
        this.wake?.();
      });
    }
  }
}
