// KubeVirt feature gates as the pinned KubeVirt (v1.9.0) evaluates them, and how a KubeVirt CR
// or a HyperConverged CR in the input (or in the cluster) sets them.
// States from KubeVirt v1.9.0 pkg/virt-config/featuregate/{active,inactive}.go; precedence from
// its IsEnabled: GA always on, then an explicit enable, then an explicit disable, then Beta = on.
import { KubeObject } from '../types';

export type GateState = 'Alpha' | 'Beta' | 'GA' | 'Deprecated' | 'Discontinued';

/** The KubeVirt release whose gate states these are. */
export const KUBEVIRT_GATES_VERSION = 'v1.9.0';

const BY_STATE: Record<GateState, string> = {
  Alpha: 'AlignCPUs CPUManager ConfigurableHypervisor ContainerPathVolumes CrossArchitectureVirtualization DecentralizedLiveMigration '
    + 'DownwardMetrics EnableVirtioFsStorageVolumes ExperimentalIgnitionSupport FirmwareAutoSelection GraceIOVirtualization HostDevices '
    + 'HostDisk HypervStrictCheck IOMMUFD IncrementalBackup MigrationStallDetection NetworkDevicesWithDRA OCIExport ObjectGraph '
    + 'PCINUMAAwareTopology Plugins PortRangesSpec ReservedOverheadMemlock Root Sidecar UtilityVolumes VGPULiveMigration VMStatsCollector '
    + 'VSOCK WorkloadEncryptionTDX',
  Beta: 'DeclarativeHotplugVolumes ExternalNetResourceInjection GPUsWithDRA HostDevicesWithDRA ImageVolume KubevirtSeccompProfile '
    + 'LibvirtHooksServerAndClient NodeRestriction OptOutRoleAggregation PasstBinding PodSecondaryInterfaceNamingUpgrade RebootPolicy '
    + 'Snapshot Template VmiMemoryOverheadReport WorkloadEncryptionSEV',
  GA: 'AutoResourceLimitsGate BochsDisplayForEFIGuests CPUNodeDiscovery ClusterProfiler CommonInstancetypesDeploymentGate '
    + 'DisableCustomSELinuxPolicy DynamicPodInterfaceNaming EnableVirtioFsConfigVolumes ExpandDisks GPU HotplugNICs '
    + 'InstancetypeReferencePolicy LiveMigration LiveUpdateNADRef MigrationPriorityQueue NUMA NetworkBindingPlugins NonRoot PSA '
    + 'PanicDevices PersistentReservation SRIOVLiveMigration SecureExecution VMExport VMLiveUpdateFeatures VMPersistentState VideoConfig '
    + 'VolumeMigration VolumesUpdateStrategy',
  Deprecated: 'DisableMDEVConfiguration DockerSELinuxMCSWorkaround HotplugVolumes MultiArchitecture',
  Discontinued: 'ExperimentalVirtiofsSupport Macvtap Passt PasstIPStackMigration',
};

/** Every gate KubeVirt v1.9.0 registers, with its state. */
export const GATE_STATES: ReadonlyMap<string, GateState> = new Map(
  (Object.entries(BY_STATE) as Array<[GateState, string]>).flatMap(([state, names]) => names.split(' ').map((n) => [n, state] as const)),
);

/** Explicit gate settings (a KubeVirt CR's developerConfiguration, the config file, HCO's translation). */
export interface GateSettings {
  readonly enabled: readonly string[];
  readonly disabled: readonly string[];
}

/** The effective gates of one cluster: a layered set of settings over the v1.9.0 states. */
export class FeatureGates {
  /** Later layers win over earlier ones for the gates they name. */
  public static of(...layers: ReadonlyArray<Partial<GateSettings> | undefined>): FeatureGates {
    const explicit = new Map<string, boolean>();
    for (const layer of layers) {
      if (!layer) continue;
      // Within one KubeVirt CR an enable beats a disable (IsEnabled checks FeatureGates first).
      for (const g of layer.disabled ?? []) explicit.set(g, false);
      for (const g of layer.enabled ?? []) explicit.set(g, true);
    }
    return new FeatureGates(explicit);
  }

  private constructor(private readonly explicit: ReadonlyMap<string, boolean>) {}

  /** True when KubeVirt v1.9.0 would treat the gate as on. Unknown gates are off. */
  public isEnabled(gate: string): boolean {
    const state = GATE_STATES.get(gate);
    if (state === undefined || state === 'Discontinued') return false;
    if (state === 'GA') return true;
    const set = this.explicit.get(gate);
    if (set !== undefined) return set;
    return state === 'Beta';
  }

