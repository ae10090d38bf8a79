// How a run keeps an object it has judged for the cross-object rules: its identity and its facts
// (./cross-facts) as one string, read anew on each access. A run of 50,000 objects keeps 50,000
// of these to the end, so each is small: no `ref` object (made when asked: findings only), the
// position fields only when reports print lines, and the facts' key names each one character.
import type { LoadedSource } from '../manifests/types';
import { CROSS_FACTS, FactShape } from './cross-facts';
import type { IndexedObject } from './object-index';
import { KubeObject, ObjectRef } from './types';

/** An entry's identity as a run keeps it (its strings the run's own). */
export type FactsIdentity = Omit<IndexedObject, 'object'> & Partial<Pick<LoadedSource, 'locate'>>;

/**
 * An index entry whose object is the cross-object facts, kept as text (`encodeFacts`) and parsed
 * on each access: one string per object instead of a tree, and no rule holds every object's facts at once.
 */
export class FactsEntry implements IndexedObject {
  readonly file: string | undefined;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly ordinal: number;
  declare readonly line?: number;
  declare readonly column?: number;
  declare readonly locate?: LoadedSource['locate'];
  /** `ref`'s apiVersion, or `ref` itself when it is not what the identity makes (a generateName). */
  private readonly refOf: string | ObjectRef;
  private text: string | undefined;

  /** `text`: the facts as `encodeFacts` made them. */
  constructor(identity: FactsIdentity, text: string) {
    const { ref } = identity;
    this.file = identity.file;
    this.group = identity.group;
    this.kind = identity.kind;
    this.namespace = identity.namespace;
    this.name = identity.name;
    this.ordinal = identity.ordinal;
    this.refOf = sameRef(ref, identity.kind, identity.namespace, identity.name) ? ref.apiVersion : ref;
    this.text = text;
    // Only for the reports that print lines: a run without positions keeps three fields fewer.
    if (identity.locate !== undefined || identity.line !== undefined) {
      const positioned = this as { line?: number; column?: number; locate?: LoadedSource['locate'] };
      positioned.line = identity.line;
      positioned.column = identity.column;
      positioned.locate = identity.locate;
    }
  }

  /** A new object on each read (findings hold it; the entry does not). */
  get ref(): ObjectRef {
    const { refOf } = this;
    if (typeof refOf !== 'string') return refOf;
    return this.namespace !== ''
      ? { apiVersion: refOf, kind: this.kind, name: this.name, namespace: this.namespace }
      : { apiVersion: refOf, kind: this.kind, name: this.name };
  }

  /** The facts as kept (encoded: what another run's FactsEntry takes as is). */
  get facts(): string {
    return this.kept();
  }

  get object(): KubeObject {
    return JSON.parse(decodeFacts(this.kept()));
  }

  /** Drops the facts (the run has finished); the identity stays for the report. */
  release(): void {
    this.text = undefined;
  }

  private kept(): string {
    if (this.text === undefined) throw new Error(`the facts of ${this.kind} ${this.name} were released when the run finished`);
    return this.text;
  }
}

/** Whether `ref` is what FactsEntry.ref makes of the identity (same fields, same key order). */
function sameRef(ref: ObjectRef, kind: string, namespace: string, name: string): boolean {
  const keys = Object.keys(ref);
  const expected = namespace !== '' ? REF_KEYS_NS : REF_KEYS;
  return keys.length === expected.length && keys.every((k, i) => k === expected[i]) && typeof ref.apiVersion === 'string'
    && ref.kind === kind && ref.name === name && (namespace === '' || ref.namespace === namespace);
}

const REF_KEYS = ['apiVersion', 'kind', 'name'];
const REF_KEYS_NS = [...REF_KEYS, 'namespace'];

/**
 * Key names of the facts as one character each: `"name":` becomes one of the 32 characters below
 * a space, which JSON text never holds raw (JSON.stringify escapes them), so the substitution
 * undoes exactly, whatever the text. The names are those of the facts' shapes, VMs' first (the
 * most kept); a VM's facts are about half as long (bench VM 471 -> 219 characters).
 */
const KEY_TEXTS: readonly string[] = keyNames(Object.values(CROSS_FACTS)).slice(0, 32).map((k) => `"${k}":`);
const KEY_CODES = new Map(KEY_TEXTS.map((text, i) => [text.slice(1, -2), String.fromCharCode(i)]));

function keyNames(shapes: readonly FactShape[]): string[] {
  const names = new Set<string>();
  const walk = (shape: FactShape): void => {
    if (shape === true) return;
    if (Array.isArray(shape)) return walk(shape[0]);
    for (const [key, inner] of Object.entries(shape)) {
      names.add(key);
      walk(inner as FactShape);
    }
  };
  shapes.forEach(walk);
  return [...names];
}

/** The character coding `"name":` (the name as JSON text writes it), undefined for a name not coded. */
export function keyCode(name: string): string | undefined {
  return KEY_CODES.get(name);
}

/** The facts' JSON text with its known key names coded (see KEY_TEXTS); `decodeFacts` gives it back. */
export function encodeFacts(json: string): string {
  const pieces: string[] = [];
  let from = 0;
  for (let colon = json.indexOf('":'); colon >= 0; colon = json.indexOf('":', colon + 2)) {
    const quote = json.lastIndexOf('"', colon - 1);
    const code = quote >= from ? KEY_CODES.get(json.slice(quote + 1, colon)) : undefined;
    if (code === undefined) continue;
    pieces.push(json.slice(from, quote), code);
    from = colon + 2;
  }
  if (from === 0) return json;
  pieces.push(json.slice(from));
  // Joined: one flat string (`+=` would keep a chain of pieces for as long as the run).
  return pieces.join('');
}

/** The JSON text `encodeFacts` was given. */
export function decodeFacts(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) {
      out += text.slice(from, i) + KEY_TEXTS[c];
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
