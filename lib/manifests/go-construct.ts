// One document's value built from js-yaml's events with go-yaml v2 + sigs.k8s.io/yaml semantics
// (go-yaml.ts splits the stream and parses; this gives the events Go's meaning). Written to
// allocate little besides the value itself: collection frames come from a pool, a map's pending
// key lives on its frame and a scalar's tag is a string, not a record. The per-scalar and per-key
// records and closures were ~120 of the 730 MB a 10,000-object validate allocated.
import { Event, ScalarEvent, jsYaml } from './yaml-events';
import { GoYamlError, MERGE, STR, checkJsonNumber, expandTag, hasUnknownEscape, jsonKey, plainTag, resolvePlainValue, resolveTagged, tagOfValue } from './go-scalars';

function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.10;
  return 0.10 + (0.99 - 0.10) * (1 - (decoded - 400_000) / (4_000_000 - 400_000));
}

interface Anchored { readonly value: unknown; readonly nodes: number }

/** A sequence or mapping being built (one shape for both, so the code reading it stays monomorphic). */
class Frame {
  map = false;
  value: any = undefined;
  /** Nodes decoded under it (go-yaml's alias budget counts them). */
  nodes = 0;
  anchor: string | undefined = undefined;
  /** A mapping's key read and waiting for its value: its tag, value and offset. */
  keyed = false;
  keyTag = STR;
  keyValue: unknown = undefined;
  keyOffset = 0;
}

/** Frames by depth, reused from document to document (values are let go when a frame closes). */
const FRAMES: Frame[] = [];

/** Builds the document whose events start at `start` (after its DOCUMENT event). */
export function construct(text: string, events: readonly Event[], start: number): unknown {
  return new Builder(text).run(events, start);
}

class Builder {
  private anchors: Map<string, Anchored> | undefined;
  private depth = 0;
  /** go-yaml's node counts against alias bombs ("excessive aliasing"). */
  private decoded = 1;
  private aliased = 0;
  private root: unknown;
  private done = false;

  constructor(private readonly text: string) {}

  run(events: readonly Event[], start: number): unknown {
    const text = this.text;
    const EVENT_ID = jsYaml().EVENT_ID;
    for (let i = start; i < events.length && !this.done; i++) {
      const e = events[i];
      switch (e.type) {
        case EVENT_ID.SEQUENCE:
        case EVENT_ID.MAPPING: {
          this.decoded++;
          let f = FRAMES[this.depth];
          if (f === undefined) FRAMES[this.depth] = f = new Frame();
          this.depth++;
          f.map = e.type === EVENT_ID.MAPPING;
          f.value = f.map ? {} : [];
          f.nodes = 1;
          f.anchor = e.anchorStart >= 0 ? text.slice(e.anchorStart, e.anchorEnd) : undefined;
          f.keyed = false;
          break;
        }
        case EVENT_ID.POP: {
          if (this.depth === 0) { this.done = true; break; }
          const f = FRAMES[--this.depth];
          const value = f.value;
          f.value = undefined;
          if (f.anchor !== undefined) this.anchor(f.anchor, value, f.nodes);
          this.deliver(value, f.nodes, 0, undefined);
          break;
        }
        case EVENT_ID.SCALAR:
          this.scalar(e);
          break;
        case EVENT_ID.ALIAS:
          this.alias(e.anchorStart, e.anchorEnd);
          break;
        default:
          break;
      }
    }
    return this.root;
  }

  private anchor(name: string, value: unknown, nodes: number): void {
    (this.anchors ??= new Map()).set(name, { value, nodes });
  }

