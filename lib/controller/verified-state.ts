import { HeldField } from './changeset';
import { digest } from './digest';
import { comparable } from './drift';
import { LiveCompactor } from './live-compaction';
import { KubeObject, keyOf, refOf } from './objects';

/** What the server confirmed for one object: applying `payload` over `live` changed nothing. */
interface Verified {
  /** Hash of the desired object as planned (before respected managers' fields left it). */
  readonly desired: string;
  /** The payload actually sent (without held fields): checked against the live values. */
  readonly payload: KubeObject;
  /** Our manager's Apply field set once that payload is applied (fieldsV1). */
  readonly fields: FieldSet;
  /** Hash of the live object's comparable part (spec, labels, annotations) at that time. */
  readonly live: string;
  readonly held: HeldField[];
}

/** The fast verdict: `unchanged` (no request needed) or undefined (unsure: ask the server). */
export interface FastVerdict {
  readonly held: HeldField[];
}

/**
 * Decides "unchanged" without a dry-run, from what the server confirmed on the last plan or
 * write of the object. Server-side apply of a payload P by manager M changes an object only by
 * (1) setting P's fields to P's values and (2) removing fields M owned before but P no longer
 * has. So when the desired object is the one last confirmed, every field M owns in the live
 * object is one P sets (nothing to remove), and either the live object's declared part is the
 * one the server confirmed unchanged or every value in P is already there (nothing to set), the
 * apply would change nothing. Anything else is unsure and goes to the server. An out-of-band
 * writer who changes a value or takes a field over always lands in "unsure".
 */
export class VerifiedState {
  private readonly verified = new Map<string, Verified>();
  /** Verdicts given without a request, and those left to the server (for benchmarks and logs). */
  public readonly stats = { fast: 0, unsure: 0 };

  /** Field sets of one shape are shared between objects. */
  private readonly shared: LiveCompactor;

  constructor(private readonly fieldManager: string) {
    this.shared = new LiveCompactor(fieldManager);
  }

  public check(desired: KubeObject, live: KubeObject | undefined): FastVerdict | undefined {
    const known = live ? this.verified.get(keyOf(refOf(desired))) : undefined;
    const owned = live ? appliedFields(live, this.fieldManager) : undefined;
    const sure = known && owned && known.desired === digest(desired) && isKeySubset(owned, known.fields)
      && (isContained(known.payload, live!) || known.live === digest(comparable(live!)));
    if (sure) this.stats.fast++;
    else this.stats.unsure++;
    return sure ? { held: known!.held } : undefined;
  }

  /** Records a server-confirmed state: `stored` is the dry-run result or the object written. */
  public record(desired: KubeObject, payload: KubeObject, stored: KubeObject, held: HeldField[]): void {
    const fields = appliedFields(stored, this.fieldManager);
    if (!fields) return;
    this.verified.set(keyOf(refOf(desired)), { desired: digest(desired), payload, fields: this.shared.fieldSet(fields), live: digest(comparable(stored)), held: held.length ? held : NONE_HELD });
  }

  public forget(desired: KubeObject): void {
    this.verified.delete(keyOf(refOf(desired)));
  }
}

type FieldSet = Record<string, unknown>;

const NONE_HELD: HeldField[] = [];

/** The field set (fieldsV1) of the manager's one Apply entry on the main resource; undefined otherwise. */
export function appliedFields(obj: KubeObject, fieldManager: string): FieldSet | undefined {
  const entries = (obj.metadata as { managedFields?: Array<{ manager?: string; operation?: string; subresource?: string; fieldsV1?: FieldSet }> }).managedFields ?? [];
  const ours = entries.filter((e) => e.manager === fieldManager && e.operation === 'Apply' && !e.subresource);
  return ours.length === 1 ? ours[0].fieldsV1 ?? {} : undefined;
}

/** True when every path of field set `a` is in field set `b` (fieldsV1 nests one key per path step). */
export function isKeySubset(a: FieldSet, b: FieldSet): boolean {
  return Object.entries(a).every(([k, v]) => k in b && (!v || typeof v !== 'object' || isKeySubset(v as FieldSet, (b[k] ?? {}) as FieldSet)));
}

/**
 * True when every value of `payload` is in `live` at the same place: maps key by key, lists of
 * equal length item by item, scalars equal. Extra list items (merged by other managers) make it
 * unsure, as does any normalisation the server applied to a value.
 */
export function isContained(payload: unknown, live: unknown): boolean {
  if (Array.isArray(payload)) {
    return Array.isArray(live) && live.length === payload.length && payload.every((v, i) => isContained(v, live[i]));
  }
  if (payload && typeof payload === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return false;
    return Object.entries(payload).every(([k, v]) => v === undefined || isContained(v, (live as Record<string, unknown>)[k]));
  }
  return payload === live;
}
