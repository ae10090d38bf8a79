import { stringify } from 'yaml';
import { structuredPatch } from 'diff';
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
 * Unified diff of two texts (3 lines of context), computed by the `diff` library (Myers, linear
 * space), so large objects stay fast. Empty when equal.
 */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string): string {
  if (before === after) return '';
  const patch = structuredPatch(fromLabel, toLabel, before, after, undefined, undefined, { context: 3 });
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  for (const hunk of patch.hunks) {
    out.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines);
  }
  return out.join('\n') + '\n';
}
