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
  return [...formatJsonChunks(findings, objects)].join('');
}

/** Findings per chunk of `formatJsonChunks`. */
const CHUNK = 512;

/**
 * `formatJson`'s text in pieces (joined, exactly that text): a large report is written as it is
 * made instead of held whole, and twice over as the buffer written (50,000 objects: 17 MB each).
 * Every piece but the last ends with a line break. Each finding is `JSON.stringify(_, null, 2)`
 * indented one level deeper (no string value holds a raw line break: JSON escapes it).
 */
export function* formatJsonChunks(findings: readonly Finding[], objects: number): Generator<string> {
  const summary = JSON.stringify(summarize(findings, objects), null, 2).replace(/\n/g, '\n  ');
  if (findings.length === 0) {
    yield `{\n  "findings": [],\n  "summary": ${summary}\n}`;
    return;
  }
  let chunk = '{\n  "findings": [\n';
  for (let i = 0; i < findings.length; i++) {
    chunk += `    ${JSON.stringify(plainFinding(findings[i]), null, 2).replace(/\n/g, '\n    ')}${i + 1 < findings.length ? ',' : ''}\n`;
    if ((i + 1) % CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}  ],\n  "summary": ${summary}\n}`;
}
