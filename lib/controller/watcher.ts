import { KubeClient, WatchEventType, toApiError } from './kube-client';
import { KubeObject } from './objects';
import { sleep } from './wait';

export interface ResilientWatchOptions {
  readonly apiVersion: string;
  readonly kind: string;
  readonly labelSelector?: string;
  /**
   * The server ends each watch after this long; it is re-opened from the last resourceVersion.
   * Below client-node's 30 s inactivity abort, so a quiet watch ends cleanly instead of erroring.
   * @default 25
   */
  readonly timeoutSeconds?: number;
  /** @default 500 */
  readonly initialBackoffMs?: number;
  /** @default 30000 */
  readonly maxBackoffMs?: number;
  /** Every object seen: on the initial list and every relist (as `ADDED`), then watch events. */
  readonly onEvent: (type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>, obj: KubeObject) => void;
  /**
   * Called with the whole listing after each (re)list: an object seen before and missing now
   * was deleted while no watch was open (no DELETED event comes for it).
   * @default - none
   */
  readonly onList?: (items: KubeObject[]) => void;
  /** Called after each failure before the restart (for metrics and logs). */
  readonly onRestart?: (err: unknown) => void;
}

/**
 * A list-then-watch loop that never stops on its own: client-node's informer stops on any
 * error, so this restarts on every failure with exponential backoff, relists after 410 Gone
 * or any error (objects listed again are delivered as ADDED; consumers dedupe), and re-opens
 * cleanly-ended watches from the last resourceVersion (bookmarks included).
 */
export class ResilientWatch {
  private stopped = false;
  private current?: { abort(): void };
  private wake?: () => void;
  private loop?: Promise<void>;
  /** Watch connections opened so far (for tests and metrics). */
  public connections = 0;
  /** Relists so far (initial list included). */
  public lists = 0;

  constructor(private readonly client: KubeClient, private readonly options: ResilientWatchOptions) {}

  public start(): void {
    if (!this.loop) this.loop = this.run();
  }

  /** Stops the loop and closes the watch; resolves when the loop has ended. */
  public async stop(): Promise<void> {
    this.stopped = true;
    this.current?.abort();
    this.wake?.();
    await this.loop;
  }

  /** Closes the current connection as if the network dropped it (fault injection in tests). */
  public dropConnection(): void {
    this.current?.abort();
  }

  private async run(): Promise<void> {
    const { apiVersion, kind, labelSelector } = this.options;
    let backoff = this.options.initialBackoffMs ?? 500;
    let resourceVersion: string | undefined;
    while (!this.stopped) {
      try {
        if (!resourceVersion) {
          const list = await this.client.list(apiVersion, kind, { labelSelector });
          this.lists++;
          for (const item of list.items) this.options.onEvent('ADDED', item);
          this.options.onList?.(list.items);
          resourceVersion = list.resourceVersion;
        }
        const ended = await this.watchOnce(resourceVersion, (rv) => { resourceVersion = rv; });
        if (ended.error) throw ended.error;
        backoff = this.options.initialBackoffMs ?? 500;
      } catch (err) {
        if (this.stopped) break;
        this.options.onRestart?.(err);
        // After a failure the stream may have missed events: relist rather than trust the resourceVersion.
        resourceVersion = undefined;
        await new Promise<void>((resolve) => { this.wake = resolve; void sleep(backoff).then(resolve); });
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 30_000);
      }
    }
  }

  private watchOnce(resourceVersion: string, advance: (rv: string) => void): Promise<{ error?: unknown }> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        // An ERROR event ends the stream logically; close the connection too.
        this.current?.abort();
        resolve({ error });
      };
      this.current = undefined;
      this.connections++;
      this.client.watch(this.options.apiVersion, this.options.kind,
        { labelSelector: this.options.labelSelector, resourceVersion, timeoutSeconds: this.options.timeoutSeconds ?? 25 },
        (type, obj) => {
          if (obj.metadata?.resourceVersion) advance(obj.metadata.resourceVersion);
          if (type === 'BOOKMARK' || type === 'ERROR') return;
          this.options.onEvent(type, obj);
        },
        (err) => {
          // A clean end (server timeout) re-opens from the last resourceVersion; aborts by stop() end the loop.
          if (err && toApiError(err).statusCode === 410) finish(err);
          else finish(err && !this.stopped ? err : undefined);
        },
      ).then((handle) => {
        this.current = handle;
        if (this.stopped || settled) handle.abort();
      }, (err) => finish(err));
    });
  }
}
