// nmstate desiredState rules (catalog section 10): what fails on each node when the policy
// is applied (enactment FailedToConfigure, policy Degraded).
import { KubeObject } from '../types';
import { ObjectRule, RuleContext } from './types';
import { arr, has, intRangeProblem, obj, oneOfProblem, U32 } from './util';
import { interfaceNameProblem, isColonMac } from '../../parsers';

const NNCP = ['NodeNetworkConfigurationPolicy'];
const BOND_MODES = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'];
const TYPE_SECTIONS: Record<string, string> = { 'link-aggregation': 'bond', bridge: 'linux-bridge', vlan: 'vlan', vxlan: 'vxlan', 'mac-vlan': 'mac-vlan' };

export interface Iface { iface: any; path: string }

/**
 * The policy's interfaces with their paths. About twenty rules ask in turn for the same policy's:
 * the list made for the last one asked is given again while the interfaces are the same ones
 * (same array, same items), which cut the NNCP rules' allocation at 10,000 objects ~20 -> ~2 MB.
 */
export function interfaces(p: KubeObject): readonly Iface[] {
  const list = arr(p.spec?.desiredState?.interfaces);
  if (list === last.list && sameItems(list, last.ifaces)) return last.ifaces;
  last = { list, ifaces: list.map((iface, i) => ({ iface, path: `spec.desiredState.interfaces[${i}]` })) };
  return last.ifaces;
}

let last: { list: unknown[]; ifaces: readonly Iface[] } = { list: [], ifaces: [] };

function sameItems(list: unknown[], ifaces: readonly Iface[]): boolean {
  if (list.length !== ifaces.length) return false;
  for (let i = 0; i < list.length; i++) if (list[i] !== ifaces[i].iface) return false;
  return true;
}

export function rule(id: string, doc: string, check: (p: KubeObject, ctx: RuleContext) => void, severity: 'error' | 'warning' = 'error'): ObjectRule {
  return { id, doc, severity, scope: 'object', kinds: NNCP, check };
}

/** An nmpolicy capture reference (`{{ capture.x.interfaces.0.name }}`), resolved on the node. */
export const isCaptureRef = (value: unknown): boolean => typeof value === 'string' && value.includes('{{');

/** Reports `problem` (from intRangeProblem / oneOfProblem) at `path` when there is one. */
export function reportProblem(ctx: RuleContext, path: string, problem: string | undefined): void {
  if (problem) ctx.report(path, problem);
}

function unknownKeys(value: unknown, allowed: string[], path: string, what: string, ctx: RuleContext): void {
  const o = obj(value);
  if (!o) return;
  for (const k of Object.keys(o)) if (!allowed.includes(k)) ctx.report(`${path}.${k}`, `unknown field '${k}' in ${what} (nmstate refuses unknown fields)`);
}

export const bondOptions = (iface: any) => obj(iface?.['link-aggregation']?.options) ?? {};
export const bondPorts = (iface: any): string[] => arr(iface?.['link-aggregation']?.port ?? iface?.['link-aggregation']?.ports ?? iface?.['link-aggregation']?.slaves)
  .filter((x) => typeof x === 'string');
export const bridgePorts = (iface: any): string[] => arr(iface?.bridge?.port).map((p) => p?.name).filter((x) => typeof x === 'string');

