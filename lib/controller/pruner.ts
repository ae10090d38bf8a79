import { ChangeEntry, changeEntry } from './changeset';
import { GuardedDeletion, Done } from './guarded-deletion';
import { KubeClient, toApiError } from './kube-client';
import { KubeObject, ObjectRef, refOf, subjectOf } from './objects';
import { PRUNE_DATA_ANNOTATION, describeDisk, diskSize, planOwnership } from './ownership';
import { OwnershipGraph, listingErrorFor, loadGraph, loadScope, scopeOf, sortedPlan, summarize } from './ownership-graph';
import { PruneDeletion, PruneOptions, planPrune } from './prune';
import { adoptsOrphans, isGuarded, pruneFenceWarning } from './prune-guard';
import { describeError } from './resource-manager';

export interface PruneRunOptions extends PruneOptions {
  /** Plan only: reads, no detach and no delete. */
  readonly dryRun?: boolean;
  /** Aborting keeps the objects not yet deleted (they stay in the inventory). */
  readonly signal?: AbortSignal;
}

export interface PruneRunResult {
  /** Set when a guard refused the whole prune. */
  readonly refused?: string;
  /** Members that stay (skipped, failed or not reached): the inventory keeps them. */
  readonly kept: ObjectRef[];
}

/** Attempts when an object changed between reading it and writing it (409 on a precondition). */
const ATTEMPTS = 3;

/**
 * Runs a prune without losing a disk or orphaning a running guest. What an object owns is read
 * from the cluster (the ownership graph). An owner of disks, or of anything that adopts disks (a
 * VM, a pool), goes through a GuardedDeletion: held by a finalizer, detaches checked by dry-run,
 * deleted with Background propagation (its VMI goes), disks detached, then released (see there why
 * this order is safe against re-adoption). Anything else is deleted with uid and resourceVersion
 * preconditions. If a detach would be refused, nothing is deleted and the entry says so.
 */
export class Pruner {
  /** Whether the fence policy is installed: read once, at the first guarded deletion. */
  private fenceCheck?: Promise<string | undefined>;

  constructor(private readonly client: KubeClient) {}

  public async run(live: readonly KubeObject[], desired: readonly ObjectRef[], options: PruneRunOptions,
    record: (entry: ChangeEntry) => void): Promise<PruneRunResult> {
    const plan = planPrune(live, desired, options);
    for (const skip of plan.skipped) record(changeEntry(skip.ref, 'skipped', { reason: skip.reason, dryRun: options.dryRun || undefined }));
    const kept: ObjectRef[] = plan.skipped.map((s) => s.ref);
    if (plan.refused) return { refused: plan.refused, kept: live.map(refOf) };
    const graph = await loadGraph(this.client, plan.deletions.map((d) => scopeOf(d.object)));
    for (const deletion of plan.deletions) {
      if (options.signal?.aborted) { kept.push(refOf(deletion.object)); continue; }
      const entry = await this.deleteOne(deletion, graph, options);
      record(entry);
      if (entry.action !== 'deleted') kept.push(entry.ref);
    }
    return { kept };
  }

  private async deleteOne(deletion: PruneDeletion, graph: OwnershipGraph, options: PruneRunOptions): Promise<ChangeEntry> {
    const started = Date.now();
    let root = deletion.object;
    const ref = refOf(root);
    let warning: string | undefined;
    const done: Done = (action, reason, keptDisks) => changeEntry(ref, action, {
      reason, warning, durationMs: Date.now() - started, dryRun: options.dryRun || undefined,
      keptDisks: keptDisks?.length ? keptDisks.map((d) => ({ subject: subjectOf(refOf(d)), size: diskSize(d) })) : undefined,
    });
    const allowed = (obj: KubeObject) => deletion.dataAllowed || obj.metadata.annotations?.[PRUNE_DATA_ANNOTATION] === 'true';

    for (let attempt = 1; ; attempt++) {
      const listingError = listingErrorFor(graph, root);
      if (listingError) return done('failed', `not deleted: ${listingError}; nothing was deleted`);
      const ownership = sortedPlan(planOwnership(root, [...graph.objects.values()], allowed));
      const endangered = ownership.contained.filter((o) => !allowed(o));
      if (endangered.length > 0) {
        return done('skipped', `holds disks, deleting it deletes them: kept: ${endangered.map(describeDisk).join(', ')} (pass --prune-data to delete)`);
      }
      if (!deletion.dataAllowed && mayAdopt(root, ownership.cascade)) warning = await (this.fenceCheck ??= pruneFenceWarning(this.client));
      if (options.dryRun) return done('deleted', summarize(ownership.detach.map((d) => d.object), ownership.cascade), ownership.detach.map((d) => d.object));
      const mayLoseData = !deletion.dataAllowed && (ownership.detach.length > 0 || mayAdopt(root, ownership.cascade));
      if (mayLoseData || isGuarded(root)) return new GuardedDeletion(this.client, graph, allowed, done).run(root, ownership);

      // Nothing it owns holds data, and nothing adopts disks: a plain delete, refused (409) when
      // it changed since it was listed (it may own a disk now): then read it and its graph again.
      try {
        await this.client.delete(ref, 'Background', { uid: root.metadata.uid, resourceVersion: root.metadata.resourceVersion });
        return done('deleted', summarize([], ownership.cascade));
      } catch (err) {
        const e = toApiError(err);
        if (e.statusCode !== 409 || attempt >= ATTEMPTS) return done('failed', `delete failed: ${describeError(e)}`);
        const fresh = await this.client.get(ref);
        if (!fresh || fresh.metadata.uid !== root.metadata.uid) return done('deleted', 'already gone');
        root = fresh;
        await loadScope(this.client, graph, scopeOf(root));
      }
    }
  }
}

/** True when the deletion takes an owner whose controller adopts orphans (a VM, a pool). */
function mayAdopt(root: KubeObject, cascade: readonly KubeObject[]): boolean {
  return adoptsOrphans(root) || cascade.some(adoptsOrphans);
}
