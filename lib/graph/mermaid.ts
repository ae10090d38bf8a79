// Mermaid flowchart of the topology: one subgraph per node selector's host networking,
// classes per category, findings' colours on nodes, dangling edges in the finding's colour.
import { CATEGORY_FILL, NodeCategory, SEVERITY_COLOR, TopologyGraph, worstSeverity } from './model';
import { nodeLines, shortIds } from './labels';
import { Severity } from '../validation/types';

/** Text safe inside a quoted Mermaid label: everything but plain characters as `#code;` entities. */
export function mermaidText(text: string): string {
  return text.replace(/[^A-Za-z0-9 .,:/_()=+@*-]/gu, (c) => `#${c.codePointAt(0)};`);
}

export function renderMermaid(graph: TopologyGraph): string {
  const ids = shortIds(graph);
  const out = ['flowchart LR'];
  const declare = (n: TopologyGraph['nodes'][number]) => {
    const text = nodeLines(n).map(mermaidText).join('<br/>');
    return n.category === 'interface' ? `${ids.get(n.id)}(["${text}"])` : `${ids.get(n.id)}["${text}"]`;
  };
  graph.groups.forEach((g, i) => {
    out.push(`  subgraph g${i}["${mermaidText(g.label)}"]`);
    for (const n of graph.nodes) if (n.group === g.id) out.push(`    ${declare(n)}`);
    out.push('  end');
  });
  for (const n of graph.nodes) if (!n.group) out.push(`  ${declare(n)}`);

  const colored: Array<[number, Severity]> = [];
  graph.edges.forEach((e, i) => {
    const arrow = e.kind === 'creates' || e.kind === 'dangling' ? '-.->' : '-->';
    out.push(`  ${ids.get(e.from)} ${arrow}${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${ids.get(e.to)}`);
    if (e.severity) colored.push([i, e.severity]);
  });

  const byCategory = new Map<NodeCategory, string[]>();
  const bySeverity = new Map<Severity, string[]>();
  const external: string[] = [];
  for (const n of graph.nodes) {
    const id = ids.get(n.id)!;
    byCategory.set(n.category, [...(byCategory.get(n.category) ?? []), id]);
    const worst = worstSeverity(n.findings);
    if (worst) bySeverity.set(worst, [...(bySeverity.get(worst) ?? []), id]);
    if (n.external) external.push(id);
  }
  for (const [category, members] of byCategory) {
    out.push(`  classDef ${category} fill:${CATEGORY_FILL[category]},stroke:#607d8b,color:#212121`);
    out.push(`  class ${members.join(',')} ${category}`);
  }
  if (external.length) {
    out.push('  classDef external stroke-dasharray:5 5');
    out.push(`  class ${external.join(',')} external`);
  }
  for (const [severity, members] of bySeverity) {
    out.push(`  classDef ${severity} stroke:${SEVERITY_COLOR[severity]},stroke-width:3px`);
    out.push(`  class ${members.join(',')} ${severity}`);
  }
  for (const [index, severity] of colored) out.push(`  linkStyle ${index} stroke:${SEVERITY_COLOR[severity]},stroke-width:2px`);
  return `${out.join('\n')}\n`;
}
