// kstatus's rules for Kubernetes' workload and storage kinds (sigs.k8s.io/cli-utils
// pkg/kstatus/status/core.go), in this vocabulary.
import { all, any, condField, condIs, eq, first, gt, isSet, lt, msg, ne, not, num, oneOf, path, rule, some, sub } from '../dsl';
import { HealthSpec } from '../types';
import { generationNotObserved } from './generic';

const observed = rule(generationNotObserved, 'Progressing', 'generation ', path('metadata.generation'), ' not observed yet (observed ',
  path('status.observedGeneration'), ')');

const specReplicas = num('spec.replicas', 1);

export const DEPLOYMENT_HEALTH: HealthSpec = {
  name: 'Deployment',
  rules: [
    observed,
    rule(eq(condField('Progressing', 'reason'), 'ProgressDeadlineExceeded'), 'Degraded', 'progress deadline exceeded'),
    rule(gt(specReplicas, num('status.replicas', 0)), 'Progressing', 'replicas: ', num('status.replicas', 0), '/', specReplicas),
    rule(gt(specReplicas, num('status.updatedReplicas', 0)), 'Progressing', 'updated: ', num('status.updatedReplicas', 0), '/', specReplicas),
    rule(gt(num('status.replicas', 0), specReplicas), 'Progressing', 'pending termination: ', sub(num('status.replicas', 0), specReplicas)),
    rule(gt(num('status.updatedReplicas', 0), num('status.availableReplicas', 0)), 'Progressing',
      'available: ', num('status.availableReplicas', 0), '/', num('status.updatedReplicas', 0)),
    rule(gt(specReplicas, num('status.readyReplicas', 0)), 'Progressing', 'ready: ', num('status.readyReplicas', 0), '/', specReplicas),
    rule(not(all(condIs('Progressing'), eq(condField('Progressing', 'reason'), 'NewReplicaSetAvailable'))), 'Progressing', 'ReplicaSet not available'),
    rule(not(condIs('Available')), 'Progressing', 'Deployment not available'),
  ],
  otherwise: { status: 'Healthy', message: msg('available, replicas: ', specReplicas) },
};

export const STATEFULSET_HEALTH: HealthSpec = {
  name: 'StatefulSet',
  rules: [
    observed,
    rule(all(isSet(path('spec.updateStrategy.type')), ne(path('spec.updateStrategy.type'), 'RollingUpdate')), 'Healthy',
      'update strategy ', path('spec.updateStrategy.type'), ': rollouts are manual'),
    rule(gt(specReplicas, num('status.replicas', 0)), 'Progressing', 'replicas: ', num('status.replicas', 0), '/', specReplicas),
    rule(gt(specReplicas, num('status.readyReplicas', 0)), 'Progressing', 'ready: ', num('status.readyReplicas', 0), '/', specReplicas),
    rule(all(isSet(path('spec.updateStrategy.rollingUpdate.partition')),
      lt(num('status.updatedReplicas', 0), sub(specReplicas, num('spec.updateStrategy.rollingUpdate.partition', 0)))), 'Progressing',
    'updated: ', num('status.updatedReplicas', 0), '/', sub(specReplicas, num('spec.updateStrategy.rollingUpdate.partition', 0))),
    rule(isSet(path('spec.updateStrategy.rollingUpdate.partition')), 'Healthy', 'partitioned rollout complete'),
    rule(gt(specReplicas, num('status.currentReplicas', 0)), 'Progressing', 'current: ', num('status.currentReplicas', 0), '/', specReplicas),
    rule(ne(path('status.currentRevision'), path('status.updateRevision')), 'Progressing', 'waiting for the updated revision'),
  ],
  otherwise: { status: 'Healthy', message: msg('all replicas current, replicas: ', specReplicas) },
};

export const DAEMONSET_HEALTH: HealthSpec = {
  name: 'DaemonSet',
  rules: [
    observed,
    rule(not(isSet(path('status.desiredNumberScheduled'))), 'Progressing', 'status.desiredNumberScheduled not reported yet'),
    ...(['currentNumberScheduled', 'updatedNumberScheduled', 'numberAvailable', 'numberReady'] as const).map((field) =>
      rule(gt(num('status.desiredNumberScheduled', 0), num(`status.${field}`, 0)), 'Progressing',
        `${field}: `, num(`status.${field}`, 0), '/', num('status.desiredNumberScheduled', 0))),
  ],
  otherwise: { status: 'Healthy', message: msg('all pods scheduled and available') },
};

