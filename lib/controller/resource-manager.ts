import { ChangeEntry, HeldField, changeEntry } from './changeset';
import { ClaimGrowth, dataVolumeSize, declaredClaims, describeGrowth, growClaim, isDataVolume, planGrowth, withDataVolumeSize } from './disk-growth';
import { removeFieldPath } from './field-path';
import { computeHealth } from './health';
import { hasDrifted } from './drift';
import { KubeApiError, KubeClient, KubeConfigError, isTransient, toApiError } from './kube-client';
import { KubeObject, ObjectRef, cloneObject, refOf, subjectOf } from './objects';
import { VerifiedState } from './verified-state';
import { VmChangeOptionsOf, nextStartFieldsOf, restartFieldsOf, vmChangesOf } from './vm-change-plan';
import type { VmChange } from '../validation/vm-changes';

/** The field manager of every write the controller makes. */
export const FIELD_MANAGER = 'cdk8s-kubevirt';

/** CDI deletes a completed DataVolume unless told not to; GitOps needs it to stay. */
const DV_DELETE_AFTER_COMPLETION = 'cdi.kubevirt.io/storage.deleteAfterCompletion';
const PVC_GARBAGE_COLLECTED = 'cdi.kubevirt.io/garbageCollected';

export interface ResourceManagerOptions {
  /** @default 'cdk8s-kubevirt' */
  readonly fieldManager?: string;
  /**
   * Objects planned and written in parallel inside one wave (waves themselves run in order).
   * @default 8
   */
  readonly concurrency?: number;
  /**
   * Decide "unchanged" without a dry-run when the desired object, the live object and our
   * managed fields match what the server last confirmed (see VerifiedState); anything else is
   * dry-run as before.
   * @default true
   */
  readonly fastResync?: boolean;
}

export interface ApplyObjectOptions {
  /**
   * Take ownership of fields other managers own. Without it a conflict is reported, not written.
   * @default false
   */
  readonly forceConflicts?: boolean;
  /**
   * Managers whose fields are never taken over, even with forceConflicts: a VM stopped through
   * KubeVirt's API (virt-api writes runStrategy) is reported, not restarted. Such fields leave
   * the payload and are reported as held; they never fail the object.
   * @default ['virt-api']
   */
  readonly respectedManagers?: readonly string[];
  /**
   * Plan only: dry-run and compare, no write.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Looks the live object up (from a LIST or a watch cache) instead of a GET: returns
   * `{ live }` (live undefined = known absent) or undefined when it does not know.
   * @default - a GET per object
   */
  readonly liveLookup?: (ref: ObjectRef) => { live: KubeObject | undefined } | undefined;
  /**
   * Adopt objects other tools or ApplySets own.
   * @default false
   */
  readonly adopt?: boolean;
  /** Why a live object must not be touched (foreign ownership); undefined when it is free. */
  readonly ownershipCheck?: (live: KubeObject | undefined) => string | undefined;
  /** Sees each live object as read for planning (the one found for a desired object). */
  readonly onLive?: (live: KubeObject) => void;
  /**
   * How a VM's changes are classified live or restart (the cluster's rollout strategy, known
   * instancetypes): see ./vm-change-plan.ts.
   * @default - KubeVirt's defaults (LiveUpdate), instancetypes unknown
   */
  readonly vmChangeOptions?: VmChangeOptionsOf;
}

/** The outcome of planning one object: what a write would do, and the objects compared. */
export interface PlannedChange {
  readonly entry: ChangeEntry;
  readonly live?: KubeObject;
  /** The server's dry-run result: the object as it would be after the write. */
  readonly predicted?: KubeObject;
  /** The payload to write, when the plan calls for a write. */
  readonly payload?: KubeObject;
  readonly force?: boolean;
  /** Claims to expand after the write (disk growth from Git). */
  readonly growth?: ClaimGrowth[];
  /** For a VirtualMachine that exists and changes: each change, live or needing a restart. */
  readonly vmChanges?: VmChange[];
  /** The desired object planned (for the record of what the server confirmed). */
  readonly desired?: KubeObject;
  readonly held?: HeldField[];
}

/**
 * Applies objects with server-side apply under one field manager. Every object is first
 * dry-run and compared with the live object, so an unchanged object costs no write and
 * its resourceVersion stays put (other controllers are not woken).
 */
