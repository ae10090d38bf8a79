// Reading a live namespace for import: LIST only, through the controller's read-only calls.
import type { KubeClient } from '../controller/kube-client';
import { KubeObject } from '../manifests';
import { ImportInput } from './generate';

/** The kinds read from a namespace, in the versions the constructs author. */
export const LIVE_KINDS: ReadonlyArray<readonly [string, string]> = [
  ['k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition'],
  ['instancetype.kubevirt.io/v1beta1', 'VirtualMachineInstancetype'],
  ['instancetype.kubevirt.io/v1beta1', 'VirtualMachinePreference'],
  ['cdi.kubevirt.io/v1beta1', 'DataImportCron'],
  ['cdi.kubevirt.io/v1beta1', 'DataSource'],
  ['cdi.kubevirt.io/v1beta1', 'DataVolume'],
  ['kubevirt.io/v1', 'VirtualMachine'],
];

export interface LiveRead {
  readonly inputs: ImportInput[];
  /** One line each: kinds not served, objects left out (owned by another imported object). */
  readonly notes: string[];
}

/**
 * Lists the kinds of `LIVE_KINDS` in `namespace`. Objects a controller owns (a VM's
 * dataVolumeTemplates become DataVolumes owned by the VM) are left out: their owner declares them.
 */
export async function readNamespace(client: Pick<KubeClient, 'list' | 'isServed' | 'server'>, namespace: string): Promise<LiveRead> {
  const inputs: ImportInput[] = [];
  const notes: string[] = [];
  for (const [apiVersion, kind] of LIVE_KINDS) {
    if (!(await client.isServed(apiVersion, kind))) {
      notes.push(`${kind} (${apiVersion}) is not served by the cluster`);
      continue;
    }
    const { items } = await client.list(apiVersion, kind, { namespace });
    for (const item of items) {
      const object: KubeObject = { ...item, apiVersion, kind };
      const owner = (object.metadata.ownerReferences ?? []).find((o) => o.controller);
      if (owner) {
        notes.push(`${kind} ${namespace}/${object.metadata.name} left out: created by ${owner.kind} ${owner.name}`);
        continue;
      }
      inputs.push({ object, origin: `${kind} ${namespace}/${object.metadata.name} (${client.server ?? 'cluster'})` });
    }
  }
  inputs.sort((a, b) => a.origin.localeCompare(b.origin));
  return { inputs, notes };
}
