// The views the spec rules judge: a VMI spec wherever one is embedded (VM template, VMI, the VM a
// pool stamps out; defaulted and with presets applied as the webhooks see it) and a DataVolume
// spec wherever one is embedded (DataVolume, DataImportCron template, dataVolumeTemplates).
import { defaultVmiSpec } from './defaults';
import type { ObjectIndex } from './object-index';
import { applyPresets } from './presets';
import { arr, obj } from './rules/util';
import { JsonObject, KubeObject } from './types';

/** The rule set of KubeVirt's VirtualMachine (the kind a pool stamps out). */
export const VM_RULE_SET = 'VirtualMachine';

/** Where a VirtualMachinePool keeps the VM it stamps out; VM rules' paths are prefixed with it. */
export const POOL_VM_PREFIX = 'spec.virtualMachineTemplate.';

/**
 * The VirtualMachine a VirtualMachinePool creates (its `virtualMachineTemplate`), so the VM
 * rules judge it as the VM admission webhook will when the pool controller creates it.
 */
export function poolVirtualMachine(o: KubeObject, ruleSet: string): KubeObject | undefined {
  if (ruleSet !== 'VirtualMachinePool') return undefined;
  const template = obj(o.spec?.virtualMachineTemplate);
  const spec = obj(template?.spec);
  if (!spec) return undefined;
  return { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { ...(obj(o.metadata) ?? {}), ...(obj(template?.metadata) ?? {}) } as KubeObject['metadata'], spec };
}

export function vmiSpecViews(o: KubeObject, ruleSet: string, index?: ObjectIndex) {
  const make = (raw: unknown, base: string, labels: unknown, ownerKind: 'VirtualMachine' | 'VirtualMachineInstance', vmSpec?: JsonObject, owner: KubeObject = o) => {
    const rawSpec = obj(raw);
    if (!rawSpec) return [];
    const defaulted = defaultVmiSpec(rawSpec);
    const { podInterfaceDefaulted } = defaulted;
    const annotations = ownerKind === 'VirtualMachine' ? owner.spec?.template?.metadata?.annotations : owner.metadata?.annotations;
    const namespace = typeof owner.metadata?.namespace === 'string' ? owner.metadata.namespace : '';
    const spec = index ? applyPresets(defaulted.spec, obj(labels) ?? {}, obj(annotations), namespace, index) : defaulted.spec;
    return [{
      spec, raw: rawSpec, base, owner, ownerKind, labels: obj(labels) ?? {}, podInterfaceDefaulted,
      instancetype: obj(vmSpec?.instancetype), preference: obj(vmSpec?.preference),
      at: (rel: string) => (rel ? `${base}.${rel}` : base),
    }];
  };
  switch (ruleSet) {
    case 'VirtualMachine':
      return make(o.spec?.template?.spec, 'spec.template.spec', o.spec?.template?.metadata?.labels, 'VirtualMachine', obj(o.spec));
    case 'VirtualMachineInstance':
      return make(o.spec, 'spec', o.metadata?.labels, 'VirtualMachineInstance');
    case 'VirtualMachinePool': {
      const vm = poolVirtualMachine(o, ruleSet);
      return vm ? make(vm.spec?.template?.spec, `${POOL_VM_PREFIX}spec.template.spec`, vm.spec?.template?.metadata?.labels, 'VirtualMachine', obj(vm.spec), vm) : [];
    }
    default:
      return [];
  }
}

export function dvSpecViews(o: KubeObject, ruleSet: string, namespace: string) {
  const view = (spec: unknown, base: string, inVmTemplate: boolean) => {
    const s = obj(spec);
    return s ? [{ spec: s, base, namespace, inVmTemplate, at: (rel: string) => (rel ? `${base}.${rel}` : base) }] : [];
  };
  if (ruleSet === 'DataVolume') return view(o.spec, 'spec', false);
  // CDI's DataImportCron webhook validates its template's spec as a DataVolume spec.
  if (ruleSet === 'DataImportCron') return view(o.spec?.template?.spec, 'spec.template.spec', false);
  if (ruleSet === 'VirtualMachine') {
    return arr(o.spec?.dataVolumeTemplates).flatMap((t, i) => view(t?.spec, `spec.dataVolumeTemplates[${i}].spec`, true));
  }
  if (ruleSet === 'VirtualMachinePool') {
    return arr(o.spec?.virtualMachineTemplate?.spec?.dataVolumeTemplates)
      .flatMap((t, i) => view(t?.spec, `${POOL_VM_PREFIX}spec.dataVolumeTemplates[${i}].spec`, true));
  }
  return [];
}

