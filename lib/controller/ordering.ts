import { DEPENDS_ON_ANNOTATION, parseDependsOn } from '../core/dependencies';
import { ApplyStage, SYNC_WAVE_ANNOTATION, WAVES_PER_STAGE, stageOfKind } from '../core/ordering';
import { KubeObject, groupOf, keyOf, refOf, subjectOf } from './objects';

// The stage table is shared with the constructs, which write the same waves at synth time.
export { ApplyStage, SYNC_WAVE_ANNOTATION, WAVES_PER_STAGE, stageOfKind } from '../core/ordering';

/** One object with its place in the apply order. */
export interface OrderedObject {
  readonly object: KubeObject;
  /** The stage after explicit dependencies moved it (never earlier than a dependency's stage). */
  readonly stage: ApplyStage;
  /** Argo CD sync wave: `stage * 10 + depth` of the dependency chain inside the stage. */
  readonly wave: number;
}

/** The dependency annotation names an object missing from the set, or the graph has a cycle. */
export class DependencyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DependencyError';
  }
}

export interface OrderOptions {
  /**
   * Fail when a depends-on annotation names an object that is not in the set.
   * @default false - dependencies outside the set are ignored (they live in another folder)
   */
  readonly strictDependencies?: boolean;
}

/**
 * Orders objects for apply: by wave, then stage, then group, kind, namespace and name, so any
 * permutation of the input gives the same order. A depends-on annotation puts an object in a
 * later wave than everything it names (and never in an earlier stage).
 */
export function orderObjects(objects: readonly KubeObject[], options: OrderOptions = {}): OrderedObject[] {
  const byKey = new Map<string, KubeObject>();
  for (const obj of objects) {
    const key = keyOf(refOf(obj));
    if (byKey.has(key)) throw new DependencyError(`${subjectOf(refOf(obj))} appears twice in the source`);
    byKey.set(key, obj);
  }
  const deps = new Map<string, string[]>();
  for (const [key, obj] of byKey) {
    const named = parseDependsOn(obj.metadata.annotations?.[DEPENDS_ON_ANNOTATION]).map((d) => keyOf(d));
    const present = named.filter((d) => byKey.has(d) && d !== key);
    if (options.strictDependencies && present.length !== named.length) {
      const missing = named.filter((d) => !byKey.has(d));
      throw new DependencyError(`${subjectOf(refOf(obj))} depends on ${missing.join(', ')}, which is not in the source`);
    }
    deps.set(key, present);
  }

  const stage = new Map<string, ApplyStage>();
  const wave = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (key: string, chain: string[]): void => {
    if (wave.has(key)) return;
    if (visiting.has(key)) throw new DependencyError(`dependency cycle: ${[...chain, key].join(' -> ')}`);
    visiting.add(key);
    const obj = byKey.get(key)!;
    let s = stageOfKind(obj.apiVersion, obj.kind);
    let w = 0;
    for (const dep of deps.get(key)!) {
      visit(dep, [...chain, key]);
      s = Math.max(s, stage.get(dep)!);
      w = Math.max(w, wave.get(dep)! + 1);
    }
    stage.set(key, s);
    wave.set(key, Math.max(w, s * WAVES_PER_STAGE));
    visiting.delete(key);
  };
  for (const key of [...byKey.keys()].sort()) visit(key, []);

  return [...byKey.entries()]
    .map(([key, object]) => ({ object, stage: stage.get(key)!, wave: wave.get(key)!, key }))
    .sort((a, b) => a.wave - b.wave || a.stage - b.stage || compareKeys(a.object, b.object))
    .map(({ object, stage: s, wave: w }) => ({ object, stage: s, wave: w }));
}

/** Groups ordered objects by wave, in order: every group is applied and gated before the next. */
export function groupByWave(ordered: readonly OrderedObject[]): OrderedObject[][] {
  const groups: OrderedObject[][] = [];
  for (const item of ordered) {
    const last = groups[groups.length - 1];
    if (last && last[0].wave === item.wave) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

/** The Argo CD sync wave of every object, keyed by `group/Kind/namespace/name`. */
export function computeSyncWaves(objects: readonly KubeObject[]): Map<string, number> {
  return new Map(orderObjects(objects).map((o) => [keyOf(refOf(o.object)), o.wave]));
}

/**
 * Returns copies of the objects with `argocd.argoproj.io/sync-wave` set to the controller's
 * wave, so a folder synced by Argo CD applies in the same order. An existing wave is kept.
 */
export function withSyncWaves(objects: readonly KubeObject[]): KubeObject[] {
  const waves = computeSyncWaves(objects);
  return objects.map((obj) => {
    const annotations = obj.metadata.annotations ?? {};
    if (annotations[SYNC_WAVE_ANNOTATION] !== undefined) return obj;
    const wave = String(waves.get(keyOf(refOf(obj))));
    return { ...obj, metadata: { ...obj.metadata, annotations: { ...annotations, [SYNC_WAVE_ANNOTATION]: wave } } };
  });
}

function compareKeys(a: KubeObject, b: KubeObject): number {
  const fields = (o: KubeObject) => [groupOf(o.apiVersion), o.kind, o.metadata.namespace ?? '', o.metadata.name];
  const fa = fields(a);
  const fb = fields(b);
  for (let i = 0; i < fa.length; i++) {
    if (fa[i] !== fb[i]) return fa[i] < fb[i] ? -1 : 1;
  }
  return 0;
}