export class ResourceManager {
  public readonly fieldManager: string;
  /** What the server last confirmed per object: re-syncs of unchanged objects need no request. */
  public readonly verified?: VerifiedState;
  private readonly concurrency: number;

  constructor(private readonly client: KubeClient, options: ResourceManagerOptions = {}) {
    this.fieldManager = options.fieldManager ?? FIELD_MANAGER;
    this.concurrency = options.concurrency ?? 8;
    if (options.fastResync !== false) this.verified = new VerifiedState(this.fieldManager);
  }

  /** GET, checks, dry-run and drift comparison for one object; never writes. */
  public async plan(desired: KubeObject, options: ApplyObjectOptions = {}): Promise<PlannedChange> {
    const ref = refOf(desired);
    const started = Date.now();
    const done = (entry: Omit<PlannedChange, 'entry'> & { action: ChangeEntry['action']; reason?: string; conflicts?: string[]; held?: HeldField[]; transient?: boolean }): PlannedChange => {
      const { action, reason, conflicts, held, transient, ...rest } = entry;
      const restartRequired = rest.live && isVirtualMachine(rest.live) && computeHealth(rest.live).pendingRestart ? true : undefined;
      const vmChanges = action === 'configured' ? vmChangesOf(rest.live, rest.predicted, options.vmChangeOptions) : undefined;
      return { ...rest, desired, held, ...vmChanges ? { vmChanges } : {}, entry: changeEntry(ref, action, {
        reason, conflicts, transient, held: held?.length ? held : undefined, restartRequired, restartFields: restartFieldsOf(vmChanges), nextStartFields: nextStartFieldsOf(vmChanges),
        durationMs: Date.now() - started, dryRun: options.dryRun || undefined,
      }) };
    };
    try {
      const known = options.liveLookup?.(ref);
      const live = known ? known.live : await this.client.get(ref);
      if (live) options.onLive?.(live);
      if (!options.adopt) {
        const foreign = options.ownershipCheck?.(live);
        if (foreign) return done({ action: 'skipped', reason: `${foreign}; not adopted (pass --adopt)`, live });
      }
      const fast = options.dryRun ? undefined : this.verified?.check(desired, live);
      if (fast) return done({ action: 'unchanged', live, held: fast.held });
      let payload = isDataVolume(desired) ? withDataVolumeDefaults(desired) : desired;
      if (!live && isDataVolume(desired) && (await this.garbageCollectedByCdi(ref))) {
        return done({ action: 'skipped', reason: 'garbage-collected by CDI after import (its PVC remains): satisfied', live });
      }
      // A creation needs no dry-run outside plan mode: the apply itself is validated by the server.
      if (!live && !options.dryRun) return done({ action: 'created', payload });
      // Disks: a larger size grows the claim; a live DataVolume's spec itself never changes.
      const growth = live ? await planGrowth(this.client, desired, live) : undefined;
      if (growth?.errors.length) return done({ action: 'failed', reason: growth.errors.join('; '), live });
      if (live && isDataVolume(desired)) {
        const liveSize = dataVolumeSize(live.spec);
        const spec = liveSize ? withDataVolumeSize(payload.spec, liveSize) : payload.spec;
        if (!isSubset(spec, live.spec)) return done({ action: 'skipped', live, reason: DV_IMMUTABLE });
        payload = { ...payload, spec };
      }
      const grown = growth?.growth.length ? growth.growth : undefined;
      const notes = [grown ? `disk grown: ${describeGrowth(grown)}` : undefined, ...(growth?.deferred ?? [])].filter(Boolean).join('; ') || undefined;
      const respectedManagers = options.respectedManagers ?? ['virt-api'];
      let force = false;
      let held: HeldField[] = [];
      let predicted: KubeObject | undefined;
      while (!predicted) {
        try {
          predicted = await this.client.apply(payload, { fieldManager: this.fieldManager, dryRun: true, force });
        } catch (err) {
          const e = toApiError(err);
          if (e.statusCode !== 409) throw e;
          const conflicts = conflictCauses(e);
          const respected = conflicts.filter((c) => respectedManagers.includes(c.manager));
          // Fields a respected manager holds leave the payload: reported, never taken back, never a failure.
          const stripped = respected.length > 0 && held.length === 0 ? withoutFields(payload, respected) : undefined;
          if (stripped) {
            payload = stripped;
            held = respected;
            continue;
          }
          if (!options.forceConflicts || respected.length > 0 || force) {
            const why = respected.length > 0 ? `fields changed through ${[...new Set(respected.map((c) => c.manager))].join(', ')} are respected`
              : 'pass --force-conflicts to take them over';
            return done({ action: 'failed', reason: `conflict: ${conflictFields(e)}; ${why}`, conflicts: conflictManagers(e), live, held });
          }
          force = true;
        }
      }
      if (live && isDataVolume(desired) && specChanged(predicted, live)) return done({ action: 'skipped', live, predicted, held, reason: DV_IMMUTABLE });
      if (live && !hasDrifted(predicted, live)) {
        if (!grown) this.verified?.record(desired, payload, predicted, held);
        return done({ action: grown ? 'configured' : 'unchanged', live, predicted, held, growth: grown, reason: notes });
      }
      return done({ action: live ? 'configured' : 'created', live, predicted, payload, force, held, growth: grown, reason: notes });
    } catch (err) {
      if (err instanceof KubeConfigError) throw err; // no cluster to talk to: not a per-object failure
      return done({ action: 'failed', reason: describeError(err), transient: isTransient(err) || undefined });
    }
  }

