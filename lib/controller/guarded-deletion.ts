import { ChangeEntry } from './changeset';
import { KubeClient, toApiError } from './kube-client';
import { KubeObject, groupOf, refOf, subjectOf } from './objects';
import { OwnershipPlan, describeDisk, planOwnership } from './ownership';
import { OwnershipGraph, listingErrorFor, loadScope, scopeOf, sortedPlan, summarize } from './ownership-graph';
import { PRUNE_GUARD_FINALIZER, addGuard, adoptsOrphans, detach, fence, isGuarded, removeGuard } from './prune-guard';
import { DETACHED_FROM_ANNOTATION, detachedFromUids } from '../kinds/prune-fence';
import { describeError } from './resource-manager';

/** Builds the entry of one deletion: action, reason, disks kept. */
export type Done = (action: ChangeEntry['action'], reason?: string, keptDisks?: KubeObject[]) => ChangeEntry;

/** Rounds of "list, detach what still refers to a doomed owner" after the owners are marked deleted. */
const SETTLE_ROUNDS = 4;

/** Deletes retried when the owner changed (a status update) between reading and deleting it. */
const DELETE_ATTEMPTS = 5;

/**
 * Deletes an owner of disks without the garbage collector ever deleting a kept disk, while the
 * owner's controller may adopt disks back (KubeVirt claims an orphan DataVolume named in the VM's
 * dataVolumeTemplates, after a quorum read showing the VM is not being deleted). Why this order
 * is safe:
 *
 * 1. The owner (and every VM it owns) gets the guard finalizer: from now on none of them can
 *    vanish, and the garbage collector deletes a dependent only once all its owners are gone.
 * 2. The detaches (and fences, step 6) are sent as server-side dry-runs: admission and
 *    permissions are checked while nothing has changed. A refusal takes the guards off again: nothing was deleted.
 * 3. The owners are deleted with Background propagation: their deletionTimestamp is set, so they
 *    adopt nothing more and KubeVirt stops the guest; the dependents that are not data (VMI,
 *    ControllerRevisions, ...) go through the garbage collector once the owner is gone.
 * 4. Only now are the disks detached, and the scope listed again until no disk refers to a
 *    doomed owner. A disk becomes an orphan only after its owner carries a deletionTimestamp, so
 *    an adoption of it, which needs a quorum read made after the orphan was seen, is refused:
 *    no adoption decided before the delete can land after the release.
 * 5. Only then are the guards taken off and the owners go. A failure after step 3 leaves the
 *    guards on: the owners stay terminating, the disks safe, and the next run finishes the job
 *    (a terminating member with the guard stays in the inventory).
 * 6. Along with step 4, the fence (lib/kinds/prune-fence.ts): every disk detached names the
 *    doomed owners in an annotation in the same write, and every DataVolume a doomed VM names in its
 *    dataVolumeTemplates gets the annotation too, orphan or not (nothing here detached it, but
 *    KubeVirt may have decided to adopt it before step 3). The listings of step 4 go on until
 *    every such disk is fenced. The admission policy refuses any later write that makes a
 *    fenced disk owned by a uid it names: an adoption decided before step 3 (a JSON merge patch
 *    replacing the ownerReferences, with the disk's uid as only precondition: no ordering on
 *    this side refuses it) that lands after step 5 is refused, where the garbage collector
 *    would have deleted the disk. Without the policy installed, steps 1-5 still hold except
 *    for that late adoption of a disk that was an orphan before the prune began (the Pruner
 *    warns). The annotation stays: uids are never reused, so it blocks nothing else, and a VM
 *    created again from Git has a new uid and adopts the disk as usual.
 */
export class GuardedDeletion {
  private readonly held: KubeObject[] = [];
  private readonly detached = new Map<string, KubeObject>();
  private deleting = false;

  constructor(private readonly client: KubeClient, private readonly graph: OwnershipGraph,
    private readonly allowed: (obj: KubeObject) => boolean, private readonly done: Done) {}

