// Test helpers of the compute family.
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { INetworkAttachment, SecondaryBinding } from '../../lib';
export { synthError } from '../support/synth';

/** A minimal NetworkAttachmentDefinition implementing the wiring contract (the network family's constructs do the same). */
export class TestNetwork extends Construct implements INetworkAttachment {
  public readonly namespace?: string;
  constructor(scope: Construct, public readonly name: string, public readonly supportedBinding: SecondaryBinding = 'bridge') {
    super(scope, name);
    const obj = new ApiObject(this, 'Resource', {
      apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name },
      spec: { config: JSON.stringify({ cniVersion: '0.3.1', name, type: supportedBinding === 'sriov' ? 'sriov' : 'bridge', bridge: 'br1' }) },
    });
    this.namespace = obj.metadata.namespace;
  }
}

export function chart(namespace = 'vms'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

/** Synthesizes the chart and returns the VirtualMachine objects. */
export function synthVms(c: Chart): any[] {
  return Testing.synth(c).filter((o) => o.kind === 'VirtualMachine');
}