  /**
   * Reverts an out-of-band change with one request where that is safe: the apply itself, forced
   * only when `forceConflicts` allows it and no respected manager owns a field of the live object
   * (so force cannot take a held field; any other conflict would be forced by the plan too). The
   * server writes nothing when nothing would change, and the object it returns tells which it
   * was. Objects that need the careful path (absent, disks and their claims, respected managers,
   * adoption) and any 409 go through plan and write.
   */
  public async correct(desired: KubeObject, options: ApplyObjectOptions = {}): Promise<{ entry: ChangeEntry; stored?: KubeObject; live?: KubeObject }> {
    const ref = refOf(desired);
    const live = options.liveLookup?.(ref)?.live;
    const respected = options.respectedManagers ?? ['virt-api'];
    const careful = !live || options.dryRun || options.adopt || isDataVolume(desired) || declaredClaims(desired).length > 0 || declaredClaims(live).length > 0
      || (live.metadata.managedFields ?? []).some((f) => f.manager !== undefined && respected.includes(f.manager));
    if (careful || options.ownershipCheck?.(live)) return this.correctCarefully(desired, options);
    const fast = this.verified?.check(desired, live);
    if (fast) return { entry: changeEntry(ref, 'unchanged', { held: fast.held.length ? fast.held : undefined }), live };
    const started = Date.now();
    let stored: KubeObject;
    try {
      stored = await this.client.apply(desired, { fieldManager: this.fieldManager, force: options.forceConflicts ?? false });
    } catch (err) {
      if (toApiError(err).statusCode === 409) return this.correctCarefully(desired, options);
      return { entry: changeEntry(ref, 'failed', { reason: describeError(err), transient: isTransient(err) || undefined, durationMs: Date.now() - started }), live };
    }
    this.verified?.record(desired, desired, stored, []);
    const written = stored.metadata.resourceVersion !== live.metadata.resourceVersion;
    const restartRequired = isVirtualMachine(stored) && computeHealth(stored).pendingRestart ? true : undefined;
    const vmChanges = written ? vmChangesOf(live, stored, options.vmChangeOptions) : undefined;
    const [restartFields, nextStartFields] = [restartFieldsOf(vmChanges), nextStartFieldsOf(vmChanges)];
    return { entry: changeEntry(ref, written ? 'configured' : 'unchanged', { restartRequired, restartFields, nextStartFields, durationMs: Date.now() - started }), stored: written ? stored : undefined, live };
  }

  private async correctCarefully(desired: KubeObject, options: ApplyObjectOptions): Promise<{ entry: ChangeEntry; stored?: KubeObject; live?: KubeObject }> {
    const plan = await this.plan(desired, options);
    return { ...(await this.writeDetailed(plan, options)), live: plan.live };
  }

