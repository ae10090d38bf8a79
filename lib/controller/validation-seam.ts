import { SourceObject } from '../manifests/types';
import { Finding, validateSources, ValidateOptions } from '../validation';
import { scopeOf } from '../validation/schema';

/** Kind scopes as the validator knows them, for the loader (a kustomization's namespace). */
export const manifestScope = scopeOf;

/** Validates the source before anything is written; findings with severity error stop the apply. */
export type SourceValidator = (sources: readonly SourceObject[]) => Finding[] | Promise<Finding[]>;

/**
 * The lib/validation engine over the source objects (schema, admission and cross-object rules);
 * `options` as `validateSources` takes them (e.g. `externals`: objects found in the cluster).
 */
export function defaultValidator(options: ValidateOptions = {}): SourceValidator {
  return (sources) => validateSources(sources.map((s) => ({ object: s.object, file: s.file })), options);
}

/** Errors only: warnings and infos never stop a write. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

/** `file: Kind/ns/name path: message [rule]`, one line per finding. */
export function formatFinding(f: Finding): string {
  const where = f.object.namespace ? `${f.object.kind}/${f.object.namespace}/${f.object.name}` : `${f.object.kind}/${f.object.name}`;
  return `${f.file ? `${f.file}: ` : ''}${where}${f.path ? ` ${f.path}` : ''}: ${f.message} [${f.rule}]`;
}
