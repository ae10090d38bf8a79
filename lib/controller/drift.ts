import { stringify } from 'yaml';
import { KubeObject } from './objects';

/** Metadata the user declares; everything else in metadata is the server's bookkeeping. */
const DECLARED_METADATA = ['name', 'namespace', 'labels', 'annotations'];

/**
 * The part of an object the controller compares: metadata reduced to name, namespace,
 * labels and annotations; status and managedFields dropped.
 */
export function comparable(obj: KubeObject): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = obj;
  const meta: Record<string, unknown> = {};
  for (const key of DECLARED_METADATA) {
    const value = (metadata as Record<string, unknown>)[key];
    if (value !== undefined && !(typeof value === 'object' && value !== null && Object.keys(value).length === 0)) meta[key] = value;
  }
  return { ...rest, metadata: meta };
}

/** True when the server-side dry-run result differs from the live object. */
export function hasDrifted(dryRun: KubeObject, live: KubeObject): boolean {
  return !deepEqual(comparable(dryRun), comparable(live));
}

/** Structural equality, insensitive to key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) return String(toPlain(a)) === String(toPlain(b));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function toPlain(v: unknown): unknown {
  return v instanceof Date ? v.toISOString().replace('.000Z', 'Z') : v;
}

/** Replaces Secret values with a mask so diffs never print them. */
export function maskSecret(obj: Record<string, unknown>): Record<string, unknown> {
  if (obj.kind !== 'Secret') return obj;
  const masked = { ...obj };
  for (const field of ['data', 'stringData']) {
    const values = obj[field] as Record<string, unknown> | undefined;
    if (values) masked[field] = Object.fromEntries(Object.keys(values).map((k) => [k, `*** (${String(values[k]).length} chars)`]));
  }
  return masked;
}

/** YAML with sorted keys, so unrelated key-order changes do not show up in diffs. */
export function canonicalYaml(value: unknown): string {
  if (value === undefined) return '';
  return stringify(sortKeys(value), { lineWidth: 0 });
}

function sortKeys(value: unknown): unknown {
  if (value instanceof Date) return toPlain(value);
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * Unified diff of two texts (LCS over lines, 3 lines of context). Empty when equal.
 * Objects are small (hundreds of lines), so the quadratic table is fine.
 */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string): string {
  if (before === after) return '';
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === '' ? [] : after.replace(/\n$/, '').split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  type Op = { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: ' ', text: a[i++], ai: i, bi: ++j });
    else if (j < b.length && (i >= a.length || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push({ kind: '+', text: b[j++], ai: i, bi: j });
    else ops.push({ kind: '-', text: a[i++], ai: i, bi: j });
  }
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  const context = 3;
  let k = 0;
  while (k < ops.length) {
    if (ops[k].kind === ' ') { k++; continue; }
    const start = Math.max(0, k - context);
    let end = k;
    let lastChange = k;
    while (end < ops.length && (ops[end].kind !== ' ' || end - lastChange <= context * 2)) {
      if (ops[end].kind !== ' ') lastChange = end;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    const hunk = ops.slice(start, end);
    const aStart = hunk.filter((o) => o.kind !== '+').length ? countBefore(ops, start, '+') + 1 : countBefore(ops, start, '+');
    const bStart = hunk.filter((o) => o.kind !== '-').length ? countBefore(ops, start, '-') + 1 : countBefore(ops, start, '-');
    out.push(`@@ -${aStart},${hunk.filter((o) => o.kind !== '+').length} +${bStart},${hunk.filter((o) => o.kind !== '-').length} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.text}`);
    k = end;
  }
  return out.join('\n') + '\n';
}

/** Lines of the a-side (or b-side) consumed before op index `upTo`. */
function countBefore(ops: { kind: string }[], upTo: number, excluded: string): number {
  let n = 0;
  for (let x = 0; x < upTo; x++) if (ops[x].kind !== excluded) n++;
  return n;
}
