// The public API of cdk8s-kubevirt, curated: every name here is listed in the README's "API"
// section (a test keeps the two equal). Helpers the families share among themselves (renderers,
// per-family checks, parsers) stay internal: import them from the family only inside this package.
// The validator and the controller are separate entry points (cdk8s-kubevirt/validation,
// cdk8s-kubevirt/controller); constructs never import them. The cdk8s validation plugin is
// exported here too, so cdk8s.yaml can load it from the installed package.
// A new public name goes here AND into the README's API list (test/package/api.test.ts).


// core: the base of every construct, wiring contracts, sync waves and synth warnings
export {
  ApplyStage, CHART_LABEL, DEPENDS_ON_ANNOTATION, enableSyncWaves, KubeVirtResource, NameStyle, parseDependsOn,
  setNameStyle, SYNC_WAVE_ANNOTATION, SYNTH_WARNING_METADATA, synthWarnings, ValidationConfig,
} from './core';
export type {
  DependencyRef, IDataSource, IDataVolume, IInstancetype, INetworkAttachment, IPreference,
  KubeVirtResourceProps, NetworkPolicyPeerConfigLike, ObjectReference, PodSelectorConfigLike, ReadableNameOptions, ResourceKind,
  SecondaryBinding, SynthWarning, ValidationConfigProps,
} from './core';

// compute: VirtualMachine and its value types
export {
  AccessCredential, Clock, CloudConfig, CloudInit, CloudInitDatasource, CpuModel, CpuTopology, DiskBus,
  DiskCache, DiskDevice, DiskIo, DiskSource, DOMAIN_LABEL, EvictionStrategy, Firmware, HostDiskType,
  HypervFeatures, Interface, InterfaceBinding, InterfaceModel, IoThreadsPolicy, NetworkData, POOL_LABEL,
  PoolScaleInStrategy, PoolSortPolicy, PoolStatePreservation, PoolUpdateStrategy, PortProtocol,
  RunStrategy, SshKeyPropagation, TickPolicy, UserData, VirtualMachine, VirtualMachineBase, VirtualMachinePool,
  VirtualMachineSpecBuilder, VM_NAME_LABEL, VmNetwork, VmProbe, VmScheduling,
} from './compute';
export type {
  CloudConfigFile, CloudConfigProps, CloudConfigUser, CloudInitOptions, ConfigDiskOptions,
  ContainerDiskOptions, DataSourceCloneOptions, DiskOptions, DomainFeatures, EfiOptions, FirmwareIdentity,
  InterfaceOptions, InterfacePort, InterfaceProps, IVirtualMachineProfile, PoolAutohealing,
  PoolProactiveScaleInOptions, PoolSelectionPolicy, VirtualMachineBaseProps, VirtualMachineComputeOptions,
  VirtualMachineExposeOptions, VirtualMachinePoolProps, VirtualMachineProfileOptions, VirtualMachineProps,
  VirtualMachineSpecContext, VirtualMachineSpecProps,
  VmDataVolumeTemplateProps, VmDisk, VmInterface, VmNodeAffinityOptions, VmPodAffinityOptions,
  VmProbeOptions, VmResources,
} from './compute';

// compute: how a VM names its instancetype and preference (inference, pinned revisions); hotplug and live update
export { FlavorMatcher, InferFromVolumeFailurePolicy, InstancetypeRef, PreferenceRef, UpdateVolumesStrategy } from './compute';
export type { FlavorRevisionOptions, InferFromVolumeOptions } from './compute';

// flavors: instancetypes, preferences, the common catalog, flavors, workload and OS profiles
export {
  CatalogInstancetype, CatalogPreference, ClusterInstancetype, ClusterPreference, CommonInstancetype,
  CommonPreference, emitCommonCatalog, Flavor, HugepageSize, HypervEnlightenments, Instancetype,
  InstancetypeBase, OsProfile, Preference, PreferenceBase, PreferenceClock, PreferenceFirmware,
  PreferredCpuTopology, SpreadAcross, VM_FLAVOR_ANNOTATION, VM_OS_ANNOTATION, VM_SIZE_LABEL,
  VM_WORKLOAD_ANNOTATION, WorkloadProfile,
} from './flavors';
export type {
  CatalogInstancetypeDefinition, CatalogPreferenceDefinition, ClockTimers, DeviceRequest,
  EmitCommonCatalogOptions, InstancetypeProps, InstancetypeSpecProps, IoThreadsPolicyValue,
  OsProfileDefinition, PreferenceDevices, PreferenceEfiOptions, PreferenceFeatures, PreferenceProps,
  PreferenceRequirements, PreferenceSpecProps, PreferredBus, SpreadOptions, WorkloadName,
} from './flavors';

