// The serialization shortcut of KubeVirtApiObject.toJson: what cdk8s's resolve + sanitize make of
// a tree of plain JSON, done in one walk.
import { ApiObjectMetadataDefinition, App, IResolver, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Returned when the tree holds anything but plain JSON: the caller uses cdk8s's own path. */
export const NOT_PLAIN: unique symbol = Symbol('not plain JSON');

/**
 * A copy of `value` with object keys sorted and null/undefined members dropped: the result of
 * cdk8s's `sanitizeValue(resolve(value), { sortKeys: true })` when `value` is plain JSON and the
 * app has only cdk8s's own resolvers (`usesOwnResolvers`). Those resolvers change nothing in plain
 * JSON, so resolving it is a copy; doing that copy here instead of cdk8s's per-value walk (a
 * context object, a key path, the app looked up per value) took the L2's synth from 1.24x to
 * ~1.0x the raw ApiObjects' at 1,000 VMs (CPU, load 5).
 *
 * Anything else returns `NOT_PLAIN`, and the caller renders through cdk8s as before: a Lazy or
 * token, a class instance, a function, a null-prototype object, a null or undefined array item.
 */
export function sortedPlainCopy(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === undefined || item === null) return NOT_PLAIN;
      const copied = sortedPlainCopy(item);
      if (copied === NOT_PLAIN) return NOT_PLAIN;
      out[i] = copied;
    }
    return out;
  }
  const o = value as Record<string, unknown>;
  // cdk8s's ImplicitTokenResolver calls `resolve()` on any value that has one.
  if (o.constructor !== Object || typeof o.resolve === 'function') return NOT_PLAIN;
  const keys = Object.keys(o).sort();
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const member = o[keys[i]];
    if (member === undefined || member === null) continue;
    const copied = sortedPlainCopy(member);
    if (copied === NOT_PLAIN) return NOT_PLAIN;
    out[keys[i]] = copied;
  }
  return out;
}

/** The fields `ApiObjectMetadataDefinition.toJson()` renders (private in cdk8s). */
interface MetadataFields {
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly _additionalAttributes?: unknown;
}

/**
 * What `metadata.toJson()` returns (Lazies produced, sorted, null members and empty objects and
 * lists dropped), for metadata of plain JSON and Lazies, under cdk8s's own resolvers; `NOT_PLAIN`
 * otherwise, and when cdk8s's fields are not where this reads them. Rendering a VM's metadata
 * through cdk8s cost about as much as rendering its spec (10.7 vs 8.0 us/VM for a raw
 * ApiObject's, load 16); this walk is the copy alone.
 */
export function sortedPlainMetadata(metadata: ApiObjectMetadataDefinition): unknown {
  const m = metadata as unknown as MetadataFields;
  const extra = m._additionalAttributes;
  if (typeof extra !== 'object' || extra === null || !Array.isArray(m.finalizers) || !Array.isArray(m.ownerReferences)) return NOT_PLAIN;
  return withoutEmpties({
    ...extra, name: metadata.name, namespace: metadata.namespace, annotations: m.annotations,
    finalizers: m.finalizers, ownerReferences: m.ownerReferences, labels: m.labels,
  });
}

/** `sortedPlainCopy` that produces Lazies and drops empty objects and lists (undefined for the whole when empty). */
function withoutEmpties(value: unknown): unknown {
  if (value instanceof Lazy) return withoutEmpties(value.produce());
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object') return sortedPlainCopy(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const copied = withoutEmpties(value[i]);
      if (copied === NOT_PLAIN || copied === undefined) return NOT_PLAIN;
      out[i] = copied;
    }
    return out;
  }
  const o = value as Record<string, unknown>;
  if (o.constructor !== Object || typeof o.resolve === 'function') return NOT_PLAIN;
  const keys = Object.keys(o).sort();
  const out: Record<string, unknown> = {};
  let any = false;
  for (let i = 0; i < keys.length; i++) {
    const copied = withoutEmpties(o[keys[i]]);
    if (copied === NOT_PLAIN) return NOT_PLAIN;
    if (copied === undefined) continue;
    out[keys[i]] = copied;
    any = true;
  }
  return any ? out : undefined;
}

/** True when the app of `c` adds no resolver to cdk8s's defaults and keys are sorted (no `CDK8S_DISABLE_SORT`). */
export function usesOwnResolvers(c: IConstruct): boolean {
  if (process.env.CDK8S_DISABLE_SORT) return false;
  const resolvers: unknown = (App.of(c) as { resolvers?: unknown }).resolvers;
  // Exact classes: a subclass may resolve differently.
  return Array.isArray(resolvers) && resolvers.every((r: IResolver) => r.constructor === LazyResolver
    || r.constructor === ImplicitTokenResolver || r.constructor === NumberStringUnionResolver);
}
