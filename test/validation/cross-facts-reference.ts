// The cross-object facts built as a tree: the reference the tests compare the validator's
// facts text (lib/validation/facts-text.ts, which writes the same JSON without the tree) with.
import { CROSS_FACTS, FactShape, OwnString, WHOLE_KINDS, detached, fieldsOf, ownString } from '../../lib/validation/cross-facts';
import { KubeObject } from '../../lib/validation/types';

/**
 * The facts of `object` (of `group/kind`) the cross-object rules read (their identity is the
 * index entry's); the object itself for whole kinds, which are few.
 */
export function crossFacts(groupKind: string, object: KubeObject, own: OwnString = ownString): KubeObject {
  if (WHOLE_KINDS.has(groupKind)) return object;
  const shape = CROSS_FACTS[groupKind];
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return detached(object, own) as KubeObject;
  return (shape ? project(object, shape, own) : {}) as KubeObject;
}

/**
 * `value` cut down to `shape`, as a copy that shares nothing with the parsed document: values
 * that are not what the shape expects are copied as written.
 */
export function project(value: unknown, shape: FactShape, own: OwnString = ownString): unknown {
  if (shape === true) return detached(value, own);
  if (Array.isArray(shape)) return Array.isArray(value) ? value.map((v) => project(v, (shape as readonly [FactShape])[0], own)) : detached(value, own);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return detached(value, own);
  const out: Record<string, unknown> = {};
  for (const [key, inner, optionalShape] of fieldsOf(shape as Record<string, FactShape>)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const kept = project((value as Record<string, unknown>)[key], inner, own);
    if (optionalShape && isEmptyMapping(kept)) continue;
    out[key] = kept;
  }
  return out;
}

function isEmptyMapping(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const _ in value) return false;
  return true;
}

