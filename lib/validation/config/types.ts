// The validation configuration: one shape for the project file (`.cdk8s-kubevirt.yaml`),
// the cdk8s plugin's `properties` and the constructs' app-level config.
import { Severity } from '../types';

export type { Suppression } from '../types';

/** What the target cluster ships on its own (catalog objects, golden images, namespaces). */
export type PlatformProfile = 'openshift-virtualization' | 'kubevirt' | 'none';

/** A rule's configured severity; `off` drops its findings. */
export type RuleLevel = Severity | 'off';

/** Objects that exist in the cluster but not in the validated folder. */
export interface ExternalObjectsEntry {
  /** Kind, e.g. `NetworkAttachmentDefinition`. */
  readonly kind: string;
  /** `group/version` or `v1`; @default - inferred from the kind when it is a well-known one */
  readonly apiVersion?: string;
  /** @default - cluster-scoped (or any namespace for a lookup without one) */
  readonly namespace?: string;
  /** Names; `*` means every name in the namespace. */
  readonly names: readonly string[];
}

/** Findings of some rules that are accepted on purpose. */
export interface IgnoreEntry {
  /** Rule ids. */
  readonly rules: readonly string[];
  /** Globs of manifest files (relative to the config file's folder); @default - every file */
  readonly files?: readonly string[];
  /** Why these findings are accepted (shown with every suppressed finding). */
  readonly reason?: string;
}

/** Feature gates on top of the platform's defaults (KubeVirt v1.9.0 gate states). */
export interface FeatureGatesConfig {
  readonly enabled?: readonly string[];
  readonly disabled?: readonly string[];
}

/** The configuration as written (file, plugin properties or app context). */
export interface ValidationConfigSpec {
  /** What the cluster ships on its own. @default 'none' (nothing is assumed to exist) */
  readonly platform?: PlatformProfile;
  /** The input is the whole estate: unresolved references are errors. @default false */
  readonly assumeComplete?: boolean;
  /** @default 'error' */
  readonly failOn?: 'error' | 'warning';
  /** NIC names present on every node (enables nmstate-port-exists). @default - not checked */
  readonly nodeInterfaces?: readonly string[];
  /** @default - the platform's defaults */
  readonly featureGates?: FeatureGatesConfig;
  /** @default - none */
  readonly externalObjects?: readonly ExternalObjectsEntry[];
  /** Severity per rule id. @default - each rule's own */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  /** @default - none */
  readonly ignore?: readonly IgnoreEntry[];
}
