import { ApiObjectMetadata } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { VirtualMachine as VirtualMachineL1 } from '../../imports/kubevirt.io';
import { addSynthWarning, KubeVirtResource, NetworkPolicyPeerConfigLike, PodSelectorConfigLike } from '../core';
import { AccessCredential } from './access-credential';
import { CloudInit } from './cloud-init';
import { DiskOptions, VmDisk } from './disk';
import { DiskSource } from './disk-source';
import { Interface, InterfaceOptions, InterfacePort, PortProtocol, VmInterface } from './interface';
import { IVirtualMachineProfile } from './profile';
import { nameServicePorts, validateServicePorts } from './service-ports';
import { DOMAIN_LABEL, VirtualMachineSpecBuilder } from './spec-builder';
import { VirtualMachineSpecProps } from './spec-props';
import { VmScheduling } from './scheduling';

/** Properties of a `VirtualMachine`. */
export interface VirtualMachineProps extends VirtualMachineSpecProps {
  /**
   * Metadata of the VirtualMachine object.
   * @default - name generated from the construct path; namespace from the chart
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The guest OS profile (e.g. `OsProfile.RHEL_9`, `OsProfile.WINDOWS_2K22`): firmware, buses,
   * NIC model, Hyper-V features as common-templates set them for that OS.
   * @default - none
   */
  readonly os?: IVirtualMachineProfile;
  /**
   * The workload profile (e.g. `WorkloadProfile.SERVER`): IO threads, emulator thread, tablet...
   * @default - none
   */
  readonly workload?: IVirtualMachineProfile;
  /**
   * The legacy flavor (e.g. `Flavor.SMALL`: 1 vCPU, 2 GiB); use `instancetype` on clusters with
   * the instancetype API.
   * @default - none
   */
  readonly flavor?: IVirtualMachineProfile;
  /**
   * More profiles, applied after `os`, `workload` and `flavor`; all profiles apply before the
   * other props, which win.
   * @default - none
   */
  readonly profiles?: IVirtualMachineProfile[];
}

/** Options of `vm.expose()`. */
export interface VirtualMachineExposeOptions {
  /**
   * Ports to expose; a number is a TCP port with the same target port. With several ports, each
   * port without a name gets one (its IANA service name such as `http`, else `port-<n>`), as
   * Kubernetes requires for multi-port Services.
   */
  readonly ports: Array<number | plus.ServicePort>;
  /** @default plus.ServiceType.CLUSTER_IP */
  readonly type?: plus.ServiceType;
  /**
   * Name of the Service.
   * @default - generated
   */
  readonly name?: string;
  /**
   * Construct id of the Service.
   * @default 'Service'
   */
  readonly id?: string;
}

/**
 * A KubeVirt VirtualMachine (`kubevirt.io/v1`): virtual hardware, disks and their volumes,
 * NICs and their networks, cloud-init, scheduling and lifecycle, with construct-time checks.
 *
 * It is a pod selector and a network-policy peer (it selects its own virt-launcher pod),
 * so `new plus.Service(..., { selector: vm })` and NetworkPolicy rules accept it, with
 * cdk8s-plus-27 and cdk8s-plus-33 alike (the selector methods are typed structurally).
 */
export class VirtualMachine extends KubeVirtResource implements plus.IPodSelector, plus.INetworkPolicyPeer {
  /** The typed spec state and its renderer (for profiles and templates). */
  public readonly spec: VirtualMachineSpecBuilder;

  constructor(scope: Construct, id: string, props: VirtualMachineProps = {}) {
    super(scope, id, { gvk: VirtualMachineL1.GVK }, props);
    const { profiles, metadata, os, workload, flavor, ...specProps } = props;
    this.spec = new VirtualMachineSpecBuilder();
    for (const profile of [os, workload, flavor, ...(profiles ?? [])]) profile?.applyTo(this.spec);
    this.spec.configure(specProps);
    this.addDependency(...this.spec.dependencies);
    this.node.addValidation({ validate: () => this.validateVm() });
  }

