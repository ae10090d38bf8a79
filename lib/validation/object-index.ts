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

/**
 * The input objects of one group/kind: all of them in input order, and those with a name by
 * name. A name held by one object maps to that entry, not to a list of one.
 */
interface KindEntries {
  readonly all: IndexedObject[];
  readonly byName: Map<string, IndexedObject | IndexedObject[]>;
}

export class ObjectIndex {
  private readonly entries: IndexedObject[] = [];
  // Keyed by group/kind, then by the entry's own name string: no key string and no one-item list
  // per object (50,000 objects: two of each per object were ~12 MB of a ~55 MB heap).
  private readonly byGroupKind = new Map<string, KindEntries>();
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
    let kind = this.byGroupKind.get(gk);
    if (kind === undefined) {
      kind = { all: [], byName: new Map() };
      this.byGroupKind.set(gk, kind);
    }
    kind.all.push(entry);
    if (!entry.name) return;
    const named = kind.byName.get(entry.name);
    if (named === undefined) kind.byName.set(entry.name, entry);
    else if (Array.isArray(named)) named.push(entry);
    else kind.byName.set(entry.name, [named, entry]);
  }

  /** Forgets the input objects added after the first `count` (the last added go first). */
  truncate(count: number): void {
    while (this.entries.length > count) {
      const entry = this.entries.pop()!;
      const gk = `${entry.group}/${entry.kind}`;
      const kind = this.byGroupKind.get(gk)!;
      kind.all.pop();
      if (entry.name) {
        const named = kind.byName.get(entry.name);
        if (Array.isArray(named) && named.length > 2) named.pop();
        else if (Array.isArray(named)) kind.byName.set(entry.name, named[0]);
        else kind.byName.delete(entry.name);
      }
      if (kind.all.length === 0) this.byGroupKind.delete(gk);
    }
  }

  /** Every object of `group/kind` (core group: `/Secret`). */
  ofKind(groupKind: string): readonly IndexedObject[] {
    return this.byGroupKind.get(groupKind)?.all ?? [];
  }

  /**
   * The object `group/kind` named `name` in `namespace` ('' for cluster-scoped). A manifest
   * without a namespace lands in whatever namespace it is applied to (`kubectl -n`, the Argo CD
   * destination), so an object that names none matches a lookup in any namespace, and a lookup
   * without a namespace matches the name in any namespace (also a cluster-scoped object
   * written with a stray `namespace:`, which the API server ignores).
   */
  get(groupKind: string, namespace: string, name: string): IndexedObject | undefined {
    const named = name ? this.byGroupKind.get(groupKind)?.byName.get(name) : undefined;
    if (named !== undefined) {
      if (!Array.isArray(named)) {
        if (named.namespace === namespace || named.namespace === '' || namespace === '') return named;
      } else {
        const found = named.find((e) => e.namespace === namespace)
          ?? (namespace !== '' ? named.find((e) => e.namespace === '') : named[0]);
        if (found) return found;
      }
    }
    return this.getExternal(groupKind, namespace, name);
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
    const named = name ? this.byGroupKind.get(groupKind)?.byName.get(name) : undefined;
    if (named === undefined) return [];
    return (Array.isArray(named) ? named : [named]).filter((e) => e.namespace === namespace);
  }

  /** Groups of objects sharing group/kind/namespace/name, in the input order of each group's first object. */
  *duplicates(): Generator<readonly IndexedObject[]> {
    // A name held more than once is a list; its groups by namespace, keyed by their first object.
    const groups = new Map<IndexedObject, IndexedObject[]>();
    for (const kind of this.byGroupKind.values()) {
      for (const named of kind.byName.values()) {
        if (!Array.isArray(named)) continue;
        const seen = new Set<string>();
        for (const e of named) {
          if (seen.has(e.namespace)) continue;
          seen.add(e.namespace);
          const group = named.filter((other) => other.namespace === e.namespace);
          if (group.length > 1) groups.set(e, group);
        }
      }
    }
    if (groups.size === 0) return;
    for (const entry of this.entries) {
      const group = groups.get(entry);
      if (group) yield group;
    }
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
