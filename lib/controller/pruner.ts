import { ChangeEntry, changeEntry } from './changeset';
import { KubeApiError, KubeClient, toApiError } from './kube-client';
import { KubeObject, ObjectRef, refOf, subjectOf } from './objects';
import {
  Detachment, OWNERSHIP_GRAPH_KINDS, OwnershipPlan, PRUNE_DATA_ANNOTATION, describeDisk, diskSize, isDataObject, planOwnership, withoutOwners,
} from './ownership';
import { PruneDeletion, PruneOptions, planPrune } from './prune';
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
const CLUSTER_WIDE = '';

/**
 * Runs a prune without losing a disk or orphaning a running guest. Before an object is deleted,
 * the data objects it owns in the cluster (directly, or through a VM it owns) are listed and
 * detached from it — each with a merge patch that carries the resourceVersion it was read at,
 * so it fails rather than overwrite a concurrent change. Only then is the object deleted with
 * Background propagation (its VMI and launcher go with it), with uid and resourceVersion
 * preconditions. If a detach fails, the object is not deleted and the entry says so.
 */
export class Pruner {
  constructor(private readonly client: KubeClient) {}

  public async run(live: readonly KubeObject[], desired: readonly ObjectRef[], options: PruneRunOptions,
    record: (entry: ChangeEntry) => void): Promise<PruneRunResult> {
    const plan = planPrune(live, desired, options);
    for (const skip of plan.skipped) record(changeEntry(skip.ref, 'skipped', { reason: skip.reason, dryRun: options.dryRun || undefined }));
    const kept: ObjectRef[] = plan.skipped.map((s) => s.ref);
    if (plan.refused) return { refused: plan.refused, kept: live.map(refOf) };
    const graph = await this.loadGraph(plan.deletions.map((d) => scopeOf(d.object)));
    for (const deletion of plan.deletions) {
      if (options.signal?.aborted) { kept.push(refOf(deletion.object)); continue; }
      const entry = await this.deleteOne(deletion, graph, options);
      record(entry);
      if (entry.action !== 'deleted') kept.push(entry.ref);
    }
    return { kept };
  }

  /** Lists the data and intermediate kinds in every scope once; a failed listing fails its scope. */
  private async loadGraph(scopes: string[]): Promise<OwnershipGraph> {
    const graph: OwnershipGraph = { objects: new Map(), errors: new Map() };
    const unique = scopes.includes(CLUSTER_WIDE) ? [CLUSTER_WIDE] : [...new Set(scopes)];
    for (const scope of unique) await this.loadScope(graph, scope);
    return graph;
  }

  private async loadScope(graph: OwnershipGraph, scope: string): Promise<void> {
    graph.errors.delete(scope);
    for (const [uid, obj] of graph.objects) if (scope === CLUSTER_WIDE || obj.metadata.namespace === scope) graph.objects.delete(uid);
    for (const kind of OWNERSHIP_GRAPH_KINDS) {
      try {
        if (!(await this.client.isServed(kind.apiVersion, kind.kind))) continue;
        const list = await this.client.list(kind.apiVersion, kind.kind, { namespace: scope || undefined });
        for (const item of list.items) if (item.metadata.uid) graph.objects.set(item.metadata.uid, item);
      } catch (err) {
        graph.errors.set(scope, `could not list ${kind.kind}s to see what it owns: ${describeError(err)}`);
      }
    }
  }

