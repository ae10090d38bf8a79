// What one validation run judged, as plain data another run can take over (ValidationRun.drain
// and .merge): a worker thread judges files and hands each part to the run that merges them in
// input order. Only what the merging run keeps crosses the thread boundary: each object's
// identity and its cross-object facts (the JSON text the run keeps anyway), its findings, its
// ignore annotation, and the whole object only for the few a run keeps whole or judges at the end.
import type { LoadedSource } from '../manifests/types';
import { FileLocatorParts, TextLocatorParts, locatorParts } from '../manifests/positions';
import { locatorOf } from '../manifests/reread';
import type { IndexedObject } from './object-index';
import { Finding, KubeObject } from './types';

/** An object's identity as a run keeps it (an index entry without its object and `locate`). */
export type PartIdentity = Omit<IndexedObject, 'object' | 'ordinal' | 'external'>;

/** One object of a part, in input order (its place in `objects` is its ordinal within the part). */
export interface PartObject {
  readonly identity: PartIdentity;
  /** The facts as the run keeps them (FactsEntry's text), or undefined when it keeps `object`. */
  readonly facts?: string;
  /** The object itself, for the kinds a run keeps whole. */
  readonly object?: KubeObject;
  /**
   * What `locate` is made of: its document as an index into `RunPart.bodies` (each text sent once),
   * or where it is in a file read again (LoadOptions.keepText false).
   */
  readonly locator?: FileLocatorParts | (Omit<TextLocatorParts, 'body'> & { readonly body: number });
}

/** A finding of a part and the object it is about (ordinal within the part). */
export interface PartFinding {
  readonly finding: Finding;
  readonly ordinal: number;
}

export interface RunPart {
  readonly objects: PartObject[];
  /** The documents `locate` reads (when the run keeps positions), each once. */
  readonly bodies: string[];
  readonly findings: PartFinding[];
  readonly annotations: PartFinding[];
  /** Each ignore annotation, by ordinal within the part. */
  readonly ignores: Array<readonly [number, unknown]>;
  /** Objects judged at the end (instancetype inference from a volume): whole, with their ordinal. */
  readonly deferred: Array<{ readonly ordinal: number; readonly object: KubeObject }>;
}

/** The part of an object kept as an index entry (`facts`: FactsEntry's text, or undefined for a whole object). */
export function partObject(entry: IndexedObject, facts: string | undefined, bodies: Map<string, number>): PartObject {
  const { file, group, kind, namespace, name, ref, line, column, locate } = entry as IndexedObject & Partial<Pick<LoadedSource, 'locate'>>;
  const identity: PartIdentity = { file, group, kind, namespace, name, ref, line, column };
  const parts = locate && locatorParts(locate);
  let locator: PartObject['locator'];
  if (parts && 'body' in parts) {
    let index = bodies.get(parts.body);
    if (index === undefined) bodies.set(parts.body, index = bodies.size);
    locator = { ...parts, body: index };
  } else {
    locator = parts;
  }
  return { identity, ...(facts !== undefined ? { facts } : { object: entry.object }), ...(locator ? { locator } : {}) };
}

/** `locate` of a part's object, as the run that judged it had it (none: an object of a JSON file). */
export function partLocate(o: PartObject, bodies: readonly string[]): LoadedSource['locate'] {
  const parts = o.locator;
  if (!parts) return NO_POSITION;
  return locatorOf('body' in parts ? { ...parts, body: bodies[parts.body] } : parts);
}

const NO_POSITION: LoadedSource['locate'] = () => undefined;
