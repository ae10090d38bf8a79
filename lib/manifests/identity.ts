// What the controller needs before it can apply an object: apiVersion, kind and a name.
// The validator reports the same gaps as schema findings; apply and the controller refuse
// the input (exit 2) with the file and position instead.
import { problem } from './loader';
import { LoadProblem, LoadedSource, SourceObject } from './types';

/** One problem per object that cannot be applied (no apiVersion/kind, no metadata.name). */
export function requireIdentity(sources: ReadonlyArray<SourceObject | LoadedSource>): LoadProblem[] {
  const problems: LoadProblem[] = [];
  for (const s of sources) {
    const o = s.object as unknown;
    const at = (message: string, field = '') => {
      const where = 'locate' in s ? s.locate(field) : s.line !== undefined ? { line: s.line, column: s.column } : undefined;
      return problem('input-not-applicable', s.file, message, where?.line, where?.column);
    };
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      problems.push(at('document is not an object'));
      continue;
    }
    const obj = o as Record<string, unknown>;
    if (typeof obj.apiVersion !== 'string' || !obj.apiVersion || typeof obj.kind !== 'string' || !obj.kind) {
      problems.push(at('object has no apiVersion/kind'));
      continue;
    }
    const meta = obj.metadata as Record<string, unknown> | undefined;
    if (!meta || typeof meta !== 'object' || typeof meta.name !== 'string' || meta.name === '') {
      problems.push(at(`${obj.kind} has no metadata.name`, 'metadata.name'));
    }
  }
  return problems;
}