  /** Plans, then writes when the plan calls for it. */
  public async apply(desired: KubeObject, options: ApplyObjectOptions = {}): Promise<ChangeEntry> {
    return this.write(await this.plan(desired, options), options);
  }

  /**
   * Plans every object concurrently, then writes the changed ones one at a time in the given
   * order. Returns one entry per object, in order.
   */
  public async applyAll(objects: readonly KubeObject[], options: ApplyObjectOptions = {}): Promise<ChangeEntry[]> {
    const plans = await this.planAll(objects, options);
    const entries: ChangeEntry[] = [];
    for (const plan of plans) entries.push(await this.write(plan, options));
    return entries;
  }

  /** Plans every object with bounded concurrency; results in input order. */
  public planAll(objects: readonly KubeObject[], options: ApplyObjectOptions = {}): Promise<PlannedChange[]> {
    return this.forEachBounded(objects, (obj) => this.plan(obj, options));
  }

  /**
   * Plans and writes each object (bounded concurrency, objects of one wave have no order
   * among themselves); `onEntry` sees each entry as it completes; stops starting new objects
   * once `signal` aborts. Returns the entries of the objects handled, in input order.
   */
  public async applyConcurrently(objects: readonly KubeObject[], options: ApplyObjectOptions,
    onEntry: (entry: ChangeEntry) => void, signal?: AbortSignal): Promise<ChangeEntry[]> {
    const entries = await this.forEachBounded(objects, async (obj) => {
      if (signal?.aborted) return undefined;
      const entry = await this.write(await this.plan(obj, options), options);
      onEntry(entry);
      return entry;
    });
    return entries.filter((e): e is ChangeEntry => e !== undefined);
  }

  private async forEachBounded<T>(objects: readonly KubeObject[], fn: (obj: KubeObject) => Promise<T>): Promise<T[]> {
    const results = new Array<T>(objects.length);
    let next = 0;
    const worker = async () => {
      while (next < objects.length) {
        const i = next++;
        results[i] = await fn(objects[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, objects.length) }, worker));
    return results;
  }

  /** Performs the write a plan calls for (none for unchanged/skipped/failed or dry runs). */
  public async write(plan: PlannedChange, options: ApplyObjectOptions = {}): Promise<ChangeEntry> {
    return (await this.writeDetailed(plan, options)).entry;
  }

  /** Like `write`, also returning the object the server stored (when a write happened). */
  public async writeDetailed(plan: PlannedChange, options: ApplyObjectOptions = {}): Promise<{ entry: ChangeEntry; stored?: KubeObject }> {
    if ((!plan.payload && !plan.growth) || options.dryRun) return { entry: plan.entry };
    const started = Date.now();
    // Claims grow first: if one fails, the VM keeps its old template size and the next sync retries.
    for (const growth of plan.growth ?? []) {
      try {
        await growClaim(this.client, growth, this.fieldManager);
      } catch (err) {
        const reason = `disk not grown: ${subjectOf(growth.claim)} to ${growth.to}: ${describeError(err)}`;
        return { entry: changeEntry(plan.entry.ref, 'failed', { reason, transient: isTransient(err) || undefined, durationMs: Date.now() - started }) };
      }
    }
    let stored: KubeObject | undefined;
    try {
      if (plan.payload) stored = await this.client.apply(plan.payload, { fieldManager: this.fieldManager, force: plan.force });
    } catch (err) {
      return { entry: changeEntry(plan.entry.ref, 'failed', { reason: describeError(err), transient: isTransient(err) || undefined, durationMs: Date.now() - started }) };
    }
    if (stored && plan.desired && plan.payload && !plan.growth) this.verified?.record(plan.desired, plan.payload, stored, plan.held ?? []);
    else if (plan.desired) this.verified?.forget(plan.desired);
    return { entry: { ...plan.entry, durationMs: (plan.entry.durationMs ?? 0) + Date.now() - started }, stored };
  }

