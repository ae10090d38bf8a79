// TOPOLOGY.md: the Mermaid picture (GitHub and most Markdown viewers draw it) and the
// findings per object as a table.
import { renderMermaid } from './mermaid';
import { nodeTitle, TopologyGraph } from './model';

export interface MarkdownOptions {
  /** The folder the manifests came from, as shown in the text. @default 'dist' */
  readonly source?: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMarkdown(graph: TopologyGraph, options: MarkdownOptions = {}): string {
  const objects = graph.nodes.filter((n) => n.object).length;
  const rows = graph.nodes.flatMap((n) => n.findings.map((f) => `| ${cell(nodeTitle(n))} | ${f.severity}${f.suppressed ? ' (suppressed)' : ''} | ${f.rule} | ${cell(`${f.path ? `${f.path}: ` : ''}${f.message}`)} |`));
  const unplaced = graph.unplaced.map((f) => `| ${cell(f.file ?? '')} | ${f.severity} | ${f.rule} | ${cell(f.message)} |`);
  return [
    '# Topology',
    '',
    `Drawn by cdk8s-kubevirt from the ${objects} objects in \`${options.source ?? 'dist'}\` (generated: edit the code, not this file).`,
    'Host networking per node selector, the networks on it, VMs with their NICs and disks, disk sources and flavors;',
    'objects with findings are outlined in the finding\'s colour (red: error, orange: warning), dashed boxes are referenced but not in the output.',
    '',
    '```mermaid',
    renderMermaid(graph).trimEnd(),
    '```',
    '',
    '## Findings',
    '',
    ...(rows.length + unplaced.length
      ? ['| Object | Severity | Rule | Message |', '| --- | --- | --- | --- |', ...rows, ...unplaced]
      : ['None.']),
    '',
  ].join('\n');
}
