// Internal helpers of the compute family (quantities and DNS names come from lib/core).

export { isDnsLabel, isDnsSubdomain, sizeToQuantity as toQuantity } from '../core/quantity';
export { compact } from '../core/compact';

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
