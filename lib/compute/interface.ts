import { compact } from '../core/compact';
import { IConstruct } from 'constructs';
import { INetworkAttachment } from '../core';

/** How a VM interface is connected to its network. */
export enum InterfaceBinding {
  /** NAT behind the pod IP; the pod network's live-migratable binding. */
  MASQUERADE = 'masquerade',
  /** Layer-2 bridge to the network (pod network: the VM takes the pod IP). */
  BRIDGE = 'bridge',
  /** A virtual function of an SR-IOV NIC, on an SR-IOV network. */
  SRIOV = 'sriov',
  /** passt (user-space networking behind the pod IP, live-migratable), pod network only; needs the PasstBinding gate. */
  PASST = 'passtBinding',
  /** A network binding plugin registered in the KubeVirt CR (`network.binding`), named by `pluginName`. */
  PLUGIN = 'binding',
}

/** Emulated NIC model shown to the guest. */
export enum InterfaceModel {
  VIRTIO = 'virtio',
  E1000 = 'e1000',
  E1000E = 'e1000e',
  IGB = 'igb',
  RTL8139 = 'rtl8139',
  PCNET = 'pcnet',
  NE2K_PCI = 'ne2k_pci',
}

/** Transport protocol of a forwarded port. */
export enum PortProtocol {
  TCP = 'TCP',
  UDP = 'UDP',
}

/** A port the masquerade binding forwards to the guest (none listed: all ports). */
export interface InterfacePort {
  readonly port: number;
  /** @default PortProtocol.TCP */
  readonly protocol?: PortProtocol;
  /** @default - unnamed */
  readonly name?: string;
}

/** The network a VM interface joins. */
export class VmNetwork {
  /** The pod network (the cluster's primary network). */
  public static pod(): VmNetwork {
    return new VmNetwork(undefined, undefined);
  }

  /**
   * A Multus secondary network: a NetworkAttachmentDefinition construct, or `name` /
   * `namespace/name`. A construct orders the VM after it.
   */
  public static multus(attachment: INetworkAttachment | string, options: { default?: boolean } = {}): VmNetwork {
    if (typeof attachment === 'string') return new VmNetwork(attachment, undefined, options.default);
    const ref = attachment.namespace ? `${attachment.namespace}/${attachment.name}` : attachment.name;
    return new VmNetwork(ref, attachment, options.default);
  }

  private constructor(
    /** `networkName` of a Multus network; undefined for the pod network. */
    public readonly multusNetworkName: string | undefined,
    /** The NAD construct, when one was given. */
    public readonly attachment: INetworkAttachment | undefined,
    /** Use the Multus network as the pod's default network. */
    public readonly isDefault?: boolean,
  ) {}

  /** True for the pod network. */
  public get isPod(): boolean {
    return this.multusNetworkName === undefined;
  }

  /** @internal */
  public _render(name: string): Record<string, unknown> {
    if (this.isPod) return { name, pod: {} };
    return { name, multus: compact({ networkName: this.multusNetworkName!, default: this.isDefault }) };
  }
}

/** Options of `Interface.of()`. */
export interface InterfaceProps {
  readonly binding: InterfaceBinding;
  readonly network: VmNetwork;
  /**
   * Name of the binding plugin, with `InterfaceBinding.PLUGIN`.
   * @default - none
   */
  readonly pluginName?: string;
  /**
   * Ports forwarded by a masquerade binding.
   * @default - all ports
   */
  readonly ports?: InterfacePort[];
}

/** A binding plus the network it connects to: the interface/network pair of a VM NIC. */
export class Interface {
  /** The pod network behind NAT: the default, and live-migratable. */
  public static masquerade(options: { ports?: InterfacePort[] } = {}): Interface {
    return new Interface({ binding: InterfaceBinding.MASQUERADE, network: VmNetwork.pod(), ports: options.ports });
  }

  /** The pod network with a bridge binding (not live-migratable; may be disabled cluster-wide). */
  public static podBridge(): Interface {
    return new Interface({ binding: InterfaceBinding.BRIDGE, network: VmNetwork.pod() });
  }

  /** A bridge-binding secondary network (a Linux bridge or OVN NAD, or `namespace/name`). */
  public static bridge(attachment: INetworkAttachment | string): Interface {
    return new Interface({ binding: InterfaceBinding.BRIDGE, network: VmNetwork.multus(attachment) });
  }

  /** An SR-IOV secondary network (an SR-IOV NAD, or `namespace/name`). */
  public static sriov(attachment: INetworkAttachment | string): Interface {
    return new Interface({ binding: InterfaceBinding.SRIOV, network: VmNetwork.multus(attachment) });
  }

  /** The pod network through passt (the core passt binding; needs the PasstBinding feature gate). */
  public static passt(): Interface {
    return new Interface({ binding: InterfaceBinding.PASST, network: VmNetwork.pod() });
  }

  /**
   * A network binding plugin registered in the KubeVirt CR (`spec.configuration.network.binding`),
   * e.g. `l2bridge` or `managedtap`, on the pod network unless a network is given.
   */
  public static bindingPlugin(pluginName: string, network: VmNetwork = VmNetwork.pod()): Interface {
    return new Interface({ binding: InterfaceBinding.PLUGIN, network, pluginName });
  }

  /** Any binding on any network; combinations KubeVirt refuses fail at synth. */
  public static of(props: InterfaceProps): Interface {
    return new Interface(props);
  }

  public readonly binding: InterfaceBinding;
  public readonly network: VmNetwork;
  public readonly ports?: readonly InterfacePort[];
  public readonly pluginName?: string;

  private constructor(props: InterfaceProps) {
    this.binding = props.binding;
    this.pluginName = props.pluginName;
    this.network = props.network;
    this.ports = props.ports;
  }

  /** Constructs the VM must be applied after. */
  public get dependencies(): IConstruct[] {
    return this.network.attachment ? [this.network.attachment] : [];
  }
}

/** Options of `vm.addInterface()`. */
export interface InterfaceOptions {
  /**
   * NIC model.
   * @default - the VM's default model (virtio unless a profile changes it); unset with `explicitInterfaceModel: false`
   */
  readonly model?: InterfaceModel;
  /**
   * Fixed MAC address.
   * @default - assigned by KubeVirt or KubeMacPool
   */
  readonly macAddress?: string;
  /**
   * PCI address on the guest (`0000:81:01.0`).
   * @default - assigned by libvirt
   */
  readonly pciAddress?: string;
  /**
   * Boot order for PXE boot; unique across the VM's disks and interfaces.
   * @default - no network boot
   */
  readonly bootOrder?: number;
}

/** One NIC of a VM: the interface and its network, always named alike. */
export interface VmInterface {
  readonly name: string;
  readonly nic: Interface;
  readonly options: InterfaceOptions;
}

/** Renders a `domain.devices.interfaces[]` entry. */
export function renderInterface(iface: VmInterface, defaultModel: InterfaceModel | undefined): Record<string, unknown> {
  const o = iface.options;
  return compact({
    name: iface.name,
    [iface.nic.binding]: iface.nic.binding === InterfaceBinding.PLUGIN ? compact({ name: iface.nic.pluginName }) : {},
    model: o.model ?? defaultModel,
    macAddress: o.macAddress,
    pciAddress: o.pciAddress,
    bootOrder: o.bootOrder,
    ports: iface.nic.ports && iface.nic.ports.length > 0
      ? iface.nic.ports.map((p) => compact({ name: p.name, port: p.port, protocol: p.protocol })) : undefined,
  });
}


