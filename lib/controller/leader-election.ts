import { KubeApiError, KubeClient, toApiError } from './kube-client';
import { KubeObject } from './objects';
import { sleep } from './wait';

export interface LeaderElectionOptions {
  /** The Lease's name and namespace. */
  readonly name: string;
  readonly namespace: string;
  /** This replica's identity (pod name). */
  readonly identity: string;
  /** @default 15000 */
  readonly leaseDurationMs?: number;
  /** @default 10000 */
  readonly renewDeadlineMs?: number;
  /** @default 2000 */
  readonly retryPeriodMs?: number;
  readonly onStartedLeading: () => void;
  /** Called once when leadership is lost: stop every write now. */
  readonly onStoppedLeading: () => void;
}

/**
 * Lease-based leader election, client-go style: a candidate takes an expired lease only after
 * observing no change for a whole lease duration on its own clock (no clock-skew trust), the
 * leader renews every retry period and steps down when it cannot renew within the renew
 * deadline, and `release()` clears the holder on shutdown for a fast failover. Writes use the
 * Lease's resourceVersion, so two candidates can never both win the same round.
 */
export class LeaderElector {
  private leading = false;
  private stopped = false;
  private observedRecord?: string;
  private observedAt = 0;
  private lastRenew = 0;
  private loop?: Promise<void>;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;

  constructor(private readonly client: KubeClient, private readonly options: LeaderElectionOptions) {
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (!(this.leaseDurationMs > this.renewDeadlineMs && this.renewDeadlineMs > 1.2 * this.retryPeriodMs)) {
      throw new Error('leader election needs leaseDuration > renewDeadline > 1.2 x retryPeriod');
    }
  }

  public get isLeader(): boolean {
    return this.leading;
  }

  public start(): void {
    this.loop ??= this.run();
  }

  /** Stops campaigning; a leader clears the holder so another replica takes over at once. */
  public async release(): Promise<void> {
    this.stopped = true;
    await this.loop;
    if (!this.leading) return;
    this.leading = false;
    try {
      const lease = await this.client.get(this.leaseRef());
      if (lease && (lease.spec as LeaseSpec | undefined)?.holderIdentity === this.options.identity) {
        await this.client.replace({ ...lease, spec: { ...(lease.spec as LeaseSpec), holderIdentity: undefined, leaseDurationSeconds: 1 } });
      }
    } catch {
      // Best effort: the lease expires on its own.
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let ok = false;
      try {
        ok = await this.tryAcquireOrRenew();
      } catch {
        ok = false;
      }
      const now = Date.now();
      if (ok) {
        this.lastRenew = now;
        if (!this.leading) {
          this.leading = true;
          this.options.onStartedLeading();
        }
      } else if (this.leading && now - this.lastRenew > this.renewDeadlineMs) {
        this.leading = false;
        this.options.onStoppedLeading();
      }
      await sleep(this.retryPeriodMs);
    }
  }

  private leaseRef() {
    return { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: this.options.namespace, name: this.options.name };
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const lease = await this.client.get(this.leaseRef());
    const durationSeconds = Math.ceil(this.leaseDurationMs / 1000);
    if (!lease) {
      try {
        await this.client.create({
          ...this.leaseRef(), metadata: { name: this.options.name, namespace: this.options.namespace },
          spec: { holderIdentity: this.options.identity, leaseDurationSeconds: durationSeconds, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
        } as KubeObject);
        return true;
      } catch (err) {
        if (toApiError(err).statusCode === 409) return false;
        throw err;
      }
    }
    const spec = (lease.spec ?? {}) as LeaseSpec;
    const record = JSON.stringify([spec.holderIdentity, spec.renewTime, spec.acquireTime, spec.leaseTransitions]);
    if (record !== this.observedRecord) {
      this.observedRecord = record;
      this.observedAt = Date.now();
    }
    const held = !!spec.holderIdentity && spec.holderIdentity !== this.options.identity;
    const observedDuration = (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (held && Date.now() - this.observedAt < observedDuration) return false;
    const mine = spec.holderIdentity === this.options.identity;
    const next: LeaseSpec = {
      ...spec,
      holderIdentity: this.options.identity,
      leaseDurationSeconds: durationSeconds,
      renewTime: microTime(now),
      acquireTime: mine ? spec.acquireTime : microTime(now),
      leaseTransitions: mine ? spec.leaseTransitions ?? 0 : (spec.leaseTransitions ?? 0) + 1,
    };
    try {
      const updated = await this.client.replace({ ...lease, spec: next });
      const s = updated.spec as LeaseSpec;
      this.observedRecord = JSON.stringify([s.holderIdentity, s.renewTime, s.acquireTime, s.leaseTransitions]);
      this.observedAt = Date.now();
      return true;
    } catch (err) {
      if (err instanceof KubeApiError && err.statusCode === 409) return false;
      throw err;
    }
  }
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** RFC 3339 with microseconds, as Lease MicroTime fields are serialised. */
function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
