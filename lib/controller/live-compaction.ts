import { stableJson } from './digest';
import { KubeObject } from './objects';

type FieldSet = Record<string, unknown>;
type ManagedFieldsEntry = { manager?: string; operation?: string; subresource?: string; fieldsV1?: unknown; [key: string]: unknown };

/** Interned values kept at most: a full table starts over (values already shared stay shared). */
const MAX_INTERNED = 10_000;

/**
 * Keeps the watch cache small: the live objects it holds for 10,000 members were most of the
 * controller's heap. A compact copy keeps everything planning, the fast verdict, drift
 * corrections, ownership and prune checks read, and drops only what none of them reads:
 *
 * - `metadata.creationTimestamp`;
 * - in `metadata.managedFields`, each entry's time, fieldsType and apiVersion, and the field sets
 *   (fieldsV1) of every entry but our own Apply entry on the main resource (the fast verdict's
 *   one input from them; the other entries keep manager, operation and subresource, which drift
 *   corrections read to spot respected managers).
 *
 * Values repeated across objects are shared instead of copied per object: our field set (the
 * same for every object of one shape), namespaces, label and annotation values, manager names.
 * Shared values are frozen, so a caller that mutated a cached object would throw instead of
 * changing others; nothing does (cached objects are read-only by contract).
 * Spec, data, status, labels and annotations are kept whole: what `comparable()` digests and the
 * health checks read does not change.
 */
export class LiveCompactor {
  private readonly fieldSets = new Map<string, FieldSet>();
  private readonly strings = new Map<string, string>();

  constructor(private readonly fieldManager: string) {}

  /** A compact copy of `obj` (the input is left as it is). */
  public compact(obj: KubeObject): KubeObject {
    const meta = obj.metadata;
    if (!meta || typeof meta !== 'object') return obj;
    const { creationTimestamp: _created, managedFields, namespace, labels, annotations, ...rest } = meta;
    const compactMeta: KubeObject['metadata'] = { ...rest, name: meta.name };
    if (namespace !== undefined) compactMeta.namespace = this.intern(namespace);
    if (labels) compactMeta.labels = this.internValues(labels);
    if (annotations) compactMeta.annotations = this.internValues(annotations);
    if (Array.isArray(managedFields)) compactMeta.managedFields = managedFields.map((e) => this.compactEntry(e as ManagedFieldsEntry));
    return { ...obj, metadata: compactMeta };
  }

  /** One shared, frozen copy per distinct field set (canonical JSON). */
  public fieldSet(fields: FieldSet): FieldSet {
    const key = stableJson(fields);
    const known = this.fieldSets.get(key);
    if (known) return known;
    const frozen = deepFreeze(JSON.parse(key) as FieldSet);
    if (this.fieldSets.size >= MAX_INTERNED) this.fieldSets.clear();
    this.fieldSets.set(key, frozen);
    return frozen;
  }

  private compactEntry(entry: ManagedFieldsEntry): ManagedFieldsEntry {
    const out: ManagedFieldsEntry = {};
    if (entry.manager !== undefined) out.manager = this.intern(entry.manager);
    if (entry.operation !== undefined) out.operation = this.intern(entry.operation);
    if (entry.subresource !== undefined) out.subresource = this.intern(entry.subresource);
    const ours = entry.manager === this.fieldManager && entry.operation === 'Apply' && !entry.subresource;
    if (ours && entry.fieldsV1 && typeof entry.fieldsV1 === 'object') out.fieldsV1 = this.fieldSet(entry.fieldsV1 as FieldSet);
    return out;
  }

  private internValues(values: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' && v.length <= 256 ? this.intern(v) : v;
    return out;
  }

  private intern(value: string): string {
    if (typeof value !== 'string') return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size >= MAX_INTERNED) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
