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
  /** Orphans named by a VM that were not claimed because the VM is being deleted. */
  readonly refusals: () => number;
  /** Adoptions decided (the quorum read allowed them), patched or not yet. */
  readonly decisions: () => number;
  /** Every adoption patch sent: when, and the API server's refusal if any. */
  readonly patches: () => readonly AdoptionPatch[];
  stop(): Promise<void>;
}

export interface AdoptionPatch {
  readonly dataVolume: string;
  /** The VM's uid the patch made owner. */
  readonly ownerUid: string;
  /** Date.now() when the patch was sent. */
  readonly sentAt: number;
  /** The API server's answer when it refused the patch. */
  readonly refused?: string;
}

export interface AdoptionEmulatorOptions {
  /**
   * Time between the quorum read that allows an adoption and its patch reaching the API server
   * (a slow or throttled virt-controller): the patch is sent that much later, whatever happened.
   * @default 0
   */
  readonly patchDelayMs?: number;
}

/**
 * Starts re-adopting DataVolumes in `namespace`: on every DataVolume watch event (as the
 * informer wakes virt-controller) and on a short timer.
 */
export async function emulateDataVolumeAdoption(client: KubeClient, namespace: string, options: AdoptionEmulatorOptions = {}): Promise<AdoptionEmulator> {
  let adoptions = 0;
  let refusals = 0;
  let decisions = 0;
  const patches: AdoptionPatch[] = [];
  let stopped = false;
  let wake: () => void = () => undefined;
  const delayed: Array<Promise<void>> = [];
  const pending = new Set<string>();
  const claimAll = async () => {
    const vms = (await client.list('kubevirt.io/v1', 'VirtualMachine', { namespace })).items;
    for (const vm of vms) {
      const templates = ((vm.spec as { dataVolumeTemplates?: Array<{ metadata: { name: string } }> })?.dataVolumeTemplates ?? []);
      for (const template of templates) {
        if (pending.has(template.metadata.name)) continue;
        const dv = await client.get({ ...DATA_VOLUME, namespace, name: template.metadata.name });
        if (!dv || dv.metadata.deletionTimestamp || (dv.metadata.ownerReferences ?? []).some((o) => o.controller)) continue;
        // ClaimObject: an orphan is never claimed by a VM being deleted (cached, then a quorum read).
        const fresh = vm.metadata.deletionTimestamp ? undefined : await client.get(refOf(vm));
        if (!fresh || fresh.metadata.uid !== vm.metadata.uid || fresh.metadata.deletionTimestamp) {
          refusals++;
          continue;
        }
        decisions++;
        const send = async () => {
          const patch = await adopt(client, vm, dv);
          patches.push(patch);
          if (!patch.refused) adoptions++;
        };
        if (!options.patchDelayMs) {
          await send();
          continue;
        }
        pending.add(dv.metadata.name);
        delayed.push((async () => {
          await new Promise((r) => setTimeout(r, options.patchDelayMs));
          await send();
          pending.delete(dv.metadata.name);
        })());
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
    refusals: () => refusals,
    decisions: () => decisions,
    patches: () => patches,
    stop: async () => { stopped = true; wake(); watch.abort(); await loop; await Promise.all(delayed); },
  };
}

/** AdoptDataVolume: a merge patch replacing the owner references, with the DataVolume's uid as its only precondition. */
async function adopt(client: KubeClient, vm: KubeObject, dv: KubeObject): Promise<AdoptionPatch> {
  const sent = { dataVolume: dv.metadata.name, ownerUid: vm.metadata.uid!, sentAt: Date.now() };
  try {
    await client.mergePatch({
      apiVersion: dv.apiVersion, kind: dv.kind,
      metadata: {
        name: dv.metadata.name, namespace: dv.metadata.namespace, uid: dv.metadata.uid,
        ownerReferences: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: vm.metadata.name, uid: vm.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
    });
    return sent;
  } catch (err) {
    return { ...sent, refused: err instanceof Error ? err.message : String(err) };
  }
}
