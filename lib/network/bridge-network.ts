import { compact } from '../core/compact';
import { Construct } from 'constructs';
import { SecondaryBinding } from '../core';
import { Findings } from './checks';
import { CniIpam, TuningOptions } from './cni';
import { LinuxBridgeInterface, VlanTag } from './linux-bridge';
import { NetworkAttachmentBase, NetworkAttachmentProps, RESOURCE_NAME_ANNOTATION } from './network-attachment';
import { NodeInterfaceState } from './node-interface';

/** Settings of a `BridgeNetwork`. */
export interface BridgeNetworkProps extends NetworkAttachmentProps {
  /**
   * The node bridge VM NICs plug into: a bridge of a `NodeNetworkPolicy` (the NAD then
   * depends on that policy), or the name of a bridge created elsewhere.
   */
  readonly bridge: LinuxBridgeInterface | string;
  /**
   * Access VLAN (1-4094): VM frames are tagged with it on the bridge.
   * @default - untagged
   */
  readonly vlan?: number;
  /**
   * VLANs passed tagged to the VM (a trunk port); exclusive with `vlan`.
   * @default - none
   */
  readonly vlanTrunk?: VlanTag[];
  /**
   * Keep the port in the default VLAN 1 as well when `vlan` is set.
   * @default - plugin default (false)
   */
  readonly preserveDefaultVlan?: boolean;
  /**
   * MTU of the VM's pod-side interface.
   * @default - the bridge's MTU
   */
  readonly mtu?: number;
  /**
   * Drop frames whose source MAC is not the VM interface's.
   * @default true
   */
  readonly macspoofchk?: boolean;
  /**
   * IPAM of the pod side.
   * @default CniIpam.none()
   */
  readonly ipam?: CniIpam;
  /**
   * The `tuning` plugin chained after `bridge` (sysctls, promiscuous mode...); `false` drops it.
   * @default {} (a plain tuning plugin, as OpenShift Virtualization configures)
   */
  readonly tuning?: TuningOptions | false;
  /**
   * Use the `cnv-bridge` / `cnv-tuning` plugin names of older OpenShift Virtualization
   * releases (still installed as aliases by the cluster network addons operator).
   * @default false
   */
  readonly legacyCnvBridge?: boolean;
  /** @default - plugin default (false); exclusive with `promiscMode` */
  readonly hairpinMode?: boolean;
  /** @default - plugin default (false); exclusive with `hairpinMode` */
  readonly promiscMode?: boolean;
  /** Isolate VM ports from each other on the bridge. @default - plugin default (false) */
  readonly portIsolation?: boolean;
  /**
   * Add `k8s.v1.cni.cncf.io/resourceName: bridge.network.kubevirt.io/<bridge>` so VMs are
   * scheduled only on nodes where bridge-marker found the bridge.
   * @default true
   */
  readonly resourceNameAnnotation?: boolean;
}

/**
 * A Linux-bridge VM network: a NetworkAttachmentDefinition with the `bridge` CNI plugin
 * (and `tuning` chained). VM interfaces join it with the `bridge` binding.
 */
export class BridgeNetwork extends NetworkAttachmentBase {
  public readonly supportedBinding: SecondaryBinding = 'bridge';
  /** Name of the node bridge. */
  public readonly bridgeName: string;
  /** The bridge interface object, when the bridge comes from a policy of this app. */
  public readonly bridgeInterface?: LinuxBridgeInterface;
  private readonly props: BridgeNetworkProps;

  constructor(scope: Construct, id: string, props: BridgeNetworkProps) {
    super(scope, id, props);
    this.props = props;
    if (props.bridge instanceof LinuxBridgeInterface) {
      this.bridgeInterface = props.bridge;
      this.bridgeName = props.bridge.name;
      this.addDependency(props.bridge.policy);
    } else {
      this.bridgeName = props.bridge;
    }
    if (props.resourceNameAnnotation ?? true) {
      this.apiObject.metadata.addAnnotation(RESOURCE_NAME_ANNOTATION, `bridge.network.kubevirt.io/${this.bridgeName}`);
    }
  }

  protected renderCniConfig(): Record<string, unknown> {
    const p = this.props;
    const bridge = compact({
      type: p.legacyCnvBridge ? 'cnv-bridge' : 'bridge',
      bridge: this.bridgeName,
      vlan: p.vlan,
      vlanTrunk: p.vlanTrunk?.map((t) => typeof t === 'number' ? { id: t } : { minID: t.min, maxID: t.max }),
      preserveDefaultVlan: p.preserveDefaultVlan,
      mtu: p.mtu,
      macspoofchk: p.macspoofchk ?? true,
      hairpinMode: p.hairpinMode,
      promiscMode: p.promiscMode,
      portIsolation: p.portIsolation,
      ipam: (p.ipam ?? CniIpam.none()).toJson(),
    });
    const plugins: Record<string, unknown>[] = [bridge];
    if (p.tuning !== false) plugins.push({ type: p.legacyCnvBridge ? 'cnv-tuning' : 'tuning', ...compact({ ...(p.tuning ?? {}) }) });
    return { plugins };
  }

  /** The node bridge's construct; the rendered config is judged by the shared NAD rules. */
  protected validateConfig(f: Findings): void {
    const path = 'spec.config.plugins[0]';
    if (this.bridgeInterface) this.validateAgainstBridge(this.bridgeInterface, path, f);
    else this.validateBridgeExists(path, f);
  }

  private validateAgainstBridge(br: LinuxBridgeInterface, path: string, f: Findings): void {
    if (br.state !== NodeInterfaceState.UP) {
      f.error(`${path}.bridge`, `bridge '${br.name}' has state ${br.state} in policy ${br.policy.node.path}`, 'construct-nad-node-bridge');
    }
    if (br.policy.node.root !== this.node.root) {
      f.warn(`${path}.bridge`, `bridge '${br.name}' comes from policy ${br.policy.node.path} of another app, which this synth does not output`, 'construct-nad-node-bridge');
    }
    const mtu = this.props.mtu;
    if (mtu !== undefined && br.mtu !== undefined && mtu > br.mtu) {
      f.warn(`${path}.mtu`, `${mtu} exceeds the MTU ${br.mtu} of bridge '${br.name}'`, 'construct-nad-node-bridge');
    }
    if (this.props.vlan !== undefined && br.carriesVlan(this.props.vlan) === false) {
      f.warn(`${path}.vlan`, `no port of bridge '${br.name}' passes VLAN ${this.props.vlan}, so the VMs reach no uplink`, 'construct-nad-node-bridge');
    }
  }

  private validateBridgeExists(path: string, f: Findings): void {
    const creators = this.policiesInApp().flatMap((policy) => policy.interfaces)
      .filter((i) => i instanceof LinuxBridgeInterface && i.name === this.bridgeName && i.state === NodeInterfaceState.UP);
    if (creators.length === 0) {
      f.warn(`${path}.bridge`, `no NodeNetworkPolicy in this app creates linux bridge '${this.bridgeName}'; `
        + 'unless one outside the app does, the CNI plugin creates an isolated bridge with no uplink on each node', 'construct-nad-node-bridge');
    }
  }
}
