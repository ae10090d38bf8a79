// Internal helpers: cdk8s `Size` to Kubernetes quantities, and small shared utilities.
import { Size } from 'cdk8s';

const UNITS: Array<[string, number]> = [['Ti', 1024 ** 3], ['Gi', 1024 ** 2], ['Mi', 1024], ['Ki', 1]];

/** Kibibytes in a size (exact for every whole-kibibyte size). */
export function toKibibytes(size: Size): number {
  return size.toKibibytes();
}

/** The shortest exact binary quantity: `Size.mebibytes(2048)` renders as `2Gi`. */
export function toQuantity(size: Size): string {
  const kib = toKibibytes(size);
  for (const [unit, factor] of UNITS) {
    if (kib >= factor && kib % factor === 0) return `${kib / factor}${unit}`;
  }
  return `${kib}Ki`;
}

/** RFC 1123 label: lowercase alphanumerics and '-', at most 63 characters. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every(isDnsLabel);
}

/** Drops keys whose value is undefined, so rendered objects stay minimal. */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) {
    if (obj[key] === undefined) delete obj[key];
  }
  return obj;
}

/** The items that occur more than once, each reported once. */
export function duplicates<T>(items: readonly T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const item of items) {
    if (seen.has(item)) dup.add(item);
    seen.add(item);
  }
  return [...dup];
}
