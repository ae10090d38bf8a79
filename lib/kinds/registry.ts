// The one lookup of facts about kinds, keyed by group + kind: the apply order, the gates, prune's
// data guard, the schema layer's scopes, RBAC plurals, constructs and rule dispatch all read it.
import { KUBERNETES_KINDS } from './kubernetes';
import { KUBEVIRT_KINDS } from './kubevirt';
import { ApplyStage } from './stage';
import { KindDefinition } from './types';

/** Every kind the project knows, Kubernetes' own first. */
export const KINDS: readonly KindDefinition[] = [...KUBERNETES_KINDS, ...KUBEVIRT_KINDS];

const byGroupKind = new Map<string, KindDefinition>();
for (const def of KINDS) {
  const key = groupKindKey(def.group, def.kind);
  if (byGroupKind.has(key)) throw new Error(`kind registry: ${key} is defined twice`);
  byGroupKind.set(key, def);
}

/** `group/Kind` (`/Secret` for the core group), the key every per-kind lookup uses. */
export function groupKindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/** The group of an apiVersion (`''` for `v1`). */
export function groupOfApiVersion(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The definition of `group`/`kind`, if the project knows the kind. */
export function lookupKind(group: string, kind: string): KindDefinition | undefined {
  return byGroupKind.get(groupKindKey(group, kind));
}

/** The definition of an object's kind, from its apiVersion and kind. */
export function kindOf(apiVersion: unknown, kind: unknown): KindDefinition | undefined {
  return typeof kind === 'string' ? lookupKind(groupOfApiVersion(apiVersion), kind) : undefined;
}

/** The definition of a kind the project must know (constructs use it for their own kinds). */
export function requireKind(group: string, kind: string): KindDefinition {
  const def = lookupKind(group, kind);
  if (!def) throw new Error(`kind registry: ${groupKindKey(group, kind)} is not registered`);
  return def;
}

/** The apiVersion this project authors for a kind (`v1`, `kubevirt.io/v1`). */
export function authoredApiVersion(def: KindDefinition): string {
  return def.group ? `${def.group}/${def.versions[0]}` : def.versions[0];
}

/** The stage a kind belongs to, before explicit dependencies are taken into account. */
export function stageOfKind(apiVersion: string, kind: string): ApplyStage {
  const def = kindOf(apiVersion, kind);
  if (def?.stage !== undefined) return def.stage;
  // Cluster-wide "class" kinds (StorageClass, PriorityClass, IngressClass...) precede their users, as Flux does.
  if (kind.endsWith('Class')) return ApplyStage.CLASSES;
  return ApplyStage.OTHERS;
}

/** True when objects of the kind gate the next apply wave until healthy. */
export function gatesNextWave(apiVersion: string, kind: string): boolean {
  return kindOf(apiVersion, kind)?.gate !== undefined;
}

/** True when deleting an object of the kind loses disk data. */
export function kindHoldsData(apiVersion: string, kind: string): boolean {
  return kindOf(apiVersion, kind)?.holdsData === true;
}

/** The rule set judging objects of the kind (undefined: schema only). */
export function ruleSetOf(apiVersion: unknown, kind: unknown): string | undefined {
  return kindOf(apiVersion, kind)?.ruleSet;
}
