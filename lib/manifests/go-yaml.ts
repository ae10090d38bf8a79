// YAML read the way kubectl and the kube-apiserver read it: the stream is split into
// documents on `---` lines (kubectl's YAMLReader), and each document is decoded with the
// semantics of go-yaml v2 (YAML 1.1 scalars) plus sigs.k8s.io/yaml's conversion to JSON, in
// strict mode (kubectl's default field validation). js-yaml provides the syntax events;
// this module gives them Go's meaning. Every rule here is pinned by the differential test
// against a real kube-apiserver (test/integration/yaml-differential.test.ts).
import { EVENT_ID, Event, ScalarEvent, getScalarValue, parseEvents } from 'js-yaml';
import { BOOL, FLOAT, GoYamlError, INT, MERGE, NULL, Resolved, STR, aliasKey, checkJsonNumber, expandTag, hasUnknownEscape, jsonKey, resolvePlain, resolveTagged } from './go-scalars';
import { blockTabLine, fixShallowContinuations } from './shallow-continuations';

export { GoYamlError, formatFloat32 } from './go-scalars';

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

/** Node counts go-yaml's decoder keeps to refuse alias bombs ("excessive aliasing"). */
interface AliasBudget { decoded: number; aliased: number }

function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.10;
  return 0.10 + (0.99 - 0.10) * (1 - (decoded - 400_000) / (4_000_000 - 400_000));
}

interface Anchored { readonly value: unknown; readonly nodes: number }

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

  const deliver = (value: unknown, nodes: number, offset: number, resolved?: Resolved) => {
    const top = stack[stack.length - 1];
    if (!top) { root = checkJsonNumber(value, offset); done = true; return; }
    top.nodes += nodes;
    if (top.kind === 'seq') { top.value.push(checkJsonNumber(value, offset)); return; }
    if (!top.key) {
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
        if (frame.anchor !== undefined) anchors.set(frame.anchor, { value: frame.value, nodes: frame.nodes });
        deliver(frame.value, frame.nodes, 0);
        break;
      }
      case EVENT_ID.SCALAR: {
        budget.decoded++;
        const { value, resolved } = scalar(text, e);
        if (e.anchorStart >= 0) anchors.set(name(e.anchorStart, e.anchorEnd), { value, nodes: 1 });
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
        deliver(copy, 1 + target.nodes, e.anchorStart, resolved);
        break;
      }
      default:
        break;
    }
  }
  return { value: root, end: i };
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
  return [...readGoYamlDocuments(text, options)];
}

/**
 * `readGoYaml` one document at a time: each is read when asked for, and the GoYamlError of a
 * refused document is thrown then (the documents before it were given already).
 */
export function* readGoYamlDocuments(text: string, options: GoYamlOptions = {}): Generator<GoYamlDocument> {
  const maxDepth = options.maxDepth ?? 1000;
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
    if (events[first + 1]?.type === EVENT_ID.POP) { yield { value: undefined, offset: base, line: doc.line, body }; continue; }
    let value: unknown;
    try {
      value = construct(body, events, first + 1).value;
    } catch (err) {
      if (err instanceof GoYamlError) throw new GoYamlError(err.message, base + err.offset, err.kind);
      throw err;
    }
    yield { value, offset: base, line: doc.line, body };
  }
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
