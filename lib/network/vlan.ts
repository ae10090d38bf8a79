import type { VlanProtocol } from './linux-bridge';
import { INodeNetworkPolicy, InterfaceValidationContext, NodeInterface, nodeInterfacePortName, NodeInterfaceOptions, NodeInterfacePort } from './node-interface';

/** GARP VLAN registration protocol of a VLAN interface. */
export enum VlanRegistrationProtocol { GVRP = 'gvrp', MVRP = 'mvrp', NONE = 'none' }

/** Settings of `NodeNetworkPolicy.addVlan()`. */
export interface VlanProps extends NodeInterfaceOptions {
  /** The parent interface: a NIC name or an interface of the same policy (e.g. a bond). */
  readonly base: NodeInterfacePort;
  /** VLAN id, 1-4094. */
  readonly id: number;
  /** @default VlanProtocol.IEEE_802_1Q */
  readonly protocol?: VlanProtocol;
  /** @default - none */
  readonly registrationProtocol?: VlanRegistrationProtocol;
  /** @default - NetworkManager default (true) */
  readonly reorderHeaders?: boolean;
  /** Keep the VLAN up when the base goes down. @default - NetworkManager default (false) */
  readonly looseBinding?: boolean;
}

/** A VLAN sub-interface (`type: vlan`), created by `NodeNetworkPolicy.addVlan()`. */
export class VlanInterface extends NodeInterface {
  public readonly base: NodeInterfacePort;
  public readonly id: number;
  private readonly props: VlanProps;

  constructor(policy: INodeNetworkPolicy, name: string, props: VlanProps) {
    super(policy, name, 'vlan', props, true);
    this.base = props.base;
    this.id = props.id;
    this.props = props;
  }

  protected renderTypeSpecific(): Record<string, unknown> {
    const p = this.props;
    const vlan: Record<string, unknown> = { 'base-iface': nodeInterfacePortName(this.base), id: this.id };
    if (p.protocol !== undefined) vlan.protocol = p.protocol;
    if (p.registrationProtocol !== undefined) vlan['registration-protocol'] = p.registrationProtocol;
    if (p.reorderHeaders !== undefined) vlan['reorder-headers'] = p.reorderHeaders;
    if (p.looseBinding !== undefined) vlan['loose-binding'] = p.looseBinding;
    return { vlan };
  }

  /** A base given as an object belongs to this policy; the rendered VLAN is judged by the shared nmstate rules. */
  protected validateTypeSpecific(ctx: InterfaceValidationContext): void {
    if (this.base !== undefined) this.checkPortRef(this.base, `${ctx.path}.vlan.base-iface`, ctx.findings);
  }
}
