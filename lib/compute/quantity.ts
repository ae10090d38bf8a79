// Internal helpers of the compute family (quantities and DNS names come from lib/core).

export { isDnsLabel, isDnsSubdomain, sizeToQuantity as toQuantity } from '../core/quantity';

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
