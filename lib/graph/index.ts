// Topology of an estate from its manifests: a graph model, renderers (Mermaid, DOT, SVG, a
// self-contained HTML page) and a cdk8s plugin writing TOPOLOGY.md. Works on plain objects.
export * from './model';
export { buildTopology, type BuildOptions } from './build';
export { renderMermaid, mermaidText } from './mermaid';
export { renderDot, dotString } from './dot';
export { nodeLines } from './labels';
export { renderTopology, type RenderOptions, TOPOLOGY_FORMATS, type TopologyFormat } from './render';
export { renderSvg, type SvgOptions } from './svg';
export { renderHtml, type HtmlOptions } from './html';
export { layoutTopology, type Layout, type PlacedNode, type PlacedGroup } from './layout';
export { renderMarkdown, type MarkdownOptions } from './markdown';
export { KubeVirtTopology, type KubeVirtTopologyProps } from './cdk8s-plugin';
