// YAML read the way kubectl and the kube-apiserver read it: the stream is split into
// documents on `---` lines (kubectl's YAMLReader), and each document is decoded with the
// semantics of go-yaml v2 (YAML 1.1 scalars) plus sigs.k8s.io/yaml's conversion to JSON, in
// strict mode (kubectl's default field validation). js-yaml provides the syntax events;
// this module gives them Go's meaning. Every rule here is pinned by the differential test
// against a real kube-apiserver (test/integration/yaml-differential.test.ts).
import { EVENT_ID, Event, ScalarEvent, getScalarValue, parseEvents } from 'js-yaml';
import { blockTabLine, fixShallowContinuations } from './shallow-continuations';

/** A YAML problem at a 0-based offset of the text given to {@link readGoYaml}. */
export class GoYamlError extends Error {
  constructor(message: string, public readonly offset: number, public readonly kind: 'syntax' | 'duplicate-key' | 'alias' | 'depth' = 'syntax') {
    super(message);
    this.name = 'GoYamlError';
  }
}

/** One document of the stream: its value (undefined when empty) and where it starts. */
export interface GoYamlDocument {
  readonly value: unknown;
  /** 0-based offset of the document's first line in the text. */
  readonly offset: number;
  /** 1-based line of `offset`. */
  readonly line: number;
  /** The document's text as parsed (shallow continuation lines indented). */
  readonly body: string;
}

export interface GoYamlOptions {
  /** Deepest collection nesting read (go-yaml allows 10,000; this parser's stack bounds it). @default 1000 */
  readonly maxDepth?: number;
}

const STR = 'tag:yaml.org,2002:str';
const INT = 'tag:yaml.org,2002:int';
const FLOAT = 'tag:yaml.org,2002:float';
const BOOL = 'tag:yaml.org,2002:bool';
const NULL = 'tag:yaml.org,2002:null';
const BINARY = 'tag:yaml.org,2002:binary';
const TIMESTAMP = 'tag:yaml.org,2002:timestamp';
const MERGE = 'tag:yaml.org,2002:merge';

/** A resolved scalar: its value and its YAML 1.1 type (the tag go-yaml resolves it to). */
interface Resolved { readonly tag: string; readonly value: unknown }

const BOOLS: Record<string, boolean> = {};
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOLS[w] = true;
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOLS[w] = false;
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
};
const HINT: boolean[] = [];
for (const c of '+-0123456789yYnNtTfFoO~.<') HINT[c.charCodeAt(0)] = true;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's strconv.ParseInt(s, 0, 64) syntax (underscores already removed). */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

/** go-yaml v2's resolve() for a plain scalar (or an explicitly tagged one). */
function resolvePlain(text: string): Resolved {
  const first = text.charCodeAt(0);
  // go-yaml's hint table: only these first characters can start a non-string.
  if (text.length > 0 && (first >= 128 || !HINT[first])) return { tag: STR, value: text };
  if (text in BOOLS) return { tag: BOOL, value: BOOLS[text] };
  if (NULLS.has(text)) return { tag: NULL, value: null };
  if (text === '<<') return { tag: MERGE, value: '<<' };
  if (text in SPECIAL_FLOATS) return { tag: FLOAT, value: SPECIAL_FLOATS[text] };
  const isDigit = first >= 48 && first <= 57;
  if (first === 46 /* . */) {
    // Go's ParseFloat on the text as is (no underscores, no hex).
    if (YAML_STYLE_FLOAT.test(text)) return { tag: FLOAT, value: zero(Number(text)) };
    return { tag: STR, value: text };
  }
  if (!isDigit && first !== 43 && first !== 45) return { tag: STR, value: text };
  const plain = text.replace(/_/g, '');
  if (GO_INT.test(plain)) {
    const value = parseGoInt(plain);
    if (value !== undefined) return { tag: INT, value };
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return { tag: FLOAT, value: zero(value) };
  }
  return { tag: STR, value: text };
}

function zero(n: number): number {
  return n === 0 ? 0 : n;
}

