// Where a field of a loaded object is written: line and column of a dotted path, computed
// from the document's parser events only when a report needs one (a finding to print).
import { Event, jsYaml } from './yaml-events';
import { fastFind, fastLocatable } from './fast-locate';
import { DECLINED } from './fast-yaml';
import { fixShallowContinuations } from './shallow-continuations';

export type Position = { line: number; column: number };

/** Splits a dotted finding path (`a.b[0]["c/d"]`) back into keys. */
export function parsePath(dotted: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(dotted))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`));
  }
  return out;
}

/** 1-based line and column of a 0-based offset. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Locates dotted paths inside the document `body` (which starts on line `firstLine`);
 * `prefix` addresses the object inside the document (a List item). The document's events are
 * parsed again on first use only, so nothing is spent on positions no report prints. `fast`:
 * whether the fast YAML path read `body` (GoYamlDocument.fast), asked of it when unknown.
 */
export function documentLocator(body: string, firstLine: number, prefix: ReadonlyArray<string | number>, fast?: boolean): (dotted: string) => Position | undefined {
  let events: Event[] | null | undefined;
  const start: Position = { line: firstLine, column: 1 };
  const locate = (dotted: string) => {
    const keys = [...prefix, ...parsePath(dotted)];
    // Documents the fast YAML path reads are walked as text (fast-locate.ts), without events. Asking the
    // fast reader again when the loader knew was half the time positions took (50,000 objects: 0.5 of 0.86 s).
    fast ??= fastLocatable(body);
    let at: number | undefined | typeof DECLINED = fast ? fastFind(body, keys) : DECLINED;
    if (at === DECLINED) {
      if (events === undefined) events = parse(body);
      if (events === null) return start;
      at = find(body, events, keys);
    }
    if (at === undefined) return start;
    const p = positionOf(body, at);
    return { line: start.line + p.line - 1, column: p.column };
  };
  recordLocator(locate, { body, line: firstLine, prefix, ...(fast !== undefined ? { fast } : {}) });
  return locate;
}

/** What a locator is made of, as plain data: its document's text, or where that text is in a file. */
export type LocatorParts = TextLocatorParts | FileLocatorParts;

/** A locator's document, its first line and the object's path in it (a List item); `fast`: read by the fast path. */
interface DocumentParts {
  readonly line: number;
  readonly prefix: ReadonlyArray<string | number>;
  readonly fast?: boolean;
}

/** A locator holding its document's text. */
export interface TextLocatorParts extends DocumentParts {
  readonly body: string;
}

/** A locator reading its document again from a file (./reread): where it is, and the file's stamp when read. */
export interface FileLocatorParts extends DocumentParts {
  readonly file: string;
  readonly stamp: string;
  readonly offset: number;
  readonly length: number;
}

/** What each locator was made of, once `recordLocators` was called (a worker thread's loader). */
let recorded: WeakMap<object, LocatorParts> | undefined;

/** Remembers what `locate` is made of (after `recordLocators`). */
export function recordLocator(locate: object, parts: LocatorParts): void {
  recorded?.set(locate, parts);
}

/**
 * From now on remember what each `documentLocator` is made of (`locatorParts`): a worker thread
 * hands an object's document to the thread that prints positions, which makes the locator anew.
 */
export function recordLocators(): void {
  recorded ??= new WeakMap();
}

/** What `locate` was made of (after `recordLocators`), else undefined. */
export function locatorParts(locate: object): LocatorParts | undefined {
  return recorded?.get(locate);
}

/**
 * The offsets the events of `body` give (null: no events could be parsed), the way
 * `documentLocator` finds them without the fast walk: what test/manifests/fast-locate.test.ts
 * compares fastFind with.
 */
export function eventsFinder(body: string): ((keys: Array<string | number>) => number | undefined) | null {
  const events = parse(body);
  return events === null ? null : (keys) => find(body, events, keys);
}

function parse(body: string): Event[] | null {
  for (const candidate of [body, fixShallowContinuations(body)]) {
    if (candidate === undefined) continue;
    try {
      return jsYaml().parseEvents(candidate, { maxDepth: 1000 });
    } catch {
      // fall through to the next candidate
    }
  }
  return null;
}

/** The index just past the node that starts at `i`. */
function skip(events: Event[], i: number): number {
  const EVENT_ID = jsYaml().EVENT_ID;
  const type = events[i].type;
  if (type !== EVENT_ID.MAPPING && type !== EVENT_ID.SEQUENCE) return i + 1;
  let depth = 0;
  for (let j = i; j < events.length; j++) {
    const t = events[j].type;
    if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
    else if (t === EVENT_ID.POP && --depth === 0) return j + 1;
  }
  return events.length;
}

function startOf(e: Event): number | undefined {
  const EVENT_ID = jsYaml().EVENT_ID;
  if (e.type === EVENT_ID.SCALAR) return e.valueStart;
  if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) return e.start;
  if (e.type === EVENT_ID.ALIAS) return e.anchorStart;
  return undefined;
}

/**
 * The offset of the key naming the deepest existing path element (so a finding lands on
 * `field:` rather than its value), or of the document's content for an empty path.
 */
function find(body: string, events: Event[], keys: Array<string | number>): number | undefined {
  const EVENT_ID = jsYaml().EVENT_ID;
  let node = events.findIndex((e) => e.type === EVENT_ID.DOCUMENT) + 1;
  if (node <= 0 || node >= events.length || events[node].type === EVENT_ID.POP) return undefined;
  let at = startOf(events[node]);
  for (const key of keys) {
    const e = events[node];
    let next = -1;
    if (e.type === EVENT_ID.MAPPING) {
      for (let j = node + 1; j < events.length && events[j].type !== EVENT_ID.POP;) {
        const k = events[j];
        const valueAt = skip(events, j);
        if (k.type === EVENT_ID.SCALAR && jsYaml().getScalarValue(body, k) === String(key)) { at = k.valueStart; next = valueAt; break; }
        j = skip(events, valueAt);
      }
    } else if (e.type === EVENT_ID.SEQUENCE && typeof key === 'number') {
      let j = node + 1;
      for (let n = 0; n < key && j < events.length && events[j].type !== EVENT_ID.POP; n++) j = skip(events, j);
      if (j < events.length && events[j].type !== EVENT_ID.POP) { at = startOf(events[j]); next = j; }
    }
    if (next < 0) break;
    node = next;
  }
  return at;
}
