import { gatesNextWave } from '../kinds';
import type { Finding } from '../validation';
import { ChangeEntry, ChangeSet } from './changeset';
import { Health } from './health';
import {
  APPLYSET_PART_OF_LABEL, InventoryContents, InventoryRef, applySetId, foreignOwner, inventoryOf, inventoryParent,
  parentConflict, readInventory, sameInventory, unionInventory, withMembership,
} from './inventory';
import { KubeClient } from './kube-client';
import { KubeObject, ObjectRef, SourceObject, keyOf, refOf, subjectOf } from './objects';
import { groupByWave, orderObjects } from './ordering';
import { PruneOptions, interruptedDeletion } from './prune';
import { EventRecorder } from './events';
import { Pruner } from './pruner';
import { isGuarded, removeGuard } from './prune-guard';
import { writeSetStatus } from './set-status';
import { ApplyObjectOptions, ResourceManager, ResourceManagerOptions } from './resource-manager';
import { vmChangeOptionsFrom } from './vm-change-plan';
import { SourceValidator, blockingFindings, defaultValidator, formatFinding } from './validation-seam';
import { WaitOptions, waitForSet } from './wait';


export interface ApplyOptions extends PruneOptions, Pick<ApplyObjectOptions, 'forceConflicts' | 'respectedManagers' | 'adopt' | 'liveLookup'> {
  /** The ApplySet parent (a Secret) recording what the source owns. */
  readonly inventory: InventoryRef;
  /**
   * Delete owned objects that left the source (disk data only with `pruneData`).
   * @default false
   */
  readonly prune?: boolean;
  /**
   * Wait for every object to be healthy before the next wave and, after the last wave, until
   * everything is healthy. Without it only the gating kinds (CRDs, Namespaces, NNCPs,
   * HyperConverged: `gate` in lib/kinds) hold the waves after them, as Argo CD sync waves do;
   * nothing holds the end of the run: gating objects of the last wave are listed in
   * `notWaited`, not waited for.
   * @default false
   */
  readonly wait?: boolean;
  /**
   * Timeout of each wave's wait (with `wait`, or a gating wave followed by another).
   * @default 600000 (10 minutes)
   */
  readonly timeoutMs?: number;
  /** @default 1000 */
  readonly waitIntervalMs?: number;
  /**
   * Plan only: server-side dry-runs, no writes.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * Validates the source first; `false` skips validation.
   * @default - the lib/validation engine when available
   */
  readonly validator?: SourceValidator | false;
  /** Called once per object as its entry is decided. */
  readonly onChange?: (entry: ChangeEntry) => void;
  /** Called when a waited-on object's health changes. */
  readonly onHealth?: (ref: ObjectRef, health: Health) => void;
  /** Called every `waitHeartbeatMs` of a wave's wait with the objects still pending (see WaitOptions.onWaiting). */
  readonly onWaiting?: WaitOptions['onWaiting'];
  /** @default 30000 */
  readonly waitHeartbeatMs?: number;
  /** Aborting stops the run after the object in flight; no new wave starts. */
  readonly signal?: AbortSignal;
  /**
   * The source revision (Git commit) recorded on the ApplySet parent with the run's conditions.
   * @default - none recorded
   */
  readonly revision?: string;
  /**
   * Records Kubernetes Events on managed objects (failed applies, prunes).
   * @default - no events
   */
  readonly events?: EventRecorder;
}

export interface ApplyResult {
  readonly ok: boolean;
  readonly changes: ChangeSet;
  /** Validation findings (all severities). */
  readonly findings: Finding[];
  /** Why the run stopped, naming the objects. */
  readonly message?: string;
  readonly applySetId: string;
  /**
   * Gating objects the run did not wait for (the last wave's, without `wait`): their health
   * held no later wave of this run.
   * @default - none
   */
  readonly notWaited?: readonly ObjectRef[];
}

/**
 * Makes the cluster match a source folder: validate, record the inventory superset, apply
 * wave by wave (gated on health), prune what left the source, record the exact inventory.
 */
export class Applier {
  public readonly manager: ResourceManager;

  constructor(public readonly client: KubeClient, options: ResourceManagerOptions = {}) {
    this.manager = new ResourceManager(client, options);
  }

  public async apply(sources: readonly SourceObject[], options: ApplyOptions): Promise<ApplyResult> {
    const parent: { live?: KubeObject; ours: boolean } = { ours: false };
    const result = await this.run(sources, options, parent);
    if (parent.ours && !options.dryRun) {
      // The condition follows KubeVirt's own flag on the VM: the fields this run changed (restartFields)
      // are printed with the run, but a condition built from them would clear itself on the next,
      // unchanged run while the VM still waits for its restart (and write the parent every other run).
      const restartRequired = result.changes.entries.filter((e) => e.restartRequired).map((e) => e.subject);
      const status = { ok: result.ok, message: result.message, changes: result.changes, revision: options.revision, restartRequired };
      // The run's outcome stands even when its status cannot be recorded.
      await writeSetStatus(this.client, options.inventory, status, parent.live).catch(() => undefined);
    }
    return result;
  }

