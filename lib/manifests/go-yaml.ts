// YAML read the way kubectl and the kube-apiserver read it: the stream is split into
// documents on `---` lines (kubectl's YAMLReader), and each document is decoded with the
// semantics of go-yaml v2 (YAML 1.1 scalars) plus sigs.k8s.io/yaml's conversion to JSON, in
// strict mode (kubectl's default field validation). js-yaml provides the syntax events;
// this module gives them Go's meaning. Every rule here is pinned by the differential test
// against a real kube-apiserver (test/integration/yaml-differential.test.ts).
import { Event, jsYaml } from './yaml-events';
import { DECLINED, readFastDocument } from './fast-yaml';
import { construct } from './go-construct';
import { GoYamlError } from './go-scalars';
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
  /** `body` is the text's own, unchanged, at `offset` (no line break or indentation rewritten). */
  readonly verbatim: boolean;
  /** The fast path (fast-yaml.ts) read it, so fast-locate.ts can walk it; undefined: not tried. */
  readonly fast?: boolean;
}

export interface GoYamlOptions {
  /** Deepest collection nesting read (go-yaml allows 10,000; this parser's stack bounds it). @default 1000 */
  readonly maxDepth?: number;
  /** Try fast-yaml.ts first (false: the exact path alone, as the differential tests compare). @default true */
  readonly fast?: boolean;
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
  const tryFast = options.fast ?? true;
  for (const doc of splitDocuments(text)) {
    // Most manifests are in the fast path's subset; it declines anything else, read below.
    const fast = tryFast ? readFastDocument(doc.text, maxDepth) : DECLINED;
    if (fast !== DECLINED) { yield { value: fast, offset: doc.offset, line: doc.line, body: doc.text, verbatim: true, fast: true }; continue; }
    const read = tryFast ? { fast: false } : {};
    let body = EXTRA_BREAKS.test(doc.text) ? doc.text.replace(EXTRA_BREAKS, '\n') : doc.text;
    // The text's own at `base` unless a line break or indentation is rewritten (a BOM only moves `base`).
    let verbatim = body === doc.text;
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
        verbatim = false;
      } catch {
        throw asGoError(err, base, maxDepth);
      }
    }
    const EVENT_ID = jsYaml().EVENT_ID;
    const first = events.findIndex((e) => e.type === EVENT_ID.DOCUMENT);
    if (first < 0) continue;
    if ((events[first] as { directives: unknown[] }).directives.length > 0) {
      throw new GoYamlError('a %YAML or %TAG directive before --- : kubectl splits the document there, and the directive alone is not YAML', base);
    }
    if (events[first + 1]?.type === EVENT_ID.POP) { yield { value: undefined, offset: base, line: doc.line, body, verbatim, ...read }; continue; }
    let value: unknown;
    try {
      value = construct(body, events, first + 1);
    } catch (err) {
      if (err instanceof GoYamlError) throw new GoYamlError(err.message, base + err.offset, err.kind);
      throw err;
    }
    yield { value, offset: base, line: doc.line, body, verbatim, ...read };
  }
}

function parse(body: string, maxDepth: number): Event[] {
  return jsYaml().parseEvents(body, { maxDepth });
}

function asGoError(err: unknown, base: number, maxDepth: number): GoYamlError {
  const e = err as { reason?: string; message?: string; mark?: { position?: number } };
  if (err instanceof RangeError || /nesting|depth/i.test(e.reason ?? e.message ?? '')) {
    return new GoYamlError(`nested deeper than ${maxDepth} levels`, base + (e.mark?.position ?? 0), 'depth');
  }
  return new GoYamlError(e.reason ?? (e.message ?? String(err)).split('\n')[0], base + (e.mark?.position ?? 0));
}
