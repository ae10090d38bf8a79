import { INodeNetworkPolicy, InterfaceValidationContext, NodeInterface, nodeInterfacePortName, NodeInterfaceOptions, NodeInterfacePort } from './node-interface';

/** Linux bonding modes nmstate accepts (`link-aggregation.mode`). */
export enum BondMode {
  /** Mode 0: round-robin over the ports. */
  BALANCE_RR = 'balance-rr',
  /** Mode 1: one active port, the others on standby; needs no switch support. */
  ACTIVE_BACKUP = 'active-backup',
  /** Mode 2: port chosen by a hash of the traffic (`xmitHashPolicy`); static switch aggregation. */
  BALANCE_XOR = 'balance-xor',
  /** Mode 3: every frame on every port. */
  BROADCAST = 'broadcast',
  /** Mode 4: IEEE 802.3ad dynamic link aggregation (LACP); needs an LACP-configured switch. */
  LACP = '802.3ad',
  /** Mode 5: adaptive transmit load balancing; needs no switch support. */
  BALANCE_TLB = 'balance-tlb',
  /** Mode 6: adaptive transmit and receive load balancing; needs no switch support. */
  BALANCE_ALB = 'balance-alb',
}

/** 802.3ad aggregator selection logic (`ad_select`). */
export enum BondAdSelect { STABLE = 'stable', BANDWIDTH = 'bandwidth', COUNT = 'count' }

/** Rate at which the LACP partner sends LACPDUs (`lacp_rate`). */
export enum BondLacpRate {
  /** Every 30 seconds. */
  SLOW = 'slow',
  /** Every second. */
  FAST = 'fast',
}

/** How many ARP targets must answer for a port to count as up (`arp_all_targets`). */
export enum BondArpAllTargets { ANY = 'any', ALL = 'all' }

/** ARP probe validation (`arp_validate`). */
export enum BondArpValidate {
  NONE = 'none', ACTIVE = 'active', BACKUP = 'backup', ALL = 'all',
  FILTER = 'filter', FILTER_ACTIVE = 'filter_active', FILTER_BACKUP = 'filter_backup',
}

/** MAC address handling of active-backup bonds on failover (`fail_over_mac`). */
export enum BondFailOverMac { NONE = 'none', ACTIVE = 'active', FOLLOW = 'follow' }

/** When the primary port takes over again (`primary_reselect`). */
export enum BondPrimaryReselect { ALWAYS = 'always', BETTER = 'better', FAILURE = 'failure' }

/** Transmit hash policy of balance-xor, 802.3ad and balance-tlb bonds (`xmit_hash_policy`). */
export enum BondXmitHashPolicy {
  LAYER2 = 'layer2',
  LAYER3_4 = 'layer3+4',
  LAYER2_3 = 'layer2+3',
  ENCAP2_3 = 'encap2+3',
  ENCAP3_4 = 'encap3+4',
  VLAN_SRCMAC = 'vlan+srcmac',
}

/**
 * Kernel bonding options (`link-aggregation.options`), camel-cased; every option nmstate's
 * `BondOptions` accepts. Each is left at the kernel default unless set.
 */