// templates: OpenShift VM templates, their validation rules, golden images
export {
  commonTemplateValidations, DEFAULT_DATA_SOURCE_NAMESPACE, evaluateValidationRules, GoldenImage,
  ValidationRule, VALIDATIONS_ANNOTATION, VirtualMachineTemplate, VmTemplateFormat,
} from './templates';
export type {
  GoldenImageProps, IntegerRuleOptions, StringRuleOptions, TemplateConsoleOptions, TemplateInstanceParams,
  TemplateObjectOptions, TemplateOperatingSystem, TemplateParameter, TemplateVmProps, ValidationResult, ValidationRuleJson, ValidationRuleOptions,
  VirtualMachineTemplateProps,
} from './templates';

// storage: CDI DataVolumes, DataSources, DataImportCrons
export {
  AccessMode, BIND_IMMEDIATE_ANNOTATION, DataImportCron, DataSource, DataVolume, DataVolumeContentType,
  DataVolumeSource, DEFAULT_INSTANCETYPE_KIND_LABEL, DEFAULT_INSTANCETYPE_LABEL,
  DEFAULT_PREFERENCE_KIND_LABEL, DEFAULT_PREFERENCE_LABEL, DELETE_AFTER_COMPLETION_ANNOTATION,
  ImportGarbageCollection, ImportRetentionPolicy, RegistryPullMethod, StorageForm, VolumeMode,
} from './storage';
export type {
  CloneClaimRef, DataImportCronProps, DataSourceProps, DataVolumeProps, DataVolumeSourceKind,
  DataVolumeSpecProps, GcsSourceOptions, HttpSourceOptions, ImageIoSourceOptions, InferenceDefaults,
  RegistryImage, RegistrySourceOptions, S3SourceOptions, SourceConfigMapRef, SourceSecretRef,
  VddkSourceOptions,
} from './storage';

// network: nmstate host networking and Multus VM networks
export {
  BondAdSelect, BondArpAllTargets, BondArpValidate, BondFailOverMac, BondInterface, BondLacpRate, BondMode,
  BondPrimaryReselect, BondXmitHashPolicy, BridgeMulticastRouter, BridgeNetwork, BridgePortVlan, CniIpam,
  DEFAULT_CNI_VERSION, EthernetDuplex, EthernetInterface, IpConfig, LinuxBridgeInterface, MacvlanMode,
  MacvlanNetwork, NetworkAttachmentBase, NodeInterface, NodeInterfaceState, NodeNetworkPolicy, NodeRouteType,
  OvnBridgeMapping, OvnBridgeMappingState, OvnLayer2Network, OvnLocalnetNetwork, OvnNetworkBase,
  OvsBridgeInterface, OvsFailMode, OvsInternalInterface, RESOURCE_NAME_ANNOTATION, SriovLinkState,
  SriovNetwork, VlanInterface, VlanProtocol, VlanRegistrationProtocol,
} from './network';
export type {
  BondOptions, BondPortConfig, BondProps, BridgeNetworkProps, BridgePortTrunkOptions, CniRoute,
  EthernetProps, HostLocalIpamOptions, INodeNetworkPolicy, IpDhcpOptions, LinuxBridgePort, LinuxBridgePortConfig,
  LinuxBridgeProps, MacvlanNetworkProps, NetworkAttachmentProps, NodeDnsOptions, NodeInterfaceOptions,
  NodeInterfacePort, NodeNetworkPolicyProps, NodeRoute, OvnBridgeMappingOptions, OvnLayer2NetworkProps,
  OvnLocalnetNetworkProps, OvnNetworkProps, OvsBridgePort, OvsBridgePortConfig, OvsBridgeProps,
  SriovNetworkProps, StaticIpamOptions, StpOptions, TuningOptions, VlanProps, VlanRange, VlanTag,
  WhereaboutsIpamOptions,
} from './network';

// compute: optional VM devices and pod-level options
export {
  DnsPolicy, FilesystemSource, Gpu, HostDevice, LAUNCHER_ANNOTATIONS, SoundModel, TopologySpread, UnsatisfiableSpreadAction, VmDevices, Watchdog, WatchdogAction,
} from './compute';
export type {
  DownwardApiFile, GpuOptions, LauncherOptions, PassthroughDeviceOptions, RealtimeOptions, RenderedDevices, SoundDevice,
  TopologySpreadProps, VirtualGpuDisplayOptions, VirtualMachineDeviceOptions, VirtualMachinePodOptions, VmDnsConfig, VmFilesystem,
} from './compute';

