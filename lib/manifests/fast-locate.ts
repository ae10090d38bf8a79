// Positions without js-yaml's events, for documents the fast YAML path reads (fast-yaml.ts): the
// offset positions.ts `find` gives for a path, found by following the path's keys and indexes
// through the block structure of the text. Re-parsing a document into events for one finding's
// line was most of the CPU and GC of text and SARIF output (validate, 10,000 objects).
// Only documents readFastDocument accepts are walked, so their shape is known: every line of a
// node is deeper than the collection holding it, except the `- ` entries of a sequence written at
// its key's column; comments may sit at any indentation. The offsets are the events' own: a key's
// text (after its quote), a sequence item's start (a block scalar's is the line after `|`, a null
// item's is -1). A path going into a non-empty flow collection is left to the events (DECLINED).
// test/manifests/fast-locate.test.ts compares both on every path of many documents.
import { contentEnd, lineBreak } from './fast-lines';
import { quotedEnd, quotedText } from './fast-quoted';
import { DECLINED, readFastDocument } from './fast-yaml';
import { COLON, DASH, DOUBLE, HASH, SINGLE, SPACE } from './fast-chars';

/** A node reached by the path: what it is, where its first line's content starts and its column. */
const enum Kind { MAP, SEQ, LEAF, FLOW }
interface Node { kind: Kind; at: number; col: number }

/** Whether `body` is a document the fast locator can walk (the fast reader reads it). */
export function fastLocatable(body: string): boolean {
  return readFastDocument(body, 1000) !== DECLINED;
}

/**
 * The offset `find` (positions.ts) gives for `keys` in `body`, which fastLocatable accepted, or
 * DECLINED when the path goes where the walk does not.
 */
export function fastFind(s: string, keys: ReadonlyArray<string | number>): number | typeof DECLINED {
  const first = nextContent(s, 0, Infinity);
  let node: Node = blockNode(s, first, first - lineStart(s, first));
  let at = node.at;
  for (const key of keys) {
    let found: [number, Node] | undefined;
    if (node.kind === Kind.FLOW) return DECLINED;
    if (node.kind === Kind.MAP) found = entryOf(s, node, String(key));
    else if (node.kind === Kind.SEQ && typeof key === 'number') found = itemOf(s, node, key);
    if (found === undefined) break;
    at = found[0];
    node = found[1];
  }
  return at;
}

/** A block mapping or sequence whose first line's content is at `cs`, at column `col`. */
function blockNode(s: string, cs: number, col: number): Node {
  return { kind: isEntry(s, cs) ? Kind.SEQ : Kind.MAP, at: cs, col };
}

/** The key `want` of the mapping `map`: its key's offset and its value, or undefined. */
function entryOf(s: string, map: Node, want: string): [number, Node] | undefined {
  for (let k = map.at; k >= 0;) {
    const le = contentEnd(s, k, lineBreak(s, k));
    let colon: number;
    let keyAt: number;
    let same: boolean;
    const c = s.charCodeAt(k);
    if (c === SINGLE || c === DOUBLE) {
      const close = quotedEnd(s, k, le);
      colon = close + 1;
      keyAt = k + 1;
      same = quotedText(s, k, close) === want;
    } else {
      colon = plainKeyEnd(s, k, le);
      keyAt = k;
      same = colon - k === want.length && s.startsWith(want, k);
    }
    if (same) return [keyAt, valueOf(s, colon + 1, le, map.col)];
    k = sibling(s, k, map.col, false);
  }
  return undefined;
}

/** Item `n` of the sequence `seq`: its start and its node, or undefined. */
function itemOf(s: string, seq: Node, n: number): [number, Node] | undefined {
  let e = seq.at;
  for (let i = 0; i < n && e >= 0; i++) e = sibling(s, e, seq.col, true);
  if (e < 0) return undefined;
  const le = contentEnd(s, e, lineBreak(s, e));
  let q = e + 1;
  while (s.charCodeAt(q) === SPACE) q++;
  if (q === le || s.charCodeAt(q) === HASH) {
    // `-` alone: the item is the deeper node on the following lines, or null (no offset: -1).
    const next = nextContent(s, lineBreak(s, e) + 1, Infinity);
    const ind = next < 0 ? -1 : next - lineStart(s, next);
    if (ind > seq.col) return [next, blockNode(s, next, ind)];
    return [-1, { kind: Kind.LEAF, at: -1, col: -1 }];
  }
  const col = q - lineStart(s, q);
  if (isEntry(s, q)) return [q, { kind: Kind.SEQ, at: q, col }];
  if (keyLine(s, q, le)) return [q, { kind: Kind.MAP, at: q, col }];
  const node = inlineValue(s, q);
  return [node.at, node];
}

