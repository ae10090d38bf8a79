import { KINDS, KindDefinition, authoredApiVersion, requireKind } from '../kinds';
import { KubeObject, ObjectRef, groupOf, refOf, subjectOf } from './objects';

/**
 * Finalizer the prune puts on an owner before deleting it, and takes off once no kept disk refers
 * to it any more. While it is there the owner cannot vanish, so the garbage collector never finds a
 * kept disk whose owner is gone (which is when it deletes the disk).
 */
export const PRUNE_GUARD_FINALIZER = 'cdk8s-kubevirt.io/prune-keeps-disks';

export { DETACHED_FROM_ANNOTATION, PRUNE_FENCE_POLICY_NAME } from '../kinds/prune-fence';

/** Opt-in annotation: pruning this object (or its owner) may delete disk data (value `"true"`). */
export const PRUNE_DATA_ANNOTATION = 'cdk8s-kubevirt.io/prune-data';

/** A kind, with the apiVersion it is listed at. */
export interface ListedKind {
  readonly apiVersion: string;
  readonly kind: string;
}

const listed = (def: KindDefinition): ListedKind => ({ apiVersion: authoredApiVersion(def), kind: def.kind });

/**
 * Kinds detached from a deleted owner: the registry's data kinds (disks, snapshots) and exports,
 * which own the claims they restore and serve: detached, the export keeps serving them.
 */
export const DATA_KINDS: readonly ListedKind[] = [
  ...KINDS.filter((k) => k.holdsData).map(listed),
  listed(requireKind('export.kubevirt.io', 'VirtualMachineExport')),
];

/**
 * Kinds that own disks in turn: a pool or a template instance owns VMs, which own disks. They
 * are walked (the garbage collector deletes them with their owner), never detached.
 */
export const INTERMEDIATE_OWNER_KINDS: readonly ListedKind[] = [listed(requireKind('kubevirt.io', 'VirtualMachine'))];

/** Every kind the prune lists to see what a deleted object owns. */
export const OWNERSHIP_GRAPH_KINDS: readonly ListedKind[] = [...DATA_KINDS, ...INTERMEDIATE_OWNER_KINDS];

const DATA_GROUP_KINDS = new Set(DATA_KINDS.map((k) => `${groupOf(k.apiVersion)}/${k.kind}`));

/** True when the object is a disk (or snapshot, export): detached from an owner that goes. */
export function isDataObject(obj: { apiVersion: string; kind: string }): boolean {
  return DATA_GROUP_KINDS.has(`${groupOf(obj.apiVersion)}/${obj.kind}`);
}

/** The size a person recognises a disk by: a claim's capacity (or request), a DataVolume's request. */
export function diskSize(obj: KubeObject): string | undefined {
  const spec = (obj.spec ?? {}) as Record<string, any>;
  const status = (obj.status ?? {}) as Record<string, any>;
  return status.capacity?.storage ?? spec.resources?.requests?.storage ?? spec.storage?.resources?.requests?.storage
    ?? spec.pvc?.resources?.requests?.storage ?? status.restoreSize ?? undefined;
}

/** `Kind/ns/name (10Gi)`. */
export function describeDisk(obj: KubeObject): string {
  const size = diskSize(obj);
  return `${subjectOf(refOf(obj))}${size ? ` (${size})` : ''}`;
}

/** One kept disk in a report. */
export interface KeptDisk {
  readonly ref: ObjectRef;
  readonly size?: string;
}

/** A data object to detach from owners that are about to be deleted. */
export interface Detachment {
  readonly object: KubeObject;
  /** UIDs of its owners the deletion takes away (the references to drop). */
  readonly ownerUids: string[];
}

/** What deleting one object does to what it owns, directly or through other owned objects. */
export interface OwnershipPlan {
  /** Disks to detach first: they survive the deletion. */
  readonly detach: Detachment[];
  /** Objects the garbage collector deletes with it (disks only when data deletion is allowed). */
  readonly cascade: KubeObject[];
  /** For a Namespace: every disk inside it (deleting a namespace deletes its contents). */
  readonly contained: KubeObject[];
}

/**
 * Follows ownerReferences (by UID) from `root` through `graph` — live objects of the data and
 * intermediate kinds — and decides what its deletion does: a disk owned by anything that goes
 * is detached, unless `dataAllowed` says it may go too. The decision comes from the cluster's
 * ownership graph, never from the root's spec (a VM owns disks its spec no longer lists after
 * a restore or an edit in Git).
 */
export function planOwnership(root: KubeObject, graph: readonly KubeObject[], dataAllowed: (obj: KubeObject) => boolean): OwnershipPlan {
  // A terminating disk cannot be saved; a terminating VM is still walked: its disks go with it.
  const relevant = graph.filter((o) => !(isDataObject(o) && o.metadata.deletionTimestamp) && o.metadata.uid !== root.metadata.uid);
  if (groupOf(root.apiVersion) === '' && root.kind === 'Namespace') {
    const contained = relevant.filter((o) => o.metadata.namespace === root.metadata.name && isDataObject(o));
    return { detach: [], cascade: [], contained };
  }
  const inScope = root.metadata.namespace ? relevant.filter((o) => o.metadata.namespace === root.metadata.namespace) : relevant;
  const doomed = new Set<string>(root.metadata.uid ? [root.metadata.uid] : []);
  const detached = new Set<KubeObject>();
  const cascade: KubeObject[] = [];
  let grew = true;
  while (grew) {
    grew = false;
    for (const obj of inScope) {
      if (detached.has(obj) || doomed.has(obj.metadata.uid ?? '')) continue;
      const owners = obj.metadata.ownerReferences ?? [];
      if (!owners.some((o) => doomed.has(o.uid))) continue;
      if (isDataObject(obj) && !dataAllowed(obj)) {
        detached.add(obj);
      } else {
        // Conservative: doomed as soon as one owner goes, so every disk below it is protected.
        if (obj.metadata.uid) doomed.add(obj.metadata.uid);
        cascade.push(obj);
        grew = true;
      }
    }
  }
  const detach = [...detached].map((object) => ({
    object, ownerUids: (object.metadata.ownerReferences ?? []).map((o) => o.uid).filter((uid) => doomed.has(uid)),
  }));
  return { detach, cascade, contained: [] };
}

/** The ownerReferences left once `ownerUids` are dropped. */
export function withoutOwners(obj: KubeObject, ownerUids: readonly string[]): NonNullable<KubeObject['metadata']['ownerReferences']> {
  return (obj.metadata.ownerReferences ?? []).filter((o) => !ownerUids.includes(o.uid));
}
