import { kindHoldsData } from '../kinds';
import { KubeObject, ObjectRef, keyOf, refOf, subjectOf } from './objects';
import { stageOfKind } from './ordering';
import { PRUNE_DATA_ANNOTATION, PRUNE_GUARD_FINALIZER, diskSize } from './ownership';

export { PRUNE_DATA_ANNOTATION } from './ownership';

/** Opt-out annotation: the object is never pruned. */
export const PRUNE_ANNOTATION = 'cdk8s-kubevirt.io/prune';

/**
 * One object the prune would delete (Background propagation: what it owns goes with it, once
 * the disks it owns are detached; see ownership.ts).
 */
export interface PruneDeletion {
  readonly object: KubeObject;
  /** Disk data it owns may go with it: the run or its annotation allows it. */
  readonly dataAllowed: boolean;
}

/** One object the prune leaves in place, with the reason (reported to the user). */
export interface PruneSkip {
  readonly ref: ObjectRef;
  readonly reason: string;
  /** True when the object holds disk data: reported as a kept disk. */
  readonly data?: boolean;
}

export interface PrunePlan {
  /** In delete order: the reverse of the apply order. */
  readonly deletions: PruneDeletion[];
  readonly skipped: PruneSkip[];
  /** Set when a guard refused the whole prune. */
  readonly refused?: string;
}

export interface PruneOptions {
  /**
   * Also delete disk data: DataVolumes, PVCs, snapshots, and the disks deleted objects own.
   * @default false
   */
  readonly pruneData?: boolean;
  /**
   * Largest share of the inventory one run may delete without `allowMassPrune`.
   * @default 0.3
   */
  readonly maxPruneShare?: number;
  /**
   * Allow a prune above `maxPruneShare`, or with an empty desired set.
   * @default false
   */
  readonly allowMassPrune?: boolean;
}

/** Deletions at or below this count never trip the mass-prune guard (small sets lose a third fast). */
const MASS_PRUNE_FLOOR = 3;

/** True when the object is disk data (what it owns is decided from the cluster, see ownership.ts). */
export function holdsData(obj: KubeObject): boolean {
  return kindHoldsData(obj.apiVersion, obj.kind);
}

/** Why the object's own annotations or labels forbid pruning it. */
function optOut(obj: KubeObject): string | undefined {
  const annotations = obj.metadata.annotations ?? {};
  const labels = obj.metadata.labels ?? {};
  if (annotations[PRUNE_ANNOTATION] === 'disabled' || labels[PRUNE_ANNOTATION] === 'disabled') return `${PRUNE_ANNOTATION}: disabled`;
  const argo = annotations['argocd.argoproj.io/sync-options'] ?? '';
  for (const option of ['Prune=false', 'Delete=false']) {
    if (argo.split(',').map((s) => s.trim()).includes(option)) return `argocd.argoproj.io/sync-options ${option}`;
  }
  const flux = 'kustomize.toolkit.fluxcd.io/prune';
  if (annotations[flux] === 'disabled' || labels[flux] === 'disabled') return `${flux}: disabled`;
  return undefined;
}

/**
 * Plans a prune. Eligible: a live member of the set that left the desired set, is not terminating
 * and has not opted out. A disk is kept unless the run (`pruneData`) or the object
 * (`prune-data: "true"`) allows its deletion; a disk with an owner is never deleted directly
 * (it goes with its owner, or is detached from it when its owner is pruned). Anything else with
 * an owner is left to the garbage collector. What a deleted object owns is decided later, from
 * the cluster's ownership graph (planOwnership), never from its spec.
 */
export function planPrune(live: readonly KubeObject[], desired: readonly ObjectRef[], options: PruneOptions = {}): PrunePlan {
  const desiredKeys = new Set(desired.map((d) => keyOf(d)));
  const deletions: PruneDeletion[] = [];
  const skipped: PruneSkip[] = [];
  // A guarded deletion that was interrupted is finished even if the source wants the object again:
  // a deletion cannot be undone; the next sync creates it afresh.
  const candidates = live.filter((obj) => !desiredKeys.has(keyOf(refOf(obj))) || interruptedDeletion(obj));
  for (const obj of candidates) {
    const ref = refOf(obj);
    const dataAllowed = options.pruneData === true || obj.metadata.annotations?.[PRUNE_DATA_ANNOTATION] === 'true';
    // Terminating: gone from the set, unless a prune that held it (guard finalizer) has to finish.
    if (obj.metadata.deletionTimestamp && !interruptedDeletion(obj)) continue;
    const data = holdsData(obj);
    const size = data ? diskSize(obj) : undefined;
    const disk = data ? `holds disk data${size ? ` (${size})` : ''}` : '';
    const owners = obj.metadata.ownerReferences ?? [];
    if (owners.length > 0) {
      const owner = `${owners[0].kind}/${owners[0].name}`;
      const reason = !data ? `owned by ${owner}: left to the garbage collector`
        : dataAllowed ? `${disk}, owned by ${owner}: goes only with its owner`
          : `${disk}, owned by ${owner}: kept (detached first if its owner is pruned)`;
      skipped.push({ ref, reason, data });
      continue;
    }
    const optedOut = optOut(obj);
    if (optedOut) {
      skipped.push({ ref, reason: `prune disabled by ${optedOut}`, data });
      continue;
    }
    // Deleting a CRD deletes every object of its kind in the cluster (DataVolumes, snapshots...),
    // whoever made them: that is data loss only --prune-data may ask for.
    if (isCustomResourceDefinition(obj) && !dataAllowed) {
      skipped.push({ ref, reason: `a CustomResourceDefinition: deleting it deletes every object of its kind: kept (pass --prune-data or annotate ${PRUNE_DATA_ANNOTATION}: "true")`, data: true });
      continue;
    }
    if (data && !dataAllowed) {
      skipped.push({ ref, reason: `${disk}: kept (pass --prune-data or annotate ${PRUNE_DATA_ANNOTATION}: "true")`, data: true });
      continue;
    }
    deletions.push({ object: obj, dataAllowed });
  }

  const refused = massPruneGuard(live.length, deletions.length, desired.length, options);
  deletions.sort((a, b) => deleteRank(b.object) - deleteRank(a.object) || subjectOf(refOf(a.object)).localeCompare(subjectOf(refOf(b.object))));
  return refused ? { deletions: [], skipped, refused } : { deletions, skipped };
}

/** Marked deleted by a prune that held it (guard finalizer) and did not finish. */
export function interruptedDeletion(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(PRUNE_GUARD_FINALIZER);
}

function isCustomResourceDefinition(obj: KubeObject): boolean {
  return obj.kind === 'CustomResourceDefinition' && obj.apiVersion.startsWith('apiextensions.k8s.io/');
}

function massPruneGuard(inventorySize: number, deletions: number, desiredCount: number, options: PruneOptions): string | undefined {
  if (options.allowMassPrune || deletions === 0) return undefined;
  if (desiredCount === 0) return `refusing to prune ${deletions} objects: the source is empty (pass allowMassPrune to confirm)`;
  const share = options.maxPruneShare ?? 0.3;
  if (deletions > MASS_PRUNE_FLOOR && deletions > share * inventorySize) {
    return `refusing to prune ${deletions} of ${inventorySize} objects (more than ${Math.round(share * 100)}%); pass allowMassPrune to confirm`;
  }
  return undefined;
}

/** Deletes run in reverse apply order: VMs before disks before networks. */
function deleteRank(obj: KubeObject): number {
  return stageOfKind(obj.apiVersion, obj.kind);
}