  public async run(root: KubeObject, ownership: OwnershipPlan): Promise<ChangeEntry> {
    const subject = subjectOf(refOf(root));
    let cascade = ownership.cascade;
    try {
      await this.holdAndDelete([root]);
      if (this.held.length === 0) return this.done('deleted', 'already gone');
      await this.holdAndDelete(ownership.cascade.filter(adoptsOrphans));
      await this.detachAll(ownership, true);
      await this.fenceAll(ownership, true);
    } catch (err) {
      return this.fail(`not deleted: ${describeError(err)}; nothing was deleted`);
    }
    try {
      this.deleting = true;
      await this.deleteHeld();
      for (let round = 1; ; round++) {
        await loadScope(this.client, this.graph, scopeOf(root));
        const listingError = listingErrorFor(this.graph, root);
        if (listingError) throw new Error(listingError);
        const current = sortedPlan(planOwnership(this.held[0], [...this.graph.objects.values()], this.allowed));
        cascade = current.cascade;
        // A VM already terminating (without the guard) adopts nothing more: its disks are just detached.
        const unheld = current.cascade.filter((o) => adoptsOrphans(o) && !this.isHeld(o) && !o.metadata.deletionTimestamp);
        if (current.detach.length === 0 && unheld.length === 0 && this.unfenced(current).length === 0) break;
        if (round >= SETTLE_ROUNDS) throw new Error(`disks were still being adopted back after ${round} listings`);
        await this.holdAndDelete(unheld);
        await this.detachAll(current);
        await this.fenceAll(current);
      }
    } catch (err) {
      return this.fail(`deletion started, but ${describeError(err)}; it stays (finalizer ${PRUNE_GUARD_FINALIZER}) until its disks `
        + `are detached: the next run finishes it${this.alreadyDetached()}`);
    }
    const kept = [...this.detached.values()];
    try {
      for (const owner of [...this.held].reverse()) await removeGuard(this.client, owner);
    } catch (err) {
      return this.done('failed', `deleted, disks detached, but finalizer ${PRUNE_GUARD_FINALIZER} could not be removed from ${subject} `
        + `(${describeError(err)}): the next run removes it`, kept);
    }
    return this.done('deleted', summarize(kept, cascade), kept);
  }

  private isHeld(obj: KubeObject): boolean {
    return this.held.some((h) => h.metadata.uid === obj.metadata.uid);
  }

  /** Guards owned VMs (or pools) too: a VM that outlives its guarded owner could adopt disks back. */
  private async holdAndDelete(owners: readonly KubeObject[]): Promise<void> {
    for (const owner of owners) {
      // A finalizer cannot be added to a terminating object; one that adopts nothing any more.
      if (owner.metadata.deletionTimestamp && !isGuarded(owner)) continue;
      const guarded = await addGuard(this.client, owner).catch((err) => {
        throw new Error(`adding finalizer ${PRUNE_GUARD_FINALIZER} to ${subjectOf(refOf(owner))} failed (${describeError(err)})`);
      });
      if (!guarded) continue;
      this.held.push(guarded);
      if (this.deleting) await this.deleteOwner(guarded);
    }
  }

  /** Root first: once it is marked deleted, it creates and adopts no more VMs. */
  private async deleteHeld(): Promise<void> {
    for (const owner of this.held) await this.deleteOwner(owner);
  }

  /**
   * Deletes at the resourceVersion last seen with the guard on (re-read on 409): an owner whose
   * guard someone else took off meanwhile would vanish at once, its disks still owned.
   */
  private async deleteOwner(owner: KubeObject): Promise<void> {
    const subject = subjectOf(refOf(owner));
    let current: KubeObject | undefined = owner;
    for (let attempt = 1; current && current.metadata.uid === owner.metadata.uid; attempt++) {
      if (!isGuarded(current)) throw new Error(`finalizer ${PRUNE_GUARD_FINALIZER} was removed from ${subject} by someone else`);
      if (current.metadata.deletionTimestamp) return;
      try {
        await this.client.delete(refOf(current), 'Background', { uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion });
        return;
      } catch (err) {
        const e = toApiError(err);
        if (e.statusCode === 404) return;
        if (e.statusCode !== 409 || attempt >= DELETE_ATTEMPTS) throw new Error(`deleting ${subject} failed (${describeError(e)})`);
        current = await this.client.get(refOf(current));
      }
    }
  }

