/**
 * The apply stages, in order. Each stage starts only when the previous one is healthy
 * (for the kinds that gate: CRDs, Namespaces, HyperConverged, NNCPs) and deletes run in the
 * reverse order.
 */
export enum ApplyStage {
  /** CustomResourceDefinitions, Namespaces and operator subscriptions. */
  FOUNDATION = 0,
  /** Classes, RBAC, ConfigMaps/Secrets, operator configuration (HyperConverged, NMState), instancetypes and preferences. */
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
