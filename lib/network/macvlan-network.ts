import { compact } from '../core/compact';
import { Construct } from 'constructs';
import { SecondaryBinding } from '../core';
import { Findings } from './checks';
import { CniIpam } from './cni';
import { NetworkAttachmentBase, NetworkAttachmentProps } from './network-attachment';
import { NodeInterface, NodeInterfaceState } from './node-interface';

/** How macvlan endpoints on the same parent reach each other. */
export enum MacvlanMode {
  /** Endpoints on the same parent talk directly. */
  BRIDGE = 'bridge',
  /** Endpoints are isolated from each other. */
  PRIVATE = 'private',
  /** Traffic between endpoints hairpins through the external switch. */
  VEPA = 'vepa',
  /** One endpoint owns the parent. */
  PASSTHRU = 'passthru',
}

/** Settings of a `MacvlanNetwork`. */
export interface MacvlanNetworkProps extends NetworkAttachmentProps {
  /**
   * Parent interface on the node: a name, or an interface of a `NodeNetworkPolicy`
   * (e.g. a VLAN), which the NAD then depends on.
   * @default - the node's default-route interface
   */
  readonly master?: string | NodeInterface;
  /** @default MacvlanMode.BRIDGE */
  readonly mode?: MacvlanMode;
  /** @default - the parent's MTU */
  readonly mtu?: number;
  /** @default CniIpam.none() */
  readonly ipam?: CniIpam;
}

/**
 * A macvlan network: each VM gets a MAC-addressed sub-interface of a node NIC, with no
 * bridge to configure. KubeVirt's `bridge` binding hands the macvlan's MAC to the guest.
 * The host itself cannot reach the VMs through the same parent.
 */
export class MacvlanNetwork extends NetworkAttachmentBase {
  public readonly supportedBinding: SecondaryBinding = 'bridge';
  private readonly props: MacvlanNetworkProps;

  constructor(scope: Construct, id: string, props: MacvlanNetworkProps = {}) {
    super(scope, id, props);
    this.props = props;
    if (props.master instanceof NodeInterface) this.addDependency(props.master.policy);
  }

  /** Name of the parent interface, if set. */
  public get masterName(): string | undefined {
    const m = this.props.master;
    return m instanceof NodeInterface ? m.name : m;
  }

  protected renderCniConfig(): Record<string, unknown> {
    return compact({
      type: 'macvlan',
      master: this.masterName,
      mode: this.props.mode ?? MacvlanMode.BRIDGE,
      mtu: this.props.mtu,
      ipam: (this.props.ipam ?? CniIpam.none()).toJson(),
    });
  }

  /** The parent interface's construct; the rendered config is judged by the shared NAD rules. */
  protected validateConfig(f: Findings): void {
    const master = this.props.master;
    if (!(master instanceof NodeInterface)) return;
    if (master.state !== NodeInterfaceState.UP) {
      f.error('spec.config.master', `'${master.name}' has state ${master.state} in policy ${master.policy.node.path}`, 'construct-macvlan-master');
    }
    if (this.props.mtu !== undefined && master.mtu !== undefined && this.props.mtu > master.mtu) {
      f.error('spec.config.mtu', `${this.props.mtu} exceeds the MTU ${master.mtu} of parent '${master.name}'`, 'construct-macvlan-master');
    }
  }
}
