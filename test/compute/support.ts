// Test helpers of the compute family.
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { INetworkAttachment, SecondaryBinding } from '../../lib';

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

/** The synth error message (validation failures throw at synth). */
export function synthError(c: Chart): string {
  try {
    Testing.synth(c);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}
