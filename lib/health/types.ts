// The health vocabulary as data: a spec is an ordered list of rules over an object's fields
// and conditions. One interpreter evaluates it in TypeScript (the controller), one emitter
// translates it to Lua (Argo CD), so both give the same verdict on the same object.

/** The verdict, in Argo CD's words (kstatus: Healthy = Current, Progressing = InProgress, Degraded = Failed). */
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface HealthVerdict {
  readonly status: HealthStatus;
  /** Why, in a few words (printableStatus, phase, condition message). */
  readonly message: string;
  /**
   * A steady state that is not finished: a disk waiting for its first consumer binds only once
   * the VM that uses it runs. Argo CD sees Healthy (it must not hold the VM's wave); the
   * controller reports it as in progress but lets dependents proceed.
   */
  readonly awaitsConsumer?: boolean;
  /** A note's flag that matched (e.g. the VM runs an older template and needs a restart). */
  readonly pendingRestart?: boolean;
}

/**
 * A value read from the object:
 * - `{ path: 'status.phase' }`: a field (dotted path; `@.x` inside `some` reads the element),
 * - `{ cond: 'Ready', field: 'status' }`: a field of the first condition of that type,
 * - `{ num: 'spec.replicas', default: 1 }`: a number, the default when the field is absent,
 * - `{ sub: [a, b] }`: a - b of two numbers,
 * - `{ lit: 'x' }`: a constant.
 */
export type Value =
  | { readonly path: string }
  | { readonly cond: string; readonly field: 'status' | 'reason' | 'message' | 'type' }
  | { readonly num: string; readonly default: number }
  | { readonly sub: readonly [Value, Value] }
  | { readonly lit: string | number | boolean };

/** A test on the object. Comparisons between an absent field and a value are false except `ne`. */
export type Predicate =
  | { readonly eq: readonly [Value, Value] }
  | { readonly ne: readonly [Value, Value] }
  | { readonly gt: readonly [Value, Value] }
  | { readonly lt: readonly [Value, Value] }
  | { readonly in: readonly [Value, readonly string[]] }
  /** The value is present and not the empty string. */
  | { readonly set: Value }
  | { readonly all: readonly Predicate[] }
  | { readonly any: readonly Predicate[] }
  | { readonly not: Predicate }
  /** Some element of the list at `some` (a dotted path) satisfies `where` (its fields read as `@.x`). */
  | { readonly some: string; readonly where: Predicate };

/** One piece of a message: a constant, a value, the first set value, or a conditional part. */
export type MessagePart =
  | string
  | Value
  | { readonly first: readonly Value[]; readonly else: string }
  | { readonly if: Predicate; readonly then: readonly MessagePart[] };

export type Message = readonly MessagePart[];

/** When `when` holds, the verdict is `status` with `message`. */
export interface HealthRule {
  readonly when: Predicate;
  readonly status: HealthStatus;
  readonly message: Message;
  /** See HealthVerdict.awaitsConsumer. @default false */
  readonly awaitsConsumer?: boolean;
}

/**
 * Rules over related objects only the controller can read (an NNCP's per-node enactments):
 * for each related object in turn, the first matching rule decides. `^.x` reads the parent.
 * Argo CD's Lua sees one object, so the emitter leaves these out; the parent's own status
 * summarizes them there.
 */
export interface RelatedRules {
  readonly related: 'enactments';
  readonly rules: readonly HealthRule[];
}

/** A text appended to every message when `when` holds; `flag` marks the verdict. */
export interface HealthNote {
  readonly when: Predicate;
  readonly text: string;
  readonly flag?: 'pendingRestart';
}

/** One kind's health: the first rule that matches decides, else `otherwise`. */
export interface HealthSpec {
  /** Names the spec in messages and generated scripts. */
  readonly name: string;
  readonly rules: ReadonlyArray<HealthRule | RelatedRules>;
  readonly otherwise: { readonly status: HealthStatus; readonly message: Message };
  readonly notes?: readonly HealthNote[];
}

/** Objects related to the one judged, when the caller can read them. */
export interface HealthContext {
  readonly enactments?: readonly object[];
}
