// The controller's view of health: the verdicts of lib/health (the per-kind specs of the kind
// registry) in kstatus's words, plus the deletion state only the controller acts on.
import { HealthVerdict, assessHealth } from '../health';
import { KubeObject } from './objects';

/** One health vocabulary for every kind, as kstatus names it. */
export type HealthStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating' | 'NotFound';

export interface Health {
  readonly status: HealthStatus;
  /** Why, in a few words (printableStatus, phase, condition message). */
  readonly message: string;
  /**
   * True when dependents may proceed although the object is not Current: a disk waiting for
   * its first consumer binds only once the VM that uses it runs, so the VM must not wait on it.
   */
  readonly releasesDependents?: boolean;
  /** The VM runs an older template and needs a restart to pick up the change (not blocking). */
  readonly pendingRestart?: boolean;
}

/** Extra objects some kinds need: the enactments of an NNCP (one per matching node). */
export interface HealthContext {
  readonly enactments?: readonly KubeObject[];
}

/** Health of a live object (undefined = absent), by the kind's health spec. */
export function computeHealth(obj: KubeObject | undefined, context: HealthContext = {}): Health {
  if (!obj) return { status: 'NotFound', message: 'not found' };
  if (obj.metadata.deletionTimestamp) return { status: 'Terminating', message: 'being deleted' };
  return fromVerdict(assessHealth(obj, context));
}

/** A verdict in the controller's words. Suspended and Unknown wait like work in progress. */
export function fromVerdict(verdict: HealthVerdict): Health {
  const flags = verdict.pendingRestart ? { pendingRestart: true } : {};
  switch (verdict.status) {
    case 'Healthy':
      return verdict.awaitsConsumer
        ? { status: 'InProgress', message: verdict.message, releasesDependents: true, ...flags }
        : { status: 'Current', message: verdict.message, ...flags };
    case 'Degraded':
      return { status: 'Failed', message: verdict.message, ...flags };
    case 'Missing':
      return { status: 'NotFound', message: verdict.message };
    default:
      return { status: 'InProgress', message: verdict.message, ...flags };
  }
}

/** A stable, healthy state. */
export function isSettled(health: Health): boolean {
  return health.status === 'Current' || health.releasesDependents === true;
}

/** The run strategy a VM declares (`spec.running` is the deprecated boolean form). */
export function runStrategyOf(vm: KubeObject): string {
  const spec = (vm.spec ?? {}) as { runStrategy?: string; running?: boolean };
  if (spec.runStrategy) return spec.runStrategy;
  if (spec.running === true) return 'Always';
  return 'Halted';
}
