import { KubeObject, groupOf } from './objects';

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

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Extra objects some kinds need: the enactments of an NNCP (one per matching node). */
export interface HealthContext {
  readonly enactments?: readonly KubeObject[];
}

/** Health of a live object (undefined = absent), by kind with a kstatus fallback. */
export function computeHealth(obj: KubeObject | undefined, context: HealthContext = {}): Health {
  if (!obj) return { status: 'NotFound', message: 'not found' };
  if (obj.metadata.deletionTimestamp) return { status: 'Terminating', message: 'being deleted' };
  const rule = KIND_RULES[`${groupOf(obj.apiVersion)}/${obj.kind}`];
  return rule ? rule(obj, context) : genericHealth(obj);
}

/** A stable, healthy state. */
export function isSettled(health: Health): boolean {
  return health.status === 'Current' || health.releasesDependents === true;
}

type Rule = (obj: KubeObject, context: HealthContext) => Health;

const VM_FAILED_STATUSES = new Set([
  'ErrorUnschedulable', 'CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'ErrorPvcNotFound',
  'ErrorDataVolumeNotFound', 'DataVolumeError',
]);

const KIND_RULES: Record<string, Rule> = {
  'kubevirt.io/VirtualMachine': virtualMachineHealth,
  'kubevirt.io/VirtualMachineInstance': virtualMachineInstanceHealth,
  'cdi.kubevirt.io/DataVolume': dataVolumeHealth,
  '/PersistentVolumeClaim': pvcHealth,
  'nmstate.io/NodeNetworkConfigurationPolicy': nncpHealth,
  'k8s.cni.cncf.io/NetworkAttachmentDefinition': () => ({ status: 'Current', message: 'exists' }),
  '/Namespace': (obj) => statusOf(obj).phase === 'Terminating'
    ? { status: 'Terminating', message: 'Terminating' } : { status: 'Current', message: 'Active' },
  'apiextensions.k8s.io/CustomResourceDefinition': crdHealth,
  '/ConfigMap': () => ({ status: 'Current', message: 'exists' }),
  '/Secret': () => ({ status: 'Current', message: 'exists' }),
  '/ServiceAccount': () => ({ status: 'Current', message: 'exists' }),
  'hco.kubevirt.io/HyperConverged': hyperConvergedHealth,
  'snapshot.kubevirt.io/VirtualMachineSnapshot': snapshotHealth,
};

/** HCO installs KubeVirt, CDI and the network addons: only Available=True means their APIs work. */
function hyperConvergedHealth(hco: KubeObject): Health {
  const available = condition(hco, 'Available');
  if (available?.status === 'True') return { status: 'Current', message: 'Available' };
  const degraded = condition(hco, 'Degraded');
  if (degraded?.status === 'True' && !isTrue(hco, 'Progressing')) {
    return { status: 'Failed', message: `Degraded: ${degraded.message ?? degraded.reason ?? ''}`.trim() };
  }
  return { status: 'InProgress', message: available?.message ?? 'waiting for Available' };
}

/** A snapshot is done once readyToUse; until then (phase InProgress) it is in progress. */
function snapshotHealth(snapshot: KubeObject): Health {
  const status = statusOf(snapshot);
  if (status.phase === 'Failed') return { status: 'Failed', message: `Failed${status.error?.message ? `: ${status.error.message}` : ''}` };
  if (status.readyToUse === true) return { status: 'Current', message: 'ready to use' };
  return { status: 'InProgress', message: status.phase ?? 'waiting for the snapshot' };
}

function statusOf(obj: KubeObject): Record<string, any> {
  const status = obj.status;
  return status && typeof status === 'object' ? (status as Record<string, any>) : {};
}

function conditionsOf(obj: KubeObject): Condition[] {
  const conditions = statusOf(obj).conditions;
  return Array.isArray(conditions) ? (conditions as Condition[]) : [];
}

function condition(obj: KubeObject, type: string): Condition | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

function isTrue(obj: KubeObject, type: string): boolean {
  return condition(obj, type)?.status === 'True';
}

/** The run strategy a VM declares (`spec.running` is the deprecated boolean form). */
export function runStrategyOf(vm: KubeObject): string {
  const spec = (vm.spec ?? {}) as { runStrategy?: string; running?: boolean };
  if (spec.runStrategy) return spec.runStrategy;
  if (spec.running === true) return 'Always';
  return 'Halted';
}

/** VM health from intent: a VM stopped on purpose is healthy; error states fail. */
function virtualMachineHealth(vm: KubeObject): Health {
  const status = statusOf(vm);
  const printable: string | undefined = status.printableStatus;
  const pendingRestart = isTrue(vm, 'RestartRequired');
  const suffix = pendingRestart ? ' (pending restart)' : '';
  if (printable && VM_FAILED_STATUSES.has(printable)) {
    const failure = condition(vm, 'Failure') ?? condition(vm, 'Ready');
    return { status: 'Failed', message: `${printable}${failure?.message ? `: ${failure.message}` : ''}`, pendingRestart };
  }
  if (isTrue(vm, 'Paused')) return { status: 'Current', message: `Paused${suffix}`, pendingRestart };
  const strategy = runStrategyOf(vm);
  if (strategy === 'Halted') {
    if (!status.created && (!printable || printable === 'Stopped')) {
      return { status: 'Current', message: `Stopped (runStrategy Halted)${suffix}`, pendingRestart };
    }
    return { status: 'InProgress', message: printable ?? 'Stopping', pendingRestart };
  }
  if (strategy === 'Manual' && printable) {
    // Manual VMs are started and stopped by people: any non-error state is what they asked for.
    return { status: 'Current', message: `${printable} (runStrategy Manual)${suffix}`, pendingRestart };
  }
  if (isTrue(vm, 'Ready')) return { status: 'Current', message: `${printable ?? 'Running'}${suffix}`, pendingRestart };
  return { status: 'InProgress', message: printable ?? 'waiting for status', pendingRestart };
}

