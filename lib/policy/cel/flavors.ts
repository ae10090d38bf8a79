// CEL for the instancetype and preference rules (rules/flavors.ts).
import { CelTranslation } from '../types';
import { num } from './helpers';

const TOPOLOGIES = ['sockets', 'cores', 'threads', 'spread', 'any'];
const DEPRECATED = ['preferSockets', 'preferCores', 'preferThreads', 'preferSpread', 'preferAny'];
const topology = "object.?spec.?cpu.?preferredCPUTopology.orValue('')";
const quoted = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

export const FLAVORS_CEL: Readonly<Record<string, CelTranslation>> = {
  'it-cpu-memory-guest-required': { expression: 'object.?spec.?cpu.?guest.hasValue() && object.?spec.?memory.?guest.hasValue()' },
  'it-overcommit-range': {
    expression: `!object.?spec.?memory.?overcommitPercent.hasValue() || [${num('object.spec.memory.overcommitPercent')}].all(p, p >= 0.0 && p <= 100.0)`,
  },
  'it-overcommit-no-hugepages': {
    expression: `!(object.?spec.?memory.?overcommitPercent.hasValue() && ${num('object.spec.memory.overcommitPercent')} > 0.0 && object.spec.memory.?hugepages.hasValue())`,
  },
  'it-launchsecurity-deprecated': { expression: '!object.?spec.?launchSecurity.hasValue()' },
  'pref-cpu-topology-valid': { expression: `${topology} in ['', ${quoted(TOPOLOGIES)}, ${quoted(DEPRECATED)}]` },
  'pref-cpu-topology-deprecated': { expression: `!(${topology} in [${quoted(DEPRECATED)}])` },
  'pref-spread-options-valid': {
    expression: `!object.?spec.?cpu.?spreadOptions.hasValue() || !(${topology} in ['spread', 'preferSpread']) || [object.spec.cpu.spreadOptions].all(so, `
      + "(!has(so.across) || so.across in ['SocketsCores', 'CoresThreads', 'SocketsCoresThreads']) "
      + `&& (so.?across.orValue('') != 'CoresThreads' || !has(so.ratio) || ${num('so.ratio')} == 2.0))`,
  },
  'pref-requirements-guest-required': {
    expression: '!object.?spec.?requirements.hasValue() || ((!has(object.spec.requirements.cpu) || object.spec.requirements.?cpu.?guest.hasValue()) '
      + '&& (!has(object.spec.requirements.memory) || object.spec.requirements.?memory.?guest.hasValue()))',
  },
};
