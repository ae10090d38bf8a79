// The one validation entry constructs may import: the catalog's single-object rules, run on
// an object a construct rendered, so construct-time checks and `validate` share one
// implementation per rule id (and one severity). It loads no schema and compiles nothing.
import { validateLocal } from './engine';
import { ALL_RULES } from './rules';
import { Finding, JsonObject, KubeObject, Severity } from './types';

export { Finding, JsonObject, KubeObject, Severity };

/** The findings of every single-object rule on `object` (paths from the object root). */
export function localFindings(object: KubeObject | JsonObject): Finding[] {
  return validateLocal(object);
}

/** The severity of each shared rule id (one severity per id, everywhere). */
export function sharedRuleSeverities(): ReadonlyMap<string, Severity> {
  return new Map(ALL_RULES.map((r) => [r.id, r.severity]));
}

/** `<path>: <message> [<rule-id>]`, the construct-validation message style. */
export function formatFinding(finding: Finding): string {
  return `${finding.path ? `${finding.path}: ` : ''}${finding.message} [${finding.rule}]`;
}
