// What every renderer writes in a node: the kind, the name, the details and a findings count;
// and short, stable ids (n0, n1...) for formats that need plain identifiers.
import { TopologyGraph, TopologyNode, worstSeverity } from './model';

/** The lines of a node's label. */
export function nodeLines(n: TopologyNode): string[] {
  const lines = [n.external === 'missing' ? `${n.kind} (not in input)` : n.external === 'implied' ? `${n.kind} (created by CDI)` : n.kind];
  lines.push(n.namespace ? `${n.namespace}/${n.name}` : n.name);
  lines.push(...n.details);
  const counted = n.findings.filter((f) => !f.suppressed);
  if (counted.length) {
    const worst = worstSeverity(counted);
    const rules = [...new Set(counted.map((f) => f.rule))];
    lines.push(`${counted.length} ${worst}${counted.length > 1 && worst !== 'info' ? 's' : ''}: ${rules.slice(0, 2).join(', ')}${rules.length > 2 ? ', ...' : ''}`);
  }
  return lines;
}

/** Plain identifiers by node id, in graph order. */
export function shortIds(graph: TopologyGraph): Map<string, string> {
  return new Map(graph.nodes.map((n, i) => [n.id, `n${i}`] as const));
}
