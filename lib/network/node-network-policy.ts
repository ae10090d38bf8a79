import { Construct, IConstruct } from 'constructs';
import { NodeNetworkConfigurationPolicy } from '../../imports/nmstate.io';
import { KubeVirtResource, KubeVirtResourceProps } from '../core';
import { BondInterface, BondProps } from './bond';
import { Findings } from './checks';
import { EthernetInterface, EthernetProps } from './ethernet';
import { LinuxBridgeInterface, LinuxBridgeProps } from './linux-bridge';
import { INodeNetworkPolicy, NodeInterface, NodeInterfaceOptions, NodeInterfacePort } from './node-interface';
import { OvnBridgeMapping, OvnBridgeMappingState, OvsBridgeInterface, OvsBridgeProps, OvsInternalInterface } from './ovs';
import { VlanInterface, VlanProps } from './vlan';
import { addSynthWarning } from '../core/warnings';

/** Settings of a `NodeNetworkPolicy`. */
export interface NodeNetworkPolicyProps extends KubeVirtResourceProps {
  /**
   * Labels a node must carry (equality only) for the policy to apply to it.
   * @default - every node
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * How many matching nodes may be reconfigured at once: a count or a percentage (`"25%"`).
   * @default - "50%" (the operator's default)
   */
  readonly maxUnavailable?: number | string;
  /**
   * nmpolicy capture expressions by name, referenced from the desired state (immutable once created).
   * @default - none
   */
  readonly capture?: Record<string, string>;
}

/** Special route types that need no next hop. */
export enum NodeRouteType { BLACKHOLE = 'blackhole', PROHIBIT = 'prohibit', UNREACHABLE = 'unreachable' }

/** A static route of the node (`routes.config[]`). */
export interface NodeRoute {
  /** Destination in CIDR notation (`0.0.0.0/0` for a default route). */
  readonly destination: string;
  /** @default - none; required unless `routeType` is set */
  readonly nextHopInterface?: NodeInterfacePort;
  /** Gateway address of the destination's family. @default - on-link (no gateway) */
  readonly nextHopAddress?: string;
  /** @default - NetworkManager default */
  readonly metric?: number;
  /** @default - the main table (254) */
  readonly tableId?: number;
  /** ECMP weight (1-256). @default - none */
  readonly weight?: number;
  /** @default - a unicast route */
  readonly routeType?: NodeRouteType;
  /** Preferred source address. @default - kernel's choice */
  readonly source?: string;
  /** Remove this route instead of adding it. @default false */
  readonly absent?: boolean;
}

/** The node's DNS resolver configuration (`dns-resolver.config`). */
export interface NodeDnsOptions {
  /** Name server addresses. @default - none */
  readonly servers?: string[];
  /** Search domains. @default - none */
  readonly search?: string[];
  /** resolv.conf options (`rotate`, `ndots:2`...). @default - none */
  readonly options?: string[];
}

/** Options of `NodeNetworkPolicy.addOvnBridgeMapping()`. */
export interface OvnBridgeMappingOptions {
  /** @default OvnBridgeMappingState.PRESENT */
  readonly state?: OvnBridgeMappingState;
}

/**
 * An nmstate NodeNetworkConfigurationPolicy (`nmstate.io/v1`, cluster-scoped): host
 * networking (bonds, bridges, VLANs, OVS bridges and OVN mappings, routes, DNS) applied
 * on the nodes its selector matches. Interfaces are typed objects; a bridge over a bond
 * is `policy.addLinuxBridge('br1', { ports: [policy.addBond('bond1', {...})] })`.
 */
export class NodeNetworkPolicy extends KubeVirtResource implements INodeNetworkPolicy {
  /**
   * The policies of the app (construct tree) `scope` belongs to. A registry filled at
   * construction (a construct's root never changes), so cross-object checks of many
   * NADs do not walk the whole tree each.
   */
  public static inApp(scope: IConstruct): readonly NodeNetworkPolicy[] {
    return POLICIES_BY_ROOT.get(scope.node.root) ?? [];
  }

  /** Label selector of the nodes the policy configures. */
  public readonly nodeSelector: Readonly<Record<string, string>>;
  private readonly props: NodeNetworkPolicyProps;
  private readonly _interfaces: NodeInterface[] = [];
  private readonly rawInterfaces: Record<string, unknown>[] = [];
  private readonly routes: NodeRoute[] = [];
  private readonly mappings: OvnBridgeMapping[] = [];
  private dns?: NodeDnsOptions;

  constructor(scope: Construct, id: string, props: NodeNetworkPolicyProps = {}) {
    super(scope, id, { gvk: NodeNetworkConfigurationPolicy.GVK }, props);
    this.props = props;
    this.nodeSelector = { ...props.nodeSelector };
    this.node.addValidation({ validate: () => this.validatePolicy() });
    const registry = POLICIES_BY_ROOT.get(this.node.root) ?? [];
    registry.push(this);
    POLICIES_BY_ROOT.set(this.node.root, registry);
  }

  /** The typed interfaces of the desired state, in order. */
  public get interfaces(): readonly NodeInterface[] {
    return [...this._interfaces];
  }

  /** The OVN bridge mappings of the desired state. */
  public get bridgeMappings(): readonly OvnBridgeMapping[] {
    return [...this.mappings];
  }

  /** The interface of this policy called `name`, if any. */
  public findInterface(name: string): NodeInterface | undefined {
    return this._interfaces.find((i) => i.name === name);
  }

  /** Adds a bond over NICs or other interfaces of this policy. */
  public addBond(name: string, props: BondProps): BondInterface {
    return new BondInterface(this, name, props);
  }

