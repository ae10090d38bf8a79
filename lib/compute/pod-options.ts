// Options of the VM's virt-launcher pod: DNS, topology spread, a paused start, and the
// annotations KubeVirt reads from the VM template (named after KubeVirt's core/v1 constants).
// The auto-memory-limits ratio is a Namespace label, not a VM setting, so it is not here.
import * as plus from 'cdk8s-plus-27';
import { compact } from '../core/compact';

/** How the VM's pod resolves names. */
export enum DnsPolicy {
  /** Cluster DNS first, then the node's upstream (Kubernetes' default). */
  CLUSTER_FIRST = 'ClusterFirst',
  /** Cluster DNS for pods on the host network. */
  CLUSTER_FIRST_WITH_HOST_NET = 'ClusterFirstWithHostNet',
  /** The node's resolver configuration. */
  DEFAULT = 'Default',
  /** Only `dnsConfig` (needs at least one nameserver). */
  NONE = 'None',
}

/** Resolver settings merged into (or, with `DnsPolicy.NONE`, replacing) the policy's. */
export interface VmDnsConfig {
  /** Up to 3 nameserver IPs. @default - none */
  readonly nameservers?: string[];
  /** Up to 6 search domains. @default - none */
  readonly searches?: string[];
  /** Resolver options, e.g. `{ ndots: '2' }` (an empty value sets the bare option). @default - none */
  readonly options?: Record<string, string>;
}

/** What the scheduler does when a spread constraint cannot be met. */
export enum UnsatisfiableSpreadAction {
  DO_NOT_SCHEDULE = 'DoNotSchedule',
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
}

/** Properties of a topology spread constraint. */
export interface TopologySpreadProps {
  /** Topology domain to spread over (hostname, zone...). */
  readonly topology: plus.Topology;
  /** Labels selecting the pods counted (e.g. a pool's `kubevirt.io/vmpool`). */
  readonly matchLabels: Record<string, string>;
  /** @default 1 */
  readonly maxSkew?: number;
  /** @default UnsatisfiableSpreadAction.DO_NOT_SCHEDULE */
  readonly whenUnsatisfiable?: UnsatisfiableSpreadAction;
  /** Minimum number of eligible domains (with DoNotSchedule). @default - none */
  readonly minDomains?: number;
}

/** A `topologySpreadConstraints[]` entry: spread matching VMs evenly over a topology. */
export class TopologySpread {
  /** Spread the selected VMs' pods over the topology. */
  public static of(props: TopologySpreadProps): TopologySpread {
    return new TopologySpread(props);
  }

  private constructor(private readonly props: TopologySpreadProps) {}

  public render(): Record<string, unknown> {
    const p = this.props;
    return compact({
      maxSkew: p.maxSkew ?? 1,
      topologyKey: p.topology.key,
      whenUnsatisfiable: p.whenUnsatisfiable ?? UnsatisfiableSpreadAction.DO_NOT_SCHEDULE,
      labelSelector: { matchLabels: { ...p.matchLabels } },
      minDomains: p.minDomains,
    });
  }
}

/** Settings KubeVirt reads from annotations of the VM template (the virt-launcher pod's owner). */
export interface LauncherOptions {
  /**
   * Keep the virt-launcher pod after the VM fails, to debug it (`kubevirt.io/keep-launcher-alive-after-failure`).
   * @default false
   */
  readonly keepAfterFailure?: boolean;
  /**
   * libvirt log filters, e.g. `3:remote 4:event 1:*` (`kubevirt.io/libvirt-log-filters`).
   * @default - KubeVirt's filters
   */
  readonly libvirtLogFilters?: string;
  /**
   * Opt out of the memory balloon's free page reporting (`kubevirt.io/free-page-reporting-disabled`).
   * @default false
   */
  readonly disableFreePageReporting?: boolean;
  /**
   * With an isolated emulator thread, round the pod's CPUs up to an even count
   * (`alpha.kubevirt.io/EmulatorThreadCompleteToEvenParity`).
   * @default false
   */
  readonly emulatorThreadCompleteToEvenParity?: boolean;
  /**
   * Place PCI devices on the root complex instead of PCIe root ports (`kubevirt.io/placePCIDevicesOnRootComplex`).
   * @default false
   */
  readonly placePciDevicesOnRootComplex?: boolean;
  /**
   * Back hugepages memory without memfd (`kubevirt.io/memfd: "false"`; only read with hugepages,
   * and virtiofs or passt still need memfd).
   * @default false
   */
  readonly disableMemfd?: boolean;
  /**
   * Allow live migration with a bridge binding on the pod network (`kubevirt.io/allow-pod-bridge-network-live-migration`).
   * @default false
   */
  readonly allowPodBridgeNetworkLiveMigration?: boolean;
}

