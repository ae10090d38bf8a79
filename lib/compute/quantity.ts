// Internal helpers of the compute family (quantities and DNS names come from lib/core).

export { isDnsLabel, isDnsSubdomain, sizeToQuantity as toQuantity } from '../core/quantity';

/**
 * Drops keys whose value is undefined, so rendered objects stay minimal. Builds a new object
 * rather than deleting keys: `delete` turns V8 objects into slow dictionaries, and synth
 * renders millions of these.
 */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    const value = obj[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
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
