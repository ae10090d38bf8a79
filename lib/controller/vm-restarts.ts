import { EventRecorder } from './events';
import { computeHealth, runStrategyOf } from './health';
import { KubeClient } from './kube-client';
import { ControllerMetrics } from './metrics';
import { KubeObject, refOf, subjectOf } from './objects';

/** Opt-in annotation on a VM: restart it when KubeVirt reports RestartRequired. */
export const RESTART_ON_CHANGE_ANNOTATION = 'cdk8s-kubevirt.io/restart-on-change';

export interface VmRestartsOptions {
  readonly metrics: ControllerMetrics;
  readonly events?: EventRecorder;
  readonly log: (line: string) => void;
  /** Runs a write in the controller's serial lane. */
  readonly exclusive: (fn: () => Promise<void>) => unknown;
}

/**
 * RestartRequired per VM, fed by the VM watch (status updates included): the gauge
 * `cdk8s_kubevirt_vm_restart_required`, a log line on each transition, and — only for VMs that
 * opted in with the annotation — one restart per applied generation.
 */
export class VmRestarts {
  private readonly pending = new Set<string>();
  /** VM generation last restarted (restart-on-change): one restart per applied change. */
  private readonly restartedAt = new Map<string, number | undefined>();

  constructor(private readonly client: KubeClient, private readonly options: VmRestartsOptions) {}

  public get pendingCount(): number {
    return this.pending.size;
  }

  public track(type: 'ADDED' | 'MODIFIED' | 'DELETED', vm: KubeObject): void {
    const labels = { namespace: vm.metadata.namespace ?? '', name: vm.metadata.name };
    if (type === 'DELETED') { this.options.metrics.restartRequired.remove(labels); return; }
    const pending = computeHealth(vm).pendingRestart === true;
    const key = `${labels.namespace}/${labels.name}`;
    if (pending && !this.pending.has(key)) this.options.log(`VirtualMachine/${key}: restart required to run the applied spec`);
    if (pending) this.pending.add(key);
    else this.pending.delete(key);
    this.options.metrics.restartRequired.set(labels, pending ? 1 : 0);
    if (pending && vm.metadata.annotations?.[RESTART_ON_CHANGE_ANNOTATION] === 'true' && this.restartedAt.get(key) !== vm.metadata.generation) {
      this.restartedAt.set(key, vm.metadata.generation);
      void this.options.exclusive(() => this.restart(vm));
    }
  }

  /**
   * Restarts a VM that opted in, as `virtctl restart` does: its VMI is deleted and KubeVirt starts
   * a new one from the current spec. Only for run strategies that start it again by themselves.
   */
  private async restart(vm: KubeObject): Promise<void> {
    const ref = refOf(vm);
    const strategy = runStrategyOf(vm);
    if (strategy !== 'Always' && strategy !== 'RerunOnFailure') {
      this.options.log(`${subjectOf(ref)}: not restarted: runStrategy ${strategy} would leave it stopped`);
      return;
    }
    try {
      const gone = !(await this.client.delete({ apiVersion: vm.apiVersion, kind: 'VirtualMachineInstance', namespace: ref.namespace, name: ref.name }, 'Background'));
      this.options.log(`${subjectOf(ref)}: ${gone ? 'no running instance to restart' : 'restarted to run the applied spec (restart-on-change)'}`);
      if (!gone) await this.options.events?.record(ref, 'Normal', 'Restarted', 'Restart', 'restarted to run the applied spec (cdk8s-kubevirt.io/restart-on-change)');
    } catch (err) {
      this.options.log(`${subjectOf(ref)}: restart failed: ${(err as Error).message}`);
      await this.options.events?.record(ref, 'Warning', 'RestartFailed', 'Restart', (err as Error).message);
    }
  }
}
