// The VM changes a write makes, classified live or restart (../validation/vm-changes.ts) under what
// the source folder says about the cluster: its KubeVirt CR's rollout strategy and the instancetypes
// it holds. `diff` shows every change; `apply` and the controller name the fields that will need a
// restart (the entry's `restartFields`, the set's RestartRequired condition) before KubeVirt flags it.
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

/** The changes from the live VM to the one written (or predicted), when both are KubeVirt VMs. */
export function vmChangesOf(live: KubeObject | undefined, after: KubeObject | undefined, optionsOf?: VmChangeOptionsOf): VmChange[] | undefined {
  if (!isKubeVirtVm(live) || !isKubeVirtVm(after)) return undefined;
  return classifyVmChanges(live, after, optionsOf?.(live) ?? {});
}

/** The changed fields that take effect only at the VM's next start; undefined for none. */
export function restartFieldsOf(changes: readonly VmChange[] | undefined): string[] | undefined {
  const fields = (changes ?? []).filter((c) => c.effect === 'restart').map((c) => c.path);
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
