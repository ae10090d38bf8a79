// Topology of an estate from its manifests: a graph model, renderers (Mermaid, DOT, SVG, a
// self-contained HTML page) and a cdk8s plugin writing TOPOLOGY.md. Works on plain objects.
export * from './model';
export { buildTopology, BuildOptions } from './build';
export { renderMermaid, mermaidText } from './mermaid';
export { renderDot, dotString } from './dot';
export { nodeLines } from './labels';
export { renderTopology, RenderOptions, TOPOLOGY_FORMATS, TopologyFormat } from './render';
export { renderSvg, SvgOptions } from './svg';
export { renderHtml, HtmlOptions } from './html';
export { layoutTopology, Layout, PlacedNode, PlacedGroup } from './layout';
export { renderMarkdown, MarkdownOptions } from './markdown';
export { KubeVirtTopology, KubeVirtTopologyProps } from './cdk8s-plugin';
