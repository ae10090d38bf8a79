// A fast path for the YAML most manifests are made of (LF or CRLF): block mappings and sequences,
// plain scalars (multi-line ones folded), one-line quoted scalars, one-line flow collections
// (fast-flow.ts) and block scalars (fast-literal.ts: cloud-init userData). It builds the value
// straight from the text, without the parser's event objects (a CPU profile of a 10,000-object
// validate put js-yaml's events at ~300 ms of parsing plus most of ~620 ms of scavenges). It never
// judges YAML: on anything outside its subset (anchors, tags, merge keys, multi-line quoted
// scalars or flow collections, tabs, lone CRs, odd indentation, duplicate or null keys, values
// JSON cannot hold...) it declines and go-yaml.ts reads the document the exact way, so every
// error and every doubtful meaning comes from one place. Scalars are resolved by go-scalars.ts,
// as on the exact path.
// test/manifests/fast-yaml.test.ts proves both paths agree.
import { decline, isDecline } from './fast-decline';
import { readFlow } from './fast-flow';
import { contentEnd, lineBreak } from './fast-lines';
import { readLiteral } from './fast-literal';
import { quotedEnd, quotedText } from './fast-quoted';
import { BOOL, FLOAT, INT, STR, jsonKey, plainTag, resolvePlainValue } from './go-scalars';
import { COLON, DASH, HASH, SPACE } from './fast-chars';

/** Returned when the text is outside the fast path's subset. */
export const DECLINED: unique symbol = Symbol('declined');

