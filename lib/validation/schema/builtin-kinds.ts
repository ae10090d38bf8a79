// Kubernetes built-in kinds that synth output commonly holds (cdk8s-plus Services, Secrets,
// NetworkPolicies...), as the kind registry lists them. They have no CRD here, so only their
// ObjectMeta is checked; any other unknown kind is reported as info.
import { KindDefinition, lookupKind } from '../../kinds';

/** The registry's definition of a Kubernetes built-in kind (undefined for CRD kinds and unknown kinds). */
export function builtinKind(group: string, kind: string): { versions: readonly string[]; clusterScoped: boolean } | undefined {
  const def: KindDefinition | undefined = lookupKind(group, kind);
  if (!def || def.source !== 'kubernetes') return undefined;
  return { versions: def.versions, clusterScoped: def.scope === 'Cluster' };
}
