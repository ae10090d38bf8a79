// Plays the part of KubeVirt's VM controller that matters to a prune (no KubeVirt runs on the
// test control plane): its claim step, ClaimMatchedDataVolumes. A DataVolume named in a VM's
// spec.dataVolumeTemplates that has no controller and is not terminating is adopted, after a
// fresh read of the VM shows it is not being deleted (RecheckDeletionTimestamp), with a merge
// patch that replaces the DataVolume's ownerReferences by the VM as controller.
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, refOf } from '../../lib/controller/objects';

const DATA_VOLUME = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume' };

export interface AdoptionEmulator {
  /** Adoptions done so far (each one a DataVolume taken back by its VM). */
  readonly adoptions: () => number;
  stop(): Promise<void>;
}

/**
 * Starts re-adopting DataVolumes in `namespace`: on every DataVolume watch event (as the
 * informer wakes virt-controller) and on a short timer.
 */
export async function emulateDataVolumeAdoption(client: KubeClient, namespace: string): Promise<AdoptionEmulator> {
  let adoptions = 0;
  let stopped = false;
  let wake: () => void = () => undefined;
  const claimAll = async () => {
    const vms = (await client.list('kubevirt.io/v1', 'VirtualMachine', { namespace })).items;
    for (const vm of vms) {
      if (vm.metadata.deletionTimestamp) continue;
      const templates = ((vm.spec as { dataVolumeTemplates?: Array<{ metadata: { name: string } }> })?.dataVolumeTemplates ?? []);
      for (const template of templates) {
        const dv = await client.get({ ...DATA_VOLUME, namespace, name: template.metadata.name });
        if (!dv || dv.metadata.deletionTimestamp || (dv.metadata.ownerReferences ?? []).some((o) => o.controller)) continue;
        if (await adopt(client, vm, dv)) adoptions++;
      }
    }
  };
  const watch = await client.watch(DATA_VOLUME.apiVersion, DATA_VOLUME.kind, { namespace }, () => wake(), () => undefined);
  const loop = (async () => {
    while (!stopped) {
      await claimAll().catch(() => undefined);
      await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 20); });
    }
  })();
  return {
    adoptions: () => adoptions,
    stop: async () => { stopped = true; wake(); watch.abort(); await loop; },
  };
}

async function adopt(client: KubeClient, vm: KubeObject, dv: KubeObject): Promise<boolean> {
  const fresh = await client.get(refOf(vm));
  if (!fresh || fresh.metadata.uid !== vm.metadata.uid || fresh.metadata.deletionTimestamp) return false;
  try {
    await client.mergePatch({
      apiVersion: dv.apiVersion, kind: dv.kind,
      metadata: {
        name: dv.metadata.name, namespace: dv.metadata.namespace, uid: dv.metadata.uid,
        ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: vm.metadata.name, uid: vm.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
    });
    return true;
  } catch {
    return false;
  }
}
