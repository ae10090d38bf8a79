// One-line quoted scalars for the fast YAML path (fast-yaml.ts, fast-flow.ts): single-quoted with
// `''`, double-quoted with the escapes \\ \" \n \t \r. Any other escape, or a scalar running onto
// the next line (folding), is left to the exact path.
import { BACKSLASH, DOUBLE, SINGLE } from './fast-chars';

/** The double-quoted escapes read here. */
const ESCAPES: Record<string, string> = Object.assign(Object.create(null), { '\\': '\\', '"': '"', n: '\n', t: '\t', r: '\r' });

/** The closing quote of the quoted scalar opening at `p`, before `le` (the line's end), or -1. */
export function quotedEnd(s: string, p: number, le: number): number {
  const quote = s.charCodeAt(p);
  for (let i = p + 1; i < le; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH && quote === DOUBLE) { i++; continue; }
    if (c !== quote) continue;
    if (quote === SINGLE && s.charCodeAt(i + 1) === SINGLE) { i++; continue; }
    return i;
  }
  return -1;
}

/** The text of the quoted scalar from `p` to its closing quote `close`, or undefined (an escape not read here). */
export function quotedText(s: string, p: number, close: number): string | undefined {
  const body = s.slice(p + 1, close);
  if (s.charCodeAt(p) === SINGLE) return body.indexOf("'") < 0 ? body : body.replace(/''/g, "'");
  if (body.indexOf('\\') < 0) return body;
  let unknown = false;
  const text = body.replace(/\\(.)/g, (_m, e: string) => ESCAPES[e] ?? ((unknown = true), ''));
  return unknown ? undefined : text;
}
