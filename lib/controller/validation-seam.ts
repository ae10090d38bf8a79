import type { Finding } from '../validation';
import { SourceObject } from './objects';

/** Validates the source before anything is written; findings with severity error stop the apply. */
export type SourceValidator = (sources: readonly SourceObject[]) => Finding[] | Promise<Finding[]>;

type ValidationModule = { validateSources?: (sources: Array<{ object: unknown; file?: string }>) => Finding[] };

/**
 * The validation engine of lib/validation, looked up at run time so the controller builds
 * while the engine is being written; undefined when it does not export `validateSources` yet.
 */
export function defaultValidator(): SourceValidator | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validation = require('../validation') as ValidationModule;
  const validateSources = validation.validateSources;
  if (typeof validateSources !== 'function') return undefined;
  return (sources) => validateSources(sources.map((s) => ({ object: s.object, file: s.file })));
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