export const REPLICASET_HEALTH: HealthSpec = {
  name: 'ReplicaSet',
  rules: [
    observed,
    rule(condIs('ReplicaFailure'), 'Degraded', first([condField('ReplicaFailure', 'message')], 'replica failure')),
    rule(gt(specReplicas, num('status.fullyLabeledReplicas', 0)), 'Progressing', 'labelled: ', num('status.fullyLabeledReplicas', 0), '/', specReplicas),
    rule(gt(specReplicas, num('status.availableReplicas', 0)), 'Progressing', 'available: ', num('status.availableReplicas', 0), '/', specReplicas),
    rule(gt(specReplicas, num('status.readyReplicas', 0)), 'Progressing', 'ready: ', num('status.readyReplicas', 0), '/', specReplicas),
    rule(gt(num('status.replicas', 0), specReplicas), 'Progressing', 'pending termination: ', sub(num('status.replicas', 0), specReplicas)),
  ],
  otherwise: { status: 'Healthy', message: msg('available, replicas: ', specReplicas) },
};

const completions = num('spec.completions', 1);
export const JOB_HEALTH: HealthSpec = {
  name: 'Job',
  rules: [
    rule(condIs('Complete'), 'Healthy', 'completed, succeeded: ', num('status.succeeded', 0), '/', completions),
    rule(condIs('Failed'), 'Degraded', 'failed: ', first([condField('Failed', 'message')], 'Job failed')),
    rule(eq(path('spec.suspend'), true), 'Suspended', 'suspended'),
    rule(not(isSet(path('status.startTime'))), 'Progressing', 'not started'),
  ],
  otherwise: {
    status: 'Progressing',
    message: msg('in progress, succeeded: ', num('status.succeeded', 0), ', active: ', num('status.active', 0), ', failed: ', num('status.failed', 0)),
  },
};

export const PVC_HEALTH: HealthSpec = {
  name: 'PersistentVolumeClaim',
  rules: [
    rule(eq(path('status.phase'), 'Bound'), 'Healthy', 'Bound'),
    rule(eq(path('status.phase'), 'Lost'), 'Degraded', 'Lost: the bound volume is gone'),
    // A Pending claim may be waiting for its first consumer: never make that consumer wait on it.
    { ...rule(any(eq(path('status.phase'), 'Pending'), not(isSet(path('status.phase')))), 'Healthy',
      first([path('status.phase')], 'Pending'), ': binds when a consumer uses it'), awaitsConsumer: true },
  ],
  otherwise: { status: 'Progressing', message: msg(path('status.phase')) },
};

export const POD_HEALTH: HealthSpec = {
  name: 'Pod',
  rules: [
    rule(eq(path('status.phase'), 'Succeeded'), 'Healthy', 'completed successfully'),
    rule(eq(path('status.phase'), 'Failed'), 'Degraded', 'completed, but not successfully'),
    rule(all(eq(path('status.phase'), 'Running'), condIs('Ready')), 'Healthy', 'Ready'),
    rule(some('status.containerStatuses', oneOf(path('@.state.waiting.reason'), ['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull'])), 'Degraded',
      'a container is crash-looping or cannot pull its image'),
    rule(eq(path('status.phase'), 'Running'), 'Progressing', 'running, not Ready'),
    rule(all(condIs('PodScheduled', 'False'), eq(condField('PodScheduled', 'reason'), 'Unschedulable')), 'Progressing',
      'unschedulable: ', condField('PodScheduled', 'message')),
  ],
  otherwise: { status: 'Progressing', message: msg(first([path('status.phase')], 'no phase yet')) },
};

export const SERVICE_HEALTH: HealthSpec = {
  name: 'Service',
  rules: [
    rule(all(eq(path('spec.type'), 'LoadBalancer'), not(isSet(path('spec.clusterIP')))), 'Progressing', 'clusterIP not set'),
  ],
  otherwise: { status: 'Healthy', message: msg('ready') },
};

export const NAMESPACE_HEALTH: HealthSpec = {
  name: 'Namespace',
  rules: [rule(eq(path('status.phase'), 'Terminating'), 'Progressing', 'Terminating')],
  otherwise: { status: 'Healthy', message: msg('Active') },
};

export const CRD_HEALTH: HealthSpec = {
  name: 'CustomResourceDefinition',
  rules: [
    rule(condIs('NamesAccepted', 'False'), 'Degraded', 'NamesAccepted False', { if: isSet(condField('NamesAccepted', 'message')), then: [': ', condField('NamesAccepted', 'message')] }),
    rule(condIs('Established'), 'Healthy', 'Established'),
  ],
  otherwise: { status: 'Progressing', message: msg('waiting for Established') },
};
