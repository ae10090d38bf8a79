import { ApplyResult, Applier } from './applier';
import { ChangeEntry, formatEntry } from './changeset';
import { GitOpsControllerOptions } from './controller-options';
import { CorrectionQueue } from './correction-queue';
import { DesiredSources } from './desired-sources';
import { foreignOwner } from './inventory';
import { KubeClient } from './kube-client';
import { LeaderElector } from './leader-election';
import { ManagedWatches } from './managed-watches';
import { ControllerMetrics } from './metrics';
import { SourceObject } from './objects';
import { sourceRevision } from './set-status';
import { FolderState, combine } from './source-folders';
import { VmRestarts } from './vm-restarts';
import { SourceValidator, defaultValidator } from './validation-seam';
import { ResilientWatch } from './watcher';

export type { GitOpsControllerOptions } from './controller-options';
export type { SourceFolder } from './source-folders';
export { RESTART_ON_CHANGE_ANNOTATION } from './vm-restarts';

/**
 * The long-running enforcer: keeps the cluster equal to the source folder. A full sync at
 * start, on every source change and every resync period; in between, one resilient watch per
 * managed kind reverts out-of-band changes (debounced, with per-object backoff). Status-only
 * updates are ignored without a request. Full syncs are exclusive; drift corrections of
 * different objects run side by side (up to `concurrency`), never during a full sync, never two
 * of one object; shutdown finishes the objects in flight.
 */
export class GitOpsController {
  public readonly metrics: ControllerMetrics;
  public readonly applier: Applier;
  /** Counts for tests and logs. */
  public readonly stats = { fullSyncs: 0, corrections: 0, plans: 0 };
  private readonly sources: DesiredSources;
  private readonly watches: ManagedWatches;
  private readonly queue: CorrectionQueue;
  /** Corrections running now: a full sync waits for them. */
  private readonly shared = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  private elector?: LeaderElector;
  private leading = false;
  private stopping = false;
  private firstSyncDone = false;
  private lane: Promise<unknown> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private lastResult?: ApplyResult;
  private syncFailures = 0;
  private retryPending = false;
  private readonly restarts: VmRestarts;

  constructor(private readonly client: KubeClient, private readonly options: GitOpsControllerOptions) {
    this.metrics = options.metrics ?? new ControllerMetrics();
    this.applier = new Applier(client, options);
    this.queue = new CorrectionQueue({
      debounceMs: options.debounceMs ?? 100, concurrency: options.concurrency ?? 8,
      handle: (key, failures) => this.sharedRun(() => this.correct(key, failures)),
    });
    this.restarts = new VmRestarts(client, {
      metrics: this.metrics, events: options.events, log: (line) => this.log(line), exclusive: (fn) => this.exclusive(fn),
    });
    this.sources = new DesiredSources([{ source: options.source, inventory: options.inventory }, ...(options.additionalSources ?? [])]);
    this.watches = new ManagedWatches(client, {
      fieldManager: this.applier.manager.fieldManager,
      isDesired: (key) => this.sources.has(key),
      onChange: (key) => this.queue.enqueue(key),
      onEvent: (type, obj) => { if (obj.kind === 'VirtualMachine') this.restarts.track(type, obj); },
      onRestart: (kind, err) => { this.metrics.watchRestarts.inc({ kind }); this.log(`watch ${kind} restarting: ${(err as Error)?.message ?? err}`); },
    });
  }

  public get isLeader(): boolean {
    return this.leading;
  }

  /** Ready: the source loaded and, when leading, the first full sync finished. */
  public get ready(): boolean {
    return this.sources.loaded && (!this.leading || this.firstSyncDone);
  }

  public get lastSync(): ApplyResult | undefined {
    return this.lastResult;
  }

  /** The watches, for fault-injection tests (drop a connection). */
  public get activeWatches(): ResilientWatch[] {
    return this.watches.active;
  }

  /** Loads the source, then leads at once or campaigns for the Lease. */
  public async start(): Promise<void> {
    await this.sources.reload();
    if (this.options.leaderElection) {
      this.elector = new LeaderElector(this.client, {
        ...this.options.leaderElection,
        onStartedLeading: () => { void this.startLeading(); },
        onStoppedLeading: () => { void this.stopLeading().then(() => this.options.onLostLeadership?.()); },
      });
      this.elector.start();
    } else {
      await this.startLeading();
    }
  }