  /** Node selector, tolerations and (anti-)affinity of the VM's pod. */
  public get scheduling(): VmScheduling { return this.spec.scheduling; }
  public get disks(): readonly VmDisk[] { return this.spec.disks; }
  public get interfaces(): readonly VmInterface[] { return this.spec.interfaces; }

  /** Adds a disk and its volume under one name; DataVolume, Secret... constructs are applied before the VM. */
  public addDisk(name: string, source: DiskSource, options: DiskOptions = {}): void {
    this.spec.addDisk(name, source, options);
    this.addDependency(...source.dependencies);
  }

  /** Adds a NIC and its network under one name; a NAD construct is applied before the VM. */
  public addInterface(name: string, nic: Interface, options: InterfaceOptions = {}): void {
    this.spec.addInterface(name, nic, options);
    this.addDependency(...nic.dependencies);
  }

  /** Adds credentials KubeVirt injects from a Secret. */
  public addAccessCredential(credential: AccessCredential): void {
    this.spec.addAccessCredential(credential);
    this.addDependency(...credential.dependencies);
  }

  /** Sets (or replaces) the cloud-init disk. */
  public setCloudInit(cloudInit: CloudInit): void {
    this.spec.setCloudInit(cloudInit);
    this.addDependency(...cloudInit.dependencies);
  }

  /** Overrides settings (see `VirtualMachineSpecBuilder.configure`). */
  public configure(options: VirtualMachineSpecProps): void {
    this.spec.configure(options);
    this.addDependency(...this.spec.dependencies);
  }

  /** Applies a workload or OS profile now. */
  public applyProfile(profile: IVirtualMachineProfile): void {
    profile.applyTo(this.spec);
    this.addDependency(...this.spec.dependencies);
  }

  /** The rendered `spec`, for embedding in templates or inspection. */
  public toSpec(): Record<string, unknown> {
    return this.spec.toSpec({ name: this.name, namespace: this.namespace });
  }

  /** Creates a cdk8s-plus Service selecting this VM's pod. */
  public expose(options: VirtualMachineExposeOptions): plus.Service {
    const ports = nameServicePorts(options.ports.map((p) => typeof p === 'number' ? { port: p, targetPort: p } : p));
    const service = new plus.Service(this, options.id ?? 'Service', {
      metadata: options.name ? { name: options.name } : undefined,
      type: options.type,
      selector: this,
      ports,
    });
    service.node.addValidation({ validate: () => validateServicePorts(service.ports) });
    return service;
  }

  /** Ports of a masquerade interface, as Service ports (named when there are several). */
  public static servicePortsOf(ports: InterfacePort[]): plus.ServicePort[] {
    return nameServicePorts(ports.map((p) => ({
      port: p.port, targetPort: p.port, name: p.name,
      protocol: p.protocol === PortProtocol.UDP ? plus.Protocol.UDP : plus.Protocol.TCP,
    })));
  }

  /** @see plus.IPodSelector.toPodSelectorConfig */
  public toPodSelectorConfig(): PodSelectorConfigLike {
    return {
      labelSelector: plus.LabelSelector.of({ labels: { [DOMAIN_LABEL]: this.name } }),
      namespaces: this.namespace ? { names: [this.namespace] } : undefined,
    };
  }

  /** @see plus.INetworkPolicyPeer.toNetworkPolicyPeerConfig */
  public toNetworkPolicyPeerConfig(): NetworkPolicyPeerConfigLike {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** @see plus.INetworkPolicyPeer.toPodSelector */
  public toPodSelector(): VirtualMachine {
    return this;
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: this.toSpec() };
  }

  private validateVm(): string[] {
    for (const warning of this.spec.warnings()) addSynthWarning(this, warning);
    return this.spec.validate({ name: this.name, namespace: this.namespace });
  }
}
