// The configuration resolved for one run: the platform profile's external objects and feature
// gates, the config's own external objects, and what suppression needs.
import { KINDS } from '../../kinds';
import { KubeObject } from '../types';
import { FeatureGates, GateSettings, gatesFromObjects } from './feature-gates';
import { ExternalObject, platformProfile } from './profiles';
import { SuppressionSettings } from './suppression';
import { ExternalObjectsEntry, ValidationConfigSpec } from './types';

/** Everything the engine takes from the configuration. */
export interface ValidationSettings extends SuppressionSettings {
  /** Objects that exist outside the input (profile, config, cluster). */
  readonly externals: readonly ExternalObject[];
  /** Gate settings of the platform (before the input's KubeVirt/HCO and the config's own). */
  readonly platformGates?: GateSettings;
  /** Gate settings read from a live cluster (`validate --kubeconfig`). */
  readonly clusterGates?: GateSettings;
}

// A config may name a kind without an apiVersion when the kind registry knows it in one group only.
const KNOWN_GROUPS: ReadonlyMap<string, string> = (() => {
  const groups = new Map<string, Set<string>>();
  for (const k of KINDS) groups.set(k.kind, (groups.get(k.kind) ?? new Set()).add(k.group));
  return new Map([...groups].filter(([, g]) => g.size === 1).map(([kind, g]) => [kind, [...g][0]]));
})();

/** The group of an `externalObjects` entry, or undefined when it cannot be known. */
export function externalGroup(e: ExternalObjectsEntry): string | undefined {
  if (e.apiVersion) return e.apiVersion.includes('/') ? e.apiVersion.split('/')[0] : '';
  return KNOWN_GROUPS.get(e.kind);
}

/** Kinds whose group `externalObjects` may leave out. */
export const KINDS_WITH_KNOWN_GROUP: readonly string[] = [...KNOWN_GROUPS.keys()].sort();

/** Resolves a (schema-checked) configuration. */
export function resolveSettings(spec: ValidationConfigSpec, where: Omit<SuppressionSettings, 'spec'> = {}): ValidationSettings {
  const profile = platformProfile(spec.platform ?? 'none');
  const origin = where.source ?? 'the validation config';
  const own: ExternalObject[] = (spec.externalObjects ?? []).flatMap((e) => {
    const group = externalGroup(e) ?? '';
    return e.names.map((name) => ({ groupKind: `${group}/${e.kind}`, namespace: e.namespace ?? '', name, origin }));
  });
  return { ...where, spec, externals: [...own, ...profile.externals], platformGates: profile.gates };
}

/** Adds objects found in a cluster and its gates (`validate --kubeconfig`). */
export function withCluster(settings: ValidationSettings, externals: readonly ExternalObject[], gates: GateSettings | undefined): ValidationSettings {
  return { ...settings, externals: [...settings.externals, ...externals], clusterGates: gates ?? settings.clusterGates };
}

/**
 * The gates in force: KubeVirt v1.9.0 defaults, then the platform, then a KubeVirt/HyperConverged
 * object in the input, then the cluster's KubeVirt CR, then the config's explicit gates.
 */
export function effectiveGates(settings: ValidationSettings | undefined, inputObjects: Iterable<KubeObject>): FeatureGates {
  const gates = settings?.spec.featureGates;
  return FeatureGates.of(settings?.platformGates, gatesFromObjects(inputObjects), settings?.clusterGates,
    gates ? { enabled: gates.enabled ?? [], disabled: gates.disabled ?? [] } : undefined);
}