/** Base-0 integer as Go parses it (0x, 0o, 0b, leading-zero octal); undefined beyond uint64. */
function parseGoInt(s: string): number | undefined {
  if (s.length < 16 && /^[-+]?(?:[1-9][0-9]*|0)$/.test(s)) return zero(Number(s));
  const neg = s[0] === '-';
  const body = s[0] === '-' || s[0] === '+' ? s.slice(1) : s;
  let digits = body;
  let base = 10;
  if (/^0[xX]/.test(body)) { base = 16; digits = body.slice(2); } else if (/^0[oO]/.test(body)) { base = 8; digits = body.slice(2); } else if (/^0[bB]/.test(body)) { base = 2; digits = body.slice(2); } else if (body.length > 1 && body[0] === '0') { base = 8; digits = body.slice(1); }
  const big = BigInt(base === 10 ? digits : `0${'xob'[[16, 8, 2].indexOf(base)]}${digits}`);
  const value = neg ? -big : big;
  if (value < -(2n ** 63n) || value >= 2n ** 64n || (neg && value < -(2n ** 63n))) return undefined;
  return zero(Number(value));
}

/** go-yaml v2's decoding of a tagged scalar; throws when the text does not fit the tag. */
function resolveTagged(tag: string, text: string, offset: number): unknown {
  switch (tag) {
    case STR:
    case TIMESTAMP:
      return text;
    case BINARY: {
      const clean = text.replace(/[\r\n]/g, '');
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) throw new GoYamlError('!!binary value contains invalid base64 data', offset);
      return Buffer.from(clean, 'base64').toString('utf8');
    }
    case INT: case FLOAT: case BOOL: case NULL: {
      const r = resolvePlain(text);
      if (r.tag === tag) return r.value;
      if (tag === FLOAT && r.tag === INT) return r.value;
      throw new GoYamlError(`cannot decode ${shortTag(r.tag)} \`${text}\` as a ${shortTag(tag)}`, offset);
    }
    default:
      return text; // unknown and local tags: the text, as go-yaml does
  }
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice(18)}` : tag;
}

/** The full tag of a tag token (`!!int`, `!<tag:...>`, `!local`). */
function expandTag(token: string): string {
  if (token.startsWith('!<') && token.endsWith('>')) return token.slice(2, -1);
  if (token.startsWith('!!')) return `tag:yaml.org,2002:${token.slice(2)}`;
  return token;
}

/**
 * A map key as sigs.k8s.io/yaml writes it into JSON: strings as they are, ints in decimal,
 * floats as Go's FormatFloat(f, 'g', -1, 32), bools as true/false; null is refused.
 */
function jsonKey(key: Resolved, offset: number): string {
  switch (key.tag) {
    case STR: case MERGE: return key.value as string;
    case BOOL: return key.value ? 'true' : 'false';
    case INT: return String(key.value);
    case FLOAT: return formatFloat32(key.value as number);
    case NULL: throw new GoYamlError('a mapping key is null (~ or empty): JSON object keys must be strings', offset);
    default: return String(key.value);
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 32). */
export function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  const x = Math.fround(f);
  if (x === 0) return '0';
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = x.toPrecision(p);
    if (Math.fround(Number(digits)) === x) break;
  }
  const [mantissa, expPart] = Number(digits).toExponential().split('e');
  const exp = Number(expPart);
  if (exp < -4 || exp >= 21 || exp >= 6) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return String(Number(digits));
}

/** Node counts go-yaml's decoder keeps to refuse alias bombs ("excessive aliasing"). */
interface AliasBudget { decoded: number; aliased: number }

function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.10;
  return 0.10 + (0.99 - 0.10) * (1 - (decoded - 400_000) / (4_000_000 - 400_000));
}

interface Anchored { readonly value: unknown; readonly nodes: number; readonly isMap: boolean }

type Frame =
  | { kind: 'seq'; value: unknown[]; nodes: number; anchor?: string }
  | { kind: 'map'; value: Record<string, unknown>; nodes: number; anchor?: string; key?: { resolved: Resolved; offset: number; merge: boolean } };

/** Builds one document's value from its events with go-yaml v2 + sigs.k8s.io/yaml semantics. */
function construct(text: string, events: Event[], start: number): { value: unknown; end: number } {
  const anchors = new Map<string, Anchored>();
  const stack: Frame[] = [];
  const budget: AliasBudget = { decoded: 1, aliased: 0 };
  let root: unknown;
  let done = false;
  const name = (a: number, b: number) => text.slice(a, b);

  const deliver = (value: unknown, nodes: number, offset: number, resolved?: Resolved, fromAlias?: Anchored) => {
    const top = stack[stack.length - 1];
    if (!top) { root = checkJsonNumber(value, offset); done = true; return; }
    top.nodes += nodes;
    if (top.kind === 'seq') { top.value.push(checkJsonNumber(value, offset)); return; }
    if (!top.key) {
      if (value !== null && typeof value === 'object' && !fromAlias?.isMap && !resolved) throw new GoYamlError(`invalid map key: ${JSON.stringify(value)}`, offset);
      if (value !== null && typeof value === 'object') throw new GoYamlError(`invalid map key: ${JSON.stringify(value)}`, offset);
      const r = resolved ?? { tag: typeof value === 'string' ? STR : typeof value === 'boolean' ? BOOL : value === null ? NULL : Number.isInteger(value) ? INT : FLOAT, value };
      top.key = { resolved: r, offset, merge: r.tag === MERGE };
      return;
    }
    const key = top.key;
    top.key = undefined;
    if (typeof value === 'number' && !Number.isFinite(value)) checkJsonNumber(value, offset);
    if (key.merge) { merge(top, value, key.offset); return; }
    set(top, key.resolved, value, key.offset);
  };

  const set = (frame: Extract<Frame, { kind: 'map' }>, key: Resolved, value: unknown, offset: number) => {
    // go-yaml compares keys by Go value (1 and "1" differ), then sigs.k8s.io/yaml gives both the
    // same JSON key in a random order; keys equal in JSON are refused here, which covers Go's
    // duplicates and makes that one unordered case an error too.
    const k = jsonKey(key, offset);
    if (Object.prototype.hasOwnProperty.call(frame.value, k)) throw new GoYamlError(`key ${key.tag === STR ? JSON.stringify(k) : k} already set in map`, offset, 'duplicate-key');
    define(frame.value, k, value);
  };

  /** `<<`: go-yaml v2 sets each merged key in turn; in strict mode a key set twice is an error. */
  const merge = (frame: Extract<Frame, { kind: 'map' }>, value: unknown, offset: number) => {
    const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
    const sources = isMap(value) ? [value] : Array.isArray(value) && value.every(isMap) ? [...value].reverse() : undefined;
    if (!sources) throw new GoYamlError('map merge requires map or sequence of maps as the value', offset);
    for (const source of sources) {
      for (const [k, v] of Object.entries(source)) set(frame, { tag: STR, value: k }, v, offset);
    }
  };

  const open = (e: Extract<Event, { type: 2 | 3 }>) => {
    budget.decoded++;
    const anchor = e.anchorStart >= 0 ? name(e.anchorStart, e.anchorEnd) : undefined;
    if (e.type === EVENT_ID.SEQUENCE) stack.push({ kind: 'seq', value: [], nodes: 1, anchor });
    else stack.push({ kind: 'map', value: {}, nodes: 1, anchor });
  };

  let i = start;
  for (; i < events.length && !done; i++) {
    const e = events[i];
    switch (e.type) {
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING:
        open(e);
        break;
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) { done = true; break; }
        if (frame.anchor !== undefined) anchors.set(frame.anchor, { value: frame.value, nodes: frame.nodes, isMap: frame.kind === 'map' });
        deliver(frame.value, frame.nodes, 0);
        break;
      }
      case EVENT_ID.SCALAR: {
        budget.decoded++;
        const { value, resolved } = scalar(text, e);
        if (e.anchorStart >= 0) anchors.set(name(e.anchorStart, e.anchorEnd), { value, nodes: 1, isMap: false });
        checkKeyLength(stack[stack.length - 1], e);
        deliver(value, 1, e.valueStart, resolved);
        break;
      }
      case EVENT_ID.ALIAS: {
        const anchor = name(e.anchorStart, e.anchorEnd);
        const target = anchors.get(anchor);
        if (!target) throw new GoYamlError(`unknown anchor '${anchor}' referenced`, e.anchorStart, 'alias');
        budget.decoded += 1 + target.nodes;
        budget.aliased += target.nodes;
        if (budget.aliased > 100 && budget.decoded > 1000 && budget.aliased / budget.decoded > allowedAliasRatio(budget.decoded)) {
          throw new GoYamlError('document contains excessive aliasing', e.anchorStart, 'alias');
        }
        const copy = typeof target.value === 'object' && target.value !== null ? structuredClone(target.value) : target.value;
        const top = stack[stack.length - 1];
        const resolved = !top || top.kind !== 'map' || top.key || typeof copy === 'object' ? undefined : aliasKey(copy);
        deliver(copy, 1 + target.nodes, e.anchorStart, resolved, target);
        break;
      }
      default:
        break;
    }
  }
  return { value: root, end: i };
}

function aliasKey(value: unknown): Resolved {
  if (value === null) return { tag: NULL, value };
  if (typeof value === 'boolean') return { tag: BOOL, value };
  if (typeof value === 'number') return { tag: Number.isInteger(value) ? INT : FLOAT, value };
  return { tag: STR, value };
}

/** go-yaml's scanner keeps a simple (implicit) key candidate for at most 1024 characters. */
function checkKeyLength(frame: Frame | undefined, e: ScalarEvent): void {
  if (frame?.kind === 'map' && !frame.key && e.valueEnd - e.valueStart > 1024) {
    throw new GoYamlError('could not find expected \':\' (a mapping key longer than 1024 characters)', e.valueStart);
  }
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** go-yaml's double-quoted escapes: YAML 1.1's set, with `\'` and without YAML 1.2's `\/`. */
const KNOWN_ESCAPES = new Set([...'0abt\tnvfre "\'\\N_LPxuU\r\n']);

