// The index the rules share: every input object by group/kind/namespace/name, built once,
// so cross-object rules are lookups rather than scans.
import type { ExternalObject } from './config/profiles';
import { SourceObject } from '../manifests/types';
import { ObjectRef, objectRef } from './types';

export type { SourceObject };

export interface IndexedObject extends SourceObject {
  readonly ref: ObjectRef;
  readonly group: string;
  readonly kind: string;
  /** '' when the object names none (then it matches referrers that name none either). */
  readonly namespace: string;
  readonly name: string;
  /** Position in the input, for stable output order (-1 for an external object). */
  readonly ordinal: number;
  /** Set on objects known to exist outside the input (platform profile, config, cluster): where from. */
  readonly external?: string;
}

export function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export class ObjectIndex {
  private readonly entries: IndexedObject[] = [];
  private readonly byKey = new Map<string, IndexedObject[]>();
  private readonly byGroupKind = new Map<string, IndexedObject[]>();
  private readonly byName = new Map<string, IndexedObject[]>();
  private readonly externals: ExternalIndex;

  /** `external`: objects that exist outside the input; `get` finds them after the input's own. */
  constructor(sources: readonly SourceObject[], external: readonly ExternalObject[] = NO_EXTERNALS) {
    for (const s of sources) this.add(indexEntry(s, this.entries.length));
    this.externals = externalIndexOf(external);
  }

  /** Every input object, in input order. */
  get all(): readonly IndexedObject[] {
    return this.entries;
  }

  /** Adds an input object (streaming: one file at a time); its ordinal is its place in the input. */
  add(entry: IndexedObject): void {
    this.entries.push(entry);
    const gk = `${entry.group}/${entry.kind}`;
    push(this.byGroupKind, gk, entry);
    if (entry.name) {
      // Joined, the keys are flat strings: a template literal keeps each as a chain of pieces
      // (four or five small string objects per key, for as long as the index lives).
      push(this.byKey, [gk, entry.namespace, entry.name].join('|'), entry);
      push(this.byName, [gk, entry.name].join('|'), entry);
    }
  }

  /** Forgets the input objects added after the first `count` (the last added go first). */
  truncate(count: number): void {
    while (this.entries.length > count) {
      const entry = this.entries.pop()!;
      const gk = `${entry.group}/${entry.kind}`;
      pop(this.byGroupKind, gk);
      if (entry.name) {
        pop(this.byKey, `${gk}|${entry.namespace}|${entry.name}`);
        pop(this.byName, `${gk}|${entry.name}`);
      }
    }
  }

  /** Every object of `group/kind` (core group: `/Secret`). */
  ofKind(groupKind: string): readonly IndexedObject[] {
    return this.byGroupKind.get(groupKind) ?? [];
  }

  /**
   * The object `group/kind` named `name` in `namespace` ('' for cluster-scoped). A manifest
   * without a namespace lands in whatever namespace it is applied to (`kubectl -n`, the Argo CD
   * destination), so an object that names none matches a lookup in any namespace, and a lookup
   * without a namespace matches the name in any namespace (also a cluster-scoped object
   * written with a stray `namespace:`, which the API server ignores).
   */
  get(groupKind: string, namespace: string, name: string): IndexedObject | undefined {
    const exact = this.byKey.get(`${groupKind}|${namespace}|${name}`)?.[0];
    if (exact) return exact;
    const input = namespace !== '' ? this.byKey.get(`${groupKind}||${name}`)?.[0] : this.byName.get(`${groupKind}|${name}`)?.[0];
    return input ?? this.getExternal(groupKind, namespace, name);
  }

  /** Every external object of `group/kind` (e.g. the cluster's StorageClasses). */
  externalsOfKind(groupKind: string): readonly IndexedObject[] {
    return this.externals.byGroupKind.get(groupKind) ?? [];
  }

  /** An object known to exist outside the input (same namespace rules as `get`). */
  getExternal(groupKind: string, namespace: string, name: string): IndexedObject | undefined {
    const { byKey, byName } = this.externals;
    if (byKey.size === 0) return undefined;
    return byKey.get(`${groupKind}|${namespace}|${name}`)
      ?? byKey.get(`${groupKind}|${namespace}|*`)
      ?? (namespace !== '' ? byKey.get(`${groupKind}||${name}`) : byName.get(`${groupKind}|${name}`));
  }

  /** Every object with that identity (more than one is a duplicate). */
  all_(groupKind: string, namespace: string, name: string): readonly IndexedObject[] {
    return this.byKey.get(`${groupKind}|${namespace}|${name}`) ?? [];
  }

  /** Groups of objects sharing group/kind/namespace/name. */
  *duplicates(): Generator<readonly IndexedObject[]> {
    for (const group of this.byKey.values()) if (group.length > 1) yield group;
  }
}

/** The index entry of an input object at `ordinal` (its identity read once). */
export function indexEntry(s: SourceObject, ordinal: number): IndexedObject {
  const o = s.object ?? {};
  const meta: Record<string, any> = o.metadata && typeof o.metadata === 'object' ? o.metadata : {};
  return {
    ...s,
    ref: objectRef(o),
    group: groupOf(o.apiVersion),
    kind: typeof o.kind === 'string' ? o.kind : '',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
    name: typeof meta.name === 'string' ? meta.name : '',
    ordinal,
  };
}

/** The lookups over a list of external objects; read-only once built. */
interface ExternalIndex {
  readonly byKey: ReadonlyMap<string, IndexedObject>;
  readonly byName: ReadonlyMap<string, IndexedObject>;
  readonly byGroupKind: ReadonlyMap<string, IndexedObject[]>;
}

const NO_EXTERNALS: readonly ExternalObject[] = [];

/**
 * External lookups per list, built once: a configuration's list (platform profile, config,
 * cluster) is the same array for every run under it, and a construct-time check makes one run
 * per object, so rebuilding it per run repeated the same work for every VM of an app.
 */
const externalIndexes = new WeakMap<readonly ExternalObject[], ExternalIndex>();

function externalIndexOf(external: readonly ExternalObject[]): ExternalIndex {
  const known = externalIndexes.get(external);
  if (known) return known;
  const byKey = new Map<string, IndexedObject>();
  const byName = new Map<string, IndexedObject>();
  const byGroupKind = new Map<string, IndexedObject[]>();
  for (const x of external) {
    const [group, kind] = splitGroupKind(x.groupKind);
    const object = x.object ?? { apiVersion: group ? `${group}/v1` : 'v1', kind, metadata: { name: x.name, ...(x.namespace ? { namespace: x.namespace } : {}) } };
    const entry: IndexedObject = {
      object, ref: { ...objectRef(object), kind, ...(x.namespace ? { namespace: x.namespace } : {}) },
      group, kind, namespace: x.namespace, name: x.name, ordinal: -1, external: x.origin,
    };
    push(byGroupKind, x.groupKind, entry);
    const key = `${x.groupKind}|${x.namespace}|${x.name}`;
    if (!byKey.has(key)) byKey.set(key, entry);
    if (x.name !== '*' && !byName.has(`${x.groupKind}|${x.name}`)) byName.set(`${x.groupKind}|${x.name}`, entry);
  }
  const made = { byKey, byName, byGroupKind };
  externalIndexes.set(external, made);
  return made;
}

function splitGroupKind(groupKind: string): [string, string] {
  const slash = groupKind.lastIndexOf('/');
  return [groupKind.slice(0, slash), groupKind.slice(slash + 1)];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pop<K, V>(map: Map<K, V[]>, key: K): void {
  const list = map.get(key);
  list?.pop();
  if (list?.length === 0) map.delete(key);
}
