// VirtualMachine object-level rules (catalog section 1) and the instancetype kind check.
import type { ObjectIndex } from '../object-index';
import { ObjectRule, VmiSpecRule } from './types';
import { arr, has, obj } from './util';

const RUN_STRATEGIES = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once'];
const RESERVED_LABELS = ['kubevirt.io/created-by', 'kubevirt.io/nodeName', 'kubevirt.io/migrationJobUID',
  'kubevirt.io/migrationTargetNodeName', 'kubevirt.io/schedulable', 'kubevirt.io/install-strategy'];
const VM = ['VirtualMachine'];

export const vmTemplateRequired: ObjectRule = {
  id: 'vm-template-required', severity: 'error', scope: 'object', kinds: VM,
  doc: 'spec.template and spec.template.spec.domain.devices must be present.',
  check(vm, ctx) {
    const spec = obj(vm.spec);
    if (!obj(spec?.template)) return ctx.report('spec.template', 'spec.template is required');
    if (!obj(spec!.template.spec)) return ctx.report('spec.template.spec', 'spec.template.spec is required');
    if (!obj(spec!.template.spec.domain)) return ctx.report('spec.template.spec.domain', 'spec.template.spec.domain is required');
    if (!obj(spec!.template.spec.domain.devices)) {
      ctx.report('spec.template.spec.domain.devices', 'spec.template.spec.domain.devices is required', { hint: 'use devices: {} for the defaults' });
    }
  },
};

export const vmRunStrategyRequired: ObjectRule = {
  id: 'vm-runstrategy-required', severity: 'error', scope: 'object', kinds: VM,
  doc: 'One of spec.runStrategy or spec.running must be set; nothing defaults it.',
  check(vm, ctx) {
    if (!obj(vm.spec)) return;
    if (!has(vm.spec.runStrategy) && !has(vm.spec.running)) {
      ctx.report('spec.runStrategy', 'RunStrategy must be specified', { hint: 'set spec.runStrategy: Always (or Halted, Manual, RerunOnFailure, Once)' });
    }
  },
};

export const vmRunningRunStrategyExclusive: ObjectRule = {
  id: 'vm-running-runstrategy-exclusive', severity: 'error', scope: 'object', kinds: VM,
  doc: 'spec.running and spec.runStrategy are mutually exclusive.',
  check(vm, ctx) {
    if (has(vm.spec?.running) && has(vm.spec?.runStrategy)) {
      ctx.report('spec.running', 'spec.running and spec.runStrategy are mutually exclusive', { hint: 'remove spec.running' });
    }
  },
};

export const vmRunStrategyValid: ObjectRule = {
  id: 'vm-runstrategy-valid', severity: 'error', scope: 'object', kinds: VM,
  doc: 'runStrategy is one of Always, RerunOnFailure, Manual, Halted, Once (WaitAsReceiver needs a feature gate).',
  check(vm, ctx) {
    const rs = vm.spec?.runStrategy;
    if (!has(rs) || RUN_STRATEGIES.includes(rs)) return;
    // WaitAsReceiver is valid behind a feature gate: vmi-feature-gated-field warns about it.
    if (rs !== 'WaitAsReceiver') ctx.report('spec.runStrategy', `invalid runStrategy ${JSON.stringify(rs)}; must be one of ${RUN_STRATEGIES.join(', ')}`);
  },
};

export const vmRunningDeprecated: ObjectRule = {
  id: 'vm-running-deprecated', severity: 'warning', scope: 'object', kinds: VM,
  doc: 'spec.running is deprecated; use spec.runStrategy.',
  check(vm, ctx) {
    if (has(vm.spec?.running) && !has(vm.spec?.runStrategy)) {
      ctx.report('spec.running', 'spec.running is deprecated', { hint: `use runStrategy: ${vm.spec.running === true ? 'Always' : 'Halted'}` });
    }
  },
};

export const vmDvTemplateReferenced: ObjectRule = {
  id: 'vm-dvtemplate-referenced', severity: 'error', scope: 'object', kinds: VM,
  doc: 'Every dataVolumeTemplates entry has metadata.name and is used by a volume.',
  check(vm, ctx) {
    const used = new Set<string>();
    for (const v of arr(vm.spec?.template?.spec?.volumes)) {
      if (typeof v?.dataVolume?.name === 'string') used.add(v.dataVolume.name);
      if (typeof v?.persistentVolumeClaim?.claimName === 'string') used.add(v.persistentVolumeClaim.claimName);
    }
    arr(vm.spec?.dataVolumeTemplates).forEach((t, i) => {
      const name = t?.metadata?.name;
      if (typeof name !== 'string' || name === '') {
        ctx.report(`spec.dataVolumeTemplates[${i}].metadata.name`, 'a DataVolume template needs metadata.name');
      } else if (!used.has(name)) {
        ctx.report(`spec.dataVolumeTemplates[${i}]`, `DataVolume template '${name}' is not used by any volume`,
          { hint: `add a volume with dataVolume.name: ${name}, or remove the template` });
      }
    });
  },
};

