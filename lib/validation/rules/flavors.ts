// Instancetype and preference rules (catalog sections 6 and 7).
import { ObjectRule } from './types';
import { has, obj } from './util';

const INSTANCETYPES = ['VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype'];
const PREFERENCES = ['VirtualMachinePreference', 'VirtualMachineClusterPreference'];

export const itCpuMemoryGuestRequired: ObjectRule = {
  id: 'it-cpu-memory-guest-required', severity: 'error', scope: 'object', kinds: INSTANCETYPES,
  doc: 'spec.cpu.guest and spec.memory.guest are required.',
  check(it, ctx) {
    if (!has(it.spec?.cpu?.guest)) ctx.report('spec.cpu.guest', 'an instancetype needs spec.cpu.guest');
    if (!has(it.spec?.memory?.guest)) ctx.report('spec.memory.guest', 'an instancetype needs spec.memory.guest');
  },
};

export const itOvercommitRange: ObjectRule = {
  id: 'it-overcommit-range', severity: 'error', scope: 'object', kinds: INSTANCETYPES,
  doc: 'memory.overcommitPercent is 0-100.',
  check(it, ctx) {
    const p = it.spec?.memory?.overcommitPercent;
    if (has(p) && !(Number(p) >= 0 && Number(p) <= 100)) ctx.report('spec.memory.overcommitPercent', `overcommitPercent ${p} must be 0-100`);
  },
};

export const itOvercommitNoHugepages: ObjectRule = {
  id: 'it-overcommit-no-hugepages', severity: 'error', scope: 'object', kinds: INSTANCETYPES,
  doc: 'overcommitPercent > 0 cannot be combined with hugepages.',
  check(it, ctx) {
    const m = it.spec?.memory;
    if (Number(m?.overcommitPercent) > 0 && has(m?.hugepages)) ctx.report('spec.memory.overcommitPercent', 'overcommitPercent cannot be combined with memory.hugepages');
  },
};

export const itLaunchSecurityDeprecated: ObjectRule = {
  id: 'it-launchsecurity-deprecated', severity: 'warning', scope: 'object', kinds: INSTANCETYPES,
  doc: 'spec.launchSecurity on an instancetype is deprecated; put it on a preference.',
  check(it, ctx) {
    if (has(it.spec?.launchSecurity)) ctx.report('spec.launchSecurity', 'launchSecurity on an instancetype is deprecated', { hint: 'move it to a preference' });
  },
};

const TOPOLOGIES = ['sockets', 'cores', 'threads', 'spread', 'any'];
const DEPRECATED_TOPOLOGIES = ['preferSockets', 'preferCores', 'preferThreads', 'preferSpread', 'preferAny'];

export const prefCpuTopologyValid: ObjectRule = {
  id: 'pref-cpu-topology-valid', severity: 'error', scope: 'object', kinds: PREFERENCES,
  doc: 'cpu.preferredCPUTopology is sockets, cores, threads, spread or any (or a deprecated prefer* spelling).',
  check(p, ctx) {
    const t = p.spec?.cpu?.preferredCPUTopology;
    if (has(t) && t !== '' && !TOPOLOGIES.includes(t) && !DEPRECATED_TOPOLOGIES.includes(t)) {
      ctx.report('spec.cpu.preferredCPUTopology', `preferredCPUTopology ${JSON.stringify(t)} is invalid; use ${TOPOLOGIES.join(', ')} (case-sensitive)`);
    }
  },
};

export const prefCpuTopologyDeprecated: ObjectRule = {
  id: 'pref-cpu-topology-deprecated', severity: 'warning', scope: 'object', kinds: PREFERENCES,
  doc: 'The prefer* topology values are deprecated.',
  check(p, ctx) {
    const t = p.spec?.cpu?.preferredCPUTopology;
    if (DEPRECATED_TOPOLOGIES.includes(t)) {
      ctx.report('spec.cpu.preferredCPUTopology', `preferredCPUTopology ${t} is deprecated`, { hint: `use ${t.slice(6).toLowerCase()}` });
    }
  },
};

export const prefSpreadOptionsValid: ObjectRule = {
  id: 'pref-spread-options-valid', severity: 'error', scope: 'object', kinds: PREFERENCES,
  doc: 'spreadOptions.across is SocketsCores, CoresThreads or SocketsCoresThreads; CoresThreads needs ratio 2.',
  check(p, ctx) {
    const t = p.spec?.cpu?.preferredCPUTopology;
    const so = obj(p.spec?.cpu?.spreadOptions);
    if (!so || (t !== 'spread' && t !== 'preferSpread')) return;
    if (has(so.across) && !['SocketsCores', 'CoresThreads', 'SocketsCoresThreads'].includes(so.across)) {
      ctx.report('spec.cpu.spreadOptions.across', `spreadOptions.across ${JSON.stringify(so.across)} must be SocketsCores, CoresThreads or SocketsCoresThreads`);
    }
    if (so.across === 'CoresThreads' && has(so.ratio) && Number(so.ratio) !== 2) {
      ctx.report('spec.cpu.spreadOptions.ratio', 'across CoresThreads only supports ratio 2');
    }
  },
};

export const prefRequirementsGuestRequired: ObjectRule = {
  id: 'pref-requirements-guest-required', severity: 'error', scope: 'object', kinds: PREFERENCES,
  doc: 'requirements.cpu and requirements.memory, if present, carry guest.',
  check(p, ctx) {
    const r = obj(p.spec?.requirements);
    if (!r) return;
    if (has(r.cpu) && !has(r.cpu?.guest)) ctx.report('spec.requirements.cpu.guest', 'requirements.cpu needs guest');
    if (has(r.memory) && !has(r.memory?.guest)) ctx.report('spec.requirements.memory.guest', 'requirements.memory needs guest');
  },
};

export const FLAVOR_RULES = [itCpuMemoryGuestRequired, itOvercommitRange, itOvercommitNoHugepages, itLaunchSecurityDeprecated,
  prefCpuTopologyValid, prefCpuTopologyDeprecated, prefSpreadOptionsValid, prefRequirementsGuestRequired];
