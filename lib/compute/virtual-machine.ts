import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { VirtualMachine as VirtualMachineL1 } from '../../imports/kubevirt.io';
import { addSynthWarning, NetworkPolicyPeerConfigLike, PodSelectorConfigLike } from '../core';
import { InterfacePort, PortProtocol } from './interface';
import { exposeService, nameServicePorts, VirtualMachineExposeOptions } from './service-ports';
import { DOMAIN_LABEL, VM_NAME_LABEL } from './spec-builder';
import { VirtualMachineBase, VirtualMachineBaseProps } from './vm-base';

/** Properties of a `VirtualMachine`. */
export interface VirtualMachineProps extends VirtualMachineBaseProps {}

export type { VirtualMachineExposeOptions } from './service-ports';

/**
 * A KubeVirt VirtualMachine (`kubevirt.io/v1`): virtual hardware, disks and their volumes,
 * NICs and their networks, cloud-init, scheduling and lifecycle, with construct-time checks.
 *
 * It is a pod selector and a network-policy peer (it selects its own virt-launcher pod),
 * so `new plus.Service(..., { selector: vm })` and NetworkPolicy rules accept it, with
 * cdk8s-plus-27 and cdk8s-plus-33 alike (the selector methods are typed structurally).
 */
export class VirtualMachine extends VirtualMachineBase implements plus.IPodSelector, plus.INetworkPolicyPeer {
  constructor(scope: Construct, id: string, props: VirtualMachineProps = {}) {
    super(scope, id, { gvk: VirtualMachineL1.GVK }, props);
    this.node.addValidation({ validate: () => this.validateVm() });
  }

  /** The rendered `spec`, for embedding in templates or inspection. */
  public toSpec(): Record<string, unknown> {
    return this.spec.toSpec({ name: this.name, namespace: this.namespace });
  }

  /** Creates a cdk8s-plus Service selecting this VM's pod. */
  public expose(options: VirtualMachineExposeOptions): plus.Service {
    return exposeService(this, options);
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
    const labels = this.spec.podSelectorLabels(this.name);
    // The domain label alone, as before; else the one the template carries.
    const key = labels[DOMAIN_LABEL] !== undefined ? DOMAIN_LABEL : Object.keys(labels)[0];
    if (key === undefined) {
      throw new Error(`VirtualMachine '${this.node.path}' has select: false and no template label '${DOMAIN_LABEL}' or '${VM_NAME_LABEL}' `
        + 'set to its name: nothing selects its pod (add one with addTemplateLabel, or leave select on)');
    }
    return {
      labelSelector: plus.LabelSelector.of({ labels: { [key]: this.name } }),
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
