// The report at the end of an import: objects imported, and the fields each kind carried through
// the escape hatch, so gaps in the L2 API show up as numbers.
import { ObjectReport } from './model';

export interface KindTotals {
  readonly kind: string;
  readonly objects: number;
  /** Objects written with an L2 construct. */
  readonly l2: number;
  /** Fields set or removed by JSON patches on L2 objects. */
  readonly patchFields: number;
  /** Fields inside L2 escape hatches (`DiskSource.fromVolume`, `addRawInterface`) or plain ApiObjects. */
  readonly rawFields: number;
  readonly stripped: number;
}

export function totalsByKind(objects: readonly ObjectReport[]): KindTotals[] {
  const byKind = new Map<string, { kind: string; objects: number; l2: number; patchFields: number; rawFields: number; stripped: number }>();
  for (const o of objects) {
    const t = byKind.get(o.kind) ?? { kind: o.kind, objects: 0, l2: 0, patchFields: 0, rawFields: 0, stripped: 0 };
    t.objects++;
    if (o.construct !== 'ApiObject') t.l2++;
    t.patchFields += o.patchFields;
    t.rawFields += o.rawFields;
    t.stripped += o.stripped.length;
    byKind.set(o.kind, t);
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

/** The text report: one line per kind, then what was stripped and patched per object. */
export function formatImportReport(objects: readonly ObjectReport[], options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const totals = totalsByKind(objects);
  const width = Math.max(4, ...totals.map((t) => t.kind.length));
  lines.push(`${'kind'.padEnd(width)}  objects  L2  patched-fields  raw-fields  stripped`);
  for (const t of totals) {
    lines.push(`${t.kind.padEnd(width)}  ${String(t.objects).padStart(7)}  ${String(t.l2).padStart(2)}  ${String(t.patchFields).padStart(14)}  ${String(t.rawFields).padStart(10)}  ${String(t.stripped).padStart(8)}`);
  }
  const sum = (f: (t: KindTotals) => number) => totals.reduce((n, t) => n + f(t), 0);
  lines.push(`${objects.length} object(s) imported, ${sum((t) => t.l2)} as L2 constructs; ${sum((t) => t.patchFields)} field(s) through JSON patches, `
    + `${sum((t) => t.rawFields)} in raw escape hatches or plain ApiObjects; ${sum((t) => t.stripped)} cluster-written field(s) stripped.`);
  for (const o of objects) {
    const id = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    if (o.stripped.length > 0) lines.push(`  ${id}: stripped ${o.stripped.join(', ')}`);
    if (o.note) lines.push(`  ${id}: written as a plain ApiObject: ${o.note}`);
    if (options.verbose && o.patch.length > 0) lines.push(`  ${id}: patched ${o.patch.map((p) => `${p.op} ${p.path}`).join(', ')}`);
  }
  return lines.join('\n');
}
