// One-line flow collections for the fast YAML path (fast-yaml.ts): `labels: {app: web}`,
// `command: ["/bin/sh", "-c"]`, `ports: [{containerPort: 80}]`. Entries are plain scalars without
// `:` or `#`, one-line quoted scalars and nested flow collections, separated by `, `-style commas;
// anything else (a collection running onto the next line, empty or trailing entries, `{a}`,
// `[a: b]`, `{a:1}`, comments, duplicate or null keys) is left to the exact path.
import { quotedEnd, quotedText } from './fast-quoted';
import { BOOL, FLOAT, INT, STR, jsonKey, plainTag, resolvePlainValue } from './go-scalars';
import { CLOSE_MAP, CLOSE_SEQ, COLON, COMMA, OPEN_MAP, OPEN_SEQ, SPACE } from './fast-chars';
import { decline } from './fast-decline';

/** Characters that end a plain scalar in a flow collection here (`:` and `#` then decline). */
const STOP: boolean[] = [];
for (const c of ',[]{}:#') STOP[c.charCodeAt(0)] = true;
/** Characters that cannot start a plain scalar. */
const INDICATOR: boolean[] = [];
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = true;

/** A flow collection's value and the position after its closing bracket. */
export interface Flow {
  readonly value: unknown;
  readonly end: number;
}

/**
 * The flow collection opening at `p`, closed before `le` (the line's end), nested at most
 * `depth` deep; declines (./fast-decline) when the fast path should not read it.
 */
export function readFlow(s: string, p: number, le: number, depth: number): Flow {
  const reader = new FlowReader(s, le, depth);
  const value = reader.collection(p);
  return { value, end: reader.i };
}

class FlowReader {
  /** The position read up to. */
  i = 0;

  constructor(private readonly s: string, private readonly le: number, private depth: number) {}

  collection(p: number): unknown {
    if (--this.depth < 0) decline();
    const open = this.s.charCodeAt(p);
    const close = open === OPEN_MAP ? CLOSE_MAP : CLOSE_SEQ;
    const map: Record<string, unknown> | undefined = open === OPEN_MAP ? {} : undefined;
    const items: unknown[] | undefined = open === OPEN_MAP ? undefined : [];
    this.i = p + 1;
    this.spaces();
    if (this.s.charCodeAt(this.i) === close) { this.i++; this.depth++; return map ?? items; }
    for (;;) {
      if (map) {
        const key = this.key();
        if (Object.prototype.hasOwnProperty.call(map, key) || key === '__proto__') decline();
        map[key] = this.node();
      } else {
        items!.push(this.node());
      }
      this.spaces();
      const c = this.s.charCodeAt(this.i++);
      if (c === close) break;
      if (c !== COMMA) decline();
      this.spaces();
      if (this.i >= this.le) decline();
    }
    this.depth++;
    return map ?? items;
  }

  private spaces(): void {
    while (this.s.charCodeAt(this.i) === SPACE) this.i++;
  }

  /** A mapping's key and its `: `; the JSON key. */
  private key(): string {
    const s = this.s;
    const p = this.i;
    const c = s.charCodeAt(p);
    let key: string;
    if (c === 39 || c === 34) {
      key = this.quoted(p);
    } else {
      const text = this.plainText(p);
      const value = resolvePlainValue(text);
      const tag = plainTag();
      if (tag !== STR && tag !== INT && tag !== BOOL && tag !== FLOAT) decline(); // null keys, `<<`
      if (typeof value === 'number' && !Number.isFinite(value)) decline();
      key = jsonKey(tag, value, p);
    }
    if (s.charCodeAt(this.i) !== COLON || s.charCodeAt(this.i + 1) !== SPACE) decline();
    this.i += 2;
    this.spaces();
    return key;
  }

  /** A value or sequence item. */
  private node(): unknown {
    const s = this.s;
    const p = this.i;
    const c = s.charCodeAt(p);
    if (c === OPEN_MAP || c === OPEN_SEQ) return this.collection(p);
    if (c === 39 || c === 34) return this.quoted(p);
    const value = resolvePlainValue(this.plainText(p));
    if (typeof value === 'number' && !Number.isFinite(value)) decline();
    if (s.charCodeAt(this.i) === COLON) decline(); // `[a: b]`, `{a: b: c}`
    return value;
  }

  private quoted(p: number): string {
    const close = quotedEnd(this.s, p, this.le);
    if (close < 0) decline();
    this.i = close + 1;
    return quotedText(this.s, p, close) ?? decline();
  }

  /** A plain scalar's text (up to `,`, a bracket or `:`); declines on `#` or an empty one. */
  private plainText(p: number): string {
    const s = this.s;
    const c = s.charCodeAt(p);
    const next = s.charCodeAt(p + 1);
    if (c === 45 /* - */ ? p + 1 >= this.le || next === SPACE || STOP[next] : INDICATOR[c] || p >= this.le) decline();
    let j = p + 1;
    while (j < this.le && !STOP[s.charCodeAt(j)]) j++;
    if (j >= this.le || s.charCodeAt(j) === 35 /* # */) decline();
    this.i = j;
    while (s.charCodeAt(j - 1) === SPACE) j--;
    return s.slice(p, j);
  }
}