function hasUnknownEscape(source: string): boolean {
  for (let i = source.indexOf('\\'); i >= 0; i = source.indexOf('\\', i + 2)) {
    if (!KNOWN_ESCAPES.has(source[i + 1])) return true;
  }
  return false;
}

function scalar(text: string, e: ScalarEvent): { value: unknown; resolved?: Resolved } {
  const raw = getScalarValue(text, e);
  if (e.style === 3 /* double-quoted */ && hasUnknownEscape(text.slice(e.valueStart, e.valueEnd))) {
    throw new GoYamlError('found unknown escape character', e.valueStart);
  }
  if (e.tagStart >= 0) {
    const tag = expandTag(text.slice(e.tagStart, e.tagEnd));
    const value = checkJsonNumber(resolveTagged(tag, raw, e.valueStart), e.valueStart);
    return { value, resolved: aliasKey(value) };
  }
  if (e.style !== 1 /* plain */) return { value: raw, resolved: { tag: STR, value: raw } };
  const resolved = resolvePlain(raw);
  return { value: resolved.tag === FLOAT || resolved.tag === INT ? resolved.value : resolved.value, resolved };
}

function checkJsonNumber(value: unknown, offset: number): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new GoYamlError(`json: unsupported value: ${value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN'}`, offset);
  return value;
}

