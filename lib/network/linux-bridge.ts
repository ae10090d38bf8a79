import { INodeNetworkPolicy, InterfaceValidationContext, NodeInterface, nodeInterfacePortName, NodeInterfaceOptions, NodeInterfacePort } from './node-interface';

/** An inclusive range of VLAN ids. */
export interface VlanRange {
  readonly min: number;
  readonly max: number;
}

/** A VLAN id or an inclusive range of them. */
export type VlanTag = number | VlanRange;

/** Options of a trunk bridge port. */
export interface BridgePortTrunkOptions {
  /**
   * VLAN whose frames leave the port untagged (native VLAN).
   * @default - no native VLAN
   */
  readonly nativeVlan?: number;
}

/** VLAN filtering of one bridge port (`port[].vlan`). */
export class BridgePortVlan {
  /** An access port: untagged frames belong to `tag`. */
  public static access(tag: number): BridgePortVlan {
    return new BridgePortVlan('access', tag, []);
  }

  /** A trunk port carrying the given VLAN ids and ranges, tagged. */
  public static trunk(tags: VlanTag[], options: BridgePortTrunkOptions = {}): BridgePortVlan {
    return new BridgePortVlan('trunk', options.nativeVlan, [...tags]);
  }

  private constructor(
    public readonly mode: 'access' | 'trunk',
    public readonly tag: number | undefined,
    public readonly trunkTags: readonly VlanTag[],
  ) {}

  /** Whether frames of VLAN `id` pass this port. */
  public includes(id: number): boolean {
    if (this.tag === id) return true;
    return this.trunkTags.some((t) => typeof t === 'number' ? t === id : t.min <= id && id <= t.max);
  }

  /** @internal */
  public _render(): Record<string, unknown> {
    const out: Record<string, unknown> = { mode: this.mode };
    if (this.mode === 'trunk') {
      out['trunk-tags'] = this.trunkTags.map((t) => typeof t === 'number' ? { id: t } : { 'id-range': { min: t.min, max: t.max } });
      if (this.tag !== undefined) {
        out.tag = this.tag;
        out['enable-native'] = true;
      }
    } else {
      out.tag = this.tag;
    }
    return out;
  }
}

/** A bridge port with per-port settings. */
export interface LinuxBridgePortConfig {
  /** The port: a NIC name or an interface of the same policy (e.g. a bond). */
  readonly port: NodeInterfacePort;
  /**
   * VLAN filtering on this port (turns on VLAN filtering for the bridge).
   * @default - no VLAN filtering
   */
  readonly vlan?: BridgePortVlan;
  /** @default - kernel default (false) */
  readonly stpHairpinMode?: boolean;
  /** @default - kernel default (derived from link speed) */
  readonly stpPathCost?: number;
  /** STP port priority (0-63). @default - kernel default (32) */
  readonly stpPriority?: number;
}

/** A bridge port: a NIC name, an interface of the same policy, or a port with settings. */
export type LinuxBridgePort = NodeInterfacePort | LinuxBridgePortConfig;

/** Spanning-tree settings of a Linux bridge. */
export interface StpOptions {
  /** @default true */
  readonly enabled?: boolean;
  /** Seconds (2-30). @default - kernel default (15) */
  readonly forwardDelay?: number;
  /** Seconds (1-10). @default - kernel default (2) */
  readonly helloTime?: number;
  /** Seconds (6-40). @default - kernel default (20) */
  readonly maxAge?: number;
  /** Bridge priority (0-65535). @default - kernel default (32768) */
  readonly priority?: number;
}

/** Multicast router mode of a Linux bridge. */
export enum BridgeMulticastRouter { AUTO = 'auto', DISABLED = 'disabled', ENABLED = 'enabled' }

/** 802.1Q or 802.1ad (QinQ) tag protocol. */
export enum VlanProtocol { IEEE_802_1Q = '802.1q', IEEE_802_1AD = '802.1ad' }

