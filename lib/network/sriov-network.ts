import { compact } from '../core/compact';
import { Construct } from 'constructs';
import { SecondaryBinding } from '../core';
import { CniIpam } from './cni';
import { VlanProtocol } from './linux-bridge';
import { NetworkAttachmentBase, NetworkAttachmentProps, RESOURCE_NAME_ANNOTATION } from './network-attachment';

/** Link state of the virtual function. */
export enum SriovLinkState { AUTO = 'auto', ENABLE = 'enable', DISABLE = 'disable' }

/** Settings of a `SriovNetwork`. */
export interface SriovNetworkProps extends NetworkAttachmentProps {
  /** Device-plugin resource of the VF pool, `<domain>/<name>` (from a SriovNetworkNodePolicy). */
  readonly resourceName: string;
  /** VLAN id of the VF (1-4094). @default - untagged */
  readonly vlan?: number;
  /** 802.1p priority of the VLAN (0-7); needs `vlan`. @default - 0 */
  readonly vlanQoS?: number;
  /** @default - 802.1q */
  readonly vlanProto?: VlanProtocol;
  /** MAC spoof checking on the VF. @default - the PF driver's default (usually on) */
  readonly spoofChk?: boolean;
  /** Trusted VF (promiscuous / MAC changes allowed). @default - the driver's default (off) */
  readonly trust?: boolean;
  /** @default - the driver's default */
  readonly linkState?: SriovLinkState;
  /** Minimum transmit rate in Mbit/s. @default - none */
  readonly minTxRate?: number;
  /** Maximum transmit rate in Mbit/s. @default - none */
  readonly maxTxRate?: number;
  /** @default CniIpam.none() */
  readonly ipam?: CniIpam;
}

/**
 * An SR-IOV network written as the NetworkAttachmentDefinition the SR-IOV operator's
 * `SriovNetwork` would render (`type: sriov` plus the resourceName annotation), for
 * clusters where NADs are authored directly. VM interfaces join it with the `sriov`
 * binding; such VMs cannot live-migrate.
 */
export class SriovNetwork extends NetworkAttachmentBase {
  public readonly supportedBinding: SecondaryBinding = 'sriov';
  /** The device-plugin resource of the VF pool. */
  public readonly deviceResourceName: string;
  private readonly props: SriovNetworkProps;

  constructor(scope: Construct, id: string, props: SriovNetworkProps) {
    super(scope, id, props);
    this.props = props;
    this.deviceResourceName = props.resourceName;
    this.apiObject.metadata.addAnnotation(RESOURCE_NAME_ANNOTATION, props.resourceName);
  }

  protected renderCniConfig(): Record<string, unknown> {
    const p = this.props;
    const onOff = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'on' : 'off');
    return compact({
      type: 'sriov',
      vlan: p.vlan,
      vlanQoS: p.vlanQoS,
      vlanProto: p.vlanProto,
      spoofchk: onOff(p.spoofChk),
      trust: onOff(p.trust),
      link_state: p.linkState,
      min_tx_rate: p.minTxRate,
      max_tx_rate: p.maxTxRate,
      ipam: (p.ipam ?? CniIpam.none()).toJson(),
    });
  }

  /** Nothing beyond the rendered NAD, which the shared NAD rules judge. */
  protected validateConfig(): void {}
}