export interface BondOptions {
  /** @default - kernel default (65535); 802.3ad only, 1-65535 */
  readonly adActorSysPrio?: number;
  /** @default - the bond's MAC; 802.3ad only, not a 01:00:5E multicast address */
  readonly adActorSystem?: string;
  /** @default - kernel default (stable); 802.3ad only */
  readonly adSelect?: BondAdSelect;
  /** @default - kernel default (0); 802.3ad only, 0-1023 */
  readonly adUserPortKey?: number;
  /** Deliver (true) or drop (false) duplicate frames received on inactive ports (`all_slaves_active`). @default - kernel default (dropped) */
  readonly allPortsActive?: boolean;
  /** @default - kernel default (any) */
  readonly arpAllTargets?: BondArpAllTargets;
  /** ARP monitoring interval in ms; exclusive with `miimon`; not in 802.3ad/balance-tlb/balance-alb. @default - kernel default (0, off) */
  readonly arpInterval?: number;
  /** IPv4 ARP monitoring targets (at most 16); need `arpInterval` > 0. @default - none */
  readonly arpIpTargets?: string[];
  /** @default - kernel default (none) */
  readonly arpValidate?: BondArpValidate;
  /** Milliseconds before a failed port is disabled. @default - kernel default (0) */
  readonly downdelay?: number;
  /** @default - kernel default (none); active-backup only */
  readonly failOverMac?: BondFailOverMac;
  /** @default - kernel default (slow); 802.3ad only */
  readonly lacpRate?: BondLacpRate;
  /** Whether LACPDUs are sent periodically; 802.3ad only. @default - kernel default (true) */
  readonly lacpActive?: boolean;
  /** Seconds between learning packets; balance-tlb/balance-alb only. @default - kernel default (1) */
  readonly lpInterval?: number;
  /** MII link monitoring interval in ms (100 is typical). @default - kernel default (0, off) */
  readonly miimon?: number;
  /** Minimum active links before carrier is asserted; 802.3ad only. @default - kernel default (0) */
  readonly minLinks?: number;
  /** Gratuitous ARPs after failover (0-255); active-backup only. @default - kernel default (1) */
  readonly numGratArp?: number;
  /** Unsolicited IPv6 neighbour advertisements after failover (0-255); active-backup only. @default - kernel default (1) */
  readonly numUnsolNa?: number;
  /** Packets sent through a port before moving on (`packets_per_slave`, 0-65535); balance-rr only. @default - kernel default (1) */
  readonly packetsPerPort?: number;
  /** Preferred port; active-backup, balance-tlb and balance-alb only. @default - none */
  readonly primary?: NodeInterfacePort;
  /** @default - kernel default (always) */
  readonly primaryReselect?: BondPrimaryReselect;
  /** IGMP reports after failover (0-255). @default - kernel default (1) */
  readonly resendIgmp?: number;
  /** Dynamic flow shuffling; balance-tlb only. @default - kernel default (true) */
  readonly tlbDynamicLb?: boolean;
  /** Milliseconds before a recovered port is enabled. @default - kernel default (0) */
  readonly updelay?: number;
  /** @default - kernel default (true) */
  readonly useCarrier?: boolean;
  /** @default - kernel default (layer2); balance-xor, 802.3ad and balance-tlb only */
  readonly xmitHashPolicy?: BondXmitHashPolicy;
  /** Source-load-balancing on balance-xor with `xmitHashPolicy: VLAN_SRCMAC`. @default - off */
  readonly balanceSlb?: boolean;
  /** Missed ARP replies before a port is down (1-255). @default - kernel default (2) */
  readonly arpMissedMax?: number;
  /** IPv6 neighbour-solicitation monitoring targets; need `arpInterval` > 0. @default - none */
  readonly nsIp6Targets?: string[];
}

/** Per-port bond settings (`link-aggregation.ports-config`). */
export interface BondPortConfig {
  /** One of the bond's ports. */
  readonly port: NodeInterfacePort;
  /** Port priority in active-backup, balance-tlb and balance-alb modes. @default - kernel default (0) */
  readonly priority?: number;
  /** Queue id (unique among the bond's ports). @default - kernel default (0) */
  readonly queueId?: number;
}

/** Settings of `NodeNetworkPolicy.addBond()`. */
export interface BondProps extends NodeInterfaceOptions {
  /** Bonding mode (required by nmstate for a new bond). */
  readonly mode: BondMode;
  /**
   * Ports: NIC names, or interfaces of the same policy.
   * @default - no ports
   */
  readonly ports?: NodeInterfacePort[];
  /**
   * Shortcut for `options.miimon`.
   * @default - options.miimon
   */
  readonly miimon?: number;
  /**
   * Kernel bonding options.
   * @default - kernel defaults
   */
  readonly options?: BondOptions;
  /**
   * Per-port priority and queue id.
   * @default - none
   */
  readonly portsConfig?: BondPortConfig[];
}

type OptionKey = keyof BondOptions;

