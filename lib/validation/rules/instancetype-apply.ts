// VirtualMachine + instancetype/preference rules (catalog section 2): what the VM admission
// webhook checks when it applies the referenced instancetype and preference.
import { ObjectIndex } from '../object-index';
import { guestMemory, vcpuCount } from '../defaults';
import { VmiSpecRule, VmiSpecView } from './types';
import { arr, has, obj, quantity } from './util';
import { infersIgnoringFailure } from './vm-inference';

const IT_GROUP = 'instancetype.kubevirt.io';

/** Resolves `spec.instancetype` / `spec.preference` as KubeVirt does (empty kind = the cluster kind). */
export function resolveFlavor(ref: Record<string, any> | undefined, which: 'instancetype' | 'preference', namespace: string, index: ObjectIndex) {
  if (!ref || typeof ref.name !== 'string') return undefined;
  const kind = String(ref.kind ?? '').toLowerCase();
  const base = which === 'instancetype' ? 'Instancetype' : 'Preference';
  // An unknown kind resolves to nothing (vm-instancetype-kind-valid reports it, once).
  if (kind !== '' && !new RegExp(`^virtualmachine(cluster)?${base.toLowerCase()}s?$`).test(kind)) return undefined;
  const namespaced = !kind.startsWith('virtualmachinecluster') && kind !== '';
  const gk = `${IT_GROUP}/VirtualMachine${namespaced ? '' : 'Cluster'}${base}`;
  return { groupKind: gk, namespaced, entry: index.get(gk, namespaced ? namespace : '', ref.name) };
}

function flavorSpec(v: VmiSpecView, which: 'instancetype' | 'preference', index: ObjectIndex): Record<string, any> | undefined {
  const ref = which === 'instancetype' ? v.instancetype : v.preference;
  const ns = typeof v.owner.metadata?.namespace === 'string' ? v.owner.metadata.namespace : '';
  return obj(resolveFlavor(ref, which, ns, index)?.entry?.object.spec);
}

export const vmInstancetypeCpuConflict: VmiSpecRule = {
  id: 'vm-instancetype-cpu-conflict', severity: 'error', scope: 'vmiSpec',
  doc: 'With an instancetype, the template must not set CPU topology or CPU resources (nor CPU fields the instancetype sets).',
  check(v, ctx) {
    if (!v.instancetype) return;
    const d = obj(v.raw.domain) ?? {};
    const hint = 'the instancetype provides the CPU; remove the field or drop the instancetype';
    for (const f of ['sockets', 'cores', 'threads']) {
      if (has(d.cpu?.[f])) ctx.report(v.at(`domain.cpu.${f}`), `domain.cpu.${f} conflicts with the instancetype`, { hint });
    }
    for (const f of ['requests', 'limits']) {
      if (has(d.resources?.[f]?.cpu)) ctx.report(v.at(`domain.resources.${f}.cpu`), `resources.${f}.cpu conflicts with the instancetype`, { hint });
    }
    const it = flavorSpec(v, 'instancetype', ctx.index);
    if (!it) return;
    const pairs: Array<[string, string]> = [['model', 'model'], ['dedicatedCpuPlacement', 'dedicatedCPUPlacement'],
      ['isolateEmulatorThread', 'isolateEmulatorThread'], ['numa', 'numa'], ['realtime', 'realtime']];
    for (const [vmField, itField] of pairs) {
      if (has(d.cpu?.[vmField]) && has(it.cpu?.[itField])) ctx.report(v.at(`domain.cpu.${vmField}`), `domain.cpu.${vmField} conflicts with the instancetype's cpu.${itField}`, { hint });
    }
  },
};

export const vmInstancetypeMemoryConflict: VmiSpecRule = {
  id: 'vm-instancetype-memory-conflict', severity: 'error', scope: 'vmiSpec',
  doc: 'With an instancetype, the template must not set guest memory or memory resources (nor hugepages/maxGuest the instancetype sets).',
  check(v, ctx) {
    // Inference with the Ignore policy clears domain.memory when it succeeds (pkg/instancetype/infer/handler.go).
    if (!v.instancetype || infersIgnoringFailure(v.instancetype)) return;
    const d = obj(v.raw.domain) ?? {};
    const hint = typeof v.instancetype.inferFromVolume === 'string'
      ? 'the inferred instancetype provides the memory; remove the field, or keep it as a fallback with inferFromVolumeFailurePolicy IgnoreInferFromVolumeFailure'
      : 'the instancetype provides the memory; remove the field or drop the instancetype';
    if (has(d.memory?.guest)) ctx.report(v.at('domain.memory.guest'), 'domain.memory.guest conflicts with the instancetype', { hint });
    for (const f of ['requests', 'limits']) {
      if (has(d.resources?.[f]?.memory)) ctx.report(v.at(`domain.resources.${f}.memory`), `resources.${f}.memory conflicts with the instancetype`, { hint });
    }
    const it = flavorSpec(v, 'instancetype', ctx.index);
    if (!it) return;
    for (const f of ['hugepages', 'maxGuest']) {
      if (has(d.memory?.[f]) && has(it.memory?.[f])) ctx.report(v.at(`domain.memory.${f}`), `domain.memory.${f} conflicts with the instancetype`, { hint });
    }
  },
};

