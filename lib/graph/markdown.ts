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

/** Mermaid's default maxTextSize: larger diagrams are refused by its renderers (GitHub's too). */
const MERMAID_MAX_TEXT = 50_000;

export function renderMarkdown(graph: TopologyGraph, options: MarkdownOptions = {}): string {
  const mermaid = renderMermaid(graph).trimEnd();
  const objects = graph.nodes.filter((n) => n.object).length;
  const rows = graph.nodes.flatMap((n) => n.findings.map((f) => `| ${cell(nodeTitle(n))} | ${f.severity}${f.suppressed ? ' (suppressed)' : ''} | ${f.rule} | ${cell(`${f.path ? `${f.path}: ` : ''}${f.message}`)} |`));
  const unplaced = graph.unplaced.map((f) => `| ${cell(f.file ?? '')} | ${f.severity} | ${f.rule} | ${cell(f.message)} |`);
  return [
    '# Topology',
    '',
    `Drawn by cdk8s-kubevirt from the ${objects} objects in \`${options.source ?? 'dist'}\` (generated: edit the code, not this file).`,
    'Host networking per node selector, the networks on it, VMs with their NICs and disks, disk sources and flavors;',
    'objects with findings are outlined in the finding\'s colour (red: error, orange: warning), dashed boxes are referenced but not in the output.',
    ...(mermaid.length > MERMAID_MAX_TEXT
      ? ['', `The diagram is ${mermaid.length} characters, more than the ${MERMAID_MAX_TEXT} Mermaid renderers accept by default: for an estate this size, open \`cdk8s-kubevirt graph ${options.source ?? 'dist'} --format html --output topology.html\` instead.`]
      : []),
    '',
    '```mermaid',
    mermaid,
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
