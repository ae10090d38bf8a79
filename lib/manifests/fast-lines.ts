// Line boundaries for the fast YAML path (fast-yaml.ts, fast-literal.ts): LF and CRLF text alike.
// A line's content ends before its line break, and before the \r of a CRLF (a carriage return
// anywhere else is left to the exact path before reading starts).

/** The position of the line break ending the line at `i` (the text's length on the last line). */
export function lineBreak(s: string, i: number): number {
  const n = s.indexOf('\n', i);
  return n < 0 ? s.length : n;
}

/** Where the content of the line from `i` ends: at its line break `n`, or before a CRLF's \r. */
export function contentEnd(s: string, i: number, n: number): number {
  return n > i && s.charCodeAt(n - 1) === 13 ? n - 1 : n;
}
