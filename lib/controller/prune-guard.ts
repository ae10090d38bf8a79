import { KubeApiError, KubeClient, toApiError } from './kube-client';
import { KubeObject, groupOf, refOf, subjectOf } from './objects';
import { Detachment, PRUNE_GUARD_FINALIZER, withoutOwners } from './ownership';
import { describeError } from './resource-manager';
import { DETACHED_FROM_ANNOTATION, PRUNE_FENCE_POLICY_NAME, withDetachedFrom } from '../kinds/prune-fence';

export { PRUNE_GUARD_FINALIZER } from './ownership';

/** Field manager of the prune's own metadata writes (never the applier's: SSA must not own them). */
const PRUNE_MANAGER = 'cdk8s-kubevirt-prune';

/** Attempts when an object changed between reading it and writing it (409 on a precondition). */
const ATTEMPTS = 5;

/**
 * Kinds whose controller adopts orphans by name while the owner is not being deleted: KubeVirt's VM
 * controller claims every DataVolume named in `spec.dataVolumeTemplates` that has no controller
 * (ClaimMatchedDataVolumes; it re-reads the VM from the apiserver and refuses once it carries a
 * deletionTimestamp); the pool controller claims VMs the same way. A detached disk can therefore be
 * taken back at any moment until the owner is marked deleted.
 */
const ADOPTING_KINDS = new Set(['kubevirt.io/VirtualMachine', 'pool.kubevirt.io/VirtualMachinePool']);

export function adoptsOrphans(obj: { apiVersion: string; kind: string }): boolean {
  return ADOPTING_KINDS.has(`${groupOf(obj.apiVersion)}/${obj.kind}`);
}

export function isGuarded(obj: KubeObject): boolean {
  return (obj.metadata.finalizers ?? []).includes(PRUNE_GUARD_FINALIZER);
}

/** Adds the guard finalizer (at the resourceVersion read; re-reads on 409). Undefined when it is gone. */
export async function addGuard(client: KubeClient, obj: KubeObject): Promise<KubeObject | undefined> {
  return editFinalizers(client, obj, (list) => (list.includes(PRUNE_GUARD_FINALIZER) ? undefined : [...list, PRUNE_GUARD_FINALIZER]));
}

/** Takes the guard finalizer off again; a terminating object then goes. */
export async function removeGuard(client: KubeClient, obj: KubeObject): Promise<void> {
  await editFinalizers(client, obj, (list) => (list.includes(PRUNE_GUARD_FINALIZER) ? list.filter((f) => f !== PRUNE_GUARD_FINALIZER) : undefined));
}

async function editFinalizers(client: KubeClient, obj: KubeObject, edit: (list: string[]) => string[] | undefined): Promise<KubeObject | undefined> {
  let current: KubeObject | undefined = obj;
  for (let attempt = 1; current && current.metadata.uid === obj.metadata.uid; attempt++) {
    const finalizers = edit(current.metadata.finalizers ?? []);
    if (!finalizers) return current;
    try {
      return await client.mergePatch({
        apiVersion: current.apiVersion, kind: current.kind,
        metadata: { name: current.metadata.name, namespace: current.metadata.namespace, resourceVersion: current.metadata.resourceVersion, finalizers },
      }, { fieldManager: PRUNE_MANAGER });
    } catch (err) {
      const e = toApiError(err);
      if (e.statusCode === 404) return undefined;
      if (e.statusCode !== 409 || attempt >= ATTEMPTS) throw e;
      current = await client.get(refOf(current));
    }
  }
  return undefined;
}

/**
 * Drops the references to the doomed owners and names them in the fence annotation (one write),
 * at the resourceVersion last read; re-reads and retries when the object changed. Returns the
 * updated object (undefined when it is gone). `dryRun`: admission and permissions are checked,
 * nothing changes.
 */
export async function detach(client: KubeClient, detachment: Detachment, dryRun = false): Promise<KubeObject | undefined> {
  return editDisk(client, detachment.object, dryRun, (current) => {
    const remaining = withoutOwners(current, detachment.ownerUids);
    if (remaining.length === (current.metadata.ownerReferences ?? []).length) return undefined;
    const fence = withDetachedFrom(current.metadata.annotations, detachment.ownerUids);
    return { ownerReferences: remaining, ...(fence ? { annotations: { [DETACHED_FROM_ANNOTATION]: fence } } : {}) };
  });
}

/**
 * Names `ownerUids` in the fence annotation of a disk they do not own (yet): an orphan their
 * controller may adopt. Same preconditions and retries as detach.
 */
export async function fence(client: KubeClient, disk: KubeObject, ownerUids: readonly string[], dryRun = false): Promise<KubeObject | undefined> {
  return editDisk(client, disk, dryRun, (current) => {
    const value = withDetachedFrom(current.metadata.annotations, ownerUids);
    return value ? { annotations: { [DETACHED_FROM_ANNOTATION]: value } } : undefined;
  });
}

/** A merge patch of a disk's metadata at the resourceVersion read (`edit` undefined: nothing to do). */
async function editDisk(client: KubeClient, disk: KubeObject, dryRun: boolean,
  edit: (current: KubeObject) => Partial<KubeObject['metadata']> | undefined): Promise<KubeObject | undefined> {
  let current: KubeObject | undefined = disk;
  for (let attempt = 1; current; attempt++) {
    const change = edit(current);
    if (!change) return current;
    try {
      return await client.mergePatch({
        apiVersion: current.apiVersion, kind: current.kind,
        metadata: { name: current.metadata.name, namespace: current.metadata.namespace, resourceVersion: current.metadata.resourceVersion, ...change },
      }, { fieldManager: PRUNE_MANAGER, dryRun });
    } catch (err) {
      const e = toApiError(err);
      if (e.statusCode !== 409 || attempt >= ATTEMPTS) throw e;
      current = await client.get(refOf(current));
      if (current && current.metadata.uid !== disk.metadata.uid) return undefined;
    }
  }
  throw new KubeApiError(404, `${subjectOf(refOf(disk))} disappeared while being detached`, 'NotFound');
}

/** How to install the fence, for the warning when it is missing. */
export const PRUNE_FENCE_INSTALL_HINT = `install it with the controller (kv.KubeVirtGitOpsController) or: cdk8s-kubevirt policy --prune-fence | kubectl apply -f -`;

/**
 * Undefined when the fence policy and its binding are installed; else one line saying what is
 * missing (or that it could not be read) and how to install it. Reads two objects by name.
 */
export async function pruneFenceWarning(client: KubeClient): Promise<string | undefined> {
  const risk = 'a disk KubeVirt decided to adopt before its VM was pruned can still be taken back late and deleted with the VM';
  try {
    const missing: string[] = [];
    for (const kind of ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']) {
      if (!(await client.get({ apiVersion: 'admissionregistration.k8s.io/v1', kind, name: PRUNE_FENCE_POLICY_NAME }))) missing.push(kind);
    }
    if (missing.length === 0) return undefined;
    return `${missing.join(' and ')} ${PRUNE_FENCE_POLICY_NAME} not installed: ${risk}; ${PRUNE_FENCE_INSTALL_HINT}`;
  } catch (err) {
    return `could not check that ValidatingAdmissionPolicy ${PRUNE_FENCE_POLICY_NAME} is installed (${describeError(err).split('\n')[0]}): without it ${risk}; ${PRUNE_FENCE_INSTALL_HINT}`;
  }
}
