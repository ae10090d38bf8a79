// One self-contained HTML page: the SVG inline, pan (drag) and zoom (wheel, buttons), a search
// box, and a side panel that shows a clicked object's YAML and findings. No network access:
// no external script, style, font or image.
import { dump } from 'js-yaml';
import { layoutTopology } from './layout';
import { CATEGORY_FILL, NodeCategory, nodeTitle, SEVERITY_COLOR, TopologyGraph, worstSeverity } from './model';
import { shortIds } from './labels';
import { renderSvg, xml } from './svg';

export interface HtmlOptions {
  /** Page title. @default 'Topology' */
  readonly title?: string;
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderHtml(graph: TopologyGraph, options: HtmlOptions = {}): string {
  const title = options.title ?? 'Topology';
  const ids = shortIds(graph);
  const data: Record<string, unknown> = {};
  for (const n of graph.nodes) {
    data[ids.get(n.id)!] = {
      title: nodeTitle(n),
      file: n.file,
      note: n.external === 'missing' ? 'Referenced, but not in the input (it may exist in the cluster).' : n.external === 'implied' ? 'Not in the input: created when the objects that imply it are applied.' : n.object ? undefined : n.details.join('; '),
      yaml: n.object ? dump(n.object, { lineWidth: -1, noRefs: true }) : undefined,
      findings: n.findings.map((f) => ({ severity: f.severity, rule: f.rule, path: f.path, message: f.message, hint: f.hint, suppressed: f.suppressed?.reason })),
    };
  }
  const objects = graph.nodes.filter((n) => n.object).length;
  const counted = graph.nodes.flatMap((n) => n.findings).filter((f) => !f.suppressed);
  const errors = counted.filter((f) => f.severity === 'error').length;
  const warnings = counted.filter((f) => f.severity === 'warning').length;
  const flagged = graph.nodes.filter((n) => worstSeverity(n.findings)).length;
  const svg = renderSvg(graph, { layout: layoutTopology(graph), legend: false });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${xml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <strong>${xml(title)}</strong>
  <span class="counts">${objects} objects, ${graph.edges.length} links, <span class="c-error">${errors} errors</span>, <span class="c-warning">${warnings} warnings</span> on ${flagged} objects</span>
  <span class="legend">${legendHtml()}</span>
  <input id="search" type="search" placeholder="find (kind, namespace/name)" aria-label="find an object">
  <button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">&minus;</button><button id="fit" title="fit to window">fit</button>
</header>
<main>
  <div id="canvas">${svg}</div>
  <aside id="panel"><p class="hint">Click an object to see its YAML and findings. Drag to pan, wheel to zoom.</p></aside>
</main>
<script type="application/json" id="topology-data">${scriptJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function legendHtml(): string {
  const swatch = (label: string, fill: string, stroke: string) => `<span class="swatch" style="background:${fill};border-color:${stroke}"></span>${label}`;
  return [
    ...(Object.keys(CATEGORY_FILL) as NodeCategory[]).map((c) => swatch(c, CATEGORY_FILL[c], '#78909c')),
    ...(['error', 'warning', 'info'] as const).map((s) => swatch(s, '#fff', SEVERITY_COLOR[s])),
  ].join(' ');
}

const STYLE = `
html, body { margin: 0; height: 100%; font: 13px Helvetica, Arial, sans-serif; color: #212121; }
body { display: flex; flex-direction: column; }
header { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #cfd8dc; background: #eceff1; }
header strong { max-width: 50ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
header .counts { color: #546e7a; flex: 1; white-space: nowrap; }
header .legend { font-size: 11px; color: #455a64; order: 9; flex-basis: 100%; }
.swatch { display: inline-block; width: 10px; height: 10px; border: 2px solid; border-radius: 3px; margin: 0 3px 0 6px; vertical-align: -2px; }
.c-error { color: #d32f2f; } .c-warning { color: #ef8f00; }
main { flex: 1; display: flex; min-height: 0; }
#canvas { flex: 1; overflow: hidden; cursor: grab; background: #fff; position: relative; }
#canvas.dragging { cursor: grabbing; }
#canvas svg { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
#canvas svg.far text { display: none; }
#panel { width: 420px; overflow: auto; border-left: 1px solid #cfd8dc; padding: 10px; background: #fafafa; }
#panel pre { background: #fff; border: 1px solid #e0e0e0; padding: 8px; overflow: auto; font: 12px monospace; }
#panel .finding { margin: 4px 0; padding: 4px 6px; border-left: 4px solid #90a4ae; background: #fff; }
#panel .finding.error { border-color: #d32f2f; } #panel .finding.warning { border-color: #ef8f00; } #panel .finding.info { border-color: #1976d2; }
#panel .links button { margin: 2px; font-size: 11px; }
g.node { cursor: pointer; }
g.node.selected rect { stroke: #000; stroke-width: 4; }
g.node.match rect { stroke: #00897b; stroke-width: 4; }
g.edge.lit:not([class*="sev-"]) path { stroke: #263238; stroke-width: 2.5; }
`;

// Plain ES2017 in the page; every text from the data goes in through textContent.
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('topology-data').textContent);
  var canvas = document.getElementById('canvas');
  var svg = canvas.querySelector('svg');
  var panel = document.getElementById('panel');
  var width = svg.viewBox.baseVal.width, height = svg.viewBox.baseVal.height;
  var scale = 1, tx = 0, ty = 0, selected = null, lit = [];
  var nodes = {};
  Array.prototype.forEach.call(svg.querySelectorAll('g.node'), function (g) { nodes[g.getAttribute('data-id')] = g; });
  // Edges by node, built once: a click touches only the edges of the objects involved.
  var edgesOf = {};
  Array.prototype.forEach.call(svg.querySelectorAll('g.edge'), function (e) {
    [e.getAttribute('data-from'), e.getAttribute('data-to')].forEach(function (id) { (edgesOf[id] = edgesOf[id] || []).push(e); });
  });
  // Pan and zoom are a CSS transform of the whole SVG (no SVG re-layout, only the visible part
  // is redrawn); zoomed far out, text is unreadable and the most expensive thing to draw, so it
  // is hidden: a thousand-VM picture still pans and zooms at interactive frame times.
  function apply() {
    svg.style.transform = 'translate(' + tx + 'px,' + ty + 'px) scale(' + scale + ')';
    svg.classList.toggle('far', scale < 0.3);
  }
  function resize() {}
  function fit() {
    var r = canvas.getBoundingClientRect();
    scale = Math.min(r.width / width, r.height / height, 1);
    tx = (r.width - width * scale) / 2; ty = 0; apply();
  }
  function zoom(k, px, py) {
    var next = Math.max(0.02, Math.min(8, scale * k)); k = next / scale;
    tx = px - (px - tx) * k; ty = py - (py - ty) * k; scale = next; apply();
  }
  function center(id) {
    var g = nodes[id]; if (!g) return;
    var r = canvas.getBoundingClientRect(), m = g.transform.baseVal.consolidate().matrix, box = g.getBBox();
    scale = Math.max(scale, 0.8);
    tx = r.width / 2 - (m.e + box.width / 2) * scale; ty = r.height / 2 - (m.f + box.height / 2) * scale; apply();
  }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function select(id) {
    var d = data[id]; if (!d) return;
    if (selected && nodes[selected]) nodes[selected].classList.remove('selected');
    lit.forEach(function (e) { e.classList.remove('lit'); });
    lit = edgesOf[id] || [];
    selected = id; nodes[id].classList.add('selected');
    panel.textContent = '';
    panel.appendChild(el('h3', d.title));
    if (d.file) panel.appendChild(el('div', d.file, 'file'));
    if (d.note) panel.appendChild(el('p', d.note, 'note'));
    var list = el('div', null, 'findings');
    d.findings.forEach(function (f) {
      var item = el('div', null, 'finding ' + f.severity);
      item.appendChild(el('strong', f.severity + ' [' + f.rule + ']' + (f.suppressed ? ' (suppressed: ' + f.suppressed + ')' : '')));
      item.appendChild(el('div', (f.path ? f.path + ': ' : '') + f.message));
      if (f.hint) item.appendChild(el('div', f.hint, 'finding-hint'));
      list.appendChild(item);
    });
    panel.appendChild(el('h4', d.findings.length ? 'Findings' : 'No findings'));
    panel.appendChild(list);
    var links = el('div', null, 'links');
    lit.forEach(function (e) {
      var from = e.getAttribute('data-from'), to = e.getAttribute('data-to');
      e.classList.add('lit');
      var other = from === id ? to : from, b = el('button', (from === id ? '\\u2192 ' : '\\u2190 ') + data[other].title);
      b.addEventListener('click', function () { select(other); center(other); });
      links.appendChild(b);
    });
    panel.appendChild(el('h4', 'Links')); panel.appendChild(links);
    if (d.yaml) { panel.appendChild(el('h4', 'YAML')); panel.appendChild(el('pre', d.yaml, 'yaml')); }
  }
  var drag = null, moved = false;
  canvas.addEventListener('pointerdown', function (e) { drag = { x: e.clientX, y: e.clientY }; moved = false; });
  window.addEventListener('pointermove', function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 3) return;
    moved = true; canvas.classList.add('dragging');
    tx += dx; ty += dy; drag = { x: e.clientX, y: e.clientY }; apply();
  });
  window.addEventListener('pointerup', function () { drag = null; canvas.classList.remove('dragging'); });
  canvas.addEventListener('click', function (e) {
    if (moved) return;
    var g = e.target.closest && e.target.closest('g.node');
    if (g) select(g.getAttribute('data-id'));
  });
  canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = canvas.getBoundingClientRect();
    zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  function zoomCenter(k) { var r = canvas.getBoundingClientRect(); zoom(k, r.width / 2, r.height / 2); }
  document.getElementById('zoom-in').addEventListener('click', function () { zoomCenter(1.25); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoomCenter(0.8); });
  document.getElementById('fit').addEventListener('click', fit);
  var search = document.getElementById('search');
  function matches() {
    var q = search.value.trim().toLowerCase(), hits = [];
    Object.keys(nodes).forEach(function (id) {
      var hit = q !== '' && data[id].title.toLowerCase().indexOf(q) >= 0;
      nodes[id].classList.toggle('match', hit); if (hit) hits.push(id);
    });
    return hits;
  }
  search.addEventListener('input', matches);
  search.addEventListener('keydown', function (e) { if (e.key === 'Enter') { var hits = matches(); if (hits.length) { select(hits[0]); center(hits[0]); } } });
  window.addEventListener('resize', resize);
  resize(); fit();
  window.topology = { select: select, center: center, zoom: zoomCenter, fit: fit, state: function () { return { scale: scale, tx: tx, ty: ty, selected: selected }; } };
  document.body.setAttribute('data-ready', 'true');
})();
`;