// platform: the toolkit's own controller, operator install, HyperConverged, migration, snapshots, clones, exports, VM namespaces
export {
  CONTROLLER_SERVICE_LABEL, ControllerServiceMonitor, ControllerSource, DATA_IMPORT_CRON_ENABLE_ANNOTATION,
  DEFAULT_MANAGED_RESOURCES, FORKLIFT_NAMESPACE, ForkliftMigration, ForkliftPlan, ForkliftProvider,
  GRAFANA_DASHBOARD_LABEL, GrafanaDashboard, HCO_LIVE_MIGRATION_DEFAULTS, HcoManagedDataSource, hostProvider,
  HyperConverged, HYPERCONVERGED_NAME, InstallPlanApproval, KubeVirtGitOpsController, launcherPodRequests,
  memoryOverheadBytes, MIGRATION_POLICY_LABEL, MigrationPolicy, MigrationType, NetworkDestination,
  NetworkMap, OPENSHIFT_OS_IMAGES_NAMESPACE, OperatorCatalog, OperatorGroup, OperatorInstall,
  PLATFORM_MANAGED_RESOURCES, ProviderType, RouteTermination, SnapshotDeletionPolicy, StorageMap,
  Subscription, TargetReadinessPolicy, TUNING_POLICY_ANNOTATION, TuningPolicy, VirtualizationAlerts,
  VirtualMachineClone, VirtualMachineExport, VirtualMachineIngress, VirtualMachineInstanceMigration,
  VirtualMachineRestore, VirtualMachineRoute, VirtualMachineSnapshot, VM_COUNT_QUOTA, VmNamespace,
  VolumeRestorePolicy,
} from './platform';
export type {
  AlertRule, ControllerServiceMonitorProps, DashboardPanel, ForkliftMigrationProps, ForkliftPlanProps,
  ForkliftProviderProps, GitSyncOptions, GrafanaDashboardProps, GuestShape, HcoGoldenImageProps,
  HyperConvergedFeatureGates, HyperConvergedProps, KubeVirtGitOpsControllerProps, LauncherClusterSettings,
  LauncherRequests, LiveMigrationLimits, ManagedResource, MigrationPolicyProps, NetworkMapProps,
  NodePlacement, OperatorCatalogOptions, OperatorGroupProps, OperatorInstallProps, PlanVm, RestorePatch,
  SourceRef, StorageDestination, StorageMapProps, SubscriptionProps, VirtualizationAlertsProps,
  VirtualMachineCloneProps, VirtualMachineExportProps, VirtualMachineIngressProps,
  VirtualMachineInstanceMigrationProps, VirtualMachineRestoreProps, VirtualMachineRouteProps,
  VirtualMachineSnapshotProps, VmNamespaceProps,
} from './platform';
export type { PermittedHostDevices, PermittedMediatedDevice, PermittedPciDevice } from './platform';

// gitops: Argo CD Applications, AppProjects, ApplicationSets, argocd-cm customizations, the Config Management Plugin
export {
  APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA, ApplicationSet, ApplicationSource, AppProject,
  ArgoApplication, ARGOCD_NAMESPACE, ArgoCdCustomizations, CdkSynthPlugin, CHART_ENV, ChartApplications,
  chartFolderName, ClusterGenerator, DEFAULT_SYNC_OPTIONS, Destination, GitOpsApp, ignoreDifferencesFor,
  IN_CLUSTER_SERVER, KUBEVIRT_CLUSTER_KINDS, KUBEVIRT_WRITTEN_FIELDS, OPERATED_RUN_STRATEGY,
  PLUGIN_CONFIG_PATH, SyncPolicy,
} from './gitops';
export type {
  ApplicationSetProps, AppProjectProps, ArgoApplicationProps, ArgoCdCustomizationsProps,
  AutomatedSyncOptions, CdkSynthPluginProps, ChartApplication, ChartApplicationsProps,
  CustomIgnoreDifferences, GitOpsAppProps, GitSourceOptions, GroupKind, IgnoreDifference, KubeVirtIgnoreOptions,
  LuaHealthCheck, PluginSourceOptions, SyncRetryOptions, WrittenField,
} from './gitops';

// the cdk8s validation plugin (cdk8s.yaml `validations:`)
export { KubeVirtValidation } from './validation/cdk8s-plugin';
export type { KubeVirtValidationProps } from './validation/cdk8s-plugin';

// the rule catalog enforced inside the cluster (ValidatingAdmissionPolicies)
export { KubeVirtAdmissionPolicies, buildAdmissionPolicies, enforceabilityReport, POLICY_FAMILIES } from './policy';
export type { KubeVirtAdmissionPoliciesProps, AdmissionPolicyOptions, PolicyFamily, PolicyParams } from './policy';

// the cdk8s topology plugin (cdk8s.yaml `validations:`): TOPOLOGY.md beside the output folder
export { KubeVirtTopology } from './graph/cdk8s-plugin';
export type { KubeVirtTopologyProps } from './graph/cdk8s-plugin';
