import { ChangeEntry } from './changeset';
import { canonicalYaml, comparable, maskSecret, unifiedDiff } from './drift';
import { applySetId, foreignOwner, withMembership, InventoryRef } from './inventory';
import { SourceObject } from './objects';
import { orderObjects } from './ordering';
import { ApplyObjectOptions, ResourceManager } from './resource-manager';
import type { VmChange } from '../validation/vm-changes';
import { vmChangeOptionsFrom } from './vm-change-plan';

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
  const vmChangeOptions = vmChangeOptionsFrom(sources.map((s) => s.object));
  const plans = await manager.planAll(ordered, { ...options, dryRun: true, ownershipCheck: (live) => foreignOwner(live, setId), vmChangeOptions });
  return plans.map((plan) => {
    const subject = plan.entry.subject;
    const before = plan.live ? canonicalYaml(maskSecret(comparable(plan.live))) : '';
    const after = plan.predicted ? canonicalYaml(maskSecret(comparable(plan.predicted))) : before;
    const changed = plan.entry.action === 'created' || plan.entry.action === 'configured';
    return { entry: plan.entry, diff: changed ? unifiedDiff(before, after, `live/${subject}`, `source/${subject}`) : '', ...plan.vmChanges ? { vmChanges: plan.vmChanges } : {} };
  });
}
