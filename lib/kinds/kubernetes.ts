// Kubernetes' own kinds that synthesized folders commonly hold (cdk8s-plus objects, RBAC,
// storage) or that health and prune must understand.
import { ApplyStage } from './stage';
import { KindDefinition } from './types';

type Builtin = Omit<KindDefinition, 'source' | 'versions'> & { versions?: readonly string[] };

const builtin = (def: Builtin): KindDefinition => ({ versions: ['v1'], ...def, source: 'kubernetes' });
const core = (kind: string, plural: string, extra: Partial<Builtin> = {}) => builtin({ group: '', kind, plural, scope: 'Namespaced', ...extra });

export const KUBERNETES_KINDS: readonly KindDefinition[] = [
  core('Namespace', 'namespaces', { scope: 'Cluster', stage: ApplyStage.FOUNDATION, gate: 'Active' }),
  builtin({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', scope: 'Cluster',
    stage: ApplyStage.FOUNDATION, gate: 'Established' }),

  core('ServiceAccount', 'serviceaccounts', { stage: ApplyStage.CLASSES }),
  core('ConfigMap', 'configmaps', { stage: ApplyStage.CLASSES }),
  core('Secret', 'secrets', { stage: ApplyStage.CLASSES }),
  core('ResourceQuota', 'resourcequotas', { stage: ApplyStage.CLASSES }),
  core('LimitRange', 'limitranges', { stage: ApplyStage.CLASSES }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', plural: 'clusterroles', scope: 'Cluster', stage: ApplyStage.CLASSES }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', scope: 'Cluster', stage: ApplyStage.CLASSES }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'Role', plural: 'roles', scope: 'Namespaced', stage: ApplyStage.CLASSES }),
  builtin({ group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', plural: 'rolebindings', scope: 'Namespaced', stage: ApplyStage.CLASSES }),
  builtin({ group: 'storage.k8s.io', kind: 'StorageClass', plural: 'storageclasses', scope: 'Cluster' }),
  builtin({ group: 'scheduling.k8s.io', kind: 'PriorityClass', plural: 'priorityclasses', scope: 'Cluster' }),
  builtin({ group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshotClass', plural: 'volumesnapshotclasses', scope: 'Cluster' }),

  core('PersistentVolumeClaim', 'persistentvolumeclaims', { stage: ApplyStage.STORAGE, holdsData: true }),
  core('PersistentVolume', 'persistentvolumes', { scope: 'Cluster' }),
  builtin({ group: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', plural: 'volumesnapshots', scope: 'Namespaced', holdsData: true }),

  core('Service', 'services'),
  core('Endpoints', 'endpoints'),
  core('Pod', 'pods'),
  builtin({ group: 'apps', kind: 'Deployment', plural: 'deployments', scope: 'Namespaced' }),
  builtin({ group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', scope: 'Namespaced' }),
  builtin({ group: 'apps', kind: 'DaemonSet', plural: 'daemonsets', scope: 'Namespaced' }),
  builtin({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', scope: 'Namespaced' }),
  builtin({ group: 'batch', kind: 'Job', plural: 'jobs', scope: 'Namespaced' }),
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