  /** Graceful stop: finish the write in flight, start nothing new, release the Lease. */
  public async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.abort.abort();
    await this.stopLeading();
    await this.elector?.release();
  }

  /** Runs one full sync now (in the write lane). */
  public syncNow(): Promise<ApplyResult | undefined> {
    return this.exclusive(() => this.fullSync());
  }

  private async startLeading(): Promise<void> {
    if (this.leading || this.stopping) return;
    this.leading = true;
    this.metrics.leader.set(1);
    this.log('leading: starting watches and the first sync');
    await this.syncWatches();
    await this.syncNow();
    this.firstSyncDone = true;
    this.queue.start();
    const resync = setInterval(() => { void this.syncNow().catch(() => undefined); }, this.options.resyncIntervalMs ?? 300_000);
    this.timers.push(resync);
    this.schedulePoll(this.options.sourcePollMs ?? 2000);
  }

  private async stopLeading(): Promise<void> {
    if (!this.leading) return;
    this.leading = false;
    this.metrics.leader.set(0);
    this.timers.forEach(clearInterval);
    this.timers = [];
    this.retryPending = false;
    await this.watches.stop();
    await this.queue.stop();
    await this.lane;
    await Promise.all(this.shared);
  }

  /** Runs `fn` alone: after every correction started before it, before any started after. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T | undefined> {
    const running = [...this.shared];
    const run = this.lane.then(() => Promise.all(running)).then(() => (this.leading && !this.stopping ? fn() : undefined));
    this.lane = run.catch(() => undefined);
    return run;
  }

  /** Runs `fn` beside other shared work, never beside exclusive work. */
  private sharedRun<T>(fn: () => Promise<T>): Promise<T | undefined> {
    const run = this.lane.then(() => (this.leading && !this.stopping ? fn() : undefined));
    const tracked = run.catch(() => undefined);
    this.shared.add(tracked);
    void tracked.then(() => this.shared.delete(tracked));
    return run;
  }

  /** Syncs every folder in turn (each its own ApplySet); the result sums them up. */
  private async fullSync(): Promise<ApplyResult> {
    const started = Date.now();
    await this.sources.reload().catch((err: Error) => this.log(`source not reloaded: ${err.message}`));
    await this.syncWatches();
    const results: ApplyResult[] = [];
    try {
      await this.applyFolders(results);
    } catch (err) {
      // The API went away mid-sync (a partition, a restart): nothing else would retry before the next re-sync.
      this.metrics.lastSyncSuccess.set(0);
      this.log(`sync failed: ${(err as Error).message}; retrying`);
      this.scheduleSyncRetry();
      throw err;
    }
    const result = results.length === 1 ? results[0] : combine(results);
    // An object that failed on the API (a timeout, a dropped link) is retried like a sync that threw.
    const transient = !result.ok && result.changes.failed.some((e) => e.transient);
    if (transient) this.scheduleSyncRetry();
    else this.syncFailures = 0;
    this.stats.fullSyncs++;
    this.lastResult = result;
    this.metrics.syncDuration.observe({ result: result.ok ? 'ok' : 'failed' }, (Date.now() - started) / 1000);
    this.metrics.lastSyncSuccess.set(result.ok ? 1 : 0);
    if (!result.ok) this.log(`sync failed: ${result.message}${transient ? '; retrying' : ''}`);
    return result;
  }

  /** Applies every folder in turn into `results` (each its own ApplySet). */
  private async applyFolders(results: ApplyResult[]): Promise<void> {
    for (const folder of this.sources.folders) {
      if (this.abort.signal.aborted) break;
      const sources: SourceObject[] = [...folder.desired.values()].map((object) => ({ object, file: '' }));
      results.push(await this.applier.apply(sources, {
        ...this.options, inventory: folder.inventory, signal: this.abort.signal,
        revision: this.options.revision ?? await sourceRevision(folder.source),
        validator: this.validatorFor(folder),
        onChange: (entry) => this.onEntry(entry, 'sync'),
        liveLookup: (ref) => this.watches.lookup(ref),
      }));
    }
  }

  /** A full sync that threw (or failed on the API) is retried with backoff (doubling up to maxBackoffMs); one retry pending at a time. */
  private scheduleSyncRetry(): void {
    if (this.retryPending) return;
    this.retryPending = true;
    const delay = Math.min((this.options.backoffMs ?? 1000) * 2 ** this.syncFailures++, this.options.maxBackoffMs ?? 60_000);
    const timer = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== timer);
      this.retryPending = false;
      void this.syncNow().catch(() => undefined);
    }, delay);
    this.timers.push(timer);
  }

  /** The configured validator, run again only when the folder changed since its last findings. */
  private validatorFor(folder: FolderState): SourceValidator | false {
    const validate = this.options.validator === false ? undefined : this.options.validator ?? defaultValidator();
    if (!validate) return false;
    return async (sources) => {
      const fingerprint = folder.fingerprint;
      if (folder.validated?.fingerprint !== fingerprint) folder.validated = { fingerprint, findings: await validate(sources) };
      return folder.validated.findings;
    };
  }

  private onEntry(entry: ChangeEntry, origin: 'sync' | 'drift'): void {
    this.metrics.record(entry);
    if (entry.action !== 'unchanged' || entry.held || entry.restartRequired) this.log(`${origin}: ${formatEntry(entry)}`);
    if (entry.warning) this.log(`${origin}: warning: ${entry.warning}`);
  }

  /**
   * Polls again after `sourcePollMs`, or ten times as long as the last look at the files took:
   * checking 10,000 files must not eat the CPU that drift corrections need (nor overlap itself).
   */
  private schedulePoll(delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== timer);
      void this.pollSource().catch(() => 0).then((lookMs) => {
        if (this.leading && !this.stopping) this.schedulePoll(Math.max(this.options.sourcePollMs ?? 2000, 10 * lookMs));
      });
    }, delayMs);
    this.timers.push(timer);
  }

  /** Full sync when a folder changed; resolves with the time spent looking at the files. */
  private async pollSource(): Promise<number> {
    if (!this.leading || this.stopping) return 0;
    const started = Date.now();
    const changed = await this.sources.changedFolder();
    const lookMs = Date.now() - started;
    if (changed) {
      this.log(`source ${changed.source} changed: full sync`);
      await this.syncNow();
    }
    return lookMs;
  }

  /** One watch per managed kind, filtered by the ApplySet label; kinds that left are unwatched. */
  private async syncWatches(): Promise<void> {
    if (!this.leading) return;
    await this.watches.sync(this.sources.kinds(), this.sources.selector());
  }

  /** Re-applies one object; on failure returns when to retry (exponential backoff). */
  private async correct(key: string, failures: number): Promise<{ retryInMs: number } | undefined> {
    const desired = this.sources.get(key);
    const folder = this.sources.folderOf(key);
    if (!desired || !folder) return undefined;
    const setId = folder.setId;
    this.stats.plans++;
    const { entry, stored, live } = await this.applier.manager.correct(desired, {
      ...this.options, ownershipCheck: (obj) => foreignOwner(obj, setId), vmChangeOptions: folder.vmChangeOptions,
      // The watch cache is at least as new as the event that queued this object.
      liveLookup: (ref) => this.watches.lookup(ref),
    });
    // Remember what we wrote (or found unchanged): the watch event our own write causes is then a no-op.
    if (stored) this.watches.remember(key, stored);
    else if (live && entry.action === 'unchanged') this.watches.remember(key, live);
    this.onEntry(entry, 'drift');
    void this.options.events?.recordEntry(entry, 'drift');
    if (entry.action === 'failed') {
      return { retryInMs: Math.min((this.options.backoffMs ?? 1000) * 2 ** failures, this.options.maxBackoffMs ?? 60_000) };
    } else if (entry.action === 'created' || entry.action === 'configured') {
      this.stats.corrections++;
      this.metrics.driftCorrections.inc({ kind: entry.ref.kind });
    }
    return undefined;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}