export const nmstateIfaceSchemaValid = rule('nmstate-iface-schema-valid',
  'Interfaces with type-specific sections need a type; state is up/down/absent/ignore; nested sections have no unknown keys.', (p, ctx) => {
    for (const { iface, path } of interfaces(p)) {
      if (!iface?.name) ctx.report(`${path}.name`, 'an interface needs a name');
      if (has(iface?.state) && !['up', 'down', 'absent', 'ignore'].includes(iface.state)) ctx.report(`${path}.state`, `state ${JSON.stringify(iface.state)} must be up, down, absent or ignore`);
      if (!has(iface?.type) && iface?.state !== 'absent') {
        const section = Object.keys(TYPE_SECTIONS).find((s) => has(iface?.[s]));
        if (section) ctx.report(`${path}.type`, `interface '${iface.name}' has a ${section} section but no type (expected ${TYPE_SECTIONS[section]})`);
      }
      unknownKeys(iface?.bridge?.options?.stp, ['enabled', 'forward-delay', 'hello-time', 'max-age', 'priority'], `${path}.bridge.options.stp`, 'STP options', ctx);
      arr(iface?.bridge?.port).forEach((port, i) => {
        unknownKeys(port, ['name', 'stp-hairpin-mode', 'stp-path-cost', 'stp-priority', 'vlan'], `${path}.bridge.port[${i}]`, 'bridge port config', ctx);
        unknownKeys(port?.vlan, ['mode', 'trunk-tags', 'tag', 'enable-native'], `${path}.bridge.port[${i}].vlan`, 'bridge port VLAN config', ctx);
      });
      if (iface?.type === 'vlan') unknownKeys(iface.vlan, ['base-iface', 'id', 'protocol', 'registration-protocol', 'reorder-headers', 'loose-binding'], `${path}.vlan`, 'VLAN config', ctx);
    }
    arr(p.spec?.desiredState?.ovn?.['bridge-mappings']).forEach((m, i) => unknownKeys(m, ['localnet', 'bridge', 'state'], `spec.desiredState.ovn.bridge-mappings[${i}]`, 'OVN bridge mapping', ctx));
  });

/** Kernel names, MACs, duplicates and value ranges nmstate or the kernel refuse (beyond the schema-shape rule above). */
export const nmstateIfaceValues = rule('nmstate-iface-values',
  'Interfaces have unique kernel names (ports too), valid MACs, field values in range (ethernet, bridge options, VLAN protocols, IP route tables), no IPv4 autoconf; OVN mappings are complete.', (p, ctx) => {
    const seen = new Map<string, number>();
    interfaces(p).forEach(({ iface, path }, i) => {
      if (typeof iface?.name !== 'string') return;
      const key = `${iface.name}\u0000${iface.type ?? ''}`;
      const first = seen.get(key);
      if (first !== undefined) ctx.report(`${path}.name`, `'${iface.name}' is already defined by interfaces[${first}]`);
      else seen.set(key, i);
    });
    for (const { iface, path } of interfaces(p)) {
      if (typeof iface?.name === 'string' && iface.name !== '' && !isCaptureRef(iface.name)) reportProblem(ctx, `${path}.name`, interfaceNameProblem(iface.name));
      checkIfaceValues(iface, path, ctx);
    }
    arr(p.spec?.desiredState?.ovn?.['bridge-mappings']).forEach((m, i) => {
      const at = `spec.desiredState.ovn.bridge-mappings[${i}]`;
      if (typeof m?.localnet !== 'string' || m.localnet === '') ctx.report(`${at}.localnet`, 'needs a physical network name');
      if (has(m?.bridge)) reportProblem(ctx, `${at}.bridge`, interfaceNameProblem(m.bridge));
      reportProblem(ctx, `${at}.state`, oneOfProblem(m?.state, ['present', 'absent']));
    });
  });

