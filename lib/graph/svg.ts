// SVG of the laid-out topology: boxes coloured per category, a finding's colour on the
// objects it concerns and on dangling edges, dashed boxes for objects the input lacks.
// Nodes and edges carry data-* attributes the HTML page (and its tests) use.
import { Layout, PlacedNode, layoutTopology } from './layout';
import { CATEGORY_FILL, NodeCategory, SEVERITY_COLOR, TopologyGraph, worstSeverity } from './model';
import { shortIds } from './labels';

const MAX_CHARS = 36;

/** Text content or an attribute value, XML-escaped. */
export function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function clip(line: string): string {
  return line.length > MAX_CHARS ? `${line.slice(0, MAX_CHARS - 1)}\u2026` : line;
}

export interface SvgOptions {
  /** A layout computed before (the HTML page reuses it). @default - laid out here */
  readonly layout?: Layout;
  /** Include the legend. @default true */
  readonly legend?: boolean;
}

export function renderSvg(graph: TopologyGraph, options: SvgOptions = {}): string {
  const layout = options.layout ?? layoutTopology(graph);
  const ids = shortIds(graph);
  const at = new Map(layout.nodes.map((p) => [p.node.id, p] as const));
  const legendHeight = options.legend === false ? 0 : 30;
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height + legendHeight);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
    `<g id="viewport"><g transform="translate(0,${legendHeight})">`,
  ];
  for (const g of layout.groups) {
    out.push(`<g class="group"><rect x="${g.x}" y="${g.y}" width="${g.width}" height="${g.height}" rx="8" fill="#fafcff" stroke="#90a4ae" stroke-dasharray="6 4"/><text x="${g.x + 10}" y="${g.y + 15}" font-weight="bold" fill="#455a64">${xml(g.label)}</text></g>`);
  }
  out.push('<g class="edges">');
  for (const e of graph.edges) {
    const a = at.get(e.from); const b = at.get(e.to);
    if (!a || !b) continue;
    out.push(edgePath(a, b, ids.get(e.from)!, ids.get(e.to)!, e.kind, e.label, e.severity ? SEVERITY_COLOR[e.severity] : undefined, e.severity));
  }
  out.push('</g><g class="nodes">');
  for (const p of layout.nodes) out.push(nodeBox(p, ids.get(p.node.id)!));
  out.push('</g></g></g>');
  if (options.legend !== false) out.push(legend());
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function edgePath(a: PlacedNode, b: PlacedNode, from: string, to: string, kind: string, label: string | undefined, color: string | undefined, severity: string | undefined): string {
  const x1 = a.x + a.width; const y1 = a.y + a.height / 2;
  const x2 = b.x; const y2 = b.y + b.height / 2;
  const dx = Math.max(40, Math.abs(x2 - x1) / 2);
  const d = `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
  const dash = kind === 'creates' || kind === 'dangling' ? ' stroke-dasharray="5 4"' : '';
  const stroke = color ?? '#90a4ae';
  const text = label ? `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 3}" text-anchor="middle" font-size="9" fill="${color ?? '#546e7a'}">${xml(clip(label))}</text>` : '';
  return `<g class="edge edge-${kind}${severity ? ` sev-${severity}` : ''}" data-from="${from}" data-to="${to}" data-kind="${kind}"><path d="${d}" fill="none" stroke="${stroke}" stroke-width="${color ? 2.5 : 1.2}"${dash} marker-end="url(#arrow)"/>${text}</g>`;
}

function nodeBox(p: PlacedNode, id: string): string {
  const n = p.node;
  const worst = worstSeverity(n.findings);
  const stroke = worst ? SEVERITY_COLOR[worst] : '#78909c';
  const classes = ['node', `cat-${n.category}`, ...(worst ? [`sev-${worst}`] : []), ...(n.external ? ['external'] : [])];
  const rx = n.category === 'interface' ? p.height / 2 : 6;
  const text = p.lines.map((line, i) => `<tspan x="10" y="${10 + (i + 1) * 14 - 3}"${i < 2 ? ' font-weight="bold"' : ''}${i === p.lines.length - 1 && worst ? ` fill="${stroke}"` : ''}>${xml(clip(line))}</tspan>`).join('');
  return `<g class="${classes.join(' ')}" data-id="${id}" data-key="${xml(n.id)}" data-kind="${xml(n.kind)}"${n.object ? ' data-object="true"' : ''}${worst ? ` data-severity="${worst}"` : ''} transform="translate(${p.x},${p.y})">`
    + `<title>${xml(p.lines.join('\n'))}</title>`
    + `<rect width="${p.width}" height="${p.height}" rx="${rx}" fill="${CATEGORY_FILL[n.category]}" stroke="${stroke}" stroke-width="${worst ? 3 : 1}"${n.external ? ' stroke-dasharray="5 3"' : ''}/>`
    + `<text fill="#212121">${text}</text></g>`;
}

function legend(): string {
  const items: Array<[string, string]> = (Object.keys(CATEGORY_FILL) as NodeCategory[]).map((c) => [c, CATEGORY_FILL[c]]);
  const parts = items.map(([label, fill], i) => `<rect x="${10 + i * 95}" y="8" width="14" height="14" rx="3" fill="${fill}" stroke="#78909c"/><text x="${28 + i * 95}" y="19">${label}</text>`);
  const sev = (['error', 'warning', 'info'] as const).map((s, i) => `<rect x="${10 + (items.length + i) * 95}" y="8" width="14" height="14" rx="3" fill="#fff" stroke="${SEVERITY_COLOR[s]}" stroke-width="3"/><text x="${28 + (items.length + i) * 95}" y="19">${s}</text>`);
  return `<g class="legend">${[...parts, ...sev].join('')}</g>`;
}