  /** Names of the gates that are on (for reports and tests). */
  public enabledGates(): string[] {
    return [...GATE_STATES.keys()].filter((g) => this.isEnabled(g)).sort();
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** A KubeVirt CR's `spec.configuration.developerConfiguration`. */
export function gatesFromKubeVirt(kubevirt: KubeObject): GateSettings {
  const dev = kubevirt?.spec?.configuration?.developerConfiguration ?? {};
  return { enabled: strings(dev.featureGates), disabled: strings(dev.disabledFeatureGates) };
}

// HCO (hyperconverged-cluster-operator at the commit that ships KubeVirt v1.9,
// controllers/handlers/kubevirt.go getKvFeatureGateList / getKvDisabledFeatureGateList):
// a fixed list, the HCO feature-gate flags translated, and every other Beta gate disabled.
const HCO_MANDATORY = ['CPUManager', 'Snapshot', 'HostDevices', 'KubevirtSeccompProfile', 'HypervStrictCheck'];
const HCO_FLAGS: ReadonlyArray<{ flag: string; default: boolean; gates: readonly string[]; otherwise?: readonly string[] }> = [
  { flag: 'downwardMetrics', default: false, gates: ['DownwardMetrics'] },
  { flag: 'alignCPUs', default: false, gates: ['AlignCPUs'] },
  { flag: 'objectGraph', default: false, gates: ['ObjectGraph'] },
  { flag: 'decentralizedLiveMigration', default: true, gates: ['DecentralizedLiveMigration'] },
  { flag: 'declarativeHotplugVolumes', default: true, gates: ['DeclarativeHotplugVolumes'], otherwise: ['HotplugVolumes'] },
  { flag: 'incrementalBackup', default: false, gates: ['IncrementalBackup', 'UtilityVolumes'] },
  { flag: 'containerPathVolumes', default: false, gates: ['ContainerPathVolumes'] },
  { flag: 'template', default: false, gates: ['Template'] },
];

/** HCO's feature-gate flags: the v1beta1 map (`{flag: bool}`) or the v1 list (`[{name, state}]`). */
function hcoFlags(raw: unknown): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  if (Array.isArray(raw)) {
    for (const g of raw) if (typeof g?.name === 'string') flags.set(g.name, g.state !== 'Disabled');
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'boolean') flags.set(k, v);
  }
  return flags;
}

/** The KubeVirt gates HCO writes into the KubeVirt CR for this HyperConverged (its defaults for `{}`). */
export function gatesFromHyperConverged(hco: KubeObject | undefined): GateSettings {
  const flags = hcoFlags(hco?.spec?.featureGates);
  const enabled = [...HCO_MANDATORY];
  for (const f of HCO_FLAGS) {
    if (flags.get(f.flag) ?? f.default) enabled.push(...f.gates);
    else enabled.push(...(f.otherwise ?? []));
  }
  if (hco?.metadata?.annotations?.['hco.kubevirt.io/deployPasstNetworkBinding'] === 'true') enabled.push('PasstBinding');
  const disabled = [...GATE_STATES].filter(([g, s]) => s === 'Beta' && !enabled.includes(g)).map(([g]) => g);
  return { enabled, disabled };
}

/** Gate settings from KubeVirt / HyperConverged objects among `objects` (a KubeVirt CR wins over HCO). */
export function gatesFromObjects(objects: Iterable<KubeObject>): GateSettings | undefined {
  let kubevirt: KubeObject | undefined;
  let hco: KubeObject | undefined;
  for (const o of objects) {
    const group = typeof o?.apiVersion === 'string' ? o.apiVersion.split('/')[0] : '';
    if (o?.kind === 'KubeVirt' && group === 'kubevirt.io') kubevirt ??= o;
    if (o?.kind === 'HyperConverged' && group === 'hco.kubevirt.io') hco ??= o;
  }
  if (kubevirt) return gatesFromKubeVirt(kubevirt);
  if (hco) return gatesFromHyperConverged(hco);
  return undefined;
}

const DEFAULT_GATES = FeatureGates.of();

/** Whether a gate is on under these rule options (KubeVirt v1.9.0 defaults when none are given). */
export function gateEnabled(options: { readonly featureGates?: FeatureGates } | undefined, gate: string): boolean {
  return (options?.featureGates ?? DEFAULT_GATES).isEnabled(gate);
}
