// Kubernetes' own kinds that synthesized folders commonly hold (cdk8s-plus objects, RBAC,
// storage) or that health and prune must understand.
import type { HealthSpec } from '../health/types';
import { genericSpecs, kubernetesSpecs, withLazyHealth } from './lazy-health';
import { ApplyStage } from './stage';
import { KindDefinition } from './types';

/** `health` names the kind's spec (loaded on first read, see lazy-health.ts). */
type Builtin = Omit<KindDefinition, 'source' | 'versions' | 'health'> & { versions?: readonly string[]; health?: () => HealthSpec };

const builtin = ({ health, ...def }: Builtin): KindDefinition => withLazyHealth({ versions: ['v1'], ...def, source: 'kubernetes' }, health);
const core = (kind: string, plural: string, extra: Partial<Builtin> = {}) => builtin({ group: '', kind, plural, scope: 'Namespaced', ...extra });

export const KUBERNETES_KINDS: readonly KindDefinition[] = [
  core('Namespace', 'namespaces', { scope: 'Cluster', stage: ApplyStage.FOUNDATION, gate: 'Active', health: () => kubernetesSpecs().NAMESPACE_HEALTH }),
  builtin({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', scope: 'Cluster',
    stage: ApplyStage.FOUNDATION, gate: 'Established', health: () => kubernetesSpecs().CRD_HEALTH }),

  core('ServiceAccount', 'serviceaccounts', { stage: ApplyStage.CLASSES, health: () => genericSpecs().EXISTS_HEALTH }),
  core('ConfigMap', 'configmaps', { stage: ApplyStage.CLASSES, health: () => genericSpecs().EXISTS_HEALTH }),
  core('Secret', 'secrets', { stage: ApplyStage.CLASSES, health: () => genericSpecs().EXISTS_HEALTH }),
  core('ResourceQuota', 'resourcequotas', { stage: ApplyStage.CLASSES }),
  core('LimitRange', 'limitranges', { stage: ApplyStage.CLASSES }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', plural: 'clusterroles', scope: 'Cluster', stage: ApplyStage.CLASSES }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', scope: 'Cluster', stage: ApplyStage.CLASSES }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'Role', plural: 'roles', scope: 'Namespaced', stage: ApplyStage.CLASSES }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', plural: 'rolebindings', scope: 'Namespaced', stage: ApplyStage.CLASSES }),
  builtin({ group: 'storage.k8s.io', kind: 'StorageClass', plural: 'storageclasses', scope: 'Cluster' }),
  builtin({ group: 'scheduling.k8s.io', kind: 'PriorityClass', plural: 'priorityclasses', scope: 'Cluster' }),
  builtin({ group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshotClass', plural: 'volumesnapshotclasses', scope: 'Cluster' }),

  core('PersistentVolumeClaim', 'persistentvolumeclaims', { topology: 'disk', stage: ApplyStage.STORAGE, holdsData: true, health: () => kubernetesSpecs().PVC_HEALTH }),
  core('PersistentVolume', 'persistentvolumes', { scope: 'Cluster' }),
  builtin({ group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', plural: 'volumesnapshots', topology: 'disk', scope: 'Namespaced', holdsData: true }),

  core('Service', 'services', { health: () => kubernetesSpecs().SERVICE_HEALTH }),
  core('Endpoints', 'endpoints'),
  core('Pod', 'pods', { health: () => kubernetesSpecs().POD_HEALTH }),
  builtin({ group: 'apps', kind: 'Deployment', plural: 'deployments', scope: 'Namespaced', health: () => kubernetesSpecs().DEPLOYMENT_HEALTH }),
  builtin({ group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', scope: 'Namespaced', health: () => kubernetesSpecs().STATEFULSET_HEALTH }),
  builtin({ group: 'apps', kind: 'DaemonSet', plural: 'daemonsets', scope: 'Namespaced', health: () => kubernetesSpecs().DAEMONSET_HEALTH }),
  builtin({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', scope: 'Namespaced', health: () => kubernetesSpecs().REPLICASET_HEALTH }),
  builtin({ group: 'batch', kind: 'Job', plural: 'jobs', scope: 'Namespaced', health: () => kubernetesSpecs().JOB_HEALTH }),
  builtin({ group: 'batch', kind: 'CronJob', plural: 'cronjobs', scope: 'Namespaced' }),
  builtin({ group: 'networking.k8s.io', kind: 'NetworkPolicy', plural: 'networkpolicies', scope: 'Namespaced' }),
  builtin({ group: 'networking.k8s.io', kind: 'Ingress', plural: 'ingresses', scope: 'Namespaced' }),
  builtin({ group: 'policy', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', scope: 'Namespaced' }),
  builtin({ group: 'coordination.k8s.io', kind: 'Lease', plural: 'leases', scope: 'Namespaced' }),
  builtin({ group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy', plural: 'validatingadmissionpolicies', scope: 'Cluster' }),
  builtin({ group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', scope: 'Cluster',
    stage: ApplyStage.WEBHOOKS }),
  builtin({ group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', scope: 'Cluster',
    stage: ApplyStage.WEBHOOKS }),
];