  /** Adds a Linux bridge; VM networks (`BridgeNetwork`) attach to it. */
  public addLinuxBridge(name: string, props: LinuxBridgeProps = {}): LinuxBridgeInterface {
    return new LinuxBridgeInterface(this, name, props);
  }

  /** Adds a VLAN sub-interface of a NIC or of another interface of this policy. */
  public addVlan(name: string, props: VlanProps): VlanInterface {
    return new VlanInterface(this, name, props);
  }

  /** Configures a physical NIC (MTU, IP, SR-IOV VF count...). */
  public addEthernet(name: string, props: EthernetProps = {}): EthernetInterface {
    return new EthernetInterface(this, name, props);
  }

  /** Adds an Open vSwitch bridge (e.g. the uplink of an OVN localnet). */
  public addOvsBridge(name: string, props: OvsBridgeProps = {}): OvsBridgeInterface {
    return new OvsBridgeInterface(this, name, props);
  }

  /** Adds an OVS internal interface; list it among an OVS bridge's ports. */
  public addOvsInterface(name: string, props: NodeInterfaceOptions = {}): OvsInternalInterface {
    return new OvsInternalInterface(this, name, props);
  }

  /** Maps an OVN localnet (physical network name) to an OVS bridge (`br-ex` or one of this policy). */
  public addOvnBridgeMapping(localnet: string, bridge: string | OvsBridgeInterface, options: OvnBridgeMappingOptions = {}): OvnBridgeMapping {
    const mapping = new OvnBridgeMapping(this, localnet, bridge, options.state);
    this.mappings.push(mapping);
    return mapping;
  }

  /**
   * Escape hatch: an interface entry written as raw nmstate YAML (types this library does
   * not model, e.g. `vxlan`, `mac-vlan`). It is rendered after the typed interfaces, unchecked.
   */
  public addRawInterface(nmstate: { name: string; type?: string; [key: string]: unknown }): this {
    this.rawInterfaces.push({ ...nmstate });
    return this;
  }

  /** Adds a static route (or removes one with `absent: true`). */
  public addRoute(route: NodeRoute): this {
    this.routes.push({ ...route });
    return this;
  }

  /** Sets the node's DNS servers, search domains and options. */
  public setDns(dns: NodeDnsOptions): this {
    this.dns = { ...dns };
    return this;
  }

  /** @internal Called by every interface's constructor. */
  public _attachInterface(iface: NodeInterface): void {
    this._interfaces.push(iface);
  }

  protected renderBody(): Record<string, unknown> {
    const desiredState: Record<string, unknown> = {};
    const interfaces = [...this._interfaces.map((i) => i._toNmstate()), ...this.rawInterfaces];
    if (interfaces.length > 0) desiredState.interfaces = interfaces;
    if (this.routes.length > 0) desiredState.routes = { config: this.routes.map(renderRoute) };
    if (this.dns) {
      const config: Record<string, unknown> = {};
      if (this.dns.servers) config.server = [...this.dns.servers];
      if (this.dns.search) config.search = [...this.dns.search];
      if (this.dns.options) config.options = [...this.dns.options];
      desiredState['dns-resolver'] = { config };
    }
    if (this.mappings.length > 0) desiredState.ovn = { 'bridge-mappings': this.mappings.map((m) => m._render()) };
    const spec: Record<string, unknown> = { desiredState };
    if (Object.keys(this.nodeSelector).length > 0) spec.nodeSelector = { ...this.nodeSelector };
    if (this.props.maxUnavailable !== undefined) spec.maxUnavailable = this.props.maxUnavailable;
    if (this.props.capture) spec.capture = { ...this.props.capture };
    return { spec };
  }

  /**
   * What the rendered policy cannot show: that it configures nothing, and which policy the
   * interface objects it names belong to. The shared nmstate and NNCP rules judge the rendering.
   */
  private validatePolicy(): string[] {
    const f = new Findings();
    const path = 'spec.desiredState';
    if (this._interfaces.length + this.rawInterfaces.length + this.routes.length + this.mappings.length === 0 && !this.dns) {
      f.error(path, 'the policy configures nothing: add an interface, route, DNS setting or OVN bridge mapping', 'construct-nncp-not-empty');
    }
    this._interfaces.forEach((iface, i) => iface._validate({ path: `${path}.interfaces[${i}]`, findings: f }));
    this.routes.forEach((r, i) => {
      if (r.nextHopInterface instanceof NodeInterface && r.nextHopInterface.policy !== this) {
        f.error(`${path}.routes.config[${i}].next-hop-interface`, `'${r.nextHopInterface.name}' belongs to another policy; pass its name instead`, 'construct-nmstate-port-ref');
      }
    });
    this.mappings.forEach((m, i) => m._validate(`${path}.ovn.bridge-mappings[${i}]`, f));
    for (const w of f.warnings) addSynthWarning(this, w);
    return f.errors;
  }
}

const POLICIES_BY_ROOT = new WeakMap<IConstruct, NodeNetworkPolicy[]>();

function renderRoute(r: NodeRoute): Record<string, unknown> {
  const out: Record<string, unknown> = { destination: r.destination };
  if (r.nextHopInterface !== undefined) out['next-hop-interface'] = typeof r.nextHopInterface === 'string' ? r.nextHopInterface : r.nextHopInterface.name;
  if (r.nextHopAddress !== undefined) out['next-hop-address'] = r.nextHopAddress;
  if (r.metric !== undefined) out.metric = r.metric;
  if (r.tableId !== undefined) out['table-id'] = r.tableId;
  if (r.weight !== undefined) out.weight = r.weight;
  if (r.routeType !== undefined) out['route-type'] = r.routeType;
  if (r.source !== undefined) out.source = r.source;
  if (r.absent) out.state = 'absent';
  return out;
}