  /** `dryRun`: only checks that each detach would be admitted. */
  private async detachAll(plan: OwnershipPlan, dryRun = false): Promise<void> {
    for (const detachment of plan.detach) {
      try {
        const updated = await detach(this.client, detachment, dryRun);
        if (dryRun) continue;
        if (updated) this.graph.objects.set(updated.metadata.uid!, updated);
        this.detached.set(detachment.object.metadata.uid!, updated ?? detachment.object);
      } catch (err) {
        throw new Error(`detaching ${describeDisk(detachment.object)} from it ${dryRun ? 'would fail' : 'failed'} (${describeError(err)})`);
      }
    }
  }

  /**
   * DataVolumes a held VM names in its dataVolumeTemplates (KubeVirt adopts those when they have
   * no controller) whose fence annotation does not name that VM yet, with the VM uids to add.
   * Disks the plan detaches are fenced by the detach; disks the deletion takes are left alone.
   */
  private unfenced(plan: OwnershipPlan): Array<{ disk: KubeObject; ownerUids: string[] }> {
    const skip = new Set([...plan.detach.map((d) => d.object.metadata.uid), ...plan.cascade.map((o) => o.metadata.uid)]);
    const wanted = new Map<string, { disk: KubeObject; ownerUids: string[] }>();
    for (const held of this.held) {
      const vm = this.graph.objects.get(held.metadata.uid!) ?? held;
      if (groupOf(vm.apiVersion) !== 'kubevirt.io' || vm.kind !== 'VirtualMachine') continue;
      const names = new Set(((vm.spec?.dataVolumeTemplates ?? []) as Array<{ metadata?: { name?: string } }>).map((t) => t.metadata?.name));
      for (const disk of this.graph.objects.values()) {
        if (groupOf(disk.apiVersion) !== 'cdi.kubevirt.io' || disk.kind !== 'DataVolume' || disk.metadata.namespace !== vm.metadata.namespace
          || !names.has(disk.metadata.name) || disk.metadata.deletionTimestamp || skip.has(disk.metadata.uid)) continue;
        if (detachedFromUids(disk.metadata.annotations).includes(vm.metadata.uid!)) continue;
        const entry = wanted.get(disk.metadata.uid!) ?? { disk, ownerUids: [] };
        entry.ownerUids.push(vm.metadata.uid!);
        wanted.set(disk.metadata.uid!, entry);
      }
    }
    return [...wanted.values()];
  }

  /** Writes the fence annotation on the disks unfenced() names; `dryRun`: only checks it would be admitted. */
  private async fenceAll(plan: OwnershipPlan, dryRun = false): Promise<void> {
    for (const { disk, ownerUids } of this.unfenced(plan)) {
      try {
        const updated = await fence(this.client, disk, ownerUids, dryRun);
        if (!dryRun && updated) this.graph.objects.set(updated.metadata.uid!, updated);
      } catch (err) {
        throw new Error(`annotating ${describeDisk(disk)} (${DETACHED_FROM_ANNOTATION}) ${dryRun ? 'would fail' : 'failed'} (${describeError(err)})`);
      }
    }
  }

  private alreadyDetached(): string {
    return this.detached.size ? `; already detached, data intact: ${[...this.detached.values()].map(describeDisk).join(', ')}` : '';
  }

  /** Before any delete: takes the guards off again (nothing changed but detached owner references). */
  private async fail(reason: string): Promise<ChangeEntry> {
    if (!this.deleting) {
      for (const owner of [...this.held].reverse()) await removeGuard(this.client, owner).catch(() => undefined);
    }
    return this.done('failed', reason, [...this.detached.values()]);
  }
}
