// The shape of a validation rule: a small pure function with the catalog's id, a severity
// and a one-line doc. Rules see plain objects only.
import { Severity, JsonObject, KubeObject } from '../types';
import type { ObjectIndex, IndexedObject } from '../object-index';
import type { FeatureGates } from '../config/feature-gates';

/** Options that change what the rules may assume. */
export interface RuleOptions {
  /** The input is the whole estate: references to objects outside it are errors, not warnings. */
  readonly assumeComplete?: boolean;
  /** Interface names known to exist on the nodes (enables nmstate-port-exists). */
  readonly nodeInterfaces?: readonly string[];
  /** The cluster's KubeVirt feature gates. @default - KubeVirt v1.9.0's defaults */
  readonly featureGates?: FeatureGates;
}

export interface ReportOptions {
  readonly hint?: string;
  /** Overrides the rule's default severity for this finding. */
  readonly severity?: Severity;
}

/** What a rule gets besides its subject: a reporter, the object index and the options. */
export interface RuleContext {
  readonly index: ObjectIndex;
  readonly options: RuleOptions;
  /** The object being checked (for spec rules: the VM/VMI/DataVolume holding the spec). */
  readonly subject: IndexedObject;
  /** Reports a finding on `subject`; `path` is a dotted path from the object root. */
  report(path: string, message: string, opts?: ReportOptions): void;
}

export interface CrossContext {
  readonly index: ObjectIndex;
  readonly options: RuleOptions;
  report(on: IndexedObject, path: string, message: string, opts?: ReportOptions): void;
  /**
   * What the cross-object rules of one run share (an object several rules read, read once), let go
   * when they have all run; absent for a rule checked alone.
   */
  readonly shared?: Map<unknown, unknown>;
}

interface RuleBase {
  /** The catalog id (../shared/reference/validation-rules.md). */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule enforces. */
  readonly doc: string;
}

/** A rule on whole objects of some kinds. */
export interface ObjectRule extends RuleBase {
  readonly scope: 'object';
  /** Rule-set keys of the kind registry (`VirtualMachine` is kubevirt.io's, no other group's). */
  readonly kinds: readonly string[];
  check(obj: KubeObject, ctx: RuleContext): void;
}

/**
 * A rule on a VMI spec, wherever it appears: a VMI's `spec`, a VM's `spec.template.spec`
 * (after KubeVirt's defaulting, as the VM admission webhook sees it).
 */
export interface VmiSpecRule extends RuleBase {
  readonly scope: 'vmiSpec';
  check(view: VmiSpecView, ctx: RuleContext): void;
}

/** A rule on a DataVolume spec: a DataVolume's `spec` or a VM's `dataVolumeTemplates[i].spec`. */
export interface DvSpecRule extends RuleBase {
  readonly scope: 'dvSpec';
  check(view: DvSpecView, ctx: RuleContext): void;
}

/** A rule over the whole input, using the index. */
export interface CrossRule extends RuleBase {
  readonly scope: 'cross';
  /**
   * True when the rule also means something on one object alone (what it looks up may sit inside
   * the object, and a missing lookup reports nothing), so construct-time checks run it too.
   */
  readonly local?: boolean;
  check(ctx: CrossContext): void;
  /**
   * `check` one VM or VMI at a time, for a rule whose findings all come from the VMs (then the
   * VMIs) it visits in input order: a run reads each one's facts once for all such rules
   * (../cross-run). `check` does the same visits itself.
   */
  readonly eachVm?: (ctx: CrossContext, visit: VmVisit) => void;
  /**
   * For a rule with work before and after its VM visits: runs the part before and gives the
   * visitor and the part after, so a run's one walk serves it too (findings in `check`'s order).
   */
  readonly vmPhases?: (ctx: CrossContext) => VmPhases;
}

/** A rule's VM visits and what it does after them (CrossRule.vmPhases). */
export interface VmPhases {
  readonly each: (visit: VmVisit) => void;
  readonly end?: () => void;
}

/** A VM or VMI of the input as the cross-object rules visit it. */
export interface VmVisit {
  readonly entry: IndexedObject;
  /** Its facts (or the object itself), read once for every rule visiting it. */
  readonly object: Record<string, any>;
  /** True for a VM, false for a VMI. */
  readonly vm: boolean;
  /** Its VMI spec (a VM's template spec) and that spec's path; undefined without one. */
  readonly workload?: Workload;
}

/** A VM's or VMI's VMI spec, where it sits. */
export interface Workload {
  readonly entry: IndexedObject;
  readonly object: Record<string, any>;
  readonly spec: Record<string, any>;
  readonly base: string;
}

export type Rule = ObjectRule | VmiSpecRule | DvSpecRule | CrossRule;

export interface VmiSpecView {
  /** The defaulted spec (volumes have disks, the default pod network is present). */
  readonly spec: JsonObject;
  /** The spec as written. */
  readonly raw: JsonObject;
  /** Dotted path of the spec in the object, e.g. `spec.template.spec`. */
  readonly base: string;
  readonly owner: JsonObject;
  readonly ownerKind: 'VirtualMachine' | 'VirtualMachineInstance';
  /** Template (VM) or object (VMI) labels. */
  readonly labels: Record<string, unknown>;
  /** True when the pod network and interface were added by defaulting. */
  readonly podInterfaceDefaulted: boolean;
  /** The VM's `spec.instancetype` / `spec.preference`, when set. */
  readonly instancetype?: JsonObject;
  readonly preference?: JsonObject;
  /** `base` + `.` + relative path. */
  at(relative: string): string;
}

export interface DvSpecView {
  readonly spec: JsonObject;
  readonly base: string;
  /** The namespace the DataVolume lives (or will live) in. */
  readonly namespace?: string;
  /** True for a VM's dataVolumeTemplates entry. */
  readonly inVmTemplate: boolean;
  at(relative: string): string;
}
