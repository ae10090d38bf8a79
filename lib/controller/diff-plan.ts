import { ChangeEntry } from './changeset';
import { canonicalYaml, comparable, maskSecret, unifiedDiff } from './drift';
import { applySetId, foreignOwner, withMembership, InventoryRef } from './inventory';
import { SourceObject } from './objects';
import { orderObjects } from './ordering';
import { ApplyObjectOptions, ResourceManager } from './resource-manager';
import { classifyVmChanges, VmChange } from '../validation/vm-changes';

/** One object's planned change with its unified diff (live → after apply). */
export interface ObjectDiff {
  readonly entry: ChangeEntry;
  /** Empty when unchanged; Secret values are masked. */
  readonly diff: string;
  /** For a VirtualMachine that exists and changes: each change, live or needing a restart. */
  readonly vmChanges?: VmChange[];
}

/**
 * Plans every object with server-side dry-runs (no writes) and renders what would change.
 */
export async function diffSource(manager: ResourceManager, sources: readonly SourceObject[], inventory: InventoryRef,
  options: Pick<ApplyObjectOptions, 'forceConflicts' | 'adopt' | 'respectedManagers'> = {}): Promise<ObjectDiff[]> {
  const setId = applySetId(inventory);
  const ordered = orderObjects(sources.map((s) => s.object)).map((o) => withMembership(o.object, setId));
  const plans = await manager.planAll(ordered, { ...options, dryRun: true, ownershipCheck: (live) => foreignOwner(live, setId) });
  // KubeVirt applies template changes live unless its CR says Stage (a KubeVirt CR in the folder counts).
  const stage = sources.some((s) => s.object?.kind === 'KubeVirt' && String(s.object.apiVersion).startsWith('kubevirt.io/')
    && (s.object as any).spec?.configuration?.vmRolloutStrategy === 'Stage');
  return plans.map((plan) => {
    const subject = plan.entry.subject;
    const before = plan.live ? canonicalYaml(maskSecret(comparable(plan.live))) : '';
    const after = plan.predicted ? canonicalYaml(maskSecret(comparable(plan.predicted))) : before;
    const changed = plan.entry.action === 'created' || plan.entry.action === 'configured';
    const isVm = plan.live?.kind === 'VirtualMachine' && String(plan.live.apiVersion).startsWith('kubevirt.io/');
    const vmChanges = isVm && plan.predicted && plan.entry.action === 'configured'
      ? classifyVmChanges(plan.live!, plan.predicted, { rolloutStrategy: stage ? 'Stage' : 'LiveUpdate', instancetypeSpec: (m) => instancetypeIn(sources, m, plan.live!.metadata.namespace) }) : undefined;
    return { entry: plan.entry, diff: changed ? unifiedDiff(before, after, `live/${subject}`, `source/${subject}`) : '', ...vmChanges ? { vmChanges } : {} };
  });
}

/** The spec of the instancetype a VM matcher names, when the folder holds it (no kind = the cluster kind). */
function instancetypeIn(sources: readonly SourceObject[], matcher: Record<string, unknown>, namespace: string | undefined): Record<string, unknown> | undefined {
  const kind = typeof matcher.kind === 'string' && matcher.kind !== '' ? matcher.kind : 'VirtualMachineClusterInstancetype';
  const namespaced = kind === 'VirtualMachineInstancetype';
  const found = sources.find((s) => String(s.object?.apiVersion).startsWith('instancetype.kubevirt.io/') && s.object.kind === kind
    && s.object.metadata?.name === matcher.name && (!namespaced || s.object.metadata?.namespace === namespace));
  return found?.object.spec as Record<string, unknown> | undefined;
}