export const vmInstancetypeOtherConflict: VmiSpecRule = {
  id: 'vm-instancetype-other-conflict', severity: 'error', scope: 'vmiSpec',
  doc: 'nodeSelector, schedulerName, ioThreadsPolicy, launchSecurity, gpus and hostDevices conflict with the same instancetype field.',
  check(v, ctx) {
    if (!v.instancetype) return;
    const it = flavorSpec(v, 'instancetype', ctx.index);
    if (!it) return;
    const d = obj(v.raw.domain) ?? {};
    const pairs: Array<[unknown, unknown, string]> = [
      [v.raw.nodeSelector, it.nodeSelector, 'nodeSelector'],
      [v.raw.schedulerName, it.schedulerName, 'schedulerName'],
      [d.ioThreadsPolicy, it.ioThreadsPolicy, 'domain.ioThreadsPolicy'],
      [d.launchSecurity, it.launchSecurity, 'domain.launchSecurity'],
      [arr(d.devices?.gpus).length ? d.devices.gpus : undefined, arr(it.gpus).length ? it.gpus : undefined, 'domain.devices.gpus'],
      [arr(d.devices?.hostDevices).length ? d.devices.hostDevices : undefined, arr(it.hostDevices).length ? it.hostDevices : undefined, 'domain.devices.hostDevices'],
    ];
    for (const [mine, theirs, path] of pairs) {
      if (has(mine) && has(theirs)) ctx.report(v.at(path), `${path} conflicts with the instancetype, which sets it too`);
    }
  },
};

/** The preferred topology, with the deprecated spellings folded in. */
export function preferredTopology(pref: Record<string, any> | undefined): string | undefined {
  const t = pref?.cpu?.preferredCPUTopology;
  if (typeof t !== 'string') return undefined;
  const legacy: Record<string, string> = { preferSockets: 'sockets', preferCores: 'cores', preferThreads: 'threads', preferSpread: 'spread', preferAny: 'any' };
  return legacy[t] ?? t;
}

export const vmPreferenceRequirements: VmiSpecRule = {
  id: 'vm-preference-requirements', severity: 'error', scope: 'vmiSpec',
  doc: "A preference's requirements (CPU, memory, architecture) must be met by the instancetype or the VM.",
  check(v, ctx) {
    const pref = flavorSpec(v, 'preference', ctx.index);
    const req = obj(pref?.requirements);
    if (!req) return;
    const it = v.instancetype ? flavorSpec(v, 'instancetype', ctx.index) : undefined;
    if (v.instancetype && !it) return; // the instancetype is outside the input: cannot judge
    const wantCpu = Number(req.cpu?.guest);
    if (wantCpu > 0) {
      const have = it ? Number(it.cpu?.guest) : vcpuCount(v.spec) ?? 1;
      if (have < wantCpu) ctx.report(it ? 'spec.instancetype' : v.at('domain.cpu'), `the preference requires ${wantCpu} vCPUs, the ${it ? 'instancetype' : 'VM'} provides ${have}`);
    }
    const wantMem = quantity(req.memory?.guest);
    if (wantMem !== undefined && !Number.isNaN(wantMem)) {
      const have = it ? quantity(it.memory?.guest) : guestMemory(v.spec);
      if (have !== undefined && !Number.isNaN(have) && have < wantMem) {
        ctx.report(it ? 'spec.instancetype' : v.at('domain.memory.guest'), `the preference requires ${req.memory.guest} of guest memory, the ${it ? 'instancetype' : 'VM'} provides less`);
      }
    }
    if (typeof req.architecture === 'string') {
      const arch = v.spec.architecture ?? pref?.preferredArchitecture ?? 'amd64';
      if (arch !== req.architecture) ctx.report(v.at('architecture'), `the preference requires architecture ${req.architecture}, the VM uses ${arch}`);
    }
  },
};

export const vmPreferenceSpreadDivisible: VmiSpecRule = {
  id: 'vm-preference-spread-divisible', severity: 'error', scope: 'vmiSpec',
  doc: "With preferredCPUTopology spread, the instancetype's vCPUs must divide by the spread ratio.",
  check(v, ctx) {
    const pref = flavorSpec(v, 'preference', ctx.index);
    if (preferredTopology(pref) !== 'spread') return;
    const it = flavorSpec(v, 'instancetype', ctx.index);
    const vcpus = Number(it?.cpu?.guest);
    if (!(vcpus > 0)) return;
    const ratio = Number(pref!.cpu?.spreadOptions?.ratio ?? 2) || 2;
    const across = pref!.cpu?.spreadOptions?.across ?? 'SocketsCores';
    const divisor = across === 'SocketsCoresThreads' ? 2 * ratio : ratio;
    if (vcpus % divisor !== 0) {
      ctx.report('spec.preference', `the instancetype's ${vcpus} vCPUs cannot be spread across ${across} with ratio ${ratio} (needs a multiple of ${divisor})`);
    }
  },
};

export const INSTANCETYPE_APPLY_RULES = [
  vmInstancetypeCpuConflict, vmInstancetypeMemoryConflict, vmInstancetypeOtherConflict, vmPreferenceRequirements, vmPreferenceSpreadDivisible,
];
