// A precise schema finding (unknown field, wrong type, missing required) is never hidden. When a
// catalog rule reports on the same field, its parent or its child, it is restating the schema error
// from the symptom's side ("needs user data" for a misspelt `userdata`, "url is required" for
// `url: 123`): that rule finding is the one dropped, so the user reads the real cause.
import type { Finding } from './types';

/** The schema layer's rule id (the engine's imports stay one-way). */
const SCHEMA_LAYER = 'schema';
/** How far above a schema error a rule finding still restates it (the field's object and its holder). */
const MAX_LEVELS_ABOVE = 2;

/** Path segments: `a.b[0].c` is ['a', 'b', '[0]', 'c']. */
function segments(path: string): string[] {
  return path === '' ? [] : path.replace(/\[/g, '.[').split('.').filter((s) => s !== '');
}

/** True when `prefix` is `path` or one of its ancestors, segment by segment. */
function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => s === path[i]);
}

/**
 * True when a rule finding at `rulePath` says the same as a schema error at `schemaPath`: the same
 * field, a field below it, or the object holding it (at most two levels up).
 */
export function restatesSchemaError(rulePath: string, schemaPath: string): boolean {
  const rule = segments(rulePath);
  const schema = segments(schemaPath);
  if (schema.length === 0) return false;
  if (isPrefix(schema, rule)) return true;
  return isPrefix(rule, schema) && schema.length - rule.length <= MAX_LEVELS_ABOVE;
}

/** Drops rule findings that restate a schema error on the same object; schema findings all stay. */
export function preferSchemaFindings<L>(findings: L[], finding: (l: L) => Finding, objectOf: (l: L) => unknown): L[] {
  const schemaPaths = new Map<unknown, string[]>();
  for (const l of findings) {
    const f = finding(l);
    if (f.rule !== SCHEMA_LAYER || f.severity !== 'error' || f.path === '') continue;
    const key = objectOf(l);
    const list = schemaPaths.get(key);
    if (list) list.push(f.path); else schemaPaths.set(key, [f.path]);
  }
  if (schemaPaths.size === 0) return findings;
  return findings.filter((l) => {
    const f = finding(l);
    if (f.rule === SCHEMA_LAYER || f.severity === 'info') return true;
    return !(schemaPaths.get(objectOf(l)) ?? []).some((p) => restatesSchemaError(f.path, p));
  });
}