/** Pod-level options of the VM. */
export interface VirtualMachinePodOptions {
  /** @default DnsPolicy.CLUSTER_FIRST */
  readonly dnsPolicy?: DnsPolicy;
  /** @default - none */
  readonly dnsConfig?: VmDnsConfig;
  /** @default - none */
  readonly topologySpread?: TopologySpread[];
  /**
   * Start the guest paused (`startStrategy: Paused`): the VM boots when unpaused (`virtctl unpause`).
   * Not with a liveness probe.
   * @default false
   */
  readonly startPaused?: boolean;
  /** @default - none */
  readonly launcher?: LauncherOptions;
}

/** Launcher annotation and label keys. */
export const LAUNCHER_ANNOTATIONS = {
  keepAfterFailure: 'kubevirt.io/keep-launcher-alive-after-failure',
  libvirtLogFilters: 'kubevirt.io/libvirt-log-filters',
  disableFreePageReporting: 'kubevirt.io/free-page-reporting-disabled',
  emulatorThreadCompleteToEvenParity: 'alpha.kubevirt.io/EmulatorThreadCompleteToEvenParity',
  placePciDevicesOnRootComplex: 'kubevirt.io/placePCIDevicesOnRootComplex',
  disableMemfd: 'kubevirt.io/memfd',
  allowPodBridgeNetworkLiveMigration: 'kubevirt.io/allow-pod-bridge-network-live-migration',
} as const;

/** What the pod options add to the VM template. */
export interface RenderedPodOptions {
  readonly spec: Record<string, unknown>;
  readonly annotations: Record<string, string>;
}

const NO_OPTIONS: RenderedPodOptions = { spec: {}, annotations: {} };

export function renderPodOptions(p: VirtualMachinePodOptions): RenderedPodOptions {
  if (p.dnsPolicy === undefined && p.dnsConfig === undefined && p.topologySpread === undefined && !p.startPaused && p.launcher === undefined) return NO_OPTIONS;
  const c = p.dnsConfig;
  const spec = compact({
    dnsPolicy: p.dnsPolicy,
    dnsConfig: c ? compact({
      nameservers: c.nameservers ? [...c.nameservers] : undefined,
      searches: c.searches ? [...c.searches] : undefined,
      options: c.options ? Object.entries(c.options).map(([name, value]) => compact({ name, value: value === '' ? undefined : value })) : undefined,
    }) : undefined,
    topologySpreadConstraints: p.topologySpread && p.topologySpread.length > 0 ? p.topologySpread.map((t) => t.render()) : undefined,
    startStrategy: p.startPaused ? 'Paused' : undefined,
  });
  const annotations: Record<string, string> = {};
  const l = p.launcher ?? {};
  const flag = (key: keyof typeof LAUNCHER_ANNOTATIONS, on: boolean | undefined) => { if (on) annotations[LAUNCHER_ANNOTATIONS[key]] = 'true'; };
  flag('keepAfterFailure', l.keepAfterFailure);
  if (l.libvirtLogFilters !== undefined) annotations[LAUNCHER_ANNOTATIONS.libvirtLogFilters] = l.libvirtLogFilters;
  flag('disableFreePageReporting', l.disableFreePageReporting);
  flag('emulatorThreadCompleteToEvenParity', l.emulatorThreadCompleteToEvenParity);
  flag('placePciDevicesOnRootComplex', l.placePciDevicesOnRootComplex);
  if (l.disableMemfd) annotations[LAUNCHER_ANNOTATIONS.disableMemfd] = 'false';
  flag('allowPodBridgeNetworkLiveMigration', l.allowPodBridgeNetworkLiveMigration);
  return { spec, annotations };
}
