// The shapes of the rule catalog's in-cluster form: a CEL translation per rule id, or the reason a
// rule cannot be enforced by a ValidatingAdmissionPolicy.
import type { Severity } from '../validation/types';

/** The rule families a policy set can be opted into, one ValidatingAdmissionPolicy pair each. */
export type PolicyFamily = 'compute' | 'storage' | 'flavors' | 'network' | 'platform';

export const POLICY_FAMILIES: readonly PolicyFamily[] = ['compute', 'storage', 'flavors', 'network', 'platform'];

/** A catalog rule written in CEL: true when the object passes the rule. */
export interface CelTranslation {
  /**
   * The CEL expression. It sees `object`, the family's `variables.*` (see ./scopes.ts) and, when
   * `params` is set, `params` (the params ConfigMap).
   */
  readonly expression: string;
  /** Keys of the params ConfigMap the expression reads. @default - none */
  readonly params?: readonly string[];
}

/** Why a rule has no in-cluster form. */
export type NotEnforceableReason =
  /** The rule relates two or more objects (a policy sees one object). */
  | 'cross-object'
  /** The rule needs objects or facts the admission request does not carry (referenced instancetypes, node NICs). */
  | 'cluster-state'
  /** CEL cannot say it within the apiserver's functions and cost limits (JSON or base64 decoding...). */
  | 'cel-limits'
  /** Advice (severity info), not an admission decision. */
  | 'advice'
  /** Expressible, but no CEL translation written yet: checked offline and at synth only. */
  | 'untranslated';

export interface NotEnforceable {
  readonly reason: NotEnforceableReason;
  /** One line: what exactly is missing. */
  readonly why: string;
}

/** One catalog rule as the policy generator sees it. */
export interface PolicyRule {
  readonly id: string;
  readonly severity: Severity;
  readonly doc: string;
  /** Undefined for cross-object rules. */
  readonly family?: PolicyFamily;
  readonly cel?: CelTranslation;
  readonly notEnforceable?: NotEnforceable;
}