/** Field values of one interface: ranges and enums nmstate (or the kernel) refuses beyond. */
function checkIfaceValues(iface: any, path: string, ctx: RuleContext): void {
  const mac = iface?.['mac-address'];
  if (has(mac) && !isColonMac(mac)) ctx.report(`${path}.mac-address`, `'${mac}' is not a MAC address (six colon-separated octets)`);
  const ports: Array<[unknown, string]> = [
    ...arr(iface?.['link-aggregation']?.port).map((n, i) => [n, `${path}.link-aggregation.port[${i}]`] as [unknown, string]),
    ...arr(iface?.bridge?.port).map((b, i) => [b?.name, `${path}.bridge.port[${i}].name`] as [unknown, string]),
  ];
  if (has(iface?.vlan?.['base-iface'])) ports.push([iface.vlan['base-iface'], `${path}.vlan.base-iface`]);
  for (const [name, at] of ports) if (has(name) && !isCaptureRef(name)) reportProblem(ctx, at, interfaceNameProblem(name));
  const eth = obj(iface?.ethernet);
  if (eth) {
    reportProblem(ctx, `${path}.ethernet.speed`, intRangeProblem(eth.speed, 1, U32));
    reportProblem(ctx, `${path}.ethernet.sr-iov.total-vfs`, intRangeProblem(eth['sr-iov']?.['total-vfs'], 0, U32));
    reportProblem(ctx, `${path}.ethernet.duplex`, oneOfProblem(eth.duplex, ['full', 'half']));
  }
  const bridgeOptions = obj(iface?.bridge?.options) ?? {};
  if (iface?.type === 'linux-bridge') {
    const at = `${path}.bridge.options`;
    const mask = bridgeOptions['group-forward-mask'];
    reportProblem(ctx, `${at}.group-forward-mask`, intRangeProblem(mask, 0, 65535));
    if (Number.isInteger(mask) && (mask & 0x7) !== 0) {
      ctx.report(`${at}.group-forward-mask`, 'the kernel refuses to forward groups 0-2 (bits 0x7: STP, MAC pause, slow protocols)');
    }
    reportProblem(ctx, `${at}.mac-ageing-time`, intRangeProblem(bridgeOptions['mac-ageing-time'], 0, U32));
    reportProblem(ctx, `${at}.hash-max`, intRangeProblem(bridgeOptions['hash-max'], 0, U32));
    reportProblem(ctx, `${at}.multicast-router`, oneOfProblem(bridgeOptions['multicast-router'], ['auto', 'disabled', 'enabled']));
    reportProblem(ctx, `${at}.vlan-protocol`, oneOfProblem(bridgeOptions['vlan-protocol'], ['802.1q', '802.1ad']));
    arr(iface.bridge?.port).forEach((port, i) => {
      reportProblem(ctx, `${path}.bridge.port[${i}].stp-priority`, intRangeProblem(port?.['stp-priority'], 0, 63));
      reportProblem(ctx, `${path}.bridge.port[${i}].stp-path-cost`, intRangeProblem(port?.['stp-path-cost'], 1, 65535));
    });
  }
  if (iface?.type === 'ovs-bridge') reportProblem(ctx, `${path}.bridge.options.fail-mode`, oneOfProblem(bridgeOptions['fail-mode'], ['standalone', 'secure']));
  if (iface?.type === 'vlan') {
    reportProblem(ctx, `${path}.vlan.protocol`, oneOfProblem(iface.vlan?.protocol, ['802.1q', '802.1ad']));
    reportProblem(ctx, `${path}.vlan.registration-protocol`, oneOfProblem(iface.vlan?.['registration-protocol'], ['gvrp', 'mvrp', 'none']));
  }
  if (has(iface?.ipv4?.autoconf)) ctx.report(`${path}.ipv4.autoconf`, 'autoconf (SLAAC) exists only for IPv6');
  for (const family of ['ipv4', 'ipv6']) {
    const ip = obj(iface?.[family]);
    if (!ip) continue;
    reportProblem(ctx, `${path}.${family}.auto-route-table-id`, intRangeProblem(ip['auto-route-table-id'], 0, U32));
    reportProblem(ctx, `${path}.${family}.auto-route-metric`, intRangeProblem(ip['auto-route-metric'], 0, U32));
  }
}

export const nmstateBondModeRequired = rule('nmstate-bond-mode-required', 'A new bond with state up sets link-aggregation.mode.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    if (iface?.type === 'bond' && (iface.state ?? 'up') === 'up' && !has(iface['link-aggregation']?.mode)) {
      ctx.report(`${path}.link-aggregation.mode`, `bond '${iface.name}' needs link-aggregation.mode`);
    }
  }
});