function virtualMachineInstanceHealth(vmi: KubeObject): Health {
  const phase: string | undefined = statusOf(vmi).phase;
  if (phase === 'Failed') return { status: 'Failed', message: 'Failed' };
  if (phase === 'Succeeded') return { status: 'Current', message: 'Succeeded' };
  if (phase === 'Running' && isTrue(vmi, 'Ready')) return { status: 'Current', message: 'Running' };
  return { status: 'InProgress', message: phase ?? 'Pending' };
}

function dataVolumeHealth(dv: KubeObject): Health {
  const status = statusOf(dv);
  const phase: string | undefined = status.phase;
  const progress = status.progress && status.progress !== 'N/A' ? ` ${status.progress}` : '';
  const running = condition(dv, 'Running');
  if (phase === 'Succeeded') return { status: 'Current', message: 'Succeeded' };
  if (phase === 'Failed') return { status: 'Failed', message: `Failed${running?.message ? `: ${running.message}` : ''}` };
  if (running?.status === 'False' && running.reason === 'Error') {
    return { status: 'Failed', message: `Error: ${running.message ?? ''}`.trim() };
  }
  if (phase === 'WaitForFirstConsumer' || phase === 'PendingPopulation') {
    return { status: 'InProgress', message: `${phase}: binds when a VM uses it`, releasesDependents: true };
  }
  return { status: 'InProgress', message: `${phase ?? 'Pending'}${progress}` };
}

function pvcHealth(pvc: KubeObject): Health {
  const phase: string | undefined = statusOf(pvc).phase;
  if (phase === 'Bound') return { status: 'Current', message: 'Bound' };
  if (phase === 'Lost') return { status: 'Failed', message: 'Lost: the bound volume is gone' };
  // A Pending claim may be waiting for its first consumer: never make that consumer wait on it.
  return { status: 'InProgress', message: phase ?? 'Pending', releasesDependents: true };
}

/**
 * NNCP: Degraded fails, Available succeeds, but only when every enactment (one per matching
 * node) has observed the current policy generation: a stale Available must not release VMs.
 */
function nncpHealth(nncp: KubeObject, context: HealthContext): Health {
  const degraded = condition(nncp, 'Degraded');
  if (degraded?.status === 'True') return { status: 'Failed', message: `Degraded: ${degraded.message ?? degraded.reason ?? ''}`.trim() };
  const enactments = context.enactments ?? [];
  const generation = nncp.metadata.generation;
  for (const nnce of enactments) {
    const node = nnce.metadata.name;
    if (isTrue(nnce, 'Failing')) return { status: 'Failed', message: `enactment ${node} failing` };
    const policyGeneration = statusOf(nnce).policyGeneration;
    if (generation !== undefined && policyGeneration !== undefined && policyGeneration !== generation) {
      return { status: 'InProgress', message: `enactment ${node} has not seen generation ${generation}` };
    }
    if (!isTrue(nnce, 'Available')) return { status: 'InProgress', message: `enactment ${node} not Available` };
  }
  if (isTrue(nncp, 'Available')) return { status: 'Current', message: condition(nncp, 'Available')?.reason ?? 'Available' };
  const ignored = condition(nncp, 'Ignored');
  if (ignored?.status === 'True') return { status: 'Current', message: `Ignored: ${ignored.reason ?? 'no matching node'}` };
  if (isTrue(nncp, 'Progressing')) return { status: 'InProgress', message: 'Progressing' };
  return { status: 'InProgress', message: 'waiting for the policy to be applied' };
}

function crdHealth(crd: KubeObject): Health {
  const names = condition(crd, 'NamesAccepted');
  if (names?.status === 'False') return { status: 'Failed', message: `NamesAccepted False: ${names.message ?? ''}`.trim() };
  if (isTrue(crd, 'Established')) return { status: 'Current', message: 'Established' };
  return { status: 'InProgress', message: 'waiting for Established' };
}

/** kstatus's generic rules: observedGeneration, Reconciling/Stalled, then Ready. */
export function genericHealth(obj: KubeObject): Health {
  const status = statusOf(obj);
  const observed = status.observedGeneration;
  if (observed !== undefined && obj.metadata.generation !== undefined && observed !== obj.metadata.generation) {
    return { status: 'InProgress', message: `generation ${obj.metadata.generation} not observed yet` };
  }
  if (isTrue(obj, 'Reconciling')) return { status: 'InProgress', message: condition(obj, 'Reconciling')?.message ?? 'Reconciling' };
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True') return { status: 'Failed', message: stalled.message ?? 'Stalled' };
  const ready = condition(obj, 'Ready');
  if (ready?.status === 'True') return { status: 'Current', message: 'Ready' };
  if (ready) return { status: 'InProgress', message: ready.message ?? `Ready ${ready.status}` };
  return { status: 'Current', message: 'exists' };
}
