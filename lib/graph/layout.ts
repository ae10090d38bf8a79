// A layered left-to-right layout: a band of columns per category (host policies, interfaces,
// networks, VMs, disks, flavors, sources, the rest), order in each column by barycenter
// sweeps, node-selector groups in bands of their own at the top. Linear in nodes + edges per sweep, so a
// thousand-VM estate lays out in milliseconds.
import { NodeCategory, TopologyGraph, TopologyNode } from './model';
import { nodeLines } from './labels';

export const NODE_WIDTH = 220;
const COLUMN_GAP = 70;
const ROW_GAP = 14;
const LINE_HEIGHT = 14;
const PADDING = 10;
const GROUP_PAD = 12;
const GROUP_TITLE = 20;
const SWEEPS = 4;

export interface PlacedNode { readonly node: TopologyNode; readonly lines: string[]; readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly rank: number }
export interface PlacedGroup { readonly id: string; readonly label: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }
export interface Layout { readonly nodes: PlacedNode[]; readonly groups: PlacedGroup[]; readonly width: number; readonly height: number }

export function layoutTopology(graph: TopologyGraph): Layout {
  const count = graph.nodes.length;
  const index = new Map(graph.nodes.map((n, i) => [n.id, i] as const));
  const succ: number[][] = graph.nodes.map(() => []);
  const pred: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) {
    const a = index.get(e.from); const b = index.get(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    succ[a].push(b); pred[b].push(a);
  }
  const rank = columns(graph, succ);
  const groupOrder = new Map(graph.groups.map((g, i) => [g.id, i] as const));
  const groupOf = (i: number) => groupOrder.get(graph.nodes[i].group ?? '') ?? graph.groups.length;
  const layers: number[][] = [];
  for (let i = 0; i < count; i++) (layers[rank[i]] ??= []).push(i);
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];
  const position = new Float64Array(count);
  const renumber = (layer: number[]) => layer.forEach((n, p) => { position[n] = p; });
  for (const layer of layers) { layer.sort((a, b) => groupOf(a) - groupOf(b) || a - b); renumber(layer); }
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? layers.map((_, r) => r) : layers.map((_, r) => layers.length - 1 - r);
    for (const r of order) {
      const layer = layers[r];
      const center = new Map<number, number>();
      for (const n of layer) {
        const near = down ? pred[n] : succ[n];
        center.set(n, near.length ? near.reduce((s, m) => s + position[m], 0) / near.length : position[n]);
      }
      layer.sort((a, b) => groupOf(a) - groupOf(b) || center.get(a)! - center.get(b)! || a - b);
      renumber(layer);
    }
  }

  const lines = graph.nodes.map((n) => nodeLines(n));
  const heightOf = (i: number) => PADDING * 2 + lines[i].length * LINE_HEIGHT;
  const xOf = (r: number) => GROUP_PAD + r * (NODE_WIDTH + COLUMN_GAP);
  const fill = layers.map(() => GROUP_PAD);
  const y = new Float64Array(count);
  const groups: PlacedGroup[] = [];
  graph.groups.forEach((g, gi) => {
    const inGroup = layers.map((layer) => layer.filter((n) => groupOf(n) === gi));
    const used = inGroup.map((m, r) => (m.length ? r : -1)).filter((r) => r >= 0);
    if (!used.length) return;
    const first = Math.min(...used); const last = Math.max(...used);
    const top = Math.max(...fill.slice(first, last + 1));
    let bottom = top;
    for (const r of used) {
      let cursor = top + GROUP_TITLE + GROUP_PAD;
      for (const n of inGroup[r]) { y[n] = cursor; cursor += heightOf(n) + ROW_GAP; }
      bottom = Math.max(bottom, cursor - ROW_GAP + GROUP_PAD);
    }
    groups.push({ id: g.id, label: g.label, x: xOf(first) - GROUP_PAD, y: top, width: xOf(last) - xOf(first) + NODE_WIDTH + 2 * GROUP_PAD, height: bottom - top });
    for (let r = first; r <= last; r++) fill[r] = bottom + ROW_GAP * 2;
  });
  layers.forEach((layer, r) => {
    for (const n of layer) {
      if (groupOf(n) < graph.groups.length) continue;
      y[n] = fill[r]; fill[r] += heightOf(n) + ROW_GAP;
    }
  });
  const nodes: PlacedNode[] = graph.nodes.map((node, i) => ({ node, lines: lines[i], x: xOf(rank[i]), y: y[i], width: NODE_WIDTH, height: heightOf(i), rank: rank[i] }));
  return { nodes, groups, width: xOf(layers.length - 1) + NODE_WIDTH + GROUP_PAD, height: Math.max(...fill, 100) + GROUP_PAD };
}

/** Left to right: host policies, interfaces, networks, VMs, disks, flavors, sources, the rest. */
const COLUMN_ORDER: NodeCategory[] = ['host', 'interface', 'network', 'workload', 'disk', 'flavor', 'source', 'other'];

/**
 * One band of columns per category, in COLUMN_ORDER; inside a band, longest-path ranks over
 * the band's own edges (port -> bond -> bridge; DataSource -> cron -> image).
 */
function columns(graph: TopologyGraph, succ: number[][]): number[] {
  const count = graph.nodes.length;
  const category = graph.nodes.map((n) => n.category);
  const inner = succ.map((list, n) => list.filter((m) => category[m] === category[n]));
  const sub = longestPath(count, inner);
  const width = new Map<NodeCategory, number>();
  for (let n = 0; n < count; n++) width.set(category[n], Math.max(width.get(category[n]) ?? 0, sub[n] + 1));
  const base = new Map<NodeCategory, number>();
  let next = 0;
  for (const c of COLUMN_ORDER) { base.set(c, next); next += width.get(c) ?? 0; }
  return sub.map((r, n) => base.get(category[n])! + r);
}

/** Longest-path ranks; a cycle is broken at the first unranked node met. */
function longestPath(count: number, succ: number[][]): number[] {
  const rank = new Array<number>(count).fill(0);
  const indegree = new Array<number>(count).fill(0);
  for (const list of succ) for (const m of list) indegree[m]++;
  const queue: number[] = [];
  for (let i = 0; i < count; i++) if (indegree[i] === 0) queue.push(i);
  const done = new Uint8Array(count);
  let placed = 0; let scan = 0;
  for (let next = 0; placed < count;) {
    if (next === queue.length) {
      while (done[scan]) scan++;
      queue.push(scan);
    }
    const n = queue[next++];
    if (done[n]) continue;
    done[n] = 1; placed++;
    for (const m of succ[n]) {
      if (done[m]) continue;
      rank[m] = Math.max(rank[m], rank[n] + 1);
      if (--indegree[m] === 0) queue.push(m);
    }
  }
  return rank;
}
