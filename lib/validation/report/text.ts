// Human output: findings grouped by file, then object, colored on a TTY, one-line summary last.
import { Finding } from '../types';
import { summarize } from './json';

export interface TextOptions {
  readonly color?: boolean;
  /** 1-based line of a finding, when known. */
  readonly lineOf?: (f: Finding) => number | undefined;
}

const CODES = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;

export function formatText(findings: readonly Finding[], objects: number, opts: TextOptions = {}): string {
  return [...formatTextChunks(findings, objects, opts)].join('');
}

/** Lines per piece of `formatTextChunks`. */
const CHUNK_LINES = 1024;

/**
 * `formatText`'s text in pieces (joined, exactly that text), written as made rather than held
 * whole. Every piece but the last ends with a line break.
 */
export function* formatTextChunks(findings: readonly Finding[], objects: number, opts: TextOptions = {}, chunkLines = CHUNK_LINES): Generator<string> {
  const paint = (code: keyof typeof CODES, s: string) => (opts.color ? `\u001b[${CODES[code]}m${s}\u001b[0m` : s);
  const sev = (s: Finding['severity']) => (s === 'error' ? paint('red', 'error  ') : s === 'warning' ? paint('yellow', 'warning') : paint('blue', 'info   '));
  let lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.file ?? '(input)';
    const list = byFile.get(key);
    if (list) list.push(f); else byFile.set(key, [f]);
  }
  for (const [file, list] of byFile) {
    lines.push(paint('bold', file));
    const byObject = new Map<string, Finding[]>();
    for (const f of list) {
      const o = f.object;
      const key = o.kind ? `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name || '(unnamed)'}` : '';
      const group = byObject.get(key);
      if (group) group.push(f); else byObject.set(key, [f]);
    }
    for (const [obj, group] of byObject) {
      if (lines.length >= chunkLines) {
        yield `${lines.join('\n')}\n`;
        lines = [];
      }
      if (obj) lines.push(`  ${obj}`);
      for (const f of group) {
        const line = opts.lineOf?.(f);
        const where = [line ? `line ${line}` : '', f.path].filter(Boolean).join(' ');
        if (f.suppressed) {
          lines.push(paint('dim', `    ${'suppressed'} ${f.severity} ${withoutFilePrefix(f)}${where ? ` (${where})` : ''} [${f.rule}]`));
          lines.push(`            ${paint('dim', `${f.suppressed.kind === 'annotation' ? 'ignored by annotation' : 'ignored by config'}: ${f.suppressed.reason}`)}`);
          continue;
        }
        lines.push(`    ${sev(f.severity)} ${withoutFilePrefix(f)}${where ? paint('dim', ` (${where})`) : ''} ${paint('dim', `[${f.rule}]`)}`);
        if (f.hint) lines.push(`            ${paint('dim', `hint: ${f.hint}`)}`);
      }
    }
    lines.push('');
  }
  const s = summarize(findings, objects);
  const summary = `${s.objects} object${s.objects === 1 ? '' : 's'} checked: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`
    + (s.suppressed ? `, ${s.suppressed} suppressed` : '');
  lines.push(s.errors ? paint('red', summary) : s.warnings ? paint('yellow', summary) : summary);
  yield lines.join('\n');
}

/** Input problems carry `file:line:col: ` for stderr; under the file's heading that is noise. */
function withoutFilePrefix(f: Finding): string {
  if (!f.file || !f.message.startsWith(`${f.file}:`)) return f.message;
  return f.message.slice(f.file.length).replace(/^(:\d+(:\d+)?)?: /, '');
}
