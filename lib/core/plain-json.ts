// The serialization shortcut of KubeVirtApiObject.toJson: what cdk8s's resolve + sanitize make of
// a tree of plain JSON, done in one walk.
import { App, IResolver, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
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

/** True when the app of `c` adds no resolver to cdk8s's defaults and keys are sorted (no `CDK8S_DISABLE_SORT`). */
export function usesOwnResolvers(c: IConstruct): boolean {
  if (process.env.CDK8S_DISABLE_SORT) return false;
  const resolvers: unknown = (App.of(c) as { resolvers?: unknown }).resolvers;
  // Exact classes: a subclass may resolve differently.
  return Array.isArray(resolvers) && resolvers.every((r: IResolver) => r.constructor === LazyResolver
    || r.constructor === ImplicitTokenResolver || r.constructor === NumberStringUnionResolver);
}
