/**
 * Annotation listing the objects this one must be applied after, as
 * `group/Kind/namespace/name` (namespace empty for cluster-scoped objects), comma-separated.
 * The applier orders by it and `syncWaves()` turns it into Argo CD sync waves.
 */
export const DEPENDS_ON_ANNOTATION = 'cdk8s-kubevirt.io/depends-on';

/** `group/Kind/namespace/name`, the annotation's entry format (core group is empty). */
export function formatDependencyRef(ref: DependencyRef): string {
  return `${ref.group}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/** Parses the annotation back into references; the inverse of `objectRefString`. */
export function parseDependsOn(value: string | undefined): DependencyRef[] {
  if (!value) return [];
  return value.split(',').filter((s) => s.length > 0).map((s) => {
    const [group, kind, namespace, name] = s.split('/');
    return { group, kind, namespace: namespace || undefined, name };
  });
}

/** One entry of the depends-on annotation. */
export interface DependencyRef {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}
