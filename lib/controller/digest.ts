import { createHash } from 'crypto';

/** Hash of a value, insensitive to key order (JSON with sorted keys: far cheaper than YAML). */
export function digest(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('base64');
}

/** JSON with sorted keys, undefined members left out, Dates as ISO strings. */
export function stableJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${entries.map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
