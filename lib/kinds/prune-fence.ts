// The prune's fence against a late re-adoption, as plain data: the annotation the prune writes on
// a disk it keeps from a VM it deletes, and the admission policy that reads it. Shared by the
// controller (which writes the annotation and checks the policy is there) and the controller's
// install construct (which ships the policy): neither imports the other.

/**
 * Annotation the prune writes on a disk (DataVolume, PVC) it keeps while deleting its owner, or
 * that the owner's KubeVirt controller could adopt: the uid of that owner (several, comma
 * separated, when a disk was kept from more than one). With the fence policy installed, no
 * write can make the disk owned by that uid again, so an adoption KubeVirt decided before the
 * owner was marked deleted and that lands after the owner is gone is refused (the garbage
 * collector would delete a disk owned by a gone uid). UIDs are never reused: the annotation
 * stays, harmless, and a VM created again from Git (a new uid) adopts the disk as usual.
 */
export const DETACHED_FROM_ANNOTATION = 'cdk8s-kubevirt.io/detached-from-uid';

/** Name of the ValidatingAdmissionPolicy (and of its binding) that enforces the annotation. */
export const PRUNE_FENCE_POLICY_NAME = 'cdk8s-kubevirt-prune-fence';

/** How many owner uids the annotation keeps (the most recent first). */
export const DETACHED_FROM_MAX_UIDS = 4;

/** The annotation's uids, most recent first (empty when absent or malformed). */
export function detachedFromUids(annotations: Record<string, string> | undefined): string[] {
  return (annotations?.[DETACHED_FROM_ANNOTATION] ?? '').split(',').map((u) => u.trim()).filter(Boolean);
}

/**
 * The annotation's value once `uids` are added: new ones first, duplicates dropped, at most
 * DETACHED_FROM_MAX_UIDS (the oldest go: their owners were deleted by an earlier prune, long
 * done). Undefined when it already names them all.
 */
export function withDetachedFrom(annotations: Record<string, string> | undefined, uids: readonly string[]): string | undefined {
  const current = detachedFromUids(annotations);
  if (uids.every((u) => current.includes(u))) return undefined;
  return [...new Set([...uids, ...current])].slice(0, DETACHED_FROM_MAX_UIDS).join(',');
}

const ANNOTATION = `oldObject.metadata.annotations['${DETACHED_FROM_ANNOTATION}']`;

/**
 * The fence: refuses an update of a DataVolume or PVC carrying the annotation (before the write)
 * that adds an ownerReference to a uid it names. Nothing else is judged: objects without the
 * annotation do not match at all, owner references already there and other uids pass, and the
 * annotation itself may be edited or removed (in a write of its own). Failure policy Fail: a
 * fenced disk is never adopted by a deleted owner because the policy could not be evaluated.
 * DataVolumes are matched at v1beta1, the version CDI serves (a request at another version is
 * matched too: matchPolicy Equivalent): with an exact version the API server type-checks the
 * expressions against the CRD's schema (with '*' it skips CRDs).
 */
export function pruneFencePolicy(): Record<string, any> {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: PRUNE_FENCE_POLICY_NAME },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: [
          { apiGroups: [''], apiVersions: ['v1'], resources: ['persistentvolumeclaims'], operations: ['UPDATE'] },
          { apiGroups: ['cdi.kubevirt.io'], apiVersions: ['v1beta1'], resources: ['datavolumes'], operations: ['UPDATE'] },
        ],
      },
      matchConditions: [{
        name: 'detached-by-prune',
        expression: `has(oldObject.metadata.annotations) && '${DETACHED_FROM_ANNOTATION}' in oldObject.metadata.annotations`,
      }],
      variables: [
        { name: 'fenced', expression: `${ANNOTATION}.split(',').map(u, u.trim())` },
        {
          name: 'added',
          expression: 'has(object.metadata.ownerReferences) ? object.metadata.ownerReferences.filter(r, '
            + '!(has(oldObject.metadata.ownerReferences) && oldObject.metadata.ownerReferences.exists(o, o.uid == r.uid))) : []',
        },
      ],
      validations: [{
        expression: 'variables.added.all(r, !(r.uid in variables.fenced))',
        messageExpression: `'cdk8s-kubevirt prune: ' + object.kind + ' ' + object.metadata.name + ' was kept from ' `
          + `+ variables.added.filter(r, r.uid in variables.fenced).map(r, r.kind + ' ' + r.name + ' (uid ' + r.uid + ')').join(', ') `
          + `+ ', which the prune deleted: it may not own it again (annotation ${DETACHED_FROM_ANNOTATION})'`,
        reason: 'Forbidden',
      }],
    },
  };
}

/** The policy's binding: denies, cluster-wide. */
export function pruneFenceBinding(): Record<string, any> {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: PRUNE_FENCE_POLICY_NAME },
    spec: { policyName: PRUNE_FENCE_POLICY_NAME, validationActions: ['Deny'] },
  };
}