/** kubectl's YAMLReader: a line starting with `---` ends a document; only a comment may follow it. */
export function splitDocuments(text: string): Array<{ text: string; offset: number; line: number }> {
  const docs: Array<{ text: string; offset: number; line: number }> = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    if (text.startsWith('---', pos)) {
      const rest = text.slice(pos + 3, end).trim();
      if (rest !== '' && !rest.startsWith('#')) throw new GoYamlError(`invalid document separator: ${rest} (kubectl accepts only a comment after ---)`, pos);
      if (pos > start) docs.push({ text: text.slice(start, pos), offset: start, line: startLine });
      start = end;
      startLine = line + 1;
    }
    if (nl < 0) break;
    pos = end;
    line++;
  }
  if (start < text.length) docs.push({ text: text.slice(start), offset: start, line: startLine });
  return docs;
}

/** Line breaks go-yaml knows and js-yaml does not (NEL, LS, PS) become line feeds. */
const EXTRA_BREAKS = /[\u0085\u2028\u2029]/g;

/** Rules of go-yaml's scanner js-yaml does not share: a tab after a block sequence's `-`. */
const TAB_AFTER_DASH = /^[ ]*-\t/m;
const TAB_ONLY_LINE = /^[ \t]*\t[ \t]*\r?$/m;

