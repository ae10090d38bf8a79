import { kindHoldsData } from '../kinds';
import { KubeObject, ObjectRef, groupOf, keyOf, refOf, subjectOf } from './objects';
import { stageOfKind } from './ordering';

/** Opt-out annotation: the object is never pruned. */
export const PRUNE_ANNOTATION = 'cdk8s-kubevirt.io/prune';
/** Opt-in annotation: pruning this object may delete disk data (value `"true"`). */
export const PRUNE_DATA_ANNOTATION = 'cdk8s-kubevirt.io/prune-data';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** One object the prune would delete. */
export interface PruneDeletion {
  readonly object: KubeObject;
  readonly propagationPolicy: PropagationPolicy;
  /** Why this propagation, e.g. the disks an Orphan delete keeps. */
  readonly note?: string;
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
   * Also delete disk data: DataVolumes, PVCs, and VMs' template disks.
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

/** True when the object is, or owns, disk data. */
export function holdsData(obj: KubeObject): boolean {
  return kindHoldsData(obj.apiVersion, obj.kind) || templateDisks(obj).length > 0;
}

/** Names of the DataVolumes a VM creates from `spec.dataVolumeTemplates`. */
export function templateDisks(obj: KubeObject): string[] {
  if (groupOf(obj.apiVersion) !== 'kubevirt.io' || obj.kind !== 'VirtualMachine') return [];
  const templates = (obj.spec as { dataVolumeTemplates?: Array<{ metadata?: { name?: string } }> } | undefined)?.dataVolumeTemplates;
  return (templates ?? []).map((t) => t.metadata?.name).filter((n): n is string => !!n);
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
 * Plans a prune. Eligible: a live member of the set that left the desired set, has no owner
 * (the garbage collector handles owned objects), is not terminating and has not opted out.
 * Disk data is kept unless the run (`pruneData`) or the object (`prune-data: "true"`) allows
 * it; a VM with template disks is then deleted with Orphan propagation so its disks stay.
 */
export function planPrune(live: readonly KubeObject[], desired: readonly ObjectRef[], options: PruneOptions = {}): PrunePlan {
  const desiredKeys = new Set(desired.map((d) => keyOf(d)));
  const deletions: PruneDeletion[] = [];
  const skipped: PruneSkip[] = [];
  const candidates = live.filter((obj) => !desiredKeys.has(keyOf(refOf(obj))));
  for (const obj of candidates) {
    const ref = refOf(obj);
    const dataAllowed = options.pruneData === true || obj.metadata.annotations?.[PRUNE_DATA_ANNOTATION] === 'true';
    if (obj.metadata.deletionTimestamp) continue;
    const owners = obj.metadata.ownerReferences ?? [];
    if (owners.length > 0) {
      skipped.push({ ref, reason: `owned by ${owners[0].kind}/${owners[0].name}: left to the garbage collector`, data: holdsData(obj) });
      continue;
    }
    const optedOut = optOut(obj);
    if (optedOut) {
      skipped.push({ ref, reason: `prune disabled by ${optedOut}`, data: holdsData(obj) });
      continue;
    }
    const disks = templateDisks(obj);
    if (disks.length > 0 && !dataAllowed) {
      deletions.push({ object: obj, propagationPolicy: 'Orphan', note: `disks kept: ${disks.map((d) => `DataVolume/${ref.namespace}/${d}`).join(', ')}` });
      continue;
    }
    if (holdsData(obj) && disks.length === 0 && !dataAllowed) {
      skipped.push({ ref, reason: `holds disk data: kept (pass --prune-data or annotate ${PRUNE_DATA_ANNOTATION}: "true")`, data: true });
      continue;
    }
    deletions.push({ object: obj, propagationPolicy: 'Background' });
  }

  const refused = massPruneGuard(live.length, deletions.length, desired.length, options);
  deletions.sort((a, b) => deleteRank(b.object) - deleteRank(a.object) || subjectOf(refOf(a.object)).localeCompare(subjectOf(refOf(b.object))));
  return refused ? { deletions: [], skipped, refused } : { deletions, skipped };
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
