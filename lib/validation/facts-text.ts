// The facts a run keeps of an object (./cross-facts), written straight to the text it keeps:
// encodeFacts(JSON.stringify(crossFacts(...))) (./facts-entry; crossFacts, the tree, is now only the
// tests' reference: test/validation/cross-facts-reference.ts), without building the projected
// tree first (that tree was ~38 MB of the ~590 MB a 10,000-object validate allocated, all of it
// garbage at once) and without coding the key names in a second pass.
import { CROSS_FACTS, FactShape, WHOLE_KINDS, detached, fieldsOf } from './cross-facts';
import { encodeFacts, keyCode } from './facts-entry';
import { KubeObject } from './types';

const hasOwn = Object.prototype.hasOwnProperty;

/** Characters JSON.stringify writes escaped: quote, backslash, control characters, (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * The text's pieces, `n` of them, in an array reused from object to object and never shortened
 * (emptying an array drops its storage, and growing it again was most of what this allocated);
 * joined once: a flat string, no chain of pieces kept.
 */
const parts: string[] = [];
let n = 0;

function emit(piece: string): void {
  parts[n++] = piece;
}

/** Takes back the pieces emitted since `mark` (they must join as nothing). */
function rollback(mark: number): void {
  while (n > mark) parts[--n] = '';
}

/** Per field key, `"key":` or its code (keys come from the shapes, a fixed set). */
const keyTexts = new Map<string, string>();

/** How many keys the last mapping put() wrote kept (an optional mapping keeping none is left out). */
let lastAssigned = 0;

/**
 * The text of `object`'s facts (of `group/kind`) as the run keeps it (FactsEntry's); undefined
 * when the run keeps the object itself (the whole kinds, and a document that is not a mapping
 * and whose copy is itself, as crossFacts gives).
 */
export function factsText(groupKind: string, object: KubeObject): string | undefined {
  if (WHOLE_KINDS.has(groupKind)) return undefined;
  if (object === null || typeof object !== 'object' || Array.isArray(object)) {
    const copy = detached(object, keep);
    return copy === object ? undefined : encodeFacts(JSON.stringify(copy));
  }
  const shape = CROSS_FACTS[groupKind];
  if (!shape) return '{}';
  n = 0;
  try {
    put(object, shape);
    return parts.join('');
  } finally {
    // Between texts every piece is '' (those past `n` join as nothing), and nothing of a parsed file stays referenced.
    for (let i = 0; i < parts.length; i++) parts[i] = '';
  }
}

const keep = (s: string) => s;

/**
 * Appends what JSON.stringify writes for project(value, shape); false when it writes nothing
 * (undefined: a mapping leaves the key out, a list writes null).
 */
function put(value: unknown, shape: FactShape): boolean {
  if (shape === true) return putValue(value);
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return putValue(value);
    emit('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) emit(',');
      if (!put(value[i], (shape as readonly [FactShape])[0])) emit('null');
    }
    emit(']');
    return true;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return putValue(value);
  const fields = fieldsOf(shape as Record<string, FactShape>);
  emit('{');
  let written = 0;
  let assigned = 0;
  for (let f = 0; f < fields.length; f++) {
    const key = fields[f][0];
    if (!hasOwn.call(value, key)) continue;
    const inner = (value as Record<string, unknown>)[key];
    const mark = n;
    if (written > 0) emit(',');
    emit(keyText(key));
    const wrote = put(inner, fields[f][1]);
    // project() leaves out an optional mapping that kept no key (its value a mapping: the shape's branch ran).
    if (fields[f][2] && inner !== null && typeof inner === 'object' && !Array.isArray(inner) && lastAssigned === 0) {
      rollback(mark);
      continue;
    }
    assigned++;
    if (wrote) written++;
    else rollback(mark);
  }
  emit('}');
  lastAssigned = assigned;
  return true;
}

/** Appends JSON.stringify(detached(value)) (keys coded); false when that is undefined. */
function putValue(value: unknown): boolean {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return false;
  if (typeof value === 'string' && !NEEDS_ESCAPE.test(value)) {
    // The string itself between quotes (join copies it): no quoted copy per value.
    emit('"');
    emit(value);
    emit('"');
    return true;
  }
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) return false;
    emit(text);
    return true;
  }
  // A `__proto__` key (the YAML reader defines it as an own key) is lost in detached()'s copy: copied then.
  emit(encodeFacts(JSON.stringify(hasProtoKey(value) ? detached(value, keep) : value)));
  return true;
}

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    const json = JSON.stringify(key);
    text = keyCode(json.slice(1, -1)) ?? `${json}:`;
    keyTexts.set(key, text);
  }
  return text;
}

/** True when `value` or anything inside it has an own `__proto__` key. */
function hasProtoKey(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v !== null && typeof v === 'object' && hasProtoKey(v)) return true;
    }
    return false;
  }
  if (hasOwn.call(value, '__proto__')) return true;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === 'object' && hasOwn.call(value, key) && hasProtoKey(v)) return true;
  }
  return false;
}
