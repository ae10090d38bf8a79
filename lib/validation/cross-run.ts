// The cross-object rules run over a run's index. A streaming run keeps each object's facts as
// JSON (./validation-run) and reads them anew on each access: eight rules walking the VMs read
// every VM's facts eight times. Rules that can (CrossRule.eachVm) share one walk instead, in which
// each VM and VMI is read once and handed to all of them; only one is held at a time. Other
// objects several rules read go through CrossContext.shared (read once per run).
import type { ObjectIndex } from './object-index';
import { obj } from './rules/util';
import type { CrossContext, CrossRule, ReportOptions, RuleOptions, VmVisit } from './rules/types';
import type { IndexedObject } from './object-index';

const VM = 'kubevirt.io/VirtualMachine';
const VMI = 'kubevirt.io/VirtualMachineInstance';

/** Every VM, then every VMI, of the index, each read once. */
export function forEachVm(index: ObjectIndex, visit: (v: VmVisit) => void): void {
  for (const entry of index.ofKind(VM)) visit(vmVisit(entry, entry.object, true));
  for (const entry of index.ofKind(VMI)) visit(vmVisit(entry, entry.object, false));
}

/**
 * What forEachVm visits in an index holding `entry` alone (no VM or VMI: undefined): a single-object
 * run hands it to the rules' eachVm without building that index.
 */
export function vmVisitOf(entry: IndexedObject): VmVisit | undefined {
  const groupKind = `${entry.group}/${entry.kind}`;
  if (groupKind === VM) return vmVisit(entry, entry.object, true);
  if (groupKind === VMI) return vmVisit(entry, entry.object, false);
  return undefined;
}

function vmVisit(entry: IndexedObject, object: Record<string, any>, vm: boolean): VmVisit {
  const spec = obj(vm ? object.spec?.template?.spec : object.spec);
  return { entry, object, vm, workload: spec ? { entry, object, spec, base: vm ? 'spec.template.spec' : 'spec' } : undefined };
}

/**
 * Runs the rules; their findings (`make`'s results) come back in rule order, each rule's in the
 * order it reported them, exactly as running each rule's `check` in turn.
 */
export function runCrossRules<T>(rules: readonly CrossRule[], index: ObjectIndex, options: RuleOptions,
  make: (rule: CrossRule, on: IndexedObject, path: string, message: string, opts?: ReportOptions) => T): T[] {
  const found: T[][] = [];
  const visitors: Array<{ each: NonNullable<CrossRule['eachVm']>; ctx: CrossContext }> = [];
  const ends: Array<() => void> = [];
  const shared = new Map<unknown, unknown>();
  for (const rule of rules) {
    const own: T[] = [];
    found.push(own);
    const ctx: CrossContext = { index, options, shared, report: (on, path, message, opts) => own.push(make(rule, on, path, message, opts)) };
    if (rule.eachVm) visitors.push({ each: rule.eachVm, ctx });
    else if (rule.vmPhases) {
      const phases = rule.vmPhases(ctx);
      visitors.push({ each: (_ctx, v) => phases.each(v), ctx });
      if (phases.end) ends.push(phases.end);
    } else rule.check(ctx);
  }
  if (visitors.length > 0) {
    forEachVm(index, (v) => {
      for (const { each, ctx } of visitors) each(ctx, v);
    });
  }
  for (const end of ends) end();
  return found.length === 1 ? found[0] : ([] as T[]).concat(...found);
}