export const nmstateBondModeValid = rule('nmstate-bond-mode-valid', 'Bond mode is a known mode name or 0-6.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    const mode = iface?.['link-aggregation']?.mode;
    if (!has(mode)) continue;
    if (!BOND_MODES.includes(String(mode)) && !/^[0-6]$/.test(String(mode))) {
      ctx.report(`${path}.link-aggregation.mode`, `bond mode ${JSON.stringify(mode)} is invalid; use ${BOND_MODES.join(', ')}`, String(mode).toLowerCase() === 'lacp' ? { hint: 'LACP is 802.3ad' } : undefined);
    }
  }
});

export const nmstateBondMiimonArpExclusive = rule('nmstate-bond-miimon-arp-exclusive', 'Bond miimon > 0 and arp_interval > 0 cannot be combined.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    const o = bondOptions(iface);
    if (Number(o.miimon) > 0 && Number(o.arp_interval) > 0) ctx.report(`${path}.link-aggregation.options`, `bond '${iface.name}' sets both miimon and arp_interval`);
  }
});

export const modeName = (mode: unknown) => (/^[0-6]$/.test(String(mode)) ? BOND_MODES[Number(mode)] : String(mode));

export const nmstateBondLacpRateMode = rule('nmstate-bond-lacp-rate-mode', 'lacp_rate fast (1) is only valid with mode 802.3ad.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    const rate = bondOptions(iface).lacp_rate;
    const mode = iface?.['link-aggregation']?.mode;
    if ((rate === 'fast' || String(rate) === '1') && has(mode) && modeName(mode) !== '802.3ad') {
      ctx.report(`${path}.link-aggregation.options.lacp_rate`, `lacp_rate fast needs mode 802.3ad, bond '${iface.name}' uses ${mode}`);
    }
  }
});

export const nmstatePortSingleController = rule('nmstate-port-single-controller', 'An interface is a port of at most one bond/bridge; controller: agrees with the port lists.', (p, ctx) => {
  const owner = new Map<string, string>();
  for (const { iface, path } of interfaces(p)) {
    if (iface?.state === 'absent') continue;
    const ports = [...bondPorts(iface), ...bridgePorts(iface)];
    for (const port of ports) {
      const prev = owner.get(port);
      if (prev && prev !== iface.name) ctx.report(path, `port '${port}' is already a port of '${prev}' (port overbooked)`);
      else owner.set(port, iface.name);
    }
  }
  for (const { iface, path } of interfaces(p)) {
    const c = iface?.controller;
    if (typeof c === 'string' && c !== '' && owner.has(iface.name) && owner.get(iface.name) !== c) {
      ctx.report(`${path}.controller`, `controller '${c}' disagrees with '${owner.get(iface.name)}', which lists '${iface.name}' as its port`);
    }
  }
});

export const nmstatePortListValid = rule('nmstate-port-list-valid', 'A bond or bridge lists each port once and never itself.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    if (iface?.state === 'absent') continue;
    const portPaths: Array<[unknown, string]> = [
      ...arr(iface?.['link-aggregation']?.port).map((n, i) => [n, `${path}.link-aggregation.port[${i}]`] as [unknown, string]),
      ...arr(iface?.bridge?.port).map((b, i) => [b?.name, `${path}.bridge.port[${i}].name`] as [unknown, string]),
    ];
    const listed = new Set<string>();
    for (const [name, at] of portPaths) {
      if (typeof name !== 'string') continue;
      if (listed.has(name)) ctx.report(at, `'${name}' is listed twice`);
      listed.add(name);
      if (name === iface.name) ctx.report(at, `'${name}' cannot be a port of itself`);
    }
  }
});

const STP_RANGES: Array<[string, number, number]> = [['hello-time', 1, 10], ['max-age', 6, 40], ['forward-delay', 2, 30], ['priority', 0, 65535]];