/** The nmstate (kernel) spelling of each option. */
const OPTION_NAMES: Record<OptionKey, string> = {
  adActorSysPrio: 'ad_actor_sys_prio', adActorSystem: 'ad_actor_system', adSelect: 'ad_select',
  adUserPortKey: 'ad_user_port_key', allPortsActive: 'all_slaves_active', arpAllTargets: 'arp_all_targets',
  arpInterval: 'arp_interval', arpIpTargets: 'arp_ip_target', arpValidate: 'arp_validate', downdelay: 'downdelay',
  failOverMac: 'fail_over_mac', lacpRate: 'lacp_rate', lacpActive: 'lacp_active', lpInterval: 'lp_interval',
  miimon: 'miimon', minLinks: 'min_links', numGratArp: 'num_grat_arp', numUnsolNa: 'num_unsol_na',
  packetsPerPort: 'packets_per_slave', primary: 'primary', primaryReselect: 'primary_reselect',
  resendIgmp: 'resend_igmp', tlbDynamicLb: 'tlb_dynamic_lb', updelay: 'updelay', useCarrier: 'use_carrier',
  xmitHashPolicy: 'xmit_hash_policy', balanceSlb: 'balance-slb', arpMissedMax: 'arp_missed_max',
  nsIp6Targets: 'ns_ip6_target',
};

/** A Linux bond (`type: bond`), created by `NodeNetworkPolicy.addBond()`. */
export class BondInterface extends NodeInterface {
  public readonly mode: BondMode;
  private readonly _ports: NodeInterfacePort[];
  private readonly options: BondOptions;
  private readonly portsConfig: BondPortConfig[];

  constructor(policy: INodeNetworkPolicy, name: string, props: BondProps) {
    super(policy, name, 'bond', props, true);
    this.mode = props.mode;
    this._ports = [...(props.ports ?? [])];
    this.options = props.miimon !== undefined ? { ...props.options, miimon: props.miimon } : { ...props.options };
    this.portsConfig = [...(props.portsConfig ?? [])];
  }

  public get ports(): readonly NodeInterfacePort[] {
    return [...this._ports];
  }

  /** Adds a port (a NIC name or an interface of the same policy). */
  public addPort(port: NodeInterfacePort): this {
    this._ports.push(port);
    return this;
  }

  protected renderTypeSpecific(): Record<string, unknown> {
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.options) as [OptionKey, unknown][]) {
      if (value === undefined) continue;
      options[OPTION_NAMES[key]] = renderOption(key, value);
    }
    const agg: Record<string, unknown> = { mode: this.mode, port: this._ports.map(nodeInterfacePortName) };
    if (Object.keys(options).length > 0) agg.options = options;
    if (this.portsConfig.length > 0) {
      agg['ports-config'] = this.portsConfig.map((c) => ({
        name: nodeInterfacePortName(c.port),
        ...(c.priority !== undefined ? { priority: c.priority } : {}),
        ...(c.queueId !== undefined ? { 'queue-id': c.queueId } : {}),
      }));
    }
    return { 'link-aggregation': agg };
  }

  /** Ports given as objects belong to this policy; the rendered bond is judged by the shared nmstate rules. */
  protected validateTypeSpecific(ctx: InterfaceValidationContext): void {
    const path = `${ctx.path}.link-aggregation`;
    this._ports.forEach((p, i) => this.checkPortRef(p, `${path}.port[${i}]`, ctx.findings));
    if (this.options.primary !== undefined) this.checkPortRef(this.options.primary, `${path}.options.primary`, ctx.findings);
    this.portsConfig.forEach((c, i) => this.checkPortRef(c.port, `${path}.ports-config[${i}].name`, ctx.findings));
  }
}

function renderOption(key: OptionKey, value: unknown): unknown {
  switch (key) {
    case 'allPortsActive': return value ? 'delivered' : 'dropped';
    case 'arpIpTargets': return (value as string[]).join(',');
    case 'primary': return nodeInterfacePortName(value as NodeInterfacePort);
    default: return value;
  }
}