  private async deleteOne(deletion: PruneDeletion, graph: OwnershipGraph, options: PruneRunOptions): Promise<ChangeEntry> {
    const started = Date.now();
    let root = deletion.object;
    const ref = refOf(root);
    const done = (action: ChangeEntry['action'], reason?: string, keptDisks?: KubeObject[]) => changeEntry(ref, action, {
      reason, durationMs: Date.now() - started, dryRun: options.dryRun || undefined,
      keptDisks: keptDisks?.length ? keptDisks.map((d) => ({ subject: subjectOf(refOf(d)), size: diskSize(d) })) : undefined,
    });
    const allowed = (obj: KubeObject) => deletion.dataAllowed || obj.metadata.annotations?.[PRUNE_DATA_ANNOTATION] === 'true';

    for (let attempt = 1; ; attempt++) {
      const listingError = graph.errors.get(scopeOf(root)) ?? graph.errors.get(CLUSTER_WIDE);
      if (listingError) return done('failed', `not deleted: ${listingError}; nothing was deleted`);
      const ownership = sortedPlan(planOwnership(root, [...graph.objects.values()], allowed));
      const endangered = ownership.contained.filter((o) => !allowed(o));
      if (endangered.length > 0) {
        return done('skipped', `holds disks, deleting it deletes them: kept: ${endangered.map(describeDisk).join(', ')} (pass --prune-data to delete)`);
      }
      const goingData = ownership.cascade.filter(isDataObject);
      const keptDisks = ownership.detach.map((d) => d.object);
      const summary = [
        keptDisks.length ? `disks kept, detached from it first: ${keptDisks.map(describeDisk).join(', ')}` : undefined,
        goingData.length ? `disk data deleted with it: ${goingData.map(describeDisk).join(', ')}` : undefined,
      ].filter(Boolean).join('; ') || undefined;
      if (options.dryRun) return done('deleted', summary, keptDisks);

      const detached: KubeObject[] = [];
      for (const detachment of ownership.detach) {
        try {
          const updated = await this.detach(detachment);
          if (updated) graph.objects.set(updated.metadata.uid!, updated);
          detached.push(detachment.object);
        } catch (err) {
          const already = detached.length ? `; already detached, data intact: ${detached.map(describeDisk).join(', ')}` : '';
          return done('failed', `not deleted: detaching ${describeDisk(detachment.object)} from it failed (${describeError(err)}); `
            + `nothing was deleted${already}`, detached);
        }
      }
      try {
        await this.client.delete(ref, 'Background', { uid: root.metadata.uid, resourceVersion: root.metadata.resourceVersion });
        return done('deleted', summary, keptDisks);
      } catch (err) {
        const e = toApiError(err);
        if (e.statusCode !== 409 || attempt >= ATTEMPTS) {
          return done('failed', `delete failed: ${describeError(e)}${detached.length ? `; detached, data intact: ${detached.map(describeDisk).join(', ')}` : ''}`, detached);
        }
        // It changed since it was listed (a new disk may be owned now): read it and its graph again.
        const fresh = await this.client.get(ref);
        if (!fresh || fresh.metadata.uid !== root.metadata.uid) return done('deleted', `already gone${summary ? `; ${summary}` : ''}`, keptDisks);
        root = fresh;
        await this.loadScope(graph, scopeOf(root));
      }
    }
  }

  /**
   * Drops the references to the doomed owners, at the resourceVersion last read; re-reads and
   * retries when the object changed. Returns the updated object (undefined when it is gone).
   */
  private async detach(detachment: Detachment): Promise<KubeObject | undefined> {
    let current: KubeObject | undefined = detachment.object;
    for (let attempt = 1; current; attempt++) {
      const remaining = withoutOwners(current, detachment.ownerUids);
      if (remaining.length === (current.metadata.ownerReferences ?? []).length) return current;
      try {
        return await this.client.mergePatch({
          apiVersion: current.apiVersion, kind: current.kind,
          metadata: { name: current.metadata.name, namespace: current.metadata.namespace, resourceVersion: current.metadata.resourceVersion, ownerReferences: remaining },
        });
      } catch (err) {
        const e = toApiError(err);
        if (e.statusCode !== 409 || attempt >= ATTEMPTS) throw e;
        current = await this.client.get(refOf(current));
        if (current && current.metadata.uid !== detachment.object.metadata.uid) return undefined;
      }
    }
    throw new KubeApiError(404, `${subjectOf(refOf(detachment.object))} disappeared while being detached`, 'NotFound');
  }
}

interface OwnershipGraph {
  /** Live data and intermediate objects, by uid. */
  readonly objects: Map<string, KubeObject>;
  /** Scopes (namespace, '' = cluster-wide) whose listing failed. */
  readonly errors: Map<string, string>;
}

/** Disks in reports sorted by subject, so runs read the same. */
function sortedPlan(plan: OwnershipPlan): OwnershipPlan {
  const bySubject = (a: KubeObject, b: KubeObject) => subjectOf(refOf(a)).localeCompare(subjectOf(refOf(b)));
  return {
    detach: [...plan.detach].sort((a, b) => bySubject(a.object, b.object)),
    cascade: [...plan.cascade].sort(bySubject),
    contained: [...plan.contained].sort(bySubject),
  };
}

/** Where to look for what an object owns: its namespace; a Namespace's own name; else everywhere. */
function scopeOf(obj: KubeObject): string {
  if (obj.apiVersion === 'v1' && obj.kind === 'Namespace') return obj.metadata.name;
  return obj.metadata.namespace ?? CLUSTER_WIDE;
}