export const nmstateBridgeStpRanges = rule('nmstate-bridge-stp-ranges', 'Linux-bridge STP hello-time 1-10, max-age 6-40, forward-delay 2-30.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    const stp = obj(iface?.bridge?.options?.stp);
    if (!stp || iface.type === 'ovs-bridge') continue;
    for (const [f, lo, hi] of STP_RANGES) {
      if (has(stp[f]) && !(Number(stp[f]) >= lo && Number(stp[f]) <= hi)) ctx.report(`${path}.bridge.options.stp.${f}`, `STP ${f} ${stp[f]} must be ${lo}-${hi}`);
    }
  }
});

function tagRanges(tags: any[]): Array<[number, number]> {
  return tags.map((t) => (has(t?.id) ? [Number(t.id), Number(t.id)] : [Number(t?.['id-range']?.min), Number(t?.['id-range']?.max)]) as [number, number]);
}

export const nmstateBridgePortVlan = rule('nmstate-bridge-port-vlan', 'Bridge port VLAN: trunk needs trunk-tags, access has none, tags do not overlap.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    arr(iface?.bridge?.port).forEach((port, i) => {
      const vlan = obj(port?.vlan);
      if (!vlan) return;
      const at = `${path}.bridge.port[${i}].vlan`;
      const tags = arr(vlan['trunk-tags']);
      if (vlan.mode === 'trunk' && tags.length === 0) ctx.report(`${at}.trunk-tags`, 'trunk mode needs trunk-tags');
      if (vlan.mode === 'access' && tags.length) ctx.report(`${at}.trunk-tags`, 'access mode cannot have trunk-tags');
      if (vlan.mode === 'access' && vlan['enable-native'] === true) ctx.report(`${at}.enable-native`, 'access mode cannot enable native VLAN');
      if (vlan.mode === 'trunk' && has(vlan.tag) && vlan['enable-native'] !== true) ctx.report(`${at}.tag`, 'a trunk tag needs enable-native: true');
      const ranges = tagRanges(tags).sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < ranges.length; k++) {
        if (ranges[k][0] <= ranges[k - 1][1]) { ctx.report(`${at}.trunk-tags`, 'trunk tags overlap'); break; }
      }
    });
    const pvid = iface?.bridge?.options?.['vlan-default-pvid'];
    if (has(pvid) && Number(pvid) !== 1 && !arr(iface.bridge?.port).some((x) => has(x?.vlan))) {
      ctx.report(`${path}.bridge.options.vlan-default-pvid`, 'vlan-default-pvid other than 1 needs VLAN filtering (a port with vlan config)');
    }
  }
});

export const nmstateBridgeVlanIds = rule('nmstate-bridge-vlan-ids', 'Bridge port VLAN tags and trunk ids are 1-4094, id ranges ordered; vlan-default-pvid is 1-4094.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    arr(iface?.bridge?.port).forEach((port, i) => {
      const vlan = obj(port?.vlan);
      if (!vlan) return;
      const at = `${path}.bridge.port[${i}].vlan`;
      reportProblem(ctx, `${at}.tag`, intRangeProblem(vlan.tag, 1, 4094));
      arr(vlan['trunk-tags']).forEach((t, k) => {
        if (has(t?.id)) return reportProblem(ctx, `${at}.trunk-tags[${k}].id`, intRangeProblem(t.id, 1, 4094));
        const range = t?.['id-range'];
        reportProblem(ctx, `${at}.trunk-tags[${k}].id-range.min`, intRangeProblem(range?.min, 1, 4094));
        reportProblem(ctx, `${at}.trunk-tags[${k}].id-range.max`, intRangeProblem(range?.max, 1, 4094));
        if (Number(range?.min) > Number(range?.max)) ctx.report(`${at}.trunk-tags[${k}].id-range`, `min ${range.min} is above max ${range.max}`);
      });
    });
    reportProblem(ctx, `${path}.bridge.options.vlan-default-pvid`, intRangeProblem(iface?.bridge?.options?.['vlan-default-pvid'], 1, 4094));
  }
});