  private async run(sources: readonly SourceObject[], options: ApplyOptions, parent: { live?: KubeObject; ours: boolean }): Promise<ApplyResult> {
    const changes = new ChangeSet();
    const setId = applySetId(options.inventory);
    let phase: 'sync' | 'prune' = 'sync';
    const record = (entry: ChangeEntry) => {
      changes.add(entry);
      options.onChange?.(entry);
      void options.events?.recordEntry(entry, phase);
    };
    const notWaited: ObjectRef[] = [];
    const fail = (message: string, findings: Finding[] = []): ApplyResult => ({ ok: false, changes, findings, message, applySetId: setId, notWaited });

    const validator = options.validator === false ? undefined : options.validator ?? defaultValidator();
    const findings = validator ? await validator(sources) : [];
    const errors = blockingFindings(findings);
    if (errors.length > 0) return fail(`validation failed, nothing applied:\n${errors.map(formatFinding).join('\n')}`, findings);

    const labelled = sources.find((s) => { const p = s.object.metadata.labels?.[APPLYSET_PART_OF_LABEL]; return p !== undefined && p !== setId; });
    if (labelled) return fail(`${labelled.file}: ${subjectOf(refOf(labelled.object))} already carries ${APPLYSET_PART_OF_LABEL}`, findings);

    let ordered;
    try {
      ordered = orderObjects(sources.map((s) => s.object));
    } catch (err) {
      return fail((err as Error).message, findings);
    }
    const desired = ordered.map((o) => o.object);
    const desiredContents = inventoryOf(desired.map(refOf), options.inventory);

    const parentRef: ObjectRef = { apiVersion: 'v1', kind: 'Secret', ...options.inventory };
    const liveParent = await this.client.get(parentRef);
    const conflict = parentConflict(liveParent, options.inventory);
    if (conflict) return fail(`${subjectOf(parentRef)}: ${conflict}`, findings);
    parent.live = liveParent;
    parent.ours = true;
    const recorded = readInventory(liveParent);
    const superset = unionInventory(recorded, desiredContents);
    if (!options.dryRun && (!liveParent || !sameInventory(recorded, superset))) await this.writeParent(superset, options.inventory);

    // A prune interrupted between holding an object and deleting it leaves the guard finalizer on;
    // an object the source wants again must not keep it (it could never be deleted).
    // One marked deleted by such a prune is finished by the prune step (then created afresh).
    const strayGuards = new Map<string, KubeObject>();
    const interrupted = new Map<string, KubeObject>();
    const objectOptions: ApplyObjectOptions = {
      ...options, ownershipCheck: (live) => foreignOwner(live, setId), vmChangeOptions: vmChangeOptionsFrom(desired),
      onLive: (live) => {
        if (interruptedDeletion(live)) interrupted.set(keyOf(refOf(live)), live);
        else if (isGuarded(live)) strayGuards.set(keyOf(refOf(live)), live);
      },
    };
    const waves = groupByWave(ordered);
    for (const [index, wave] of waves.entries()) {
      if (options.signal?.aborted) return fail('interrupted before the next wave', findings);
      const members = wave.map((o) => withMembership(o.object, setId));
      const entries = await this.applyWave(members, objectOptions, record, options.signal);
      const failed = entries.filter((e) => e.action === 'failed');
      if (failed.length > 0) return fail(`wave ${wave[0].wave} failed: ${failed.map((e) => `${e.subject} (${e.reason})`).join(', ')}`, findings);
      if (entries.length < members.length) return fail('interrupted in the middle of a wave', findings);
      if (options.dryRun) continue;
      const applied = entries.filter((e) => e.action !== 'skipped');
      // Without `wait`, a gating kind holds the later waves of this run only: after the last one nothing waits.
      const gating = options.wait ? [] : applied.filter((e) => gatesNextWave(e.ref.apiVersion, e.ref.kind)).map((e) => e.ref);
      const last = index === waves.length - 1;
      if (last) notWaited.push(...gating);
      const gated = options.wait ? applied.map((e) => e.ref) : last ? [] : gating;
      if (gated.length === 0) continue;
      const waited = await waitForSet(this.client, gated, {
        timeoutMs: options.timeoutMs ?? 600_000, intervalMs: options.waitIntervalMs, onProgress: options.onHealth, signal: options.signal,
        onWaiting: options.onWaiting, heartbeatMs: options.waitHeartbeatMs,
      });
      if (!waited.ok) return fail(`wave ${wave[0].wave} not healthy: ${waited.message}`, findings);
    }

    if (!options.dryRun) {
      for (const live of strayGuards.values()) await removeGuard(this.client, live).catch(() => undefined); // retried next run
      if (!options.prune && interrupted.size > 0) {
        phase = 'prune';
        await new Pruner(this.client).run([...interrupted.values()], desired.map(refOf), { allowMassPrune: true }, record);
      }
    }
    if (options.prune) {
      phase = 'prune';
      const pruned = await this.prune(desired, superset, setId, options, record);
      if (pruned.refused) return fail(pruned.refused, findings);
      if (!options.dryRun) await this.writeParent(pruned.remaining, options.inventory, superset);
      if (changes.failed.length > 0) return fail(`prune failed: ${changes.failed.map((e) => `${e.subject} (${e.reason})`).join(', ')}`, findings);
    }
    return { ok: true, changes, findings, applySetId: setId, notWaited };
  }

