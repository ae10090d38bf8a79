// Health of KubeVirt's kinds and the projects around it. Every intended steady state is
// Healthy (a VM stopped on purpose, an NNCP matching no node, a disk waiting for its VM), so
// Argo CD never holds a sync wave on one.
import {
  all, any, condField, condIs, eq, first, gt, isSet, msg, ne, not, num, oneOf, opt, path, rule,
} from '../dsl';
import { HealthSpec, Predicate } from '../types';

const printable = path('status.printableStatus');
const runStrategy = path('spec.runStrategy');

/** `spec.running` is the deprecated boolean form of the run strategy (true = Always, otherwise Halted). */
const halted: Predicate = any(eq(runStrategy, 'Halted'), all(not(isSet(runStrategy)), ne(path('spec.running'), true)));

/** printableStatus values that need a person (virt-controller's VM status reasons). */
export const VM_ERROR_STATUSES = [
  'ErrorUnschedulable', 'CrashLoopBackOff', 'ErrImagePull', 'ImagePullBackOff', 'ErrorPvcNotFound',
  'ErrorDataVolumeNotFound', 'DataVolumeError',
];

export const VIRTUAL_MACHINE_HEALTH: HealthSpec = {
  name: 'VirtualMachine',
  rules: [
    rule(oneOf(printable, VM_ERROR_STATUSES), 'Degraded', printable,
      opt(condField('Failure', 'message'), ': '),
      { if: not(isSet(condField('Failure', 'message'))), then: [opt(condField('Ready', 'message'), ': ')] }),
    rule(condIs('Paused'), 'Healthy', 'Paused'),
    rule(all(halted, ne(path('status.created'), true), any(not(isSet(printable)), eq(printable, 'Stopped'))), 'Healthy', 'Stopped (runStrategy Halted)'),
    rule(halted, 'Progressing', first([printable], 'Stopping')),
    // Manual VMs are started and stopped by people: any non-error state is what they asked for.
    rule(all(eq(runStrategy, 'Manual'), isSet(printable)), 'Healthy', printable, ' (runStrategy Manual)'),
    // Once and RerunOnFailure leave a VM whose guest shut down cleanly stopped: that is done, not pending.
    rule(all(oneOf(runStrategy, ['Once', 'RerunOnFailure']), eq(printable, 'Stopped')), 'Healthy', 'Stopped (runStrategy ', runStrategy, ')'),
    rule(condIs('Ready'), 'Healthy', first([printable], 'Running')),
  ],
  otherwise: { status: 'Progressing', message: msg(first([printable], 'waiting for status')) },
  notes: [{ when: condIs('RestartRequired'), text: ' (pending restart)', flag: 'pendingRestart' }],
};

const poolReplicas = num('spec.replicas', 1);
const poolRunStrategy = path('spec.virtualMachineTemplate.spec.runStrategy');

/**
 * VirtualMachinePool: healthy once it has all its VMs and they are ready; a pool paused, or whose
 * VMs are stopped or started by people on purpose (runStrategy Halted, Manual), once the VMs exist.
 */
export const VIRTUAL_MACHINE_POOL_HEALTH: HealthSpec = {
  name: 'VirtualMachinePool',
  rules: [
    rule(condIs('ReplicaFailure'), 'Degraded', 'ReplicaFailure', opt(condField('ReplicaFailure', 'message'), ': ')),
    rule(any(eq(path('spec.paused'), true), condIs('ReplicaPaused')), 'Healthy', 'Paused'),
    rule(gt(poolReplicas, num('status.replicas', 0)), 'Progressing', 'replicas: ', num('status.replicas', 0), '/', poolReplicas),
    rule(oneOf(poolRunStrategy, ['Halted', 'Manual']), 'Healthy', 'replicas: ', poolReplicas, ' (runStrategy ', poolRunStrategy, ')'),
    rule(gt(poolReplicas, num('status.readyReplicas', 0)), 'Progressing', 'ready: ', num('status.readyReplicas', 0), '/', poolReplicas),
  ],
  otherwise: { status: 'Healthy', message: msg('ready: ', poolReplicas, '/', poolReplicas) },
};

export const VIRTUAL_MACHINE_INSTANCE_HEALTH: HealthSpec = {
  name: 'VirtualMachineInstance',
  rules: [
    rule(eq(path('status.phase'), 'Failed'), 'Degraded', 'Failed'),
    rule(eq(path('status.phase'), 'Succeeded'), 'Healthy', 'Succeeded'),
    rule(all(eq(path('status.phase'), 'Running'), condIs('Ready')), 'Healthy', 'Running'),
  ],
  otherwise: { status: 'Progressing', message: msg(first([path('status.phase')], 'Pending')) },
};

export const DATA_VOLUME_HEALTH: HealthSpec = {
  name: 'DataVolume',
  rules: [
    rule(eq(path('status.phase'), 'Succeeded'), 'Healthy', 'Succeeded'),
    rule(eq(path('status.phase'), 'Failed'), 'Degraded', 'Failed', opt(condField('Running', 'message'), ': ')),
    rule(all(condIs('Running', 'False'), eq(condField('Running', 'reason'), 'Error')), 'Degraded', 'Error', opt(condField('Running', 'message'), ': ')),
    // The claim binds when the VM that uses it starts: the VM must not wait on it.
    { ...rule(oneOf(path('status.phase'), ['WaitForFirstConsumer', 'PendingPopulation']), 'Healthy', path('status.phase'), ': binds when a VM uses it'),
      awaitsConsumer: true },
  ],
  otherwise: {
    status: 'Progressing',
    message: msg(first([path('status.phase')], 'Pending'), { if: all(isSet(path('status.progress')), ne(path('status.progress'), 'N/A')), then: [' ', path('status.progress')] }),
  },
};

