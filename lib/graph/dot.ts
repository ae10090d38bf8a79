// Graphviz DOT of the topology: clusters per node selector, the same colours as the other
// renderers (`dot -Tsvg topology.dot`).
import { CATEGORY_FILL, SEVERITY_COLOR, TopologyGraph, worstSeverity } from './model';
import { nodeLines, shortIds } from './labels';

/** A DOT double-quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

export function renderDot(graph: TopologyGraph): string {
  const ids = shortIds(graph);
  const out = [
    'digraph topology {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=11];',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, color="#607d8b"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#78909c"];',
  ];
  const declare = (n: TopologyGraph['nodes'][number]) => {
    const worst = worstSeverity(n.findings);
    const attrs = [
      `label=${dotString(nodeLines(n).join('\n'))}`,
      `fillcolor=${dotString(CATEGORY_FILL[n.category])}`,
      `style=${dotString(`rounded,filled${n.external ? ',dashed' : ''}`)}`,
      ...(worst ? [`color=${dotString(SEVERITY_COLOR[worst])}`, 'penwidth=3'] : []),
      ...(n.object ? [`tooltip=${dotString(n.id)}`] : []),
    ];
    return `${ids.get(n.id)} [${attrs.join(', ')}];`;
  };
  graph.groups.forEach((g, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${dotString(g.label)};`, '    style="rounded,dashed"; color="#90a4ae";');
    for (const n of graph.nodes) if (n.group === g.id) out.push(`    ${declare(n)}`);
    out.push('  }');
  });
  for (const n of graph.nodes) if (!n.group) out.push(`  ${declare(n)}`);
  for (const e of graph.edges) {
    const attrs = [
      ...(e.label ? [`label=${dotString(e.label)}`] : []),
      ...(e.kind === 'creates' || e.kind === 'dangling' ? ['style=dashed'] : []),
      ...(e.severity ? [`color=${dotString(SEVERITY_COLOR[e.severity])}`, `fontcolor=${dotString(SEVERITY_COLOR[e.severity])}`, 'penwidth=2'] : []),
    ];
    out.push(`  ${ids.get(e.from)} -> ${ids.get(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
