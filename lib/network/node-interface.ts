import { Findings } from './checks';
import { IpConfig } from './ip-config';
import type { IConstruct } from 'constructs';

/** The nmstate `state` of an interface. */
export enum NodeInterfaceState {
  /** Create or update the interface and bring it up. */
  UP = 'up',
  /** Keep the interface configured but down. */
  DOWN = 'down',
  /** Remove the interface (virtual) or its configuration (physical). */
  ABSENT = 'absent',
  /** Leave the interface unmanaged. */
  IGNORE = 'ignore',
}

/** A port of a bond or bridge: an interface name on the node, or an interface of the same policy. */
export type NodeInterfacePort = string | NodeInterface;

/** Settings every node interface type shares. */
export interface NodeInterfaceOptions {
  /**
   * Desired state of the interface.
   * @default NodeInterfaceState.UP
   */
  readonly state?: NodeInterfaceState;
  /**
   * Free-text description stored with the interface.
   * @default - none
   */
  readonly description?: string;
  /**
   * Maximum transmission unit in bytes (68-65535; at least 1280 with IPv6 enabled).
   * @default - the kernel's or the existing interface's MTU
   */
  readonly mtu?: number;
  /**
   * MAC address (six colon-separated octets).
   * @default - chosen by the kernel (bonds and bridges take a port's address)
   */
  readonly macAddress?: string;
  /**
   * IPv4 settings.
   * @default - IpConfig.disabled() on interfaces the policy creates; untouched on Ethernet NICs
   */
  readonly ipv4?: IpConfig;
  /**
   * IPv6 settings.
   * @default - IpConfig.disabled() on interfaces the policy creates; untouched on Ethernet NICs
   */
  readonly ipv6?: IpConfig;
  /**
   * Accept frames for every MAC address (promiscuous mode).
   * @default - unchanged
   */
  readonly acceptAllMacAddresses?: boolean;
}

/** What a validation pass of one interface needs to know. */
export interface InterfaceValidationContext {
  /** Field path of the interface, e.g. `spec.desiredState.interfaces[0]`. */
  readonly path: string;
  readonly findings: Findings;
}

/**
 * The policy an interface belongs to (a `NodeNetworkPolicy`). Interfaces see it through this
 * interface only, so the interface modules do not import the policy that imports them.
 */
export interface INodeNetworkPolicy extends IConstruct {
  /** @internal Records an interface created for this policy. */
  _attachInterface(iface: NodeInterface): void;
}

/**
 * One entry of an NNCP's `desiredState.interfaces`. Created by the policy's `addX()`
 * methods; it keeps a reference to its policy so other constructs (a NAD over a bridge)
 * can depend on the policy that creates it.
 */
export abstract class NodeInterface {
  /** Kernel name of the interface. */
  public readonly name: string;
  /** nmstate interface type (`bond`, `linux-bridge`, `vlan`, ...). */
  public readonly type: string;
  /** The policy whose desired state holds this interface. */
  public readonly policy: INodeNetworkPolicy;
  public readonly state: NodeInterfaceState;
  public readonly mtu?: number;
  public readonly macAddress?: string;
  public readonly ipv4?: IpConfig;
  public readonly ipv6?: IpConfig;
  private readonly baseOptions: NodeInterfaceOptions;

  protected constructor(policy: INodeNetworkPolicy, name: string, type: string, options: NodeInterfaceOptions, createsInterface: boolean) {
    this.policy = policy;
    this.name = name;
    this.type = type;
    this.baseOptions = options;
    this.state = options.state ?? NodeInterfaceState.UP;
    this.mtu = options.mtu;
    this.macAddress = options.macAddress;
    this.ipv4 = options.ipv4 ?? (createsInterface ? IpConfig.disabled() : undefined);
    this.ipv6 = options.ipv6 ?? (createsInterface ? IpConfig.disabled() : undefined);
    policy._attachInterface(this);
  }

  /** Interfaces and names this interface enslaves (bond and bridge ports). */
  public get ports(): readonly NodeInterfacePort[] {
    return [];
  }

  /** @internal The nmstate YAML of this interface. */
  public _toNmstate(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, type: this.type, state: this.state };
    if (this.state === NodeInterfaceState.ABSENT) return out;
    const b = this.baseOptions;
    if (b.description !== undefined) out.description = b.description;
    if (this.mtu !== undefined) out.mtu = this.mtu;
    if (b.macAddress !== undefined) out['mac-address'] = b.macAddress.toUpperCase();
    if (b.acceptAllMacAddresses !== undefined) out['accept-all-mac-addresses'] = b.acceptAllMacAddresses;
    if (this.ipv4) out.ipv4 = this.ipv4._render(4);
    if (this.ipv6) out.ipv6 = this.ipv6._render(6);
    return { ...out, ...this.renderTypeSpecific() };
  }

  /**
   * @internal The checks the rendered nmstate cannot carry (which policy a port object belongs
   * to, how a static address was written); the shared nmstate rules judge the rendered interface.
   */
  public _validate(ctx: InterfaceValidationContext): void {
    const { path, findings } = ctx;
    if (this.state === NodeInterfaceState.ABSENT) return; // only name, type and state are rendered
    this.ipv4?._validate(`${path}.ipv4`, findings);
    this.ipv6?._validate(`${path}.ipv6`, findings);
    this.validateTypeSpecific(ctx);
  }

  /** The type's own section (`link-aggregation`, `bridge`, `vlan`...). */
  protected abstract renderTypeSpecific(): Record<string, unknown>;

  /** The type's own checks. */
  protected abstract validateTypeSpecific(ctx: InterfaceValidationContext): void;

  /**
   * Checks that `port` is an interface name or an interface of this interface's own
   * policy: an object from another policy may not exist on the nodes this one targets.
   */
  protected checkPortRef(port: unknown, path: string, findings: Findings): void {
    if (typeof port === 'string') return; // the rendered name is judged by the shared rules
    if (!(port instanceof NodeInterface)) {
      findings.error(path, `${describe(port)} is neither an interface name nor an interface of this policy`, 'construct-nmstate-port-ref');
      return;
    }
    if (port.policy !== this.policy) {
      findings.error(path, `interface '${port.name}' belongs to policy ${port.policy.node.path}, not to this one; `
        + `define it in this policy or pass its name '${port.name}' if another policy creates it on the same nodes`, 'construct-nmstate-port-ref');
    }
  }
}

/** Name of a port given as a name or an interface object. */
export function nodeInterfacePortName(port: NodeInterfacePort): string {
  return typeof port === 'string' ? port : (port as { name?: unknown })?.name as string;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `an object (${JSON.stringify(value)?.slice(0, 60)})`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