  private scalar(e: ScalarEvent): void {
    const text = this.text;
    this.decoded++;
    const raw = jsYaml().getScalarValue(text, e);
    if (e.style === 3 /* double-quoted */ && hasUnknownEscape(text.slice(e.valueStart, e.valueEnd))) {
      throw new GoYamlError('found unknown escape character', e.valueStart);
    }
    let value: unknown;
    let tag: string;
    if (e.tagStart >= 0) {
      value = checkJsonNumber(resolveTagged(expandTag(text.slice(e.tagStart, e.tagEnd)), raw, e.valueStart), e.valueStart);
      tag = tagOfValue(value);
    } else if (e.style !== 1 /* plain */) {
      value = raw;
      tag = STR;
    } else {
      value = resolvePlainValue(raw);
      tag = plainTag();
    }
    if (e.anchorStart >= 0) this.anchor(text.slice(e.anchorStart, e.anchorEnd), value, 1);
    // go-yaml's scanner keeps a simple (implicit) key candidate for at most 1024 characters.
    const top = this.depth > 0 ? FRAMES[this.depth - 1] : undefined;
    if (top !== undefined && top.map && !top.keyed && e.valueEnd - e.valueStart > 1024) {
      throw new GoYamlError('could not find expected \':\' (a mapping key longer than 1024 characters)', e.valueStart);
    }
    this.deliver(value, 1, e.valueStart, tag);
  }

  private alias(anchorStart: number, anchorEnd: number): void {
    const name = this.text.slice(anchorStart, anchorEnd);
    const target = this.anchors?.get(name);
    if (!target) throw new GoYamlError(`unknown anchor '${name}' referenced`, anchorStart, 'alias');
    this.decoded += 1 + target.nodes;
    this.aliased += target.nodes;
    if (this.aliased > 100 && this.decoded > 1000 && this.aliased / this.decoded > allowedAliasRatio(this.decoded)) {
      throw new GoYamlError('document contains excessive aliasing', anchorStart, 'alias');
    }
    const copy = typeof target.value === 'object' && target.value !== null ? structuredClone(target.value) : target.value;
    // As a key, an aliased scalar has the type of its decoded value (tagOfValue).
    this.deliver(copy, 1 + target.nodes, anchorStart, undefined);
  }

  /** A node's value to its parent (a sequence item, a mapping key or value) or as the root. */
  private deliver(value: unknown, nodes: number, offset: number, tag: string | undefined): void {
    if (this.depth === 0) { this.root = checkJsonNumber(value, offset); this.done = true; return; }
    const top = FRAMES[this.depth - 1];
    top.nodes += nodes;
    if (!top.map) { top.value.push(checkJsonNumber(value, offset)); return; }
    if (!top.keyed) {
      if (value !== null && typeof value === 'object') throw new GoYamlError(`invalid map key: ${JSON.stringify(value)}`, offset);
      top.keyed = true;
      top.keyTag = tag ?? tagOfValue(value);
      top.keyValue = value;
      top.keyOffset = offset;
      return;
    }
    const keyTag = top.keyTag;
    const key = top.keyValue;
    top.keyed = false;
    top.keyValue = undefined;
    if (typeof value === 'number' && !Number.isFinite(value)) checkJsonNumber(value, offset);
    if (keyTag === MERGE) merge(top.value, value, top.keyOffset);
    else set(top.value, keyTag, key, value, top.keyOffset);
  }
}

/**
 * go-yaml compares keys by Go value (1 and "1" differ), then sigs.k8s.io/yaml gives both the
 * same JSON key in a random order; keys equal in JSON are refused here, which covers Go's
 * duplicates and makes that one unordered case an error too.
 */
function set(target: Record<string, unknown>, tag: string, key: unknown, value: unknown, offset: number): void {
  const k = jsonKey(tag, key, offset);
  if (Object.prototype.hasOwnProperty.call(target, k)) throw new GoYamlError(`key ${tag === STR ? JSON.stringify(k) : k} already set in map`, offset, 'duplicate-key');
  if (k === '__proto__') Object.defineProperty(target, k, { value, enumerable: true, writable: true, configurable: true });
  else target[k] = value;
}

/** `<<`: go-yaml v2 sets each merged key in turn; in strict mode a key set twice is an error. */
function merge(target: Record<string, unknown>, value: unknown, offset: number): void {
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const sources = isMap(value) ? [value] : Array.isArray(value) && value.every(isMap) ? [...value].reverse() : undefined;
  if (!sources) throw new GoYamlError('map merge requires map or sequence of maps as the value', offset);
  for (const source of sources) {
    for (const [k, v] of Object.entries(source)) set(target, STR, k, v, offset);
  }
}
