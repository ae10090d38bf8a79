// `--output json`: exactly {"findings": [...], "summary": {"objects", "errors", "warnings"}}.
import { Finding } from '../types';

export interface Summary {
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
  /** Findings accepted by the config or an ignore annotation (only present when there are some). */
  readonly suppressed?: number;
}

export function summarize(findings: readonly Finding[], objects: number): Summary {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) suppressed++;
    else if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
  }
  return { objects, errors, warnings, ...(suppressed ? { suppressed } : {}) };
}

/** The finding with exactly the documented keys, in a stable order. */
export function plainFinding(f: Finding): Finding {
  return {
    rule: f.rule, severity: f.severity, ...(f.file !== undefined ? { file: f.file } : {}),
    object: f.object, path: f.path, message: f.message, ...(f.hint !== undefined ? { hint: f.hint } : {}),
    ...(f.suppressed ? { suppressed: { kind: f.suppressed.kind, reason: f.suppressed.reason } } : {}),
  };
}

export function formatJson(findings: readonly Finding[], objects: number): string {
  return JSON.stringify({ findings: findings.map(plainFinding), summary: summarize(findings, objects) }, null, 2);
}