export const vmDvTemplateNamespace: ObjectRule = {
  id: 'vm-dvtemplate-namespace', severity: 'error', scope: 'object', kinds: VM,
  doc: "A DataVolume template's metadata.namespace, if set, equals the VM's namespace.",
  check(vm, ctx) {
    const ns = vm.metadata?.namespace;
    arr(vm.spec?.dataVolumeTemplates).forEach((t, i) => {
      const tns = t?.metadata?.namespace;
      if (typeof tns === 'string' && tns !== '' && typeof ns === 'string' && ns !== '' && tns !== ns) {
        ctx.report(`spec.dataVolumeTemplates[${i}].metadata.namespace`,
          `DataVolume template namespace '${tns}' differs from the VM's namespace '${ns}'`, { hint: 'remove metadata.namespace from the template' });
      }
    });
  },
};

export const vmTemplateReservedLabels: VmiSpecRule = {
  id: 'vm-template-reserved-labels', severity: 'error', scope: 'vmiSpec',
  doc: 'Template/VMI labels may not use the kubevirt.io keys reserved for KubeVirt itself.',
  check(v, ctx) {
    const base = v.ownerKind === 'VirtualMachine' ? 'spec.template.metadata.labels' : 'metadata.labels';
    for (const key of Object.keys(v.labels)) {
      if (RESERVED_LABELS.includes(key)) ctx.report(`${base}["${key}"]`, `label ${key} is reserved for KubeVirt`);
    }
  },
};

export const vmMemoryRequired: VmiSpecRule = {
  id: 'vm-memory-required', severity: 'error', scope: 'vmiSpec',
  doc: 'Without an instancetype, memory must be requested (memory.guest, hugepages, or resources requests/limits).',
  check(v, ctx) {
    if (v.instancetype) return;
    const d = obj(v.spec.domain) ?? {};
    if (has(d.memory?.guest) || has(d.memory?.hugepages) || has(d.resources?.requests?.memory) || has(d.resources?.limits?.memory)) return;
    ctx.report(v.at('domain.memory.guest'), 'no memory requested: the VMI would be refused',
      { hint: 'set domain.memory.guest (or resources.requests.memory), or use an instancetype' });
  },
};

function evictionStrategy(v: { spec: Record<string, any> }): unknown {
  return v.spec.evictionStrategy;
}

/** Eviction strategies that ask for live migration on a node drain. */
const MIGRATING = ['LiveMigrate', 'LiveMigrateIfPossible'];

/**
 * The cluster-wide eviction strategy from a KubeVirt CR (`spec.configuration.evictionStrategy`) or a
 * HyperConverged CR (`spec.evictionStrategy`, which HCO defaults to LiveMigrate on multi-node clusters).
 */
function clusterEvictionStrategy(index: ObjectIndex): string | undefined {
  for (const kv of index.ofKind('kubevirt.io/KubeVirt')) {
    const s = kv.object.spec?.configuration?.evictionStrategy;
    if (typeof s === 'string') return s;
  }
  for (const hco of index.ofKind('hco.kubevirt.io/HyperConverged')) {
    const s = hco.object.spec?.evictionStrategy;
    return typeof s === 'string' ? s : 'LiveMigrate';
  }
  return undefined;
}

export const vmLiveMigratePodMasquerade: VmiSpecRule = {
  id: 'vm-livemigrate-pod-masquerade', severity: 'warning', scope: 'vmiSpec',
  doc: 'With evictionStrategy LiveMigrate the pod-network interface must be masquerade (or passt), not bridge.',
  check(v, ctx) {
    if (evictionStrategy(v) !== 'LiveMigrate' || v.podInterfaceDefaulted) return;
    const allow = 'kubevirt.io/allow-pod-bridge-network-live-migration';
    if (has(v.owner.metadata?.annotations?.[allow]) || has(v.owner.spec?.template?.metadata?.annotations?.[allow])) return;
    const podNets = new Set(arr(v.spec.networks).filter((n) => obj(n?.pod)).map((n) => n.name));
    arr(v.raw.domain?.devices?.interfaces).forEach((iface, i) => {
      if (podNets.has(iface?.name) && obj(iface.bridge)) {
        ctx.report(v.at(`domain.devices.interfaces[${i}].bridge`),
          `interface '${iface.name}' uses bridge binding on the pod network, which is not live-migratable`, { hint: 'use masquerade: {}' });
      }
    });
  },
};

