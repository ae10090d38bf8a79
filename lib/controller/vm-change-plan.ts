// The VM changes a write makes, classified live or restart (../validation/vm-changes.ts) under what
// the source folder says about the cluster: its KubeVirt CR's rollout strategy and the instancetypes
// it holds, and under what the live VM says about itself (stopped or running). `diff` shows every
// change; `apply` and the controller name the fields that will need a restart (the entry's
// `restartFields`) before KubeVirt flags it, and for a stopped VM the fields that apply at its next
// start (`nextStartFields`): KubeVirt computes RestartRequired only while a VMI exists
// (pkg/virt-controller/watch/vm/vm.go: no last-started spec without a VMI; starting and stopping
// clear the condition), so the set's RestartRequired condition, which follows KubeVirt's flag, stays clear.
import { classifyVmChanges, VmChange, VmChangeOptions } from '../validation/vm-changes';
import { KubeObject } from './objects';

/** The classification options for a VM, from the objects of its source folder. */
export type VmChangeOptionsOf = (vm: KubeObject) => VmChangeOptions;

/** KubeVirt applies template changes live unless its CR says Stage (a KubeVirt CR in the folder counts). */
export function vmChangeOptionsFrom(objects: readonly KubeObject[]): VmChangeOptionsOf {
  const stage = objects.some((o) => o?.kind === 'KubeVirt' && String(o.apiVersion).startsWith('kubevirt.io/')
    && (o as any).spec?.configuration?.vmRolloutStrategy === 'Stage');
  return (vm) => ({
    rolloutStrategy: stage ? 'Stage' : 'LiveUpdate',
    instancetypeSpec: (m) => instancetypeIn(objects, m, vm.metadata.namespace),
  });
}

export function isKubeVirtVm(o: KubeObject | undefined): o is KubeObject {
  return o?.kind === 'VirtualMachine' && String(o.apiVersion).startsWith('kubevirt.io/');
}

/**
 * A VM without a VMI that is not about to get one: KubeVirt reports no VMI (`status.created` not
 * true) and either says Stopped (`printableStatus`) or the spec keeps it down (runStrategy Halted,
 * or the legacy `running: false`). A VM whose VMI exists, even one that is stopping, is not.
 */
export function isStoppedVm(vm: KubeObject): boolean {
  const status = ((vm as any).status ?? {}) as { created?: boolean; printableStatus?: string };
  if (status.created === true) return false;
  const spec = ((vm as any).spec ?? {}) as { runStrategy?: string; running?: boolean };
  const halted = spec.runStrategy !== undefined ? spec.runStrategy === 'Halted' : spec.running === false;
  return status.printableStatus === 'Stopped' || halted;
}

/** The changes from the live VM to the one written (or predicted), when both are KubeVirt VMs. */
export function vmChangesOf(live: KubeObject | undefined, after: KubeObject | undefined, optionsOf?: VmChangeOptionsOf): VmChange[] | undefined {
  if (!isKubeVirtVm(live) || !isKubeVirtVm(after)) return undefined;
  return classifyVmChanges(live, after, { ...optionsOf?.(live), stopped: isStoppedVm(live) });
}

/** The changed fields that wait for a restart of the running VM; undefined for none. */
export function restartFieldsOf(changes: readonly VmChange[] | undefined): string[] | undefined {
  return fieldsWith(changes, 'restart');
}

/** The changed fields of a stopped VM that apply at its next start (a running VM would need a restart); undefined for none. */
export function nextStartFieldsOf(changes: readonly VmChange[] | undefined): string[] | undefined {
  return fieldsWith(changes, 'next-start');
}

function fieldsWith(changes: readonly VmChange[] | undefined, effect: VmChange['effect']): string[] | undefined {
  const fields = (changes ?? []).filter((c) => c.effect === effect).map((c) => c.path);
  return fields.length > 0 ? fields : undefined;
}

/** The spec of the instancetype a VM matcher names, when the folder holds it (no kind = the cluster kind). */
function instancetypeIn(objects: readonly KubeObject[], matcher: Record<string, unknown>, namespace: string | undefined): Record<string, unknown> | undefined {
  const kind = typeof matcher.kind === 'string' && matcher.kind !== '' ? matcher.kind : 'VirtualMachineClusterInstancetype';
  const namespaced = kind === 'VirtualMachineInstancetype';
  const found = objects.find((o) => String(o?.apiVersion).startsWith('instancetype.kubevirt.io/') && o.kind === kind
    && o.metadata?.name === matcher.name && (!namespaced || o.metadata?.namespace === namespace));
  return found?.spec as Record<string, unknown> | undefined;
}