/** The value after a key whose `:` is at `p - 1`, on a line ending at `le`, in a mapping at `col`. */
function valueOf(s: string, p: number, le: number, col: number): Node {
  let q = p;
  while (s.charCodeAt(q) === SPACE) q++;
  if (q < le && s.charCodeAt(q) !== HASH) return inlineValue(s, q);
  const next = nextContent(s, lineBreak(s, q) + 1, Infinity);
  const ind = next < 0 ? -1 : next - lineStart(s, next);
  if (ind > col || (ind === col && isEntry(s, next))) return blockNode(s, next, ind);
  return { kind: Kind.LEAF, at: -1, col: -1 };
}

/** A scalar or flow collection starting at `q`; `at` is its events' start. */
function inlineValue(s: string, q: number): Node {
  const c = s.charCodeAt(q);
  if (c === SINGLE || c === DOUBLE) return { kind: Kind.LEAF, at: q + 1, col: -1 };
  // A block scalar's value starts on the line after its header.
  if (c === 124 /* | */ || c === 62 /* > */) return { kind: Kind.LEAF, at: lineBreak(s, q) + 1, col: -1 };
  if (c === 123 /* { */ || c === 91 /* [ */) {
    // `{}` and `[]` hold nothing to find; anything else inside a flow is left to the events.
    return { kind: s.charCodeAt(q + 1) === c + 2 ? Kind.LEAF : Kind.FLOW, at: q, col: -1 };
  }
  return { kind: Kind.LEAF, at: q, col: -1 };
}

/**
 * The next sibling after the line of `p` in a collection at `col` (the content start of the
 * next line at `col` being an entry if `entry`, else a key), or -1 when the collection ends.
 * In a mapping, entries at its column belong to a key's sequence and are passed over.
 */
function sibling(s: string, p: number, col: number, entry: boolean): number {
  for (let line = lineBreak(s, p) + 1; ;) {
    const next = nextContent(s, line, col);
    if (next < 0) return -1;
    const ind = next - lineStart(s, next);
    if (ind < col) return -1;
    const isItem = isEntry(s, next);
    if (isItem === entry) return next;
    if (entry) return -1;
    line = lineBreak(s, next) + 1;
  }
}

/**
 * The content start of the first line from `line` (a line start) holding something other than
 * a comment at an indentation of at most `deepest`, or -1 at the end. Deeper lines belong to
 * the nodes being passed over (their comments and block scalar lines too).
 */
function nextContent(s: string, line: number, deepest: number): number {
  const len = s.length;
  while (line < len) {
    let i = line;
    while (s.charCodeAt(i) === SPACE) i++;
    const n = lineBreak(s, i);
    if (i !== contentEnd(s, i, n) && i - line <= deepest && s.charCodeAt(i) !== HASH) return i;
    line = n + 1;
  }
  return -1;
}

function lineStart(s: string, p: number): number {
  return s.lastIndexOf('\n', p - 1) + 1;
}

/** `-` then a space or the line's end. */
function isEntry(s: string, p: number): boolean {
  if (s.charCodeAt(p) !== DASH) return false;
  const c = s.charCodeAt(p + 1);
  return c === SPACE || p + 1 === contentEnd(s, p, lineBreak(s, p));
}

/** Whether the content at `p` (after `- `) is a mapping's first key. */
function keyLine(s: string, p: number, le: number): boolean {
  const c = s.charCodeAt(p);
  if (c === SINGLE || c === DOUBLE) {
    const close = quotedEnd(s, p, le);
    return close >= 0 && s.charCodeAt(close + 1) === COLON && (close + 2 === le || s.charCodeAt(close + 2) === SPACE);
  }
  return plainKeyEnd(s, p, le) >= 0;
}

/**
 * The `:` ending a plain key at `p` (followed by a space or the line's end), or -1 (a plain
 * scalar: ` #` starts a comment first). The fast reader accepted the document, so a `:` found
 * is its key's.
 */
function plainKeyEnd(s: string, p: number, le: number): number {
  if (INDICATOR[s.charCodeAt(p)]) return -1;
  for (let i = p + 1; i < le; i++) {
    const c = s.charCodeAt(i);
    if (c === COLON && (i + 1 === le || s.charCodeAt(i + 1) === SPACE)) return i;
    if (c === HASH && s.charCodeAt(i - 1) === SPACE) return -1;
  }
  return -1;
}

/** Characters that cannot start a plain key of the subset (as in fast-yaml.ts). */
const INDICATOR: boolean[] = [];
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = true;
