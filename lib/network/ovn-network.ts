import { compact } from '../core/compact';
import { Construct } from 'constructs';
import { SecondaryBinding } from '../core';
import { Findings } from './checks';
import { NetworkAttachmentBase, NetworkAttachmentProps } from './network-attachment';
import { OvnBridgeMapping, OvnBridgeMappingState } from './ovs';

/** Settings shared by the OVN-Kubernetes secondary networks. */
export interface OvnNetworkProps extends NetworkAttachmentProps {
  /**
   * MTU of the network.
   * @default - OVN-Kubernetes default (1400 for overlays, the physical MTU for localnet)
   */
  readonly mtu?: number;
  /**
   * CIDRs OVN allocates pod (VM) addresses from.
   * @default - no IPAM: addresses come from the guest or the physical network
   */
  readonly subnets?: string[];
  /**
   * CIDRs inside `subnets` never allocated (gateways, static hosts).
   * @default - none
   */
  readonly excludeSubnets?: string[];
  /**
   * Keep a VM's addresses across restarts and live migration (IPAMClaims).
   * @default - OVN-Kubernetes default (false)
   */
  readonly allowPersistentIps?: boolean;
}

/**
 * Base of `OvnLocalnetNetwork` and `OvnLayer2Network`: one `ovn-k8s-cni-overlay` plugin.
 * VM interfaces join secondary OVN networks with the `bridge` binding.
 */
export abstract class OvnNetworkBase extends NetworkAttachmentBase {
  public readonly supportedBinding: SecondaryBinding = 'bridge';
  private readonly ovnProps: OvnNetworkProps;

  protected constructor(scope: Construct, id: string, props: OvnNetworkProps) {
    super(scope, id, props);
    this.ovnProps = props;
  }

  /** The `netAttachDefName` OVN-Kubernetes checks: `<namespace>/<name>` of this NAD. */
  public get netAttachDefName(): string {
    return `${this.namespace ?? ''}/${this.name}`;
  }

  protected renderOvnConfig(topology: string, extra: Record<string, unknown>): Record<string, unknown> {
    const p = this.ovnProps;
    return compact({
      type: 'ovn-k8s-cni-overlay',
      topology,
      netAttachDefName: this.netAttachDefName,
      mtu: p.mtu,
      subnets: p.subnets?.join(','),
      excludeSubnets: p.excludeSubnets?.join(','),
      allowPersistentIPs: p.allowPersistentIps,
      ...extra,
    });
  }
}

/** Settings of an `OvnLocalnetNetwork`. */
export interface OvnLocalnetNetworkProps extends OvnNetworkProps {
  /**
   * The NNCP bridge mapping that connects the localnet to a node bridge; the NAD then
   * depends on its policy and takes its localnet as the physical network name.
   * @default - none: a mapping for the physical network name must exist on the nodes
   */
  readonly bridgeMapping?: OvnBridgeMapping;
  /**
   * Physical network name (the mapping's `localnet`); lets several networks share one mapping.
   * @default - the bridge mapping's localnet, else the CNI network name
   */
  readonly physicalNetworkName?: string;
  /**
   * Access VLAN on the physical network (1-4094).
   * @default - untagged
   */
  readonly vlan?: number;
}

/**
 * An OVN-Kubernetes localnet network: VMs attach directly to a physical network through
 * an OVS bridge mapped by an NNCP (`ovn.bridge-mappings`).
 */
export class OvnLocalnetNetwork extends OvnNetworkBase {
  private readonly props: OvnLocalnetNetworkProps;

  constructor(scope: Construct, id: string, props: OvnLocalnetNetworkProps = {}) {
    super(scope, id, props);
    this.props = props;
    if (props.bridgeMapping) this.addDependency(props.bridgeMapping.policy);
  }

  /** The physical network name an NNCP bridge mapping must carry as `localnet`. */
  public get physicalNetworkName(): string {
    return this.props.physicalNetworkName ?? this.props.bridgeMapping?.localnet ?? this.cniNetworkName;
  }

  protected defaultCniNetworkName(): string {
    return this.props.bridgeMapping?.localnet ?? this.props.physicalNetworkName ?? this.name;
  }

  protected renderCniConfig(): Record<string, unknown> {
    const physical = this.physicalNetworkName;
    return this.renderOvnConfig('localnet', compact({
      physicalNetworkName: physical !== this.cniNetworkName ? physical : undefined,
      vlanID: this.props.vlan,
    }));
  }

  /** The bridge mapping constructs; the rendered config is judged by the shared NAD rules. */
  protected validateConfig(f: Findings): void {
    const mapping = this.props.bridgeMapping;
    const physical = this.physicalNetworkName;
    if (mapping) {
      if (this.props.physicalNetworkName !== undefined && this.props.physicalNetworkName !== mapping.localnet) {
        f.error('spec.config.physicalNetworkName', `'${this.props.physicalNetworkName}' differs from the bridge mapping's localnet '${mapping.localnet}'`, 'construct-localnet-bridge-mapping');
      }
      if (mapping.state !== OvnBridgeMappingState.PRESENT) {
        f.error('spec.config.physicalNetworkName', `the bridge mapping for '${mapping.localnet}' in ${mapping.policy.node.path} has state ${mapping.state}`, 'construct-localnet-bridge-mapping');
      }
      return;
    }
    const mapped = this.policiesInApp().some((p) => p.bridgeMappings.some((m) => m.localnet === physical && m.state === OvnBridgeMappingState.PRESENT));
    if (!mapped) {
      f.warn('spec.config.physicalNetworkName', `no NodeNetworkPolicy in this app maps localnet '${physical}' to a bridge (ovn.bridge-mappings); `
        + 'unless the nodes already have that mapping, VMs on this network get no connectivity', 'construct-localnet-bridge-mapping');
    }
  }
}

/** Settings of an `OvnLayer2Network`. */
export interface OvnLayer2NetworkProps extends OvnNetworkProps {
  /**
   * Subnets reserved for static assignment inside `subnets`.
   * @default - none
   */
  readonly reservedSubnets?: string[];
}

/**
 * An OVN-Kubernetes layer-2 overlay network: one logical switch spanning the cluster,
 * VMs in the same L2 domain on every node, no NNCP needed.
 */
export class OvnLayer2Network extends OvnNetworkBase {
  private readonly props: OvnLayer2NetworkProps;

  constructor(scope: Construct, id: string, props: OvnLayer2NetworkProps = {}) {
    super(scope, id, props);
    this.props = props;
  }

  protected renderCniConfig(): Record<string, unknown> {
    return this.renderOvnConfig('layer2', compact({ reservedSubnets: this.props.reservedSubnets?.join(',') }));
  }

  /** Nothing beyond the rendered config, which the shared NAD rules judge. */
  protected validateConfig(): void {}
}
