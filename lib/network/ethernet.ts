import { INodeNetworkPolicy, NodeInterface, NodeInterfaceOptions } from './node-interface';

/** Link duplex of an Ethernet NIC. */
export enum EthernetDuplex { FULL = 'full', HALF = 'half' }

/** Settings of `NodeNetworkPolicy.addEthernet()`. */
export interface EthernetProps extends NodeInterfaceOptions {
  /** @default - unchanged */
  readonly autoNegotiation?: boolean;
  /** Link speed in Mbit/s (with `autoNegotiation: false`). @default - unchanged */
  readonly speed?: number;
  /** @default - unchanged */
  readonly duplex?: EthernetDuplex;
  /** Number of SR-IOV virtual functions to create on this physical function. @default - unchanged */
  readonly sriovTotalVfs?: number;
}

/**
 * A physical NIC (`type: ethernet`), created by `NodeNetworkPolicy.addEthernet()`.
 * Its IP settings are left untouched unless given: rendering "disabled" would strip
 * the addresses of a NIC the node may depend on.
 */
export class EthernetInterface extends NodeInterface {
  private readonly props: EthernetProps;

  constructor(policy: INodeNetworkPolicy, name: string, props: EthernetProps = {}) {
    super(policy, name, 'ethernet', props, false);
    this.props = props;
  }

  protected renderTypeSpecific(): Record<string, unknown> {
    const p = this.props;
    const ethernet: Record<string, unknown> = {};
    if (p.autoNegotiation !== undefined) ethernet['auto-negotiation'] = p.autoNegotiation;
    if (p.speed !== undefined) ethernet.speed = p.speed;
    if (p.duplex !== undefined) ethernet.duplex = p.duplex;
    if (p.sriovTotalVfs !== undefined) ethernet['sr-iov'] = { 'total-vfs': p.sriovTotalVfs };
    return Object.keys(ethernet).length > 0 ? { ethernet } : {};
  }

  /** Nothing the rendered NIC does not show: the shared nmstate rules judge it. */
  protected validateTypeSpecific(): void {}
}
