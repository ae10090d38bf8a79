import type { HealthSpec } from '../health/types';
import { ApplyStage } from './stage';

/** Where the API comes from: Kubernetes itself, or a CustomResourceDefinition. */
export type KindSource = 'kubernetes' | 'crd';

/** How an object of the kind is stored: per namespace or cluster-wide. */
export type KindScope = 'Namespaced' | 'Cluster';

/**
 * The condition an object of a gating kind must reach before the next wave starts: nothing
 * applied later may use it earlier (a CR before its CRD is Established, a VM before the node
 * network it attaches to is Available).
 */
export type GateCondition = 'Established' | 'Active' | 'Available';

/** What an object of the kind stands for in the topology picture (lib/graph colours and places by it). */
export type TopologyRole = 'host' | 'network' | 'workload' | 'disk' | 'source' | 'flavor';

/** Everything the project knows about one kind, in one place. */
export interface KindDefinition {
  /** API group (`''` for the core group). */
  readonly group: string;
  readonly kind: string;
  /** Served versions this project knows; the first is the one it authors. */
  readonly versions: readonly string[];
  /** Plural resource name (RBAC rules, REST paths). */
  readonly plural: string;
  readonly scope: KindScope;
  readonly source: KindSource;
  /**
   * The apply stage (Argo CD sync wave = stage * 10 + dependency depth).
   * @default ApplyStage.OTHERS (ApplyStage.CLASSES for kinds named `...Class`)
   */
  readonly stage?: ApplyStage;
  /**
   * Set for kinds whose health gates the later waves of a run even when the run does not wait
   * (a run without wait does not wait for them when nothing follows them).
   * @default - does not gate
   */
  readonly gate?: GateCondition;
  /**
   * True when deleting an object of the kind loses disk data (prune refuses it by default).
   * @default false
   */
  readonly holdsData?: boolean;
  /**
   * The key of the validator rule set that judges objects of this kind (rules list it in `kinds`).
   * Two kinds with the same name in different groups never share a rule set.
   * @default - no rules beyond the schema
   */
  readonly ruleSet?: string;
  /**
   * How to judge a live object of the kind (the controller's waits, Argo CD's Lua health check).
   * @default - kstatus's generic rules (observedGeneration, Reconciling, Stalled, Ready)
   */
  readonly health?: HealthSpec;
  /**
   * What an object of the kind is in the topology picture.
   * @default - 'other'
   */
  readonly topology?: TopologyRole;
}