function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let n = 0; n < line; n++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

/**
 * Reads a YAML stream as kubectl + the kube-apiserver do. Throws a GoYamlError (with the
 * offset into `text`) where they would refuse it.
 */
export function readGoYaml(text: string, options: GoYamlOptions = {}): GoYamlDocument[] {
  const maxDepth = options.maxDepth ?? 1000;
  const out: GoYamlDocument[] = [];
  for (const doc of splitDocuments(text)) {
    let body = EXTRA_BREAKS.test(doc.text) ? doc.text.replace(EXTRA_BREAKS, '\n') : doc.text;
    let base = doc.offset;
    if (body.charCodeAt(0) === 0xfeff) { body = body.slice(1); base++; }
    const tab = body.includes('\t') ? TAB_AFTER_DASH.exec(body) : null;
    if (tab) throw new GoYamlError('found character that cannot start any token (a tab after -)', base + tab.index + tab[0].length - 1);
    if (tab === null && body.includes('\t') && TAB_ONLY_LINE.test(body)) {
      const n = blockTabLine(body);
      if (n >= 0) throw new GoYamlError('found a tab character that violates indentation (a blank line holding a tab)', base + lineOffset(body, n));
    }
    let events: Event[];
    try {
      events = parse(body, maxDepth);
    } catch (err) {
      const fixed = fixShallowContinuations(body);
      if (fixed === undefined) throw asGoError(err, base, maxDepth);
      try {
        events = parse(fixed, maxDepth);
        body = fixed;
      } catch {
        throw asGoError(err, base, maxDepth);
      }
    }
    const first = events.findIndex((e) => e.type === EVENT_ID.DOCUMENT);
    if (first < 0) continue;
    if ((events[first] as { directives: unknown[] }).directives.length > 0) {
      throw new GoYamlError('a %YAML or %TAG directive before --- : kubectl splits the document there, and the directive alone is not YAML', base);
    }
    if (events[first + 1]?.type === EVENT_ID.POP) { out.push({ value: undefined, offset: base, line: doc.line, body }); continue; }
    let value: unknown;
    try {
      value = construct(body, events, first + 1).value;
    } catch (err) {
      if (err instanceof GoYamlError) throw new GoYamlError(err.message, base + err.offset, err.kind);
      throw err;
    }
    out.push({ value, offset: base, line: doc.line, body });
  }
  return out;
}

function parse(body: string, maxDepth: number): Event[] {
  return parseEvents(body, { maxDepth });
}

function asGoError(err: unknown, base: number, maxDepth: number): GoYamlError {
  const e = err as { reason?: string; message?: string; mark?: { position?: number } };
  if (err instanceof RangeError || /nesting|depth/i.test(e.reason ?? e.message ?? '')) {
    return new GoYamlError(`nested deeper than ${maxDepth} levels`, base + (e.mark?.position ?? 0), 'depth');
  }
  return new GoYamlError(e.reason ?? (e.message ?? String(err)).split('\n')[0], base + (e.mark?.position ?? 0));
}
