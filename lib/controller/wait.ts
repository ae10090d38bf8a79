import { Health, HealthContext, computeHealth, isSettled } from './health';
import { KubeClient } from './kube-client';
import { KubeObject, ObjectRef, groupOf, subjectOf } from './objects';

export interface WaitOptions {
  /** Give up after this many milliseconds. */
  readonly timeoutMs: number;
  /**
   * Poll interval.
   * @default 1000
   */
  readonly intervalMs?: number;
  /**
   * Stop at the first Failed object instead of waiting for the rest.
   * @default true
   */
  readonly failFast?: boolean;
  /** Called when an object's health changes (one line per change). */
  readonly onProgress?: (ref: ObjectRef, health: Health) => void;
  /**
   * Called every `heartbeatMs` while objects are still pending, with them and how long the wait
   * has run: an object that never changes (an NNCP no nmstate handler answers) is otherwise
   * silent until the timeout, ten minutes by default.
   */
  readonly onWaiting?: (pending: ReadonlyArray<{ readonly subject: string; readonly health: Health }>, elapsedMs: number) => void;
  /** @default 30000 */
  readonly heartbeatMs?: number;
  /** Stops waiting early (shutdown). */
  readonly signal?: AbortSignal;
}

export interface WaitResult {
  /** True when every object is settled (Current, or releasing its dependents). */
  readonly ok: boolean;
  /** Last health of every object, by subject. */
  readonly health: Map<string, Health>;
  /** Why the wait ended without success, naming the objects. */
  readonly message?: string;
}

/**
 * Polls the objects until every one is settled, one fails (failFast), or the timeout passes.
 * Every outcome names the objects that are not settled.
 */
export async function waitForSet(client: KubeClient, refs: readonly ObjectRef[], options: WaitOptions): Promise<WaitResult> {
  const start = Date.now();
  const deadline = start + options.timeoutMs;
  const interval = options.intervalMs ?? 1000;
  const heartbeat = options.heartbeatMs ?? 30_000;
  let nextBeat = start + heartbeat;
  const health = new Map<string, Health>();
  for (;;) {
    for (const ref of refs) {
      const subject = subjectOf(ref);
      if (health.get(subject) && isSettled(health.get(subject)!)) continue;
      const live = await client.get(ref);
      const current = computeHealth(live, await healthContext(client, live));
      const previous = health.get(subject);
      if (!previous || previous.status !== current.status || previous.message !== current.message) options.onProgress?.(ref, current);
      health.set(subject, current);
    }
    const pending = [...health.entries()].filter(([, h]) => !isSettled(h));
    const failed = pending.filter(([, h]) => h.status === 'Failed');
    if (pending.length === 0) return { ok: true, health };
    if (failed.length > 0 && ((options.failFast ?? true) || failed.length === pending.length)) {
      return { ok: false, health, message: `failed: ${describe(failed)}` };
    }
    if (Date.now() >= deadline) return { ok: false, health, message: `timed out waiting for ${describe(pending)}` };
    if (options.signal?.aborted) return { ok: false, health, message: 'wait interrupted' };
    if (Date.now() >= nextBeat) {
      options.onWaiting?.(pending.map(([subject, h]) => ({ subject, health: h })), Date.now() - start);
      while (nextBeat <= Date.now()) nextBeat += heartbeat;
    }
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), options.signal);
  }
}

/** NNCP health needs the policy's enactments (one per node, labelled with the policy name). */
async function healthContext(client: KubeClient, live: KubeObject | undefined): Promise<HealthContext> {
  if (!live || groupOf(live.apiVersion) !== 'nmstate.io' || live.kind !== 'NodeNetworkConfigurationPolicy') return {};
  const enactmentVersion = 'nmstate.io/v1beta1';
  const kind = 'NodeNetworkConfigurationEnactment';
  if (!(await client.isServed(enactmentVersion, kind))) return {};
  const list = await client.list(enactmentVersion, kind, { labelSelector: `nmstate.io/policy=${live.metadata.name}` });
  return { enactments: list.items };
}

function describe(entries: Array<[string, Health]>): string {
  return entries.map(([subject, h]) => `${subject} (${h.status}: ${h.message})`).join(', ');
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