export const DATA_IMPORT_CRON_HEALTH: HealthSpec = {
  name: 'DataImportCron',
  rules: [
    rule(condIs('UpToDate'), 'Healthy', 'UpToDate', opt(path('status.lastImportedPVC.name'), ': ')),
    rule(condIs('Progressing'), 'Progressing', 'importing', opt(condField('Progressing', 'message'), ': ')),
  ],
  otherwise: { status: 'Progressing', message: msg(first([condField('UpToDate', 'message'), condField('UpToDate', 'reason')], 'waiting for the first import')) },
};

/**
 * NNCP: Degraded fails, Available succeeds (also "NoMatchingNode": a policy for nodes that do not
 * exist yet is a steady state), but for the controller only once every enactment (one per
 * matching node) has observed the current policy generation: a stale Available must not
 * release VMs.
 */
export const NNCP_HEALTH: HealthSpec = {
  name: 'NodeNetworkConfigurationPolicy',
  rules: [
    rule(condIs('Degraded'), 'Degraded', 'Degraded', opt(condField('Degraded', 'message'), ': '),
      { if: not(isSet(condField('Degraded', 'message'))), then: [opt(condField('Degraded', 'reason'), ': ')] }),
    {
      related: 'enactments',
      rules: [
        rule(condIs('Failing'), 'Degraded', 'enactment ', path('metadata.name'), ' failing'),
        rule(all(isSet(path('^.metadata.generation')), isSet(path('status.policyGeneration')), ne(path('status.policyGeneration'), path('^.metadata.generation'))),
          'Progressing', 'enactment ', path('metadata.name'), ' has not seen generation ', path('^.metadata.generation')),
        rule(not(condIs('Available')), 'Progressing', 'enactment ', path('metadata.name'), ' not Available'),
      ],
    },
    rule(condIs('Available'), 'Healthy', first([condField('Available', 'reason')], 'Available')),
    rule(condIs('Ignored'), 'Healthy', 'Ignored: ', first([condField('Ignored', 'reason')], 'no matching node')),
    rule(condIs('Progressing'), 'Progressing', 'Progressing'),
  ],
  otherwise: { status: 'Progressing', message: msg('waiting for the policy to be applied') },
};

/** Operator configuration (HCO, NMState): its APIs work only once Available=True. */
function operatorHealth(name: string): HealthSpec {
  return {
    name,
    rules: [
      rule(condIs('Available'), 'Healthy', 'Available'),
      rule(all(condIs('Degraded'), not(condIs('Progressing'))), 'Degraded', 'Degraded',
        opt(condField('Degraded', 'message'), ': ')),
    ],
    otherwise: { status: 'Progressing', message: msg(first([condField('Available', 'message')], 'waiting for Available')) },
  };
}
export const HYPERCONVERGED_HEALTH = operatorHealth('HyperConverged');
export const NMSTATE_HEALTH = operatorHealth('NMState');

export const VM_SNAPSHOT_HEALTH: HealthSpec = {
  name: 'VirtualMachineSnapshot',
  rules: [
    rule(eq(path('status.phase'), 'Failed'), 'Degraded', 'Failed', opt(path('status.error.message'), ': ')),
    rule(eq(path('status.readyToUse'), true), 'Healthy', 'ready to use'),
  ],
  otherwise: { status: 'Progressing', message: msg(first([path('status.phase')], 'waiting for the snapshot')) },
};

export const VM_RESTORE_HEALTH: HealthSpec = {
  name: 'VirtualMachineRestore',
  rules: [
    rule(eq(path('status.complete'), true), 'Healthy', 'Complete'),
    rule(all(condIs('Ready', 'False'), condIs('Progressing', 'False')), 'Degraded', 'restore failed', opt(condField('Ready', 'message'), ': ')),
  ],
  otherwise: { status: 'Progressing', message: msg('restoring') },
};

export const VM_CLONE_HEALTH: HealthSpec = {
  name: 'VirtualMachineClone',
  rules: [
    rule(eq(path('status.phase'), 'Succeeded'), 'Healthy', 'Succeeded'),
    rule(eq(path('status.phase'), 'Failed'), 'Degraded', 'Failed'),
  ],
  otherwise: { status: 'Progressing', message: msg(first([path('status.phase')], 'waiting for the clone')) },
};

export const VM_EXPORT_HEALTH: HealthSpec = {
  name: 'VirtualMachineExport',
  rules: [
    rule(eq(path('status.phase'), 'Ready'), 'Healthy', 'Ready'),
    // An export past its TTL is over, as intended.
    rule(eq(path('status.phase'), 'Terminated'), 'Healthy', 'Terminated'),
  ],
  otherwise: { status: 'Progressing', message: msg(first([path('status.phase')], 'Pending')) },
};
