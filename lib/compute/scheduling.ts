import { compact } from '../core/compact';
import * as plus from 'cdk8s-plus-27';

/** Options of a node attraction. */
export interface VmNodeAffinityOptions {
  /**
   * Make the rule a preference with this weight (1-100) instead of a requirement.
   * @default - required
   */
  readonly weight?: number;
}

/** Options of co-location / separation with other pods or VMs. */
export interface VmPodAffinityOptions {
  /**
   * Topology domain in which to co-locate or separate.
   * @default plus.Topology.HOSTNAME
   */
  readonly topology?: plus.Topology;
  /**
   * Make the rule a preference with this weight (1-100) instead of a requirement.
   * @default - required
   */
  readonly weight?: number;
}

interface PodTerm { selector: plus.IPodSelector; topology: plus.Topology; weight?: number }

/**
 * Where the VM's pod may run: node selector, tolerations, node affinity and pod
 * (anti-)affinity, built from cdk8s-plus query types so they read like `pod.scheduling`.
 */
export class VmScheduling {
  private readonly nodeSelector: Record<string, string> = {};
  private readonly tolerations: plus.NodeTaintQuery[] = [];
  private readonly required: plus.NodeLabelQuery[][] = [];
  private readonly preferred: Array<{ weight: number; queries: plus.NodeLabelQuery[] }> = [];
  private readonly colocations: PodTerm[] = [];
  private readonly separations: PodTerm[] = [];

  /** Run only on nodes with this label (`spec.nodeSelector`). */
  public selectNode(key: string, value: string): void {
    this.nodeSelector[key] = value;
  }

  /** Allow nodes with matching taints. */
  public tolerate(...taints: plus.NodeTaintQuery[]): void {
    this.tolerations.push(...taints);
  }

  /** Require (or prefer, with a weight) nodes matching all the queries. */
  public attract(queries: plus.NodeLabelQuery[], options: VmNodeAffinityOptions = {}): void {
    if (options.weight === undefined) this.required.push(queries);
    else this.preferred.push({ weight: options.weight, queries });
  }

  /** Run in the same topology domain as the selected pods or VMs. */
  public colocate(selector: plus.IPodSelector, options: VmPodAffinityOptions = {}): void {
    this.colocations.push({ selector, topology: options.topology ?? plus.Topology.HOSTNAME, weight: options.weight });
  }

  /** Run in a different topology domain from the selected pods or VMs (e.g. spread replicas). */
  public separate(selector: plus.IPodSelector, options: VmPodAffinityOptions = {}): void {
    this.separations.push({ selector, topology: options.topology ?? plus.Topology.HOSTNAME, weight: options.weight });
  }

  /** True when a node selector was set. */
  public get hasNodeSelector(): boolean {
    return Object.keys(this.nodeSelector).length > 0;
  }


  /** The `nodeSelector`, `tolerations` and `affinity` fields of the template spec. */
  public render(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.hasNodeSelector) out.nodeSelector = { ...this.nodeSelector };
    if (this.tolerations.length > 0) out.tolerations = this.tolerations.map((t) => t._toKube());
    const affinity: Record<string, unknown> = {};
    if (this.required.length > 0 || this.preferred.length > 0) {
      affinity.nodeAffinity = {
        ...this.required.length > 0 ? {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: this.required.map((qs) => ({ matchExpressions: qs.map((q) => q._toKube()) })),
          },
        } : {},
        ...this.preferred.length > 0 ? {
          preferredDuringSchedulingIgnoredDuringExecution: this.preferred.map((p) => ({
            weight: p.weight, preference: { matchExpressions: p.queries.map((q) => q._toKube()) },
          })),
        } : {},
      };
    }
    if (this.colocations.length > 0) affinity.podAffinity = renderPodTerms(this.colocations);
    if (this.separations.length > 0) affinity.podAntiAffinity = renderPodTerms(this.separations);
    if (Object.keys(affinity).length > 0) out.affinity = affinity;
    return out;
  }
}

function renderPodTerms(terms: PodTerm[]): Record<string, unknown> {
  const toTerm = (t: PodTerm) => {
    const config = t.selector.toPodSelectorConfig();
    const selector = config.labelSelector._toKube();
    const term: Record<string, unknown> = { labelSelector: compact(selector), topologyKey: t.topology.key };
    if (config.namespaces?.names) term.namespaces = [...config.namespaces.names];
    if (config.namespaces?.labelSelector) term.namespaceSelector = compact(config.namespaces.labelSelector._toKube());
    return term;
  };
  const required = terms.filter((t) => t.weight === undefined);
  const preferred = terms.filter((t) => t.weight !== undefined);
  return {
    ...required.length > 0 ? { requiredDuringSchedulingIgnoredDuringExecution: required.map(toTerm) } : {},
    ...preferred.length > 0 ? {
      preferredDuringSchedulingIgnoredDuringExecution: preferred.map((t) => ({ weight: t.weight, podAffinityTerm: toTerm(t) })),
    } : {},
  };
}
