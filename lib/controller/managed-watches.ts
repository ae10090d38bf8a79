import { digest } from './digest';
import { comparable } from './drift';
import { KubeClient } from './kube-client';
import { LiveCompactor } from './live-compaction';
import { KubeObject, ObjectRef, keyOf, refOf } from './objects';
import { ResilientWatch } from './watcher';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ManagedWatchesOptions {
  /** The controller's field manager: its field sets are the one part of managedFields the cache keeps. */
  readonly fieldManager: string;
  /** Whether a key is one the controller enforces (others are cached, never queued). */
  readonly isDesired: (key: string) => boolean;
  /** A desired object changed (not status-only) or was deleted: queue a correction. */
  readonly onChange: (key: string) => void;
  /** Every event of every member, before the change check (VM restart tracking). */
  readonly onEvent?: (type: WatchEventType, obj: KubeObject) => void;
  /** A watch restarted after an error. */
  readonly onRestart?: (kind: string, err: unknown) => void;
}

/**
 * One resilient watch per managed kind, filtered by the ApplySet label, feeding a cache of the
 * members as last delivered: full syncs read the live objects from it (no LIST), and with the
 * server-confirmed state an unchanged object costs no request. Events that differ from what the
 * controller last saw or wrote only in status are dropped without a request.
 */
export class ManagedWatches {
  private readonly watches = new Map<string, ResilientWatch>();
  /** Members of the sets as the watches last delivered them. */
  private readonly cache = new Map<string, KubeObject>();
  /** The fingerprint last seen or written per desired key. */
  private readonly lastSeen = new Map<string, string>();

  /** The cache holds compact copies (see LiveCompactor). */
  private readonly compactor: LiveCompactor;

  constructor(private readonly client: KubeClient, private readonly options: ManagedWatchesOptions) {
    this.compactor = new LiveCompactor(options.fieldManager);
  }

  /** Watches exactly `kinds` (those served): kinds that left are unwatched. */
  public async sync(kinds: Map<string, { apiVersion: string; kind: string }>, labelSelector: string): Promise<void> {
    for (const [key, watch] of this.watches) {
      if (!kinds.has(key)) { await watch.stop(); this.watches.delete(key); }
    }
    for (const [key, gvk] of kinds) {
      if (this.watches.has(key)) continue;
      // Discovery that failed (timed out, unreachable) is reported like a watch restart; the next sync asks again.
      const served = await this.client.isServed(gvk.apiVersion, gvk.kind).catch((err: unknown) => { this.options.onRestart?.(gvk.kind, err); return false; });
      if (!served) continue;
      const watch = new ResilientWatch(this.client, {
        ...gvk, labelSelector,
        onEvent: (type, obj) => this.onWatchEvent(type, obj),
        onList: (items) => this.onRelist(gvk, items),
        onRestart: (err) => this.options.onRestart?.(gvk.kind, err),
      });
      this.watches.set(key, watch);
      watch.start();
    }
  }

  /** Stops every watch and forgets the cache (what was seen or written is kept). */
  public async stop(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
    this.watches.clear();
    this.cache.clear();
  }

  /** The watches, for fault-injection tests (drop a connection). */
  public get active(): ResilientWatch[] {
    return [...this.watches.values()];
  }

  /** The cached live object, in the shape the applier's `liveLookup` takes. */
  public lookup(ref: ObjectRef): { live: KubeObject } | undefined {
    const live = this.cache.get(keyOf(ref));
    return live ? { live } : undefined;
  }

  /** Remember what was written (or found unchanged): the watch event it causes is then a no-op. */
  public remember(key: string, obj: KubeObject): void {
    this.lastSeen.set(key, fingerprint(obj));
  }

  /** Members of the kind missing from a (re)listing were deleted while no watch was open. */
  private onRelist(gvk: { apiVersion: string; kind: string }, items: KubeObject[]): void {
    const listed = new Set(items.map((i) => keyOf(refOf(i))));
    for (const [key, obj] of this.cache) {
      if (obj.apiVersion !== gvk.apiVersion || obj.kind !== gvk.kind || listed.has(key)) continue;
      this.onWatchEvent('DELETED', obj);
    }
  }

  private onWatchEvent(type: WatchEventType, obj: KubeObject): void {
    const key = keyOf(refOf(obj));
    if (type === 'DELETED') this.cache.delete(key);
    else this.cache.set(key, this.compactor.compact(obj));
    this.options.onEvent?.(type, obj);
    if (!this.options.isDesired(key)) return;
    if (type === 'DELETED') {
      this.lastSeen.delete(key);
      this.options.onChange(key);
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
    this.options.onChange(key);
  }
}

/** What a watch event must differ in to count as a change: spec, labels, annotations, not status. */
function fingerprint(obj: KubeObject): string {
  return digest(comparable(obj));
}