export const vmLiveMigrateHostDevice: VmiSpecRule = {
  id: 'vm-livemigrate-hostdevice', severity: 'warning', scope: 'vmiSpec',
  doc: 'With evictionStrategy LiveMigrate, host devices, GPUs, SEV/TDX and hypervPassthrough make the VMI non-migratable.',
  check(v, ctx) {
    if (evictionStrategy(v) !== 'LiveMigrate') return;
    const d = obj(v.spec.domain) ?? {};
    const why = (path: string, what: string) => ctx.report(v.at(path), `${what} makes the VMI non-migratable, but evictionStrategy is LiveMigrate`,
      { hint: 'use evictionStrategy: None or External for pinned workloads' });
    if (arr(d.devices?.hostDevices).length) why('domain.devices.hostDevices', 'PCI host device passthrough');
    if (arr(d.devices?.gpus).length) why('domain.devices.gpus', 'GPU passthrough');
    if (obj(d.launchSecurity?.sev) || obj(d.launchSecurity?.snp)) why('domain.launchSecurity', 'SEV');
    if (obj(d.launchSecurity?.tdx)) why('domain.launchSecurity', 'TDX');
    if (d.features?.hypervPassthrough?.enabled === true) why('domain.features.hypervPassthrough', 'hypervPassthrough');
  },
};

export const vmPodBindingImplicit: VmiSpecRule = {
  id: 'vm-pod-binding-implicit', severity: 'warning', scope: 'vmiSpec',
  doc: 'Live migration asked for, but no interfaces declared: KubeVirt adds a pod interface with the cluster default binding (upstream bridge).',
  check(v, ctx) {
    // Only where live migration is asked for: the VM's evictionStrategy, else the cluster default
    // of a KubeVirt or HyperConverged object in the input (the bridge default only matters there).
    if (!v.podInterfaceDefaulted || !MIGRATING.includes(String(evictionStrategy(v) ?? clusterEvictionStrategy(ctx.index)))) return;
    ctx.report(v.at('domain.devices.interfaces'), 'no interfaces declared: KubeVirt adds a pod interface with the cluster default binding (bridge upstream, not live-migratable)',
      { hint: 'declare networks: [{name: default, pod: {}}] and interfaces: [{name: default, masquerade: {}}]' });
  },
};

const INSTANCETYPE_KINDS = ['virtualmachineinstancetype', 'virtualmachineinstancetypes', 'virtualmachineclusterinstancetype', 'virtualmachineclusterinstancetypes'];
const PREFERENCE_KINDS = ['virtualmachinepreference', 'virtualmachinepreferences', 'virtualmachineclusterpreference', 'virtualmachineclusterpreferences'];

export const vmInstancetypeKindValid: ObjectRule = {
  id: 'vm-instancetype-kind-valid', severity: 'error', scope: 'object', kinds: VM,
  doc: 'spec.instancetype.kind / spec.preference.kind name an instancetype / preference kind.',
  check(vm, ctx) {
    const it = vm.spec?.instancetype?.kind;
    if (typeof it === 'string' && it !== '' && !INSTANCETYPE_KINDS.includes(it.toLowerCase())) {
      ctx.report('spec.instancetype.kind', `unknown instancetype kind '${it}'`, { hint: 'use VirtualMachineClusterInstancetype or VirtualMachineInstancetype' });
    }
    const pref = vm.spec?.preference?.kind;
    if (typeof pref === 'string' && pref !== '' && !PREFERENCE_KINDS.includes(pref.toLowerCase())) {
      ctx.report('spec.preference.kind', `unknown preference kind '${pref}'`, { hint: 'use VirtualMachineClusterPreference or VirtualMachinePreference' });
    }
  },
};

export const VIRTUAL_MACHINE_RULES = [
  vmTemplateRequired, vmRunStrategyRequired, vmRunningRunStrategyExclusive, vmRunStrategyValid, vmRunningDeprecated,
  vmDvTemplateReferenced, vmDvTemplateNamespace, vmTemplateReservedLabels, vmMemoryRequired, vmLiveMigratePodMasquerade,
  vmLiveMigrateHostDevice, vmPodBindingImplicit, vmInstancetypeKindValid,
];
