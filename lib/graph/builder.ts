// Collects nodes and edges while the object families are read: one node per id, one edge
// per (from, to, label), objects looked up by kind, namespace and name.
import { KubeObject } from '../manifests/types';
import { Finding } from '../validation/types';
import { EdgeKind, NodeCategory, TopologyEdge, TopologyGraph, TopologyGroup, TopologyNode } from './model';
import { Severity } from '../validation/types';

/** `Kind/namespace/name` (namespace empty for cluster-scoped objects). */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export class GraphBuilder {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges = new Map<string, TopologyEdge>();
  private readonly groups = new Map<string, TopologyGroup>();
  private readonly findingsById = new Map<string, Finding[]>();
  private readonly unplacedCandidates: Finding[] = [];

  constructor(findings: readonly Finding[] = []) {
    for (const f of findings) {
      if (!f.object.kind) { this.unplacedCandidates.push(f); continue; }
      const id = objectKey(f.object.kind, f.object.namespace || undefined, f.object.name);
      const list = this.findingsById.get(id);
      if (list) list.push(f); else this.findingsById.set(id, [f]);
    }
  }

  /** The findings about the object with this id (before finish()). */
  public findingsAt(id: string): readonly Finding[] {
    return this.findingsById.get(id) ?? [];
  }

  /** The node for an input object (created once; a later object with the same key keeps the first). */
  public addObject(object: KubeObject, category: NodeCategory, file?: string): TopologyNode {
    const meta = object.metadata ?? ({} as KubeObject['metadata']);
    const name = typeof meta.name === 'string' ? meta.name : '';
    const namespace = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : undefined;
    const id = objectKey(object.kind, namespace, name);
    const existing = this.nodes.get(id);
    if (existing) {
      if (!existing.object || existing.external) { existing.object = object; existing.file = file; existing.external = undefined; }
      return existing;
    }
    const node: TopologyNode = { id, kind: object.kind, name, namespace, category, details: [], object, file, findings: [] };
    this.nodes.set(id, node);
    return node;
  }

  /** A node that is not an input object (an interface, an image), or a referenced object the input lacks. */
  public ensure(id: string, init: Omit<TopologyNode, 'id' | 'findings' | 'details'> & { details?: string[] }): TopologyNode {
    const existing = this.nodes.get(id);
    if (existing) return existing;
    const node: TopologyNode = { ...init, id, details: init.details ?? [], findings: [] };
    this.nodes.set(id, node);
    return node;
  }

  /** The node of a referenced object: the input's, else one marked missing (or implied). */
  public reference(kind: string, namespace: string | undefined, name: string, category: NodeCategory, external: 'missing' | 'implied' = 'missing'): TopologyNode {
    return this.ensure(objectKey(kind, namespace || undefined, name), { kind, name, namespace: namespace || undefined, category, external });
  }

  public get(id: string): TopologyNode | undefined {
    return this.nodes.get(id);
  }

  public all(): IterableIterator<TopologyNode> {
    return this.nodes.values();
  }

  public link(from: string, to: string, kind: EdgeKind, label?: string, severity?: Severity): void {
    const key = `${from}\u0000${to}\u0000${label ?? ''}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, kind, ...(label ? { label } : {}), ...(severity ? { severity } : {}) });
  }

  public group(id: string, label: string): string {
    if (!this.groups.has(id)) this.groups.set(id, { id, label });
    return id;
  }

  /** Attaches each finding to the node of the object it concerns; the rest are unplaced. */
  public finish(): TopologyGraph {
    const unplaced: Finding[] = [...this.unplacedCandidates];
    for (const [id, list] of this.findingsById) {
      const node = this.nodes.get(id);
      if (node) node.findings.push(...list); else unplaced.push(...list);
    }
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()], groups: [...this.groups.values()], unplaced };
  }
}
