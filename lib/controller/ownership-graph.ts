import { KubeClient } from './kube-client';
import { KubeObject, refOf, subjectOf } from './objects';
import { OWNERSHIP_GRAPH_KINDS, OwnershipPlan, describeDisk, isDataObject } from './ownership';
import { describeError } from './resource-manager';

/** Scope key for cluster-scoped owners: their dependents may live in any namespace. */
export const CLUSTER_WIDE = '';

/** The live data and intermediate objects a prune reads to see what an object owns. */
export interface OwnershipGraph {
  /** Live data and intermediate objects, by uid. */
  readonly objects: Map<string, KubeObject>;
  /** Scopes (namespace, '' = cluster-wide) whose listing failed. */
  readonly errors: Map<string, string>;
}

/** Lists the data and intermediate kinds in every scope once; a failed listing fails its scope. */
export async function loadGraph(client: KubeClient, scopes: string[]): Promise<OwnershipGraph> {
  const graph: OwnershipGraph = { objects: new Map(), errors: new Map() };
  const unique = scopes.includes(CLUSTER_WIDE) ? [CLUSTER_WIDE] : [...new Set(scopes)];
  for (const scope of unique) await loadScope(client, graph, scope);
  return graph;
}

/** Reads one scope of the graph again (what was listed there before is dropped). */
export async function loadScope(client: KubeClient, graph: OwnershipGraph, scope: string): Promise<void> {
  graph.errors.delete(scope);
  for (const [uid, obj] of graph.objects) if (scope === CLUSTER_WIDE || obj.metadata.namespace === scope) graph.objects.delete(uid);
  for (const kind of OWNERSHIP_GRAPH_KINDS) {
    try {
      if (!(await client.isServed(kind.apiVersion, kind.kind))) continue;
      const list = await client.list(kind.apiVersion, kind.kind, { namespace: scope || undefined });
      for (const item of list.items) if (item.metadata.uid) graph.objects.set(item.metadata.uid, item);
    } catch (err) {
      graph.errors.set(scope, `could not list ${kind.kind}s to see what it owns: ${describeError(err)}`);
    }
  }
}

/** Where to look for what an object owns: its namespace; a Namespace's own name; else everywhere. */
export function scopeOf(obj: KubeObject): string {
  if (obj.apiVersion === 'v1' && obj.kind === 'Namespace') return obj.metadata.name;
  return obj.metadata.namespace ?? CLUSTER_WIDE;
}

/** The listing error that makes the object's ownership unknown, if any. */
export function listingErrorFor(graph: OwnershipGraph, obj: KubeObject): string | undefined {
  return graph.errors.get(scopeOf(obj)) ?? graph.errors.get(CLUSTER_WIDE);
}

/** Disks in reports sorted by subject, so runs read the same. */
export function sortedPlan(plan: OwnershipPlan): OwnershipPlan {
  return {
    detach: [...plan.detach].sort((a, b) => bySubject(a.object, b.object)),
    cascade: [...plan.cascade].sort(bySubject),
    contained: [...plan.contained].sort(bySubject),
  };
}

export function bySubject(a: KubeObject, b: KubeObject): number {
  return subjectOf(refOf(a)).localeCompare(subjectOf(refOf(b)));
}

/** The report line of a deletion: disks kept, disk data that goes with it. */
export function summarize(keptDisks: readonly KubeObject[], cascade: readonly KubeObject[]): string | undefined {
  const goingData = cascade.filter(isDataObject);
  return [
    keptDisks.length ? `disks kept, detached from it first: ${[...keptDisks].sort(bySubject).map(describeDisk).join(', ')}` : undefined,
    goingData.length ? `disk data deleted with it: ${goingData.map(describeDisk).join(', ')}` : undefined,
  ].filter(Boolean).join('; ') || undefined;
}
