// The apply order of kinds, shared by the constructs (Argo CD sync waves written at synth)
// and the controller (apply waves), so both order a folder the same way.

/** Argo CD's per-object wave annotation. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The apply stages, in order. Each stage starts only when the previous one is healthy
 * (for the kinds that gate: CRDs, Namespaces, NNCPs) and deletes run in the reverse order.
 */
export enum ApplyStage {
  /** CustomResourceDefinitions and Namespaces. */
  FOUNDATION = 0,
  /** Classes, RBAC, ConfigMaps/Secrets, instancetypes and preferences. */
  CLASSES = 1,
  /** NodeNetworkConfigurationPolicies: node networking must be Available before anything uses it. */
  NODE_NETWORK = 2,
  /** NetworkAttachmentDefinitions. */
  NETWORK_ATTACHMENTS = 3,
  /** DataSources, DataImportCrons, PVCs, DataVolumes. */
  STORAGE = 4,
  /** VirtualMachines and their pools. */
  VIRTUAL_MACHINES = 5,
  /** Services, NetworkPolicies and every kind not named elsewhere. */
  OTHERS = 6,
  /** Admission webhooks last, so they do not reject the objects applied before them. */
  WEBHOOKS = 7,
}

const STAGE_BY_KIND: Record<string, ApplyStage> = {
  'apiextensions.k8s.io/CustomResourceDefinition': ApplyStage.FOUNDATION,
  '/Namespace': ApplyStage.FOUNDATION,
  // An operator installs CRDs, so its OLM objects come first and its configuration right after.
  'operators.coreos.com/OperatorGroup': ApplyStage.FOUNDATION,
  'operators.coreos.com/Subscription': ApplyStage.FOUNDATION,
  'hco.kubevirt.io/HyperConverged': ApplyStage.CLASSES,
  '/ServiceAccount': ApplyStage.CLASSES,
  '/ConfigMap': ApplyStage.CLASSES,
  '/Secret': ApplyStage.CLASSES,
  '/ResourceQuota': ApplyStage.CLASSES,
  '/LimitRange': ApplyStage.CLASSES,
  'rbac.authorization.k8s.io/ClusterRole': ApplyStage.CLASSES,
  'rbac.authorization.k8s.io/ClusterRoleBinding': ApplyStage.CLASSES,
  'rbac.authorization.k8s.io/Role': ApplyStage.CLASSES,
  'rbac.authorization.k8s.io/RoleBinding': ApplyStage.CLASSES,
  'instancetype.kubevirt.io/VirtualMachineInstancetype': ApplyStage.CLASSES,
  'instancetype.kubevirt.io/VirtualMachineClusterInstancetype': ApplyStage.CLASSES,
  'instancetype.kubevirt.io/VirtualMachinePreference': ApplyStage.CLASSES,
  'instancetype.kubevirt.io/VirtualMachineClusterPreference': ApplyStage.CLASSES,
  'migrations.kubevirt.io/MigrationPolicy': ApplyStage.CLASSES,
  'nmstate.io/NodeNetworkConfigurationPolicy': ApplyStage.NODE_NETWORK,
  'k8s.cni.cncf.io/NetworkAttachmentDefinition': ApplyStage.NETWORK_ATTACHMENTS,
  'cdi.kubevirt.io/DataSource': ApplyStage.STORAGE,
  'cdi.kubevirt.io/DataImportCron': ApplyStage.STORAGE,
  'cdi.kubevirt.io/DataVolume': ApplyStage.STORAGE,
  '/PersistentVolumeClaim': ApplyStage.STORAGE,
  'kubevirt.io/VirtualMachine': ApplyStage.VIRTUAL_MACHINES,
  'pool.kubevirt.io/VirtualMachinePool': ApplyStage.VIRTUAL_MACHINES,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': ApplyStage.WEBHOOKS,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': ApplyStage.WEBHOOKS,
};

/** Waves are spaced per stage so a chain of dependencies inside a stage fits between them. */
export const WAVES_PER_STAGE = 10;

/** The stage a kind belongs to, before explicit dependencies are taken into account. */
export function stageOfKind(apiVersion: string, kind: string): ApplyStage {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const known = STAGE_BY_KIND[`${group}/${kind}`];
  if (known !== undefined) return known;
  // Cluster-wide "class" kinds (StorageClass, PriorityClass, IngressClass...) precede their users, as Flux does.
  if (kind.endsWith('Class')) return ApplyStage.CLASSES;
  return ApplyStage.OTHERS;
}

