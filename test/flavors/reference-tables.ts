// Reads the reference tables of ../shared/reference/feature-anchors.md: the oracle the catalog
// tests compare against (the library itself never reads the markdown).
import * as fs from 'fs';
import * as path from 'path';

const REFERENCE = path.join(__dirname, '..', '..', '..', 'shared', 'reference', 'feature-anchors.md');

/** Rows of the first markdown table after the heading starting with `heading`, keyed by column header. */
export function referenceTable(heading: string): Record<string, string>[] {
  const lines = fs.readFileSync(REFERENCE, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  if (start < 0) throw new Error(`no heading '${heading}' in ${REFERENCE}`);
  const first = lines.findIndex((l, i) => i > start && l.startsWith('|'));
  const split = (line: string) => line.trim().slice(1, -1).split('|').map((c) => c.trim().replace(/`/g, ''));
  const header = split(lines[first]);
  const rows: Record<string, string>[] = [];
  for (let i = first + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const cells = split(lines[i]);
    rows.push(Object.fromEntries(header.map((h, k) => [h, cells[k]])));
  }
  return rows;
}

/** `512Mi` / `1.5Gi` in bytes. */
export function quantityBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi)$/.exec(q);
  if (!m) throw new Error(`unexpected quantity '${q}'`);
  return Number(m[1]) * (m[2] === 'Mi' ? 2 ** 20 : 2 ** 30);
}

/** Kubernetes binary quantity (as rendered in a manifest) in bytes. */
export function manifestBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) throw new Error(`unexpected quantity '${q}'`);
  return Number(m[1]) * ({ Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 }[m[2] ?? ''] ?? 1);
}

export const isNone = (cell: string | undefined) => cell === undefined || cell === '' || cell === '—';
