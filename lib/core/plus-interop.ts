// cdk8s-plus interop typed structurally. Users pick their cdk8s-plus (27 in the design, 33 from
// `cdk8s init` today); both declare LabelSelector and NetworkPolicyIpBlock as classes with private
// fields, so no single nominal type is assignable to both versions' IPodSelector. The fields that
// carry those classes are typed loosely here: either version's Service and NetworkPolicy accept
// the result, and at run time they call only `_toKube()` and `isEmpty()`, which both versions have.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** cdk8s-plus's `PodSelectorConfig`, assignable to the one of cdk8s-plus-27 and of -33. */
export interface PodSelectorConfigLike {
  /** A cdk8s-plus `LabelSelector` (of the version that created it). */
  readonly labelSelector: any;
  /** @default - the selector's own namespace */
  readonly namespaces?: { readonly names?: string[]; readonly labelSelector?: any };
}

/** cdk8s-plus's `NetworkPolicyPeerConfig`, assignable to the one of cdk8s-plus-27 and of -33. */
export interface NetworkPolicyPeerConfigLike {
  /** @default - no pod selector */
  readonly podSelector?: PodSelectorConfigLike;
  /** A cdk8s-plus `NetworkPolicyIpBlock`. @default - no IP block */
  readonly ipBlock?: any;
}
