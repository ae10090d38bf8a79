// Small helpers shared by the rules: safe access, Kubernetes quantities, names.
import { ipFamily, parseQuantity } from '../../parsers';

/** A plain object or undefined. */
export function obj(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
}

/** An array (possibly empty). */
export function arr(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Reads a dotted path (`a.b.c`) without throwing. */
export function get(root: unknown, path: string): any {
  let cur: any = root;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[key];
  }
  return cur;
}

/**
 * `compute` run once per view (or object): a helper many rules call on the same spec view (its
 * disks, its interfaces) reads the view once per run. The result is shared, so callers only read it.
 */
export function oncePerView<V extends object, T>(compute: (view: V) => T): (view: V) => T {
  // Rules run view by view (all of a view's rules, then the next view), so the last view is the one
  // asked for again: one remembered pair, not a WeakMap entry per view (a new key per object judged).
  let last: V | undefined;
  let value: T;
  return (view) => {
    if (view !== last) {
      value = compute(view);
      last = view;
    }
    return value;
  };
}

/** Equal as Set and Map keys are (=== except that NaN equals NaN). */
export function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

export function has(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** Parses a Kubernetes quantity (`1Gi`, `500m`, `2`, `1e3`) to a number; NaN when malformed, undefined when absent. */
export function quantity(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  return parseQuantity(value) ?? NaN;
}

/** Formats a byte count for messages. */
export function bytes(n: number): string {
  for (const [unit, size] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return `${n}`;
}

export { isDnsLabel, isDnsSubdomain } from '../../parsers';

/** An absolute, clean path other than `/` (KubeVirt's kernel/initrd/containerDisk path rule). */
export function isCleanAbsolutePath(p: unknown): boolean {
  if (typeof p !== 'string' || !p.startsWith('/') || p === '/') return false;
  if (p.length > 1 && p.endsWith('/')) return false;
  return !p.split('/').slice(1).some((seg) => seg === '' || seg === '.' || seg === '..');
}

export const PCI_ADDRESS = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[01][0-9a-fA-F]\.[0-7]$/;

/** An IPv4 address as Go's net.ParseIP reads it. */
export function isIPv4(s: unknown): boolean {
  return ipFamily(s) === 4;
}

/** An IP address as Go's net.ParseIP reads it (node:net, no zone, no leading zeros). */
export { isIP } from '../../parsers';

/** `a`, `b` and `c` for messages. */
export function list(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

/** `<value> must be an integer from <min> to <max>`, or undefined when `value` is absent or in range. */
export function intRangeProblem(value: unknown, min: number, max: number): string | undefined {
  if (!has(value)) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return undefined;
  return `${typeof value === 'string' ? JSON.stringify(value) : String(value)} must be an integer from ${min} to ${max}`;
}

/** `<value> is not one of <allowed>`, or undefined when `value` is absent or allowed. */
export function oneOfProblem(value: unknown, allowed: readonly unknown[]): string | undefined {
  if (!has(value) || allowed.includes(value)) return undefined;
  return `${JSON.stringify(value)} is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
}

/** The largest unsigned 32-bit integer (route metrics, table ids, kernel timers). */
export const U32 = 0xffffffff;
