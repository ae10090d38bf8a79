// Literal block scalars (`|`, `|-`, `|+`) for fast-yaml.ts: cloud-init userData, scripts and
// configuration files embedded in manifests. Only the plain shape is read: content indented like
// its first line (no indentation indicator, no leading blank line, no spaces-only line deeper than
// the content, a line break after the last line); anything else is left to the exact path.

const SPACE = 32;
const LF = 10;
const STRIP = 45; // `-`
const KEEP = 43; // `+`

/** A literal's value and the start of the line after its last content line. */
export interface Literal {
  readonly value: string;
  readonly next: number;
}

/**
 * The literal whose content starts on the line at `start`, inside a node at indentation
 * `parent`, with chomping indicator `chomp` (a character code, or anything else for clip).
 * Undefined when the fast path should not read it.
 */
export function readLiteral(s: string, start: number, parent: number, chomp: number): Literal | undefined {
  const len = s.length;
  let line = start;
  if (line >= len) return undefined;
  let i = line;
  while (s.charCodeAt(i) === SPACE) i++;
  // Content lines are indented like the first one, which must be deeper than the parent.
  const indent = i - line;
  if (indent <= parent || i >= len || s.charCodeAt(i) === LF) return undefined;
  let text = '';
  let breaks = 0;
  let last = line;
  while (line < len) {
    let e = s.indexOf('\n', line);
    const atEnd = e < 0;
    if (atEnd) e = len;
    i = line;
    const stop = line + indent;
    while (i < stop && s.charCodeAt(i) === SPACE) i++;
    if (i === e) {
      if (atEnd) return undefined;
      breaks++;
    } else if (i < stop) {
      // A less indented line ends the scalar; between the parent and the content it is doubtful.
      if (i - line > parent) return undefined;
      break;
    } else {
      let j = i;
      while (s.charCodeAt(j) === SPACE) j++;
      // Spaces beyond the indent only, or a last line without its line break.
      if (j === e || atEnd) return undefined;
      text += (breaks === 0 ? '' : breaks === 1 ? '\n' : '\n'.repeat(breaks)) + s.slice(i, e);
      breaks = 1;
      last = e + 1;
    }
    line = e + 1;
  }
  const value = chomp === STRIP ? text : chomp === KEEP ? text + '\n'.repeat(breaks) : `${text}\n`;
  return { value, next: last };
}
