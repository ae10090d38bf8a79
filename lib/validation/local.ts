// The one validation entry constructs may import: the catalog's single-object rules, run on
// an object a construct rendered, so construct-time checks and `validate` share one
// implementation per rule id (and one severity). It loads no schema and compiles nothing.
// The validation configuration (`.cdk8s-kubevirt.yaml`, the plugin's properties) reaches the
// constructs through here too, so a rule re-severitied or ignored there is judged the same at synth.
import { LocalContext, validateLocal } from './engine';
import { ConfigError, loadValidationSettings, LoadSettingsOptions, projectValidationSettings } from './config/load';
import { resolveSettings, ValidationSettings } from './config/settings';
import { ValidationConfigSpec } from './config/types';
import { ALL_RULES } from './rules';
import { Finding, JsonObject, KubeObject, Severity } from './types';

export { type Finding, type JsonObject, type KubeObject, type LocalContext, type Severity };
export { ConfigError, type LoadSettingsOptions, type ValidationConfigSpec, type ValidationSettings, loadValidationSettings, projectValidationSettings, resolveSettings };

/**
 * The findings of every single-object rule on `object` (paths from the object root), with the
 * configuration applied: suppressed findings carry `suppressed`, re-severitied ones their new severity.
 */
export function localFindings(object: KubeObject | JsonObject, context: LocalContext = {}): Finding[] {
  return validateLocal(object, context);
}

/** The severity of each shared rule id (one severity per id, everywhere). */
export function sharedRuleSeverities(): ReadonlyMap<string, Severity> {
  return new Map(ALL_RULES.map((r) => [r.id, r.severity]));
}

/** `<path>: <message> [<rule-id>]`, the construct-validation message style. */
export function formatFinding(finding: Finding): string {
  return `${finding.path ? `${finding.path}: ` : ''}${finding.message} [${finding.rule}]`;
}