export const nmstateVlanBaseIfaceId = rule('nmstate-vlan-base-iface-id', 'A vlan interface needs vlan.base-iface and vlan.id.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    if (iface?.type !== 'vlan' || iface.state === 'absent') continue;
    if (!iface.vlan?.['base-iface']) ctx.report(`${path}.vlan.base-iface`, `VLAN interface '${iface.name}' needs vlan.base-iface`);
    if (!has(iface.vlan?.id)) ctx.report(`${path}.vlan.id`, `VLAN interface '${iface.name}' needs vlan.id`);
  }
});

export const nmstateVlanIdRange = rule('nmstate-vlan-id-range', 'VLAN id is 0-4094.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    const id = iface?.vlan?.id;
    if (has(id) && !(Number.isInteger(Number(id)) && Number(id) >= 0 && Number(id) <= 4094)) ctx.report(`${path}.vlan.id`, `VLAN id ${id} must be 0-4094`);
  }
});

export const nmstateMtuIpv6Min = rule('nmstate-mtu-ipv6-min', 'With IPv6 enabled, mtu is at least 1280.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    if (iface?.ipv6?.enabled === true && has(iface.mtu) && Number(iface.mtu) < 1280) ctx.report(`${path}.mtu`, `mtu ${iface.mtu} is below 1280, the IPv6 minimum`);
  }
});

export const nmstateMtuRange = rule('nmstate-mtu-range', 'An interface mtu is an integer from 68 (the IPv4 minimum) to 65535.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) reportProblem(ctx, `${path}.mtu`, intRangeProblem(iface?.mtu, 68, 65535));
});

export const nmstateOvnLocalnetUnique = rule('nmstate-ovn-localnet-unique', 'ovn.bridge-mappings localnet keys are unique.', (p, ctx) => {
  const seen = new Set<string>();
  arr(p.spec?.desiredState?.ovn?.['bridge-mappings']).forEach((m, i) => {
    if (seen.has(m?.localnet)) ctx.report(`spec.desiredState.ovn.bridge-mappings[${i}].localnet`, `localnet '${m.localnet}' is mapped more than once`);
    seen.add(m?.localnet);
  });
});

export const nmstatePortExists = rule('nmstate-port-exists',
  'Ports and VLAN base interfaces exist on the node or in the desired state (checked only against a node NIC inventory).', (p, ctx) => {
    const inventory = ctx.options.nodeInterfaces;
    if (!inventory) return; // physical NIC names cannot be verified offline
    const defined = new Set([...interfaces(p).map(({ iface }) => iface?.name), ...inventory]);
    for (const { iface, path } of interfaces(p)) {
      for (const port of [...bondPorts(iface), ...bridgePorts(iface)]) {
        if (!defined.has(port)) ctx.report(path, `port '${port}' of '${iface.name}' is neither in the desired state nor a known node interface`);
      }
      const base = iface?.vlan?.['base-iface'];
      if (typeof base === 'string' && !defined.has(base)) ctx.report(`${path}.vlan.base-iface`, `base interface '${base}' is neither in the desired state nor a known node interface`);
    }
  });

export const NMSTATE_RULES = [nmstateIfaceSchemaValid, nmstateBondModeRequired, nmstateBondModeValid, nmstateBondMiimonArpExclusive,
  nmstateBondLacpRateMode, nmstatePortSingleController, nmstateBridgeStpRanges, nmstateBridgePortVlan,
  nmstateVlanBaseIfaceId, nmstateVlanIdRange, nmstateMtuIpv6Min, nmstateOvnLocalnetUnique, nmstatePortExists,
  nmstateIfaceValues, nmstatePortListValid, nmstateBridgeVlanIds, nmstateMtuRange];
