import { ChangeEntry } from './changeset';
import { KubeClient, toApiError } from './kube-client';
import { KubeObject, refOf, subjectOf } from './objects';
import { OwnershipPlan, describeDisk, planOwnership } from './ownership';
import { OwnershipGraph, listingErrorFor, loadScope, scopeOf, sortedPlan, summarize } from './ownership-graph';
import { PRUNE_GUARD_FINALIZER, addGuard, adoptsOrphans, detach, isGuarded, removeGuard } from './prune-guard';
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
 * 2. The detaches are sent as server-side dry-runs: admission and permissions are checked while
 *    nothing has changed. A refusal takes the guards off again: nothing was deleted.
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
 * Not covered: a disk that was already an orphan named in the VM's templates before this began
 * (nothing here detached it), adopted with a quorum read before step 3 and a patch that lands
 * after step 5. No ordering on this side closes it: KubeVirt's adoption is a JSON merge patch
 * that replaces the disk's ownerReferences with the VM's, whose only precondition is the disk's
 * uid, so an adoption decided before step 3 lands whenever it arrives (more listings only shrink
 * the window; an extra owner reference would be replaced by the merge patch). Closing it needs a
 * fence on the write: e.g. the prune annotating such disks with the doomed owner's uid, and an
 * admission policy refusing an update that adds an ownerReference to a uid so listed.
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
        if (current.detach.length === 0 && unheld.length === 0) break;
        if (round >= SETTLE_ROUNDS) throw new Error(`disks were still being adopted back after ${round} listings`);
        await this.holdAndDelete(unheld);
        await this.detachAll(current);
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