  /** Deletes one object with the given propagation; `deleted` also when it was already gone. */
  public async delete(ref: ObjectRef, propagationPolicy: string, options: { dryRun?: boolean; note?: string } = {}): Promise<ChangeEntry> {
    const started = Date.now();
    if (options.dryRun) return changeEntry(ref, 'deleted', { reason: options.note, dryRun: true });
    try {
      await this.client.delete(ref, propagationPolicy);
      const reason = [propagationPolicy === 'Orphan' ? 'orphan propagation' : undefined, options.note].filter(Boolean).join('; ');
      return changeEntry(ref, 'deleted', { reason: reason || undefined, durationMs: Date.now() - started });
    } catch (err) {
      return changeEntry(ref, 'failed', { reason: `delete failed: ${describeError(err)}`, transient: isTransient(err) || undefined, durationMs: Date.now() - started });
    }
  }

  /** A missing DataVolume whose PVC CDI marked garbage-collected is satisfied, not recreated. */
  private async garbageCollectedByCdi(ref: ObjectRef): Promise<boolean> {
    const pvc = await this.client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: ref.namespace, name: ref.name });
    return pvc?.metadata.annotations?.[PVC_GARBAGE_COLLECTED] === 'true';
  }
}

function isVirtualMachine(obj: KubeObject): boolean {
  return obj.kind === 'VirtualMachine' && obj.apiVersion.startsWith('kubevirt.io/');
}

const DV_IMMUTABLE = 'DataVolume spec is immutable (create-only): a new image needs a new DataVolume name; a larger size grows its claim';

/** True when every field `desired` declares has the same value in `live` (live may hold more: defaults). */
function isSubset(desired: unknown, live: unknown): boolean {
  if (desired === null || typeof desired !== 'object') return desired === live || (desired === undefined);
  if (Array.isArray(desired)) return Array.isArray(live) && live.length === desired.length && desired.every((d, i) => isSubset(d, live[i]));
  if (!live || typeof live !== 'object' || Array.isArray(live)) return false;
  return Object.entries(desired).every(([k, v]) => isSubset(v, (live as Record<string, unknown>)[k]));
}

function withDataVolumeDefaults(dv: KubeObject): KubeObject {
  const annotations = dv.metadata.annotations ?? {};
  if (annotations[DV_DELETE_AFTER_COMPLETION] !== undefined) return dv;
  return { ...dv, metadata: { ...dv.metadata, annotations: { ...annotations, [DV_DELETE_AFTER_COMPLETION]: 'false' } } };
}

function specChanged(a: KubeObject, b: KubeObject): boolean {
  return JSON.stringify(a.spec ?? null) !== JSON.stringify(b.spec ?? null);
}

/** One conflicting field and the manager holding it, from a 409 apply conflict. */
export function conflictCauses(err: KubeApiError): HeldField[] {
  const causes: HeldField[] = [];
  for (const cause of err.causes) {
    const manager = /conflicts? with "([^"]+)"/.exec(cause.message ?? '')?.[1];
    if (manager && cause.field) causes.push({ manager, field: cause.field });
  }
  return causes;
}

/** A copy of `obj` without the fields; undefined when a path does not resolve in it. */
function withoutFields(obj: KubeObject, fields: readonly HeldField[]): KubeObject | undefined {
  const copy = cloneObject(obj);
  return fields.every((f) => removeFieldPath(copy as unknown as Record<string, unknown>, f.field)) ? copy : undefined;
}

/** The managers named in a 409 apply conflict (`conflict with "kubectl-edit" using ...`). */
export function conflictManagers(err: KubeApiError): string[] {
  const managers = new Set<string>();
  const texts = err.causes.length > 0 ? err.causes.map((c) => c.message ?? '') : [err.message];
  for (const text of texts) {
    for (const match of text.matchAll(/conflicts? with "([^"]+)"/g)) managers.add(match[1]);
  }
  return [...managers];
}

function conflictFields(err: KubeApiError): string {
  const fields = err.causes.map((c) => c.field).filter((f): f is string => !!f);
  return fields.length > 0 ? fields.join(', ') : err.message;
}

/** An error message naming the HTTP status, with guidance for immutable-field rejections. */
export function describeError(err: unknown): string {
  const e = toApiError(err);
  const immutable = e.statusCode === 422 && /immutable|Cannot update/i.test(e.message);
  const prefix = e.statusCode ? `${e.statusCode} ${e.reason ?? ''}`.trim() + ': ' : '';
  const hint = immutable ? ' (immutable field: the controller never deletes and recreates; rename the object or change it by hand)' : '';
  return `${prefix}${e.message}${hint}`;
}
