import { ApplyOptions } from './applier';
import { LeaderElectionOptions } from './leader-election';
import { ControllerMetrics } from './metrics';
import { ResourceManagerOptions } from './resource-manager';
import { SourceFolder } from './source-folders';

export interface GitOpsControllerOptions extends Omit<ApplyOptions, 'signal' | 'onChange' | 'liveLookup'>, ResourceManagerOptions {
  /** The synthesized folder to enforce (its ApplySet parent is `inventory`). */
  readonly source: string;
  /**
   * More folders, each its own ApplySet, synced in order after `source`; one watch per kind
   * serves them all.
   * @default - none
   */
  readonly additionalSources?: readonly SourceFolder[];
  /**
   * Full re-sync period (source re-read, every object planned, prune when enabled).
   * @default 300000 (5 minutes)
   */
  readonly resyncIntervalMs?: number;
  /**
   * Quiet time after an out-of-band change before it is reverted (bursts coalesce).
   * @default 100
   */
  readonly debounceMs?: number;
  /**
   * How often the source folder is checked for changes.
   * @default 2000
   */
  readonly sourcePollMs?: number;
  /**
   * First retry delay of a failing object; doubles per failure up to maxBackoffMs.
   * @default 1000
   */
  readonly backoffMs?: number;
  /** @default 60000 */
  readonly maxBackoffMs?: number;
  /**
   * Lease-based election: only the holder writes.
   * @default - no election: this process writes
   */
  readonly leaderElection?: Omit<LeaderElectionOptions, 'onStartedLeading' | 'onStoppedLeading'>;
  /** Called when leadership is lost: the process should exit (as client-go controllers do). */
  readonly onLostLeadership?: () => void;
  /** @default - a fresh registry */
  readonly metrics?: ControllerMetrics;
  /** One line per event worth logging. */
  readonly log?: (line: string) => void;
}
