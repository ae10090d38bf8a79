// One entry point for every output format.
import { renderDot } from './dot';
import { renderHtml } from './html';
import { renderMermaid } from './mermaid';
import { renderSvg } from './svg';
import { TopologyGraph } from './model';

export const TOPOLOGY_FORMATS = ['mermaid', 'dot', 'svg', 'html'] as const;
export type TopologyFormat = (typeof TOPOLOGY_FORMATS)[number];

export interface RenderOptions {
  /** Shown as the page title (HTML, SVG). @default 'Topology' */
  readonly title?: string;
}

export function renderTopology(graph: TopologyGraph, format: TopologyFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'mermaid': return renderMermaid(graph);
    case 'dot': return renderDot(graph);
    case 'svg': return renderSvg(graph);
    case 'html': return renderHtml(graph, { title: options.title });
  }
}
