import { Duration, Size } from 'cdk8s';
import { INetworkAttachment } from '../core/contracts';
import { sizeToQuantity } from '../core/quantity';

/**
 * HCO's live-migration defaults since HCO #4426 (2026-08): one outbound migration per node
 * (was 2) and 20 s per GiB to complete (was 150). KubeVirt's own defaults are still 2 and 150,
 * and so are the schema defaults of older HyperConverged CRDs, which the API server writes into
 * any field left out; so the construct always writes these two fields.
 */
export const HCO_LIVE_MIGRATION_DEFAULTS = {
  parallelMigrationsPerCluster: 5,
  parallelOutboundMigrationsPerNode: 1,
  completionTimeoutPerGiB: 20,
  progressTimeoutSeconds: 150,
} as const;

/** The cluster-wide live-migration limits (`HyperConverged.spec.liveMigrationConfig`). */
export interface LiveMigrationLimits {
  /**
   * Migrations running at once in the cluster.
   * @default 5
   */
  readonly parallelMigrationsPerCluster?: number;
  /**
   * Migrations leaving one node at once.
   * @default 1 (HCO since 2026-08; written explicitly, see HCO_LIVE_MIGRATION_DEFAULTS)
   */
  readonly parallelOutboundMigrationsPerNode?: number;
  /**
   * Bandwidth of each migration, per second (`Size.mebibytes(64)` = 64Mi/s).
   * @default - unlimited
   */
  readonly bandwidthPerMigration?: Size;
  /**
   * Seconds per GiB of guest RAM (plus migrated disks) before a migration is cancelled or switched to post-copy.
   * @default 20 (HCO since 2026-08; written explicitly)
   */
  readonly completionTimeoutPerGiB?: number;
  /**
   * Cancel a migration whose memory copy makes no progress for this long.
   * @default Duration.seconds(150)
   */
  readonly progressTimeout?: Duration;
  /**
   * A dedicated migration network: a NetworkAttachmentDefinition in the operator's namespace.
   * @default - the pod network
   */
  readonly network?: INetworkAttachment | string;
  /**
   * Let KubeVirt throttle the guest's vCPUs so a busy VM converges.
   * @default false
   */
  readonly allowAutoConverge?: boolean;
  /**
   * Switch to post-copy at the completion timeout (a node or network failure then loses the VM).
   * @default false
   */
  readonly allowPostCopy?: boolean;
}

/** The `liveMigrationConfig` object written for `limits`. */
export function renderLiveMigrationConfig(limits: LiveMigrationLimits = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (limits.parallelMigrationsPerCluster !== undefined) out.parallelMigrationsPerCluster = limits.parallelMigrationsPerCluster;
  out.parallelOutboundMigrationsPerNode = limits.parallelOutboundMigrationsPerNode ?? HCO_LIVE_MIGRATION_DEFAULTS.parallelOutboundMigrationsPerNode;
  if (limits.bandwidthPerMigration) out.bandwidthPerMigration = sizeToQuantity(limits.bandwidthPerMigration);
  out.completionTimeoutPerGiB = limits.completionTimeoutPerGiB ?? HCO_LIVE_MIGRATION_DEFAULTS.completionTimeoutPerGiB;
  if (limits.progressTimeout) out.progressTimeout = limits.progressTimeout.toSeconds();
  if (limits.network !== undefined) out.network = typeof limits.network === 'string' ? limits.network : limits.network.name;
  if (limits.allowAutoConverge !== undefined) out.allowAutoConverge = limits.allowAutoConverge;
  if (limits.allowPostCopy !== undefined) out.allowPostCopy = limits.allowPostCopy;
  return out;
}

/** Construct-time checks of the limits; `namespace` is the HyperConverged's (the migration NAD must live there). */
export function liveMigrationErrors(limits: LiveMigrationLimits, namespace: string | undefined): string[] {
  const base = 'spec.liveMigrationConfig';
  const errors: string[] = [];
  const positive = (field: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) errors.push(`${base}.${field}: must be a whole number >= 1, got ${v}`);
  };
  positive('parallelMigrationsPerCluster', limits.parallelMigrationsPerCluster);
  positive('parallelOutboundMigrationsPerNode', limits.parallelOutboundMigrationsPerNode);
  positive('completionTimeoutPerGiB', limits.completionTimeoutPerGiB);
  if (limits.progressTimeout && limits.progressTimeout.toSeconds() < 1) errors.push(`${base}.progressTimeout: must be at least one second`);
  // More outbound migrations per node than per cluster is the shared rule hco-live-migration-limits (a warning).
  const net = limits.network;
  if (net !== undefined && typeof net !== 'string' && net.namespace && namespace && net.namespace !== namespace) {
    errors.push(`${base}.network: the migration network '${net.namespace}/${net.name}' must be a NetworkAttachmentDefinition in the operator's namespace '${namespace}'`);
  }
  return errors;
}
