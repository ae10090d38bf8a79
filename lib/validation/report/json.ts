// `--output json`: exactly {"findings": [...], "summary": {"objects", "errors", "warnings"}}.
import { Finding } from '../types';

export interface Summary {
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
}

export function summarize(findings: readonly Finding[], objects: number): Summary {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
  }
  return { objects, errors, warnings };
}

/** The finding with exactly the documented keys, in a stable order. */
export function plainFinding(f: Finding): Finding {
  return {
    rule: f.rule, severity: f.severity, ...(f.file !== undefined ? { file: f.file } : {}),
    object: f.object, path: f.path, message: f.message, ...(f.hint !== undefined ? { hint: f.hint } : {}),
  };
}

export function formatJson(findings: readonly Finding[], objects: number): string {
  return JSON.stringify({ findings: findings.map(plainFinding), summary: summarize(findings, objects) }, null, 2);
}
