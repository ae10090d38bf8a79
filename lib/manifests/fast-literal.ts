// Block scalars for fast-yaml.ts: literal (`|`, `|-`, `|+`: cloud-init userData, scripts and
// configuration files embedded in manifests) and folded (`>`: descriptions). Only the plain shape
// is read: content indented like its first line (no indentation indicator, no leading blank line,
// no spaces-only line deeper than the content, no more-indented line in a folded scalar, a line
// break after the last line); anything else is left to the exact path.
import { contentEnd, lineBreak } from './fast-lines';
import { CR, KEEP, LF, SPACE, STRIP } from './fast-chars';

/** A literal's value and the start of the line after its last content line. */
export interface Literal {
  readonly value: string;
  readonly next: number;
}

/**
 * The block scalar whose content starts on the line at `start`, inside a node at indentation
 * `parent`, with chomping indicator `chomp` (a character code, or anything else for clip);
 * `folded` for `>`. Undefined when the fast path should not read it.
 */
export function readLiteral(s: string, start: number, parent: number, chomp: number, folded: boolean): Literal | undefined {
  const len = s.length;
  let line = start;
  if (line >= len) return undefined;
  let i = line;
  while (s.charCodeAt(i) === SPACE) i++;
  // Content lines are indented like the first one, which must be deeper than the parent.
  const indent = i - line;
  if (indent <= parent || i >= len || s.charCodeAt(i) === LF || s.charCodeAt(i) === CR) return undefined;
  let text = '';
  let breaks = 0;
  let last = line;
  while (line < len) {
    const n = lineBreak(s, line);
    const atEnd = n === len;
    const e = contentEnd(s, line, n);
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
      if (j === e || atEnd || (folded && j > i)) return undefined;
      // Folded: a single line break between lines is a space, the breaks of blank lines stay.
      const sep = breaks === 0 ? '' : folded ? (breaks === 1 ? ' ' : '\n'.repeat(breaks - 1)) : breaks === 1 ? '\n' : '\n'.repeat(breaks);
      text += sep + s.slice(i, e);
      breaks = 1;
      last = n + 1;
    }
    line = n + 1;
  }
  const value = chomp === STRIP ? text : chomp === KEEP ? text + '\n'.repeat(breaks) : `${text}\n`;
  return { value, next: last };
}
