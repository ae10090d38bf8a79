// Where a field of a loaded object is written: line and column of a dotted path, computed
// with the position-tracking `yaml` parser only when a report needs one (a finding to print).
import { Document, LineCounter, isMap, isSeq, parseDocument } from 'yaml';
import { fixShallowContinuations } from './shallow-continuations';

export type Position = { line: number; column: number };

/** Splits a dotted finding path (`a.b[0]["c/d"]`) back into keys. */
export function parsePath(dotted: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(dotted))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`));
  }
  return out;
}

/** 1-based line and column of a 0-based offset. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Locates dotted paths inside the document `body` (which starts at `offset` of `text`);
 * `prefix` addresses the object inside the document (a List item). Parsed on first use.
 */
export function documentLocator(text: string, body: string, offset: number, prefix: Array<string | number>): (dotted: string) => Position | undefined {
  let parsed: { doc: Document.Parsed; lines: LineCounter } | null | undefined;
  const start = positionOf(text, offset);
  return (dotted) => {
    if (parsed === undefined) parsed = parse(body);
    if (parsed === null) return start;
    const { doc, lines } = parsed;
    const keys = [...prefix, ...parsePath(dotted)];
    for (let n = keys.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (!range) continue;
      const p = lines.linePos(keyOffset(doc, keys.slice(0, n)) ?? range[0]);
      return { line: start.line + p.line - 1, column: p.col };
    }
    return start;
  };
}

function parse(body: string): { doc: Document.Parsed; lines: LineCounter } | null {
  for (const candidate of [body, fixShallowContinuations(body)]) {
    if (candidate === undefined) continue;
    const lines = new LineCounter();
    try {
      const doc = parseDocument(candidate, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
      if (doc.errors.length === 0) return { doc, lines };
    } catch {
      // fall through to the next candidate
    }
  }
  return null;
}

/** The offset of the key naming the last path element, so a finding lands on `field:` rather than its value. */
function keyOffset(doc: Document.Parsed, keys: Array<string | number>): number | undefined {
  if (keys.length === 0) return undefined;
  const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1), true);
  const last = keys[keys.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
    return (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  if (isSeq(parent) && typeof last === 'number') return (parent.items[last] as { range?: [number, number, number] } | undefined)?.range?.[0];
  return undefined;
}