/** Characters the subset holds: printable ASCII, line feeds and the BMP without NEL, LS, PS, BOM. */
const OUTSIDE = /[^\r\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
/** A carriage return not ending a line (CRLF files are read: a line's content ends before its \r). */
const LONE_CR = /\r(?!\n)/;

/** Collections nested deeper than this are left to the exact path (its maxDepth rules). */
const MAX_DEPTH = 200;

/**
 * The value of one document (as split by splitDocuments), or DECLINED. Empty documents are
 * declined too: how the exact path reports them is its business.
 */
export function readFastDocument(text: string, maxDepth: number): unknown {
  if (OUTSIDE.test(text) || (text.indexOf('\r') >= 0 && LONE_CR.test(text))) return DECLINED;
  try {
    return new FastReader(text, Math.min(MAX_DEPTH, maxDepth - 2)).document();
  } catch (err) {
    if (isDecline(err)) return DECLINED;
    throw err;
  }
}

class FastReader {
  private readonly len: number;
  /** Start of the next line not yet read. */
  private next = 0;
  /** The current line holding content: its start, first content character, end (its \n or the text's end), indent (-1 at the end). */
  private ls = 0;
  private cs = 0;
  private le = 0;
  private ind = -1;
  private depth = 0;
  /** The hash of the key keyEnd or the plain scalar plainEnd read last (for the caches below). */
  private hash = 0;

  constructor(private readonly s: string, private readonly maxDepth: number) {
    this.len = s.length;
  }

  document(): unknown {
    this.advance(Infinity);
    if (this.ind < 0) decline();
    const value = this.blockNode(this.ind);
    if (this.ind >= 0) decline();
    return value;
  }

  /**
   * Moves to the next line holding content. A comment line indented deeper than `deepest`
   * gives up (after a scalar it could be read as part of it).
   */
  private advance(deepest: number): void {
    const s = this.s;
    let p = this.next;
    while (p < this.len) {
      let i = p;
      while (s.charCodeAt(i) === SPACE) i++;
      const n = lineBreak(s, i);
      const e = contentEnd(s, i, n);
      if (i === e) { p = n + 1; continue; }
      if (s.charCodeAt(i) === HASH) {
        if (i - p > deepest) decline();
        p = n + 1;
        continue;
      }
      // `...` at the line start ends a document.
      if (i === p && s.startsWith('...', i)) decline();
      this.ls = p; this.cs = i; this.le = e; this.ind = i - p;
      this.next = n + 1;
      return;
    }
    this.ind = -1;
    this.ls = this.cs = this.le = this.next = this.len;
  }

  /** A mapping or sequence starting at the current content character (column `col`). */
  private blockNode(col: number): unknown {
    if (this.isEntry(this.cs)) return this.sequence(col);
    const colon = this.keyEnd(this.cs);
    if (colon >= 0) return this.mapping(col, colon);
    return decline(); // a scalar on a line of its own: may run over several lines
  }

  /** `-` then a space or the line's end. */
  private isEntry(p: number): boolean {
    if (this.s.charCodeAt(p) !== DASH) return false;
    const c = this.s.charCodeAt(p + 1);
    return c === SPACE || p + 1 === this.le;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) decline();
  }

  private sequence(col: number): unknown[] {
    this.enter();
    const s = this.s;
    const items: unknown[] = [];
    for (;;) {
      let q = this.cs + 1;
      while (s.charCodeAt(q) === SPACE) q++;
      if (q === this.le || s.charCodeAt(q) === HASH) {
        // `-` alone: the item is on the following lines, or null.
        this.advance(Infinity);
        items.push(this.ind > col ? this.blockNode(this.ind) : null);
      } else {
        this.cs = q;
        items.push(this.inlineNode(col, q - this.ls));
      }
      if (this.ind !== col || !this.isEntry(this.cs)) break;
    }
    if (this.ind > col) decline();
    this.depth--;
    return items;
  }

  /** The node after `- `, at column `col` of a sequence at `parent`. */
  private inlineNode(parent: number, col: number): unknown {
    if (this.isEntry(this.cs)) return this.sequence(col);
    const colon = this.keyEnd(this.cs);
    if (colon >= 0) return this.mapping(col, colon);
    return this.value(this.cs, parent);
  }

  /** A mapping at column `col` whose first key ends at `colon` (keyEnd just read it). */
  private mapping(col: number, colon: number): Record<string, unknown> {
    this.enter();
    const s = this.s;
    const map: Record<string, unknown> = {};
    for (;;) {
      const key = this.key(this.cs, colon);
      if (Object.prototype.hasOwnProperty.call(map, key) || key === '__proto__') decline();
      let q = colon + 1;
      while (s.charCodeAt(q) === SPACE) q++;
      let value: unknown;
      if (q === this.le || s.charCodeAt(q) === HASH) {
        this.advance(Infinity);
        if (this.ind > col) value = this.blockNode(this.ind);
        else if (this.ind === col && this.isEntry(this.cs)) value = this.sequence(col);
        else value = null;
      } else {
        value = this.value(q, col);
      }
      map[key] = value;
      if (this.ind !== col) break;
      colon = this.keyEnd(this.cs);
      if (colon < 0) decline();
    }
    if (this.ind > col) decline();
    this.depth--;
    return map;
  }

  /**
   * Where the key starting at `p` ends (its `:`, followed by a space or the line's end), or -1
   * when the line is not a simple key of the subset.
   */
  private keyEnd(p: number): number {
    const s = this.s;
    const le = this.le;
    const first = s.charCodeAt(p);
    if (first === 39 /* ' */ || first === 34 /* " */) {
      const close = quotedEnd(this.s, p, this.le);
      if (close < 0 || s.charCodeAt(close + 1) !== COLON) return -1;
      const after = s.charCodeAt(close + 2);
      return after === SPACE || close + 2 === le ? close + 1 : -1;
    }
    if (INDICATOR[first]) return -1;
    let h = first;
    for (let i = p + 1; i < le; i++) {
      const c = s.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === le || s.charCodeAt(i + 1) === SPACE) {
          this.hash = h;
          return s.charCodeAt(i - 1) === SPACE ? -1 : i;
        }
      } else if (c === HASH && s.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
      h = (Math.imul(h, 31) + c) | 0;
    }
    return -1;
  }

  /** The JSON key of the key text [p, colon); a plain key's hash is in `this.hash`. */
  private key(p: number, colon: number): string {
    const s = this.s;
    const len = colon - p;
    if (len > 1024) decline(); // go-yaml's limit on a simple key: the exact path says so
    const first = s.charCodeAt(p);
    if (first === 39 || first === 34) return this.quoted(p, colon - 1);
    const slot = this.hash & (SLOTS - 1);
    const known = KEY_TEXT[slot];
    if (known !== undefined && known.length === len && s.startsWith(known, p)) return KEY_JSON[slot];
    const text = s.slice(p, colon);
    const value = resolvePlainValue(text);
    const tag = plainTag();
    // null keys are refused and `<<` merges: the exact path's business.
    if (tag !== STR && tag !== INT && tag !== BOOL && tag !== FLOAT) decline();
    if (typeof value === 'number' && !Number.isFinite(value)) decline();
    const json = internalize(jsonKey(tag, value, p));
    KEY_TEXT[slot] = json === text ? json : internalize(text);
    KEY_JSON[slot] = json;
    return json;
  }

  /** A scalar (or `{}`, `[]`) starting at `p` on the current line, the value of a node at `parent`. */
  private value(p: number, parent: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(p);
    let value: unknown;
    let end: number;
    if (c === 39 || c === 34) {
      const close = quotedEnd(this.s, p, this.le);
      if (close < 0) decline();
      value = this.quoted(p, close);
      end = close + 1;
    } else if (c === 124 /* | */ || c === 62 /* > */) {
      return this.literal(p, parent);
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (s.charCodeAt(p + 1) === c + 2) { // `{}` and `[]`, the common ones
        value = c === 123 ? {} : [];
        end = p + 2;
      } else {
        const flow = readFlow(s, p, this.le, this.maxDepth - this.depth);
        value = flow.value;
        end = flow.end;
      }
    } else {
      // `-x` is a plain scalar (a negative number), `- ` a sequence entry.
      if (c === DASH ? p + 1 === this.le || s.charCodeAt(p + 1) === SPACE : INDICATOR[c]) decline();
      end = this.plainEnd(p);
      const whole = end === this.le;
      while (s.charCodeAt(end - 1) === SPACE) end--;
      value = this.plain(p, end);
      const more = whole ? this.continued(parent) : undefined;
      if (more !== undefined) {
        value = resolvePlainValue(s.slice(p, end) + more);
        if (typeof value === 'number' && !Number.isFinite(value)) decline();
      }
    }
    this.endLine(end);
    this.advance(parent);
    // A deeper line would continue the scalar (or be an error).
    if (this.ind > parent) decline();
    return value;
  }

  /** The value of the plain scalar [p, end), whose hash plainEnd left in `this.hash`. */
  private plain(p: number, end: number): unknown {
    const s = this.s;
    const len = end - p;
    const slot = this.hash & (SLOTS - 1);
    const known = VALUE_TEXT[slot];
    if (known !== undefined && known.length === len && s.startsWith(known, p)) return VALUE[slot];
    const text = s.slice(p, end);
    const value = resolvePlainValue(text);
    if (typeof value === 'number' && !Number.isFinite(value)) decline();
    // Short slices are copies; a longer one would keep the file's text alive in the cache.
    if (len <= SHORT) { VALUE_TEXT[slot] = text; VALUE[slot] = value; }
    return value;
  }

  /**
   * The rest of a plain scalar continued on lines deeper than `parent`, folded (one line break is
   * a space, blank lines are line feeds), or undefined when the next line is not deeper. Gives
   * up on a continuation line that is a comment, starts with an indicator or holds `: ` or ` #`.
   */
  private continued(parent: number): string | undefined {
    const s = this.s;
    let more: string | undefined;
    let line = this.next;
    let breaks = 0;
    while (line < this.len) {
      let i = line;
      while (s.charCodeAt(i) === SPACE) i++;
      const n = lineBreak(s, i);
      const e = contentEnd(s, i, n);
      if (i === e) { breaks++; line = n + 1; continue; }
      if (i - line <= parent) break;
      if (INDICATOR[s.charCodeAt(i)]) decline();
      for (let j = i + 1; j < e; j++) {
        const c = s.charCodeAt(j);
        if ((c === COLON && (j + 1 === e || s.charCodeAt(j + 1) === SPACE)) || (c === HASH && s.charCodeAt(j - 1) === SPACE)) decline();
      }
      let k = e;
      while (s.charCodeAt(k - 1) === SPACE) k--;
      more = (more ?? '') + (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + s.slice(i, k);
      breaks = 0;
      line = n + 1;
      this.next = line;
    }
    return more;
  }

  /** After a scalar: only spaces, then a comment or the line's end. */
  private endLine(p: number): void {
    const s = this.s;
    let i = p;
    while (s.charCodeAt(i) === SPACE) i++;
    if (i === this.le) return;
    if (s.charCodeAt(i) === HASH && i > p) return;
    decline();
  }

  /**
   * The end of a plain scalar's text (before ` #` or the line's end); gives up on `: `. Leaves
   * the hash of the text without its trailing spaces in `this.hash`.
   */
  private plainEnd(p: number): number {
    const s = this.s;
    const le = this.le;
    let h = s.charCodeAt(p);
    let trimmed = h;
    let i = p + 1;
    for (; i < le; i++) {
      const c = s.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === le || s.charCodeAt(i + 1) === SPACE) decline();
      } else if (c === HASH && s.charCodeAt(i - 1) === SPACE) {
        break;
      }
      h = (Math.imul(h, 31) + c) | 0;
      if (c !== SPACE) trimmed = h;
    }
    this.hash = trimmed;
    return i;
  }

  private quoted(p: number, close: number): string {
    return quotedText(this.s, p, close) ?? decline();
  }

  /** A block scalar (`|`, `>`, with `-` or `+`) whose header is at `p`, the value of a node at `parent`. */
  private literal(p: number, parent: number): string {
    let h = p + 1;
    const chomp = this.s.charCodeAt(h);
    if (chomp === DASH || chomp === 43 /* + */) h++;
    this.endLine(h);
    const literal = readLiteral(this.s, this.next, parent, chomp, this.s.charCodeAt(p) === 62);
    if (literal === undefined) decline();
    this.next = literal.next;
    this.advance(parent);
    if (this.ind > parent) decline();
    return literal.value;
  }
}

// Keys and plain values repeat from object to object (`name`, `bus`, `virtio`): the last text read
// in each slot and what it resolved to, found again by hash without slicing or resolving the text
// (reading 10,000 objects: 107 -> 87 ms). Keys are kept internalized (a property name V8 need not
// look up in its string table), values only when short: no slice keeps a file's text alive.
const SLOTS = 4096;
/** V8 copies slices up to this long (longer ones point into the text they were cut from). */
const SHORT = 12;
const KEY_TEXT: Array<string | undefined> = new Array(SLOTS).fill(undefined);
const KEY_JSON: string[] = new Array(SLOTS).fill('');
const VALUE_TEXT: Array<string | undefined> = new Array(SLOTS).fill(undefined);
const VALUE: unknown[] = new Array(SLOTS).fill(null);

/** The string table's copy of `text` (property names are internalized). */
function internalize(text: string): string {
  return Object.keys({ [text]: 0 })[0];
}

/** Characters that cannot start a plain scalar of the subset (or start something else). */
const INDICATOR: boolean[] = [];
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = true;
