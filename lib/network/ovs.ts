import { Findings } from './checks';
import { BridgePortVlan } from './linux-bridge';
import { INodeNetworkPolicy, InterfaceValidationContext, NodeInterface, nodeInterfacePortName, NodeInterfaceOptions, NodeInterfacePort, NodeInterfaceState } from './node-interface';

/** What an OVS bridge does when it has no controller connection. */
export enum OvsFailMode { STANDALONE = 'standalone', SECURE = 'secure' }

/** An OVS bridge port with VLAN settings. */
export interface OvsBridgePortConfig {
  /** A NIC name or an interface of the same policy (a bond, an OVS internal interface). */
  readonly port: NodeInterfacePort;
  /** @default - no VLAN filtering */
  readonly vlan?: BridgePortVlan;
}

/** An OVS bridge port: a name, an interface of the same policy, or a port with VLAN settings. */
export type OvsBridgePort = NodeInterfacePort | OvsBridgePortConfig;

/** Settings of `NodeNetworkPolicy.addOvsBridge()`. OVS bridges hold no MTU, MAC or IP (use an internal interface). */
export interface OvsBridgeProps {
  /** @default NodeInterfaceState.UP */
  readonly state?: NodeInterfaceState;
  /** @default - none */
  readonly description?: string;
  /** @default - no ports */
  readonly ports?: OvsBridgePort[];
  /** @default false */
  readonly stp?: boolean;
  /** @default - OVS default (false) */
  readonly rstp?: boolean;
  /** @default - OVS default (false) */
  readonly mcastSnoopingEnable?: boolean;
  /** @default - OVS default (standalone) */
  readonly failMode?: OvsFailMode;
  /** `netdev` for DPDK. @default - OVS default (system) */
  readonly datapath?: string;
  /** Tolerate OVS patch ports not in the desired state. @default false */
  readonly allowExtraPatchPorts?: boolean;
}

/** An Open vSwitch bridge (`type: ovs-bridge`), created by `NodeNetworkPolicy.addOvsBridge()`. */
export class OvsBridgeInterface extends NodeInterface {
  private readonly portConfigs: OvsBridgePortConfig[] = [];
  private readonly props: OvsBridgeProps;

  constructor(policy: INodeNetworkPolicy, name: string, props: OvsBridgeProps = {}) {
    super(policy, name, 'ovs-bridge', { state: props.state, description: props.description }, false);
    this.props = props;
    for (const port of props.ports ?? []) this.addPort(port);
  }

  public get ports(): readonly NodeInterfacePort[] {
    return this.portConfigs.map((c) => c.port);
  }

  /** Adds a port (a NIC name, an interface of the same policy, or a port with VLAN settings). */
  public addPort(port: OvsBridgePort): this {
    const isConfig = typeof port === 'object' && port !== null && !(port instanceof NodeInterface) && 'port' in port;
    this.portConfigs.push(isConfig ? port : { port });
    return this;
  }

  protected renderTypeSpecific(): Record<string, unknown> {
    const p = this.props;
    const options: Record<string, unknown> = { stp: p.stp ?? false };
    if (p.rstp !== undefined) options.rstp = p.rstp;
    if (p.mcastSnoopingEnable !== undefined) options['mcast-snooping-enable'] = p.mcastSnoopingEnable;
    if (p.failMode !== undefined) options['fail-mode'] = p.failMode;
    if (p.datapath !== undefined) options.datapath = p.datapath;
    const bridge: Record<string, unknown> = {
      options,
      port: this.portConfigs.map((c) => ({ name: nodeInterfacePortName(c.port), ...(c.vlan ? { vlan: c.vlan._render() } : {}) })),
    };
    if (p.allowExtraPatchPorts !== undefined) bridge['allow-extra-patch-ports'] = p.allowExtraPatchPorts;
    return { bridge };
  }

  /** Ports given as objects belong to this policy; the rendered bridge is judged by the shared nmstate rules. */
  protected validateTypeSpecific(ctx: InterfaceValidationContext): void {
    this.portConfigs.forEach((c, i) => this.checkPortRef(c.port, `${ctx.path}.bridge.port[${i}].name`, ctx.findings));
  }
}

/** An OVS internal port (`type: ovs-interface`): the bridge's host-side interface that can hold an IP. */
export class OvsInternalInterface extends NodeInterface {
  constructor(policy: INodeNetworkPolicy, name: string, props: NodeInterfaceOptions = {}) {
    super(policy, name, 'ovs-interface', props, true);
  }

  protected renderTypeSpecific(): Record<string, unknown> {
    return {};
  }

  protected validateTypeSpecific(): void {}
}

/** State of an OVN bridge mapping. */
export enum OvnBridgeMappingState { PRESENT = 'present', ABSENT = 'absent' }

/**
 * An `ovn.bridge-mappings` entry: maps an OVN localnet (physical network name) to an
 * OVS bridge on the node. An `OvnLocalnetNetwork` built from it uses its localnet name.
 */
export class OvnBridgeMapping {
  constructor(
    /** The policy that writes this mapping. */
    public readonly policy: INodeNetworkPolicy,
    /** The physical network name (`localnet`). */
    public readonly localnet: string,
    /** The OVS bridge: `br-ex`, another existing bridge's name, or an OVS bridge of the same policy. */
    public readonly bridge: string | OvsBridgeInterface,
    public readonly state: OvnBridgeMappingState = OvnBridgeMappingState.PRESENT,
  ) {}

  /** Name of the mapped bridge. */
  public get bridgeName(): string {
    return typeof this.bridge === 'string' ? this.bridge : this.bridge.name;
  }

  /** @internal */
  public _render(): Record<string, unknown> {
    return { localnet: this.localnet, bridge: this.bridgeName, state: this.state };
  }

  /** @internal A bridge given as an object is an OVS bridge of the same policy. */
  public _validate(path: string, findings: Findings): void {
    if (typeof this.bridge === 'string') return;
    if (!(this.bridge instanceof OvsBridgeInterface)) {
      findings.error(`${path}.bridge`, 'must be a bridge name or an OVS bridge of this policy', 'construct-nmstate-port-ref');
    } else if (this.bridge.policy !== this.policy) {
      findings.error(`${path}.bridge`, `OVS bridge '${this.bridge.name}' belongs to policy ${this.bridge.policy.node.path}; pass its name instead`, 'construct-nmstate-port-ref');
    }
  }
}
