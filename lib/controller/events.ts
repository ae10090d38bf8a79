import { ChangeEntry } from './changeset';
import { KubeClient } from './kube-client';
import { ObjectRef } from './objects';

/** The controller name in every Event it writes. */
export const REPORTING_CONTROLLER = 'cdk8s-kubevirt.io/controller';

export interface EventRecorderOptions {
  /** This replica (reportingInstance). @default - the hostname */
  readonly instance?: string;
  /** The same event (object, reason, note) is written at most once per window. @default 600000 (10 minutes) */
  readonly dedupeWindowMs?: number;
  /** Told once when the API refuses events (e.g. no RBAC): recording stops failing silently. */
  readonly onError?: (message: string) => void;
}

/**
 * Writes events.k8s.io/v1 Events on managed objects, as Flux and Argo CD do: failed applies and
 * prunes (Warning), prunes and drift corrections (Normal). Repeats within the window are dropped
 * (a resync every few minutes must not flood etcd); failures to record never fail a sync.
 */
export class EventRecorder {
  private readonly recent = new Map<string, number>();
  private warned = false;
  private sequence = 0;
  /** Events written (for tests and logs). */
  public written = 0;

  constructor(private readonly client: KubeClient, private readonly options: EventRecorderOptions = {}) {}

  /** The Event a change entry deserves, if any: `origin` tells a full sync from a drift correction. */
  public async recordEntry(entry: ChangeEntry, origin: 'sync' | 'drift' | 'prune'): Promise<void> {
    const event = eventFor(entry, origin);
    if (event) await this.record(entry.ref, event.type, event.reason, event.action, event.note);
  }

  public async record(ref: ObjectRef, type: 'Normal' | 'Warning', reason: string, action: string, note: string): Promise<void> {
    const key = `${ref.kind}/${ref.namespace ?? ''}/${ref.name}/${reason}/${note}`;
    const now = Date.now();
    const last = this.recent.get(key);
    if (last !== undefined && now - last < (this.options.dedupeWindowMs ?? 600_000)) return;
    this.recent.set(key, now);
    if (this.recent.size > 10_000) this.recent.delete(this.recent.keys().next().value!);
    try {
      await this.client.create({
        apiVersion: 'events.k8s.io/v1', kind: 'Event',
        // Events of cluster-scoped objects live in the default namespace, as kubectl describe finds them.
        // Named as client-go names events: `<object>.<nanoseconds in hex>`.
        metadata: { name: `${ref.name.slice(0, 200)}.${(BigInt(now) * 1_000_000n + BigInt(++this.sequence % 1_000_000)).toString(16)}`, namespace: ref.namespace ?? 'default' },
        eventTime: new Date(now).toISOString().replace(/Z$/, '000Z'),
        reportingController: REPORTING_CONTROLLER,
        reportingInstance: this.options.instance ?? process.env.HOSTNAME ?? 'cdk8s-kubevirt',
        action, reason, type, note: note.slice(0, 1000),
        regarding: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace },
      });
      this.written++;
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        this.options.onError?.(`events not recorded: ${(err as Error).message}`);
      }
    }
  }
}

function eventFor(entry: ChangeEntry, origin: 'sync' | 'drift' | 'prune'): { type: 'Normal' | 'Warning'; reason: string; action: string; note: string } | undefined {
  if (entry.dryRun) return undefined;
  const note = entry.reason ?? '';
  if (entry.action === 'failed') {
    return origin === 'prune'
      ? { type: 'Warning', reason: 'PruneFailed', action: 'Prune', note }
      : { type: 'Warning', reason: 'ApplyFailed', action: 'Apply', note: note || 'apply failed' };
  }
  if (entry.action === 'deleted' && origin === 'prune') return { type: 'Normal', reason: 'Pruned', action: 'Prune', note: note || 'left the source' };
  if (origin === 'drift' && (entry.action === 'configured' || entry.action === 'created')) {
    return { type: 'Normal', reason: 'DriftCorrected', action: 'Apply', note: note || 'out-of-band change reverted to the source' };
  }
  return undefined;
}
