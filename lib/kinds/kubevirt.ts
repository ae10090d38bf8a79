// The kinds of KubeVirt and the projects around it (CDI, nmstate, Multus, HCO, OpenShift,
// Forklift, OLM, Argo CD). Versions, plurals and scopes match the pinned CRDs (a test checks).
import type { HealthSpec } from '../health/types';
import { genericSpecs, kubevirtSpecs, platformSpecs, withLazyHealth } from './lazy-health';
import { ApplyStage } from './stage';
import { KindDefinition } from './types';

/** `health` names the kind's spec (loaded on first read, see lazy-health.ts). */
type Crd = Omit<KindDefinition, 'source' | 'scope' | 'health'> & { scope?: KindDefinition['scope']; health?: () => HealthSpec };
const crd = ({ health, ...def }: Crd): KindDefinition => withLazyHealth({ scope: 'Namespaced', ...def, source: 'crd' }, health);

export const KUBEVIRT_KINDS: readonly KindDefinition[] = [
  // An operator installs CRDs, so its OLM objects come first and its configuration right after.
  crd({ group: 'operators.coreos.com', kind: 'OperatorGroup', versions: ['v1'], plural: 'operatorgroups', stage: ApplyStage.FOUNDATION }),
  crd({ group: 'operators.coreos.com', kind: 'Subscription', versions: ['v1alpha1'], plural: 'subscriptions', stage: ApplyStage.FOUNDATION,
    ruleSet: 'Subscription', health: () => platformSpecs().SUBSCRIPTION_HEALTH }),
  // Created by OLM, never authored; listed for their health.
  crd({ group: 'operators.coreos.com', kind: 'InstallPlan', versions: ['v1alpha1'], plural: 'installplans', health: () => platformSpecs().INSTALL_PLAN_HEALTH }),
  crd({ group: 'operators.coreos.com', kind: 'ClusterServiceVersion', versions: ['v1alpha1'], plural: 'clusterserviceversions', health: () => platformSpecs().CSV_HEALTH }),
  // HCO installs KubeVirt, CDI and the network addons: nothing of theirs works before it is Available.
  // The KubeVirt CR (virt-operator's configuration; HCO writes it): read for its feature gates.
  crd({ group: 'kubevirt.io', kind: 'KubeVirt', versions: ['v1'], plural: 'kubevirts' }),
  crd({ group: 'hco.kubevirt.io', kind: 'HyperConverged', versions: ['v1beta1', 'v1'], plural: 'hyperconvergeds',
    stage: ApplyStage.CLASSES, gate: 'Available', health: () => kubevirtSpecs().HYPERCONVERGED_HEALTH, ruleSet: 'HyperConverged' }),
  // The NMState CR starts the nmstate handler: no NNCP becomes Available before it is.
  crd({ group: 'nmstate.io', kind: 'NMState', versions: ['v1'], plural: 'nmstates', scope: 'Cluster',
    stage: ApplyStage.CLASSES, gate: 'Available', health: () => kubevirtSpecs().NMSTATE_HEALTH }),

  crd({ group: 'instancetype.kubevirt.io', kind: 'VirtualMachineInstancetype', versions: ['v1beta1'], plural: 'virtualmachineinstancetypes', topology: 'flavor',
    stage: ApplyStage.CLASSES, ruleSet: 'VirtualMachineInstancetype' }),
  crd({ group: 'instancetype.kubevirt.io', kind: 'VirtualMachineClusterInstancetype', versions: ['v1beta1'], plural: 'virtualmachineclusterinstancetypes', topology: 'flavor',
    scope: 'Cluster', stage: ApplyStage.CLASSES, ruleSet: 'VirtualMachineClusterInstancetype' }),
  crd({ group: 'instancetype.kubevirt.io', kind: 'VirtualMachinePreference', versions: ['v1beta1'], plural: 'virtualmachinepreferences', topology: 'flavor',
    stage: ApplyStage.CLASSES, ruleSet: 'VirtualMachinePreference' }),
  crd({ group: 'instancetype.kubevirt.io', kind: 'VirtualMachineClusterPreference', versions: ['v1beta1'], plural: 'virtualmachineclusterpreferences', topology: 'flavor',
    scope: 'Cluster', stage: ApplyStage.CLASSES, ruleSet: 'VirtualMachineClusterPreference' }),
  crd({ group: 'migrations.kubevirt.io', kind: 'MigrationPolicy', versions: ['v1alpha1'], plural: 'migrationpolicies', scope: 'Cluster',
    stage: ApplyStage.CLASSES, ruleSet: 'MigrationPolicy' }),

  crd({ group: 'nmstate.io', kind: 'NodeNetworkConfigurationPolicy', versions: ['v1', 'v1beta1'], plural: 'nodenetworkconfigurationpolicies', topology: 'host',
    scope: 'Cluster', stage: ApplyStage.NODE_NETWORK, gate: 'Available', ruleSet: 'NodeNetworkConfigurationPolicy', health: () => kubevirtSpecs().NNCP_HEALTH }),
  crd({ group: 'nmstate.io', kind: 'NodeNetworkConfigurationEnactment', versions: ['v1beta1'], plural: 'nodenetworkconfigurationenactments', scope: 'Cluster' }),
  crd({ group: 'nmstate.io', kind: 'NodeNetworkState', versions: ['v1beta1'], plural: 'nodenetworkstates', scope: 'Cluster' }),
  crd({ group: 'k8s.cni.cncf.io', kind: 'NetworkAttachmentDefinition', versions: ['v1'], plural: 'network-attachment-definitions', topology: 'network',
    stage: ApplyStage.NETWORK_ATTACHMENTS, ruleSet: 'NetworkAttachmentDefinition', health: () => genericSpecs().EXISTS_HEALTH }),

  crd({ group: 'cdi.kubevirt.io', kind: 'DataSource', versions: ['v1beta1'], plural: 'datasources', topology: 'source', stage: ApplyStage.STORAGE }),
  crd({ group: 'cdi.kubevirt.io', kind: 'DataImportCron', versions: ['v1beta1'], plural: 'dataimportcrons', topology: 'source', stage: ApplyStage.STORAGE,
    ruleSet: 'DataImportCron', health: () => kubevirtSpecs().DATA_IMPORT_CRON_HEALTH }),
  crd({ group: 'cdi.kubevirt.io', kind: 'DataVolume', versions: ['v1beta1'], plural: 'datavolumes', topology: 'disk', stage: ApplyStage.STORAGE,
    holdsData: true, ruleSet: 'DataVolume', health: () => kubevirtSpecs().DATA_VOLUME_HEALTH }),
  crd({ group: 'cdi.kubevirt.io', kind: 'StorageProfile', versions: ['v1beta1'], plural: 'storageprofiles', scope: 'Cluster' }),
  crd({ group: 'cdi.kubevirt.io', kind: 'ObjectTransfer', versions: ['v1beta1'], plural: 'objecttransfers', scope: 'Cluster' }),

  crd({ group: 'kubevirt.io', kind: 'VirtualMachine', versions: ['v1', 'v1alpha3'], plural: 'virtualmachines', topology: 'workload',
    stage: ApplyStage.VIRTUAL_MACHINES, ruleSet: 'VirtualMachine', health: () => kubevirtSpecs().VIRTUAL_MACHINE_HEALTH }),
  // A pool owns its VMs and they own their DataVolumes: prune walks that chain (controller/ownership.ts).
  crd({ group: 'pool.kubevirt.io', kind: 'VirtualMachinePool', versions: ['v1beta1', 'v1alpha1'], plural: 'virtualmachinepools', topology: 'workload',
    stage: ApplyStage.VIRTUAL_MACHINES, ruleSet: 'VirtualMachinePool', health: () => kubevirtSpecs().VIRTUAL_MACHINE_POOL_HEALTH }),
  crd({ group: 'kubevirt.io', kind: 'VirtualMachineInstance', versions: ['v1', 'v1alpha3'], plural: 'virtualmachineinstances', topology: 'workload',
    ruleSet: 'VirtualMachineInstance', health: () => kubevirtSpecs().VIRTUAL_MACHINE_INSTANCE_HEALTH }),
  crd({ group: 'kubevirt.io', kind: 'VirtualMachineInstanceMigration', versions: ['v1', 'v1alpha3'], plural: 'virtualmachineinstancemigrations',
    health: () => platformSpecs().VMI_MIGRATION_HEALTH }),
  crd({ group: 'kubevirt.io', kind: 'VirtualMachineInstanceReplicaSet', versions: ['v1', 'v1alpha3'], plural: 'virtualmachineinstancereplicasets', topology: 'workload' }),

  crd({ group: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshot', versions: ['v1beta1', 'v1alpha1'], plural: 'virtualmachinesnapshots', holdsData: true,
    health: () => kubevirtSpecs().VM_SNAPSHOT_HEALTH, ruleSet: 'VirtualMachineSnapshot' }),
  crd({ group: 'snapshot.kubevirt.io', kind: 'VirtualMachineSnapshotContent', versions: ['v1beta1', 'v1alpha1'], plural: 'virtualmachinesnapshotcontents',
    holdsData: true }),
  crd({ group: 'snapshot.kubevirt.io', kind: 'VirtualMachineRestore', versions: ['v1beta1', 'v1alpha1'], plural: 'virtualmachinerestores', health: () => kubevirtSpecs().VM_RESTORE_HEALTH, ruleSet: 'VirtualMachineRestore' }),
  crd({ group: 'clone.kubevirt.io', kind: 'VirtualMachineClone', versions: ['v1beta1', 'v1alpha1'], plural: 'virtualmachineclones', health: () => kubevirtSpecs().VM_CLONE_HEALTH, ruleSet: 'VirtualMachineClone' }),
  crd({ group: 'export.kubevirt.io', kind: 'VirtualMachineExport', versions: ['v1', 'v1beta1'], plural: 'virtualmachineexports', health: () => kubevirtSpecs().VM_EXPORT_HEALTH, ruleSet: 'VirtualMachineExport' }),

  // Templates are catalog entries like instancetypes: they create nothing and carry no status, and the
  // VMs instantiated from them do not need them, so a later wave than those VMs would only be held back
  // by them (a stopped VM Argo CD calls Suspended would block the Template forever).
  crd({ group: 'template.openshift.io', kind: 'Template', versions: ['v1'], plural: 'templates', stage: ApplyStage.CLASSES,
    health: () => genericSpecs().EXISTS_HEALTH }),
  crd({ group: 'template.kubevirt.io', kind: 'VirtualMachineTemplate', versions: ['v1beta1', 'v1alpha1'], plural: 'virtualmachinetemplates',
    stage: ApplyStage.CLASSES, health: () => genericSpecs().EXISTS_HEALTH }),
  crd({ group: 'template.kubevirt.io', kind: 'VirtualMachineTemplateRequest', versions: ['v1beta1', 'v1alpha1'], plural: 'virtualmachinetemplaterequests' }),

  crd({ group: 'forklift.konveyor.io', kind: 'ForkliftController', versions: ['v1beta1'], plural: 'forkliftcontrollers' }),
  crd({ group: 'forklift.konveyor.io', kind: 'Provider', versions: ['v1beta1'], plural: 'providers', ruleSet: 'ForkliftProvider', health: () => platformSpecs().FORKLIFT_READY_HEALTH }),
  crd({ group: 'forklift.konveyor.io', kind: 'Host', versions: ['v1beta1'], plural: 'hosts' }),
  crd({ group: 'forklift.konveyor.io', kind: 'NetworkMap', versions: ['v1beta1'], plural: 'networkmaps', ruleSet: 'ForkliftNetworkMap', health: () => platformSpecs().FORKLIFT_READY_HEALTH }),
  crd({ group: 'forklift.konveyor.io', kind: 'StorageMap', versions: ['v1beta1'], plural: 'storagemaps', ruleSet: 'ForkliftStorageMap', health: () => platformSpecs().FORKLIFT_READY_HEALTH }),
  crd({ group: 'forklift.konveyor.io', kind: 'Hook', versions: ['v1beta1'], plural: 'hooks' }),
  crd({ group: 'forklift.konveyor.io', kind: 'Plan', versions: ['v1beta1'], plural: 'plans', ruleSet: 'ForkliftPlan', health: () => platformSpecs().FORKLIFT_PLAN_HEALTH }),
  crd({ group: 'forklift.konveyor.io', kind: 'Migration', versions: ['v1beta1'], plural: 'migrations', ruleSet: 'ForkliftMigration', health: () => platformSpecs().FORKLIFT_MIGRATION_HEALTH }),

  crd({ group: 'monitoring.coreos.com', kind: 'ServiceMonitor', versions: ['v1'], plural: 'servicemonitors' }),
  crd({ group: 'monitoring.coreos.com', kind: 'PrometheusRule', versions: ['v1'], plural: 'prometheusrules' }),
  crd({ group: 'route.openshift.io', kind: 'Route', versions: ['v1'], plural: 'routes' }),
  crd({ group: 'argoproj.io', kind: 'AppProject', versions: ['v1alpha1'], plural: 'appprojects' }),
  crd({ group: 'argoproj.io', kind: 'Application', versions: ['v1alpha1'], plural: 'applications' }),
  crd({ group: 'argoproj.io', kind: 'ApplicationSet', versions: ['v1alpha1'], plural: 'applicationsets' }),
];
