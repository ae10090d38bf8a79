// Rendering helpers shared by every construct family: objects carry only what was set.

/**
 * Drops keys whose value is undefined, so rendered objects stay minimal. Builds a new object
 * rather than deleting keys: `delete` turns V8 objects into slow dictionaries, and synth
 * renders millions of these.
 */
export function compact<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    const value = (obj as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/**
 * Like `compact`, and undefined when nothing is left, so an optional group (`spec.cpu`,
 * `spec.devices`) vanishes from the manifest instead of rendering as `{}`. Empty objects that
 * are values stay: KubeVirt uses `{}` to switch a feature on.
 */
export function compactOrOmit<T extends object>(obj: T): T | undefined {
  const out = compact(obj);
  for (const _ in out) return out;
  return undefined;
}
