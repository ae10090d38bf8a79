import { ApplyOptions, ApplyResult, Applier } from './applier';
import { ChangeEntry, formatEntry } from './changeset';
import { digest } from './digest';
import { comparable } from './drift';
import { CorrectionQueue } from './correction-queue';
import { APPLYSET_PART_OF_LABEL, applySetId, foreignOwner, withMembership } from './inventory';
import { KubeClient } from './kube-client';
import { LeaderElectionOptions, LeaderElector } from './leader-election';
import { ControllerMetrics } from './metrics';
import { KubeObject, SourceObject, keyOf, loadSourceFolder, refOf } from './objects';
import { orderObjects } from './ordering';
import { ResourceManagerOptions } from './resource-manager';
import { sourceRevision } from './set-status';
import { FolderState, SourceFolder, combine, folderFingerprint } from './source-folders';
import { VmRestarts } from './vm-restarts';
import { SourceValidator, defaultValidator } from './validation-seam';
import { ResilientWatch } from './watcher';

export type { SourceFolder } from './source-folders';
export { RESTART_ON_CHANGE_ANNOTATION } from './vm-restarts';

export interface GitOpsControllerOptions extends Omit<ApplyOptions, 'signal' | 'onChange' | 'liveLookup'>, ResourceManagerOptions {
  /** The synthesized folder to enforce (its ApplySet parent is `inventory`). */
  readonly source: string;
  /**
   * More folders, each its own ApplySet, synced in order after `source`; one watch per kind
   * serves them all.
   * @default - none
   */
  readonly additionalSources?: readonly SourceFolder[];
  /**
   * Full re-sync period (source re-read, every object planned, prune when enabled).
   * @default 300000 (5 minutes)
   */
  readonly resyncIntervalMs?: number;
  /**
   * Quiet time after an out-of-band change before it is reverted (bursts coalesce).
   * @default 100
   */
  readonly debounceMs?: number;
  /**
   * How often the source folder is checked for changes.
   * @default 2000
   */
  readonly sourcePollMs?: number;
  /**
   * First retry delay of a failing object; doubles per failure up to maxBackoffMs.
   * @default 1000
   */
  readonly backoffMs?: number;
  /** @default 60000 */
  readonly maxBackoffMs?: number;
  /**
   * Lease-based election: only the holder writes.
   * @default - no election: this process writes
   */
  readonly leaderElection?: Omit<LeaderElectionOptions, 'onStartedLeading' | 'onStoppedLeading'>;
  /** Called when leadership is lost: the process should exit (as client-go controllers do). */
  readonly onLostLeadership?: () => void;
  /** @default - a fresh registry */
  readonly metrics?: ControllerMetrics;
  /** One line per event worth logging. */
  readonly log?: (line: string) => void;
}


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
  private desired = new Map<string, KubeObject>();
  /** The folder each desired key comes from. */
  private folderOf = new Map<string, FolderState>();
  private readonly folders: FolderState[];
  private readonly lastSeen = new Map<string, string>();
  /**
   * Members of the sets as the watches last delivered them: full syncs read the live objects
   * from here (no LIST); with the server-confirmed state an unchanged object costs no request.
   */
  private readonly watchCache = new Map<string, KubeObject>();
  private readonly queue: CorrectionQueue;
  /** Corrections running now: a full sync waits for them. */
  private readonly shared = new Set<Promise<unknown>>();
  private readonly watches = new Map<string, ResilientWatch>();
  private readonly abort = new AbortController();
  private elector?: LeaderElector;
  private leading = false;
  private stopping = false;
  private firstSyncDone = false;
  private lane: Promise<unknown> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private lastResult?: ApplyResult;
  private syncFailures = 0;
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
    this.folders = [{ source: options.source, inventory: options.inventory }, ...(options.additionalSources ?? [])]
      .map((f) => ({ ...f, setId: applySetId(f.inventory), fingerprint: '', desired: new Map() }));
  }

  public get isLeader(): boolean {
    return this.leading;
  }

  /** Ready: the source loaded and, when leading, the first full sync finished. */
  public get ready(): boolean {
    return this.folders.every((f) => f.fingerprint !== '') && (!this.leading || this.firstSyncDone);
  }

  public get lastSync(): ApplyResult | undefined {
    return this.lastResult;
  }

  /** Loads the source, then leads at once or campaigns for the Lease. */
  public async start(): Promise<void> {
    await this.reloadSource();
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
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
    this.watches.clear();
    this.watchCache.clear();
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
    await this.reloadSource().catch((err: Error) => this.log(`source not reloaded: ${err.message}`));
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
    this.syncFailures = 0;
    const result = results.length === 1 ? results[0] : combine(results);
    this.stats.fullSyncs++;
    this.lastResult = result;
    this.metrics.syncDuration.observe({ result: result.ok ? 'ok' : 'failed' }, (Date.now() - started) / 1000);
    this.metrics.lastSyncSuccess.set(result.ok ? 1 : 0);
    if (!result.ok) this.log(`sync failed: ${result.message}`);
    return result;
  }

  /** Applies every folder in turn into `results` (each its own ApplySet). */
  private async applyFolders(results: ApplyResult[]): Promise<void> {
    for (const folder of this.folders) {
      if (this.abort.signal.aborted) break;
      const sources: SourceObject[] = [...folder.desired.values()].map((object) => ({ object, file: '' }));
      results.push(await this.applier.apply(sources, {
        ...this.options, inventory: folder.inventory, signal: this.abort.signal,
        revision: this.options.revision ?? await sourceRevision(folder.source),
        validator: this.validatorFor(folder),
        onChange: (entry) => this.onEntry(entry, 'sync'),
        liveLookup: (ref) => { const live = this.watchCache.get(keyOf(ref)); return live ? { live } : undefined; },
      }));
    }
  }

  /** A full sync that threw is retried with backoff (doubling up to maxBackoffMs). */
  private scheduleSyncRetry(): void {
    const delay = Math.min((this.options.backoffMs ?? 1000) * 2 ** this.syncFailures++, this.options.maxBackoffMs ?? 60_000);
    const timer = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== timer);
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
  }

  /** Re-reads the folders that changed; returns true when one did. Keys are stored with the ApplySet label. */
  private async reloadSource(): Promise<boolean> {
    let changed = false;
    for (const folder of this.folders) {
      const print = await folderFingerprint(folder.source);
      if (print === folder.fingerprint) continue;
      const sources = await loadSourceFolder(folder.source);
      const ordered = orderObjects(sources.map((s) => s.object));
      folder.desired = new Map(ordered.map((o) => [keyOf(refOf(o.object)), withMembership(o.object, folder.setId)]));
      folder.fingerprint = print;
      changed = true;
    }
    if (changed) {
      // An object in two folders belongs to the first: the second's apply reports it as another set's.
      this.desired = new Map();
      this.folderOf = new Map();
      for (const folder of this.folders) {
        for (const [key, obj] of folder.desired) {
          if (this.desired.has(key)) continue;
          this.desired.set(key, obj);
          this.folderOf.set(key, folder);
        }
      }
    }
    return changed;
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
    for (const folder of this.folders) {
      const print = await folderFingerprint(folder.source).catch(() => folder.fingerprint);
      if (print !== folder.fingerprint) {
        const lookMs = Date.now() - started;
        this.log(`source ${folder.source} changed: full sync`);
        await this.syncNow();
        return lookMs;
      }
    }
    return Date.now() - started;
  }

  /** One watch per managed kind, filtered by the ApplySet label; kinds that left are unwatched. */
  private async syncWatches(): Promise<void> {
    if (!this.leading) return;
    const ids = this.folders.map((f) => f.setId);
    const selector = ids.length === 1 ? `${APPLYSET_PART_OF_LABEL}=${ids[0]}` : `${APPLYSET_PART_OF_LABEL} in (${ids.join(',')})`;
    const kinds = new Map<string, { apiVersion: string; kind: string }>();
    for (const obj of this.desired.values()) kinds.set(`${obj.apiVersion}/${obj.kind}`, { apiVersion: obj.apiVersion, kind: obj.kind });
    for (const [key, watch] of this.watches) {
      if (!kinds.has(key)) { await watch.stop(); this.watches.delete(key); }
    }
    for (const [key, gvk] of kinds) {
      if (this.watches.has(key) || !(await this.client.isServed(gvk.apiVersion, gvk.kind))) continue;
      const watch = new ResilientWatch(this.client, {
        ...gvk, labelSelector: selector,
        onEvent: (type, obj) => this.onWatchEvent(type, obj),
        onList: (items) => this.onRelist(gvk, items),
        onRestart: (err) => { this.metrics.watchRestarts.inc({ kind: gvk.kind }); this.log(`watch ${gvk.kind} restarting: ${(err as Error)?.message ?? err}`); },
      });
      this.watches.set(key, watch);
      watch.start();
    }
  }

  /** Members of the kind missing from a (re)listing were deleted while no watch was open. */
  private onRelist(gvk: { apiVersion: string; kind: string }, items: KubeObject[]): void {
    const listed = new Set(items.map((i) => keyOf(refOf(i))));
    for (const [key, obj] of this.watchCache) {
      if (obj.apiVersion !== gvk.apiVersion || obj.kind !== gvk.kind || listed.has(key)) continue;
      this.onWatchEvent('DELETED', obj);
    }
  }

  /** The watches, for fault-injection tests (drop a connection). */
  public get activeWatches(): ResilientWatch[] {
    return [...this.watches.values()];
  }

  private onWatchEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): void {
    const key = keyOf(refOf(obj));
    if (type === 'DELETED') this.watchCache.delete(key);
    else this.watchCache.set(key, obj);
    if (obj.kind === 'VirtualMachine') this.restarts.track(type, obj);
    if (!this.desired.has(key)) return;
    if (type === 'DELETED') {
      this.lastSeen.delete(key);
      this.queue.enqueue(key);
      return;
    }
    const print = fingerprint(obj);
    const seen = this.lastSeen.get(key);
    if (seen === undefined && type === 'ADDED') {
      // First sight (initial list): the full sync that follows covers it.
      this.lastSeen.set(key, print);
      return;
    }
    if (seen === print) return; // status-only or no-op update
    this.lastSeen.set(key, print);
    this.queue.enqueue(key);
  }

  /** Re-applies one object; on failure returns when to retry (exponential backoff). */
  private async correct(key: string, failures: number): Promise<{ retryInMs: number } | undefined> {
    const desired = this.desired.get(key);
    const folder = this.folderOf.get(key);
    if (!desired || !folder) return undefined;
    const setId = folder.setId;
    this.stats.plans++;
    const { entry, stored, live } = await this.applier.manager.correct(desired, {
      ...this.options, ownershipCheck: (obj) => foreignOwner(obj, setId),
      // The watch cache is at least as new as the event that queued this object.
      liveLookup: (ref) => { const cached = this.watchCache.get(keyOf(ref)); return cached ? { live: cached } : undefined; },
    });
    // Remember what we wrote (or found unchanged): the watch event our own write causes is then a no-op.
    if (stored) this.lastSeen.set(key, fingerprint(stored));
    else if (live && entry.action === 'unchanged') this.lastSeen.set(key, fingerprint(live));
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

/** What a watch event must differ in to count as a change: spec, labels, annotations, not status. */
function fingerprint(obj: KubeObject): string {
  return digest(comparable(obj));
}