/** Settings of `NodeNetworkPolicy.addLinuxBridge()`. */
export interface LinuxBridgeProps extends NodeInterfaceOptions {
  /**
   * Ports: NIC names, interfaces of the same policy, or ports with VLAN/STP settings.
   * @default - no ports (an isolated bridge)
   */
  readonly ports?: LinuxBridgePort[];
  /**
   * Spanning tree: `false`, `true`, or detailed options.
   * @default false - STP delays forwarding on every newly plugged VM port by the forward delay
   */
  readonly stp?: boolean | StpOptions;
  /** Seconds a learnt MAC is kept. @default - kernel default (300) */
  readonly macAgeingTime?: number;
  /** Bitmask of link-local groups 01:80:C2:00:00:0X the bridge forwards (8 = 802.1X, 0x4000 = LLDP; bits 0-2 are refused). @default - kernel default (0) */
  readonly groupForwardMask?: number;
  /** @default - kernel default (true) */
  readonly multicastSnooping?: boolean;
  /** @default - kernel default (auto) */
  readonly multicastRouter?: BridgeMulticastRouter;
  /** @default - kernel default (false) */
  readonly multicastQuerier?: boolean;
  /** Multicast database size. @default - kernel default (4096) */
  readonly hashMax?: number;
  /** @default - kernel default (802.1q) */
  readonly vlanProtocol?: VlanProtocol;
  /** Default PVID for ports with VLAN filtering (1-4094; other than 1 needs VLAN filtering). @default - kernel default (1) */
  readonly vlanDefaultPvid?: number;
}

/** A Linux bridge (`type: linux-bridge`), created by `NodeNetworkPolicy.addLinuxBridge()`. */
export class LinuxBridgeInterface extends NodeInterface {
  private readonly portConfigs: LinuxBridgePortConfig[] = [];
  private readonly props: LinuxBridgeProps;

  constructor(policy: INodeNetworkPolicy, name: string, props: LinuxBridgeProps = {}) {
    super(policy, name, 'linux-bridge', props, true);
    this.props = props;
    for (const port of props.ports ?? []) this.addPort(port);
  }

  public get ports(): readonly NodeInterfacePort[] {
    return this.portConfigs.map((c) => c.port);
  }

  /** Whether some port passes VLAN `id`; undefined when no port filters VLANs (all pass). */
  public carriesVlan(id: number): boolean | undefined {
    const vlans = this.portConfigs.flatMap((c) => (c.vlan ? [c.vlan] : []));
    return vlans.length === 0 ? undefined : vlans.some((v) => v.includes(id));
  }

  /** Adds a port (a NIC name, an interface of the same policy, or a port with settings). */
  public addPort(port: LinuxBridgePort): this {
    this.portConfigs.push(isPortConfig(port) ? port : { port });
    return this;
  }

  protected renderTypeSpecific(): Record<string, unknown> {
    const p = this.props;
    const options: Record<string, unknown> = { stp: renderStp(p.stp ?? false) };
    const extra: Record<string, unknown> = {
      'mac-ageing-time': p.macAgeingTime, 'group-forward-mask': p.groupForwardMask,
      'multicast-snooping': p.multicastSnooping, 'multicast-router': p.multicastRouter,
      'multicast-querier': p.multicastQuerier, 'hash-max': p.hashMax,
      'vlan-protocol': p.vlanProtocol, 'vlan-default-pvid': p.vlanDefaultPvid,
    };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) options[k] = v;
    const port = this.portConfigs.map((c) => {
      const out: Record<string, unknown> = { name: nodeInterfacePortName(c.port) };
      if (c.stpHairpinMode !== undefined) out['stp-hairpin-mode'] = c.stpHairpinMode;
      if (c.stpPathCost !== undefined) out['stp-path-cost'] = c.stpPathCost;
      if (c.stpPriority !== undefined) out['stp-priority'] = c.stpPriority;
      if (c.vlan) out.vlan = c.vlan._render();
      return out;
    });
    return { bridge: { options, port } };
  }

  /** Ports given as objects belong to this policy; the rendered bridge is judged by the shared nmstate rules. */
  protected validateTypeSpecific(ctx: InterfaceValidationContext): void {
    this.portConfigs.forEach((c, i) => {
      const at = `${ctx.path}.bridge.port[${i}]`;
      this.checkPortRef(c.port, `${at}.name`, ctx.findings);
      if (c.vlan !== undefined && !(c.vlan instanceof BridgePortVlan)) {
        ctx.findings.error(`${at}.vlan`, 'use BridgePortVlan.access() or BridgePortVlan.trunk()', 'construct-nmstate-port-ref');
      }
    });
  }
}

function isPortConfig(port: LinuxBridgePort): port is LinuxBridgePortConfig {
  return typeof port === 'object' && port !== null && !(port instanceof NodeInterface) && 'port' in port;
}

function renderStp(stp: boolean | StpOptions): Record<string, unknown> {
  if (typeof stp === 'boolean') return { enabled: stp };
  const out: Record<string, unknown> = { enabled: stp.enabled ?? true };
  if (stp.forwardDelay !== undefined) out['forward-delay'] = stp.forwardDelay;
  if (stp.helloTime !== undefined) out['hello-time'] = stp.helloTime;
  if (stp.maxAge !== undefined) out['max-age'] = stp.maxAge;
  if (stp.priority !== undefined) out.priority = stp.priority;
  return out;
}