  /**
   * Lists the wave's kinds once per namespace (one request instead of a GET per object), then
   * plans and writes its objects concurrently; entries are recorded as they complete.
   */
  private async applyWave(members: KubeObject[], options: ApplyObjectOptions, record: (e: ChangeEntry) => void,
    signal?: AbortSignal): Promise<ChangeEntry[]> {
    // What the caller's lookup (a watch cache) does not know is listed.
    const unknown = members.filter((m) => !options.liveLookup?.(refOf(m)));
    const listed = unknown.length > 0 ? await this.listLive(unknown) : undefined;
    const liveLookup = (ref: ObjectRef) => {
      const known = options.liveLookup?.(ref);
      if (known) return known;
      const scope = listed?.scopes.has(`${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}`);
      return scope ? { live: listed!.objects.get(keyOf(ref)) } : undefined;
    };
    return this.manager.applyConcurrently(members, { ...options, liveLookup }, record, signal);
  }

  /** Live objects of the members' kinds and namespaces; kinds not served yet are left to GETs. */
  private async listLive(members: KubeObject[]): Promise<{ scopes: Set<string>; objects: Map<string, KubeObject> }> {
    const scopes = new Set<string>();
    const objects = new Map<string, KubeObject>();
    const groups = new Map<string, { apiVersion: string; kind: string; namespace?: string; count: number }>();
    for (const m of members) {
      const scope = `${m.apiVersion}/${m.kind}/${m.metadata.namespace ?? ''}`;
      const g = groups.get(scope) ?? { apiVersion: m.apiVersion, kind: m.kind, namespace: m.metadata.namespace, count: 0 };
      g.count++;
      groups.set(scope, g);
    }
    for (const [scope, g] of groups) {
      if (g.count < 2) continue; // a GET costs the same as a LIST
      try {
        const list = await this.client.list(g.apiVersion, g.kind, { namespace: g.namespace });
        // Namespace-less manifests of a namespaced kind land in the client's default namespace:
        // only a cluster-scoped answer (or an empty one) can be trusted for them.
        if (!g.namespace && list.items.some((i) => i.metadata.namespace)) continue;
        for (const item of list.items) objects.set(keyOf(refOf(item)), item);
        scopes.add(scope);
      } catch {
        // Not served yet (its CRD is in this source) or namespace-less: fall back to GETs.
      }
    }
    return { scopes, objects };
  }

  /** Deletes owned objects that left the source; returns the inventory that remains owned. */
  private async prune(desired: KubeObject[], scope: InventoryContents, setId: string, options: ApplyOptions,
    record: (e: ChangeEntry) => void): Promise<{ refused?: string; remaining: InventoryContents }> {
    const live: KubeObject[] = [];
    for (const apiKind of scope.apiKinds) {
      const slash = apiKind.lastIndexOf('/');
      const [apiVersion, kind] = [apiKind.slice(0, slash), apiKind.slice(slash + 1)];
      if (!(await this.client.isServed(apiVersion, kind))) continue;
      const list = await this.client.list(apiVersion, kind, { labelSelector: `${APPLYSET_PART_OF_LABEL}=${setId}` });
      live.push(...list.items.filter((o) => !o.metadata.namespace || scope.namespaces.includes(o.metadata.namespace)));
    }
    const { refused, kept } = await new Pruner(this.client).run(live, desired.map(refOf), options, record);
    if (refused) return { refused, remaining: scope };
    return { remaining: inventoryOf([...desired.map(refOf), ...kept], options.inventory) };
  }

  /** Applies the parent (SSA, same field manager) unless it already records `contents`. */
  private async writeParent(contents: InventoryContents, ref: InventoryRef, current?: InventoryContents): Promise<void> {
    if (current && sameInventory(current, contents)) return;
    await this.client.apply(inventoryParent(ref, contents), { fieldManager: this.manager.fieldManager, force: true });
  }
}
