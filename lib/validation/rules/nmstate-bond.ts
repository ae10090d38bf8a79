// nmstate bond option rules (catalog section 10): the kernel bonding driver refuses values out
// of range and options the mode does not support; some options only have effect in some modes.
import { ipFamily, isColonMac } from '../../parsers';
import { bondPorts, bondOptions, interfaces, modeName, reportProblem, rule } from './nmstate';
import { RuleContext } from './types';
import { arr, has, intRangeProblem, obj, oneOfProblem, U32 } from './util';

/** nmstate reads numeric bond options from numbers or digit strings (`miimon: "100"`). */
function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
}

const RANGES: Array<[string, number, number]> = [
  ['ad_actor_sys_prio', 1, 65535], ['ad_user_port_key', 0, 1023], ['arp_interval', 0, U32], ['downdelay', 0, U32],
  ['updelay', 0, U32], ['miimon', 0, U32], ['min_links', 0, U32], ['lp_interval', 1, 0x7fffffff], ['num_grat_arp', 0, 255],
  ['num_unsol_na', 0, 255], ['resend_igmp', 0, 255], ['arp_missed_max', 1, 255], ['packets_per_slave', 0, 65535],
];

/** Named values; the kernel also takes each value's number, which nmstate passes through. */
const ENUMS: Array<[string, string[]]> = [
  ['ad_select', ['stable', 'bandwidth', 'count']], ['lacp_rate', ['slow', 'fast']], ['arp_all_targets', ['any', 'all']],
  ['arp_validate', ['none', 'active', 'backup', 'all', 'filter', 'filter_active', 'filter_backup']],
  ['fail_over_mac', ['none', 'active', 'follow']], ['primary_reselect', ['always', 'better', 'failure']],
  ['xmit_hash_policy', ['layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4', 'vlan+srcmac']],
];

/** A comma-separated string (as nmstate writes arp_ip_target) or a list. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : value.split(',').map((t) => t.trim());
  return arr(value).map(String);
}

export const nmstateBondOptionValues = rule('nmstate-bond-option-values', 'Bond option values are consistent (ad_actor_system, ports-config, queue-id, fail_over_mac).', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    const la = obj(iface?.['link-aggregation']);
    if (!la) continue;
    const o = bondOptions(iface);
    if (typeof o.ad_actor_system === 'string' && /^01:00:5e/i.test(o.ad_actor_system)) ctx.report(`${path}.link-aggregation.options.ad_actor_system`, 'ad_actor_system cannot be a multicast 01:00:5E MAC');
    const cfg = arr(la['ports-config']);
    if (cfg.length) {
      const ports = new Set(bondPorts(iface));
      const cfgNames = new Set(cfg.map((c) => c?.name));
      if (ports.size && (ports.size !== cfgNames.size || [...ports].some((x) => !cfgNames.has(x)))) ctx.report(`${path}.link-aggregation.ports-config`, 'port and ports-config must list the same interfaces');
      const queues = cfg.map((c) => c?.['queue-id']).filter((q) => has(q) && Number(q) !== 0);
      if (new Set(queues).size !== queues.length) ctx.report(`${path}.link-aggregation.ports-config`, 'queue-id values must be unique');
    }
    if (modeName(la.mode) === 'active-backup' && o.fail_over_mac === 'active' && has(iface['mac-address'])) {
      ctx.report(`${path}.mac-address`, 'fail_over_mac active in active-backup mode forbids setting mac-address');
    }
  }
});

export const nmstateBondOptionRanges = rule('nmstate-bond-option-ranges',
  'Bond option values are in range, known, and supported by the mode (lacp_* only in 802.3ad, ARP monitoring, targets, balance-slb, primary, port priority).', (p, ctx) => {
    for (const { iface, path } of interfaces(p)) {
      const la = obj(iface?.['link-aggregation']);
      if (!la) continue;
      const mode = modeName(la.mode);
      const o = bondOptions(iface);
      const at = `${path}.link-aggregation.options`;
      // Indexed, and a path only for a problem: twenty options checked per bond.
      for (let r = 0; r < RANGES.length; r++) {
        const key = RANGES[r][0];
        const problem = intRangeProblem(numeric(o[key]), RANGES[r][1], RANGES[r][2]);
        if (problem) reportProblem(ctx, `${at}.${key}`, problem);
      }
      for (let e = 0; e < ENUMS.length; e++) {
        const key = ENUMS[e][0];
        if (!has(o[key]) || typeof o[key] === 'number' || /^\d+$/.test(String(o[key]))) continue;
        const problem = oneOfProblem(o[key], ENUMS[e][1]);
        if (problem) reportProblem(ctx, `${at}.${key}`, problem);
      }
      // The kernel refuses lacp_* outside 802.3ad; lacp_rate fast is nmstate-bond-lacp-rate-mode's.
      if (has(la.mode) && mode !== '802.3ad') {
        if (has(o.lacp_rate) && !(o.lacp_rate === 'fast' || String(o.lacp_rate) === '1')) ctx.report(`${at}.lacp_rate`, `only valid in mode 802.3ad, not ${la.mode}`);
        if (has(o.lacp_active)) ctx.report(`${at}.lacp_active`, `only valid in mode 802.3ad, not ${la.mode}`);
      }
      if (has(o.ad_actor_system) && !isColonMac(o.ad_actor_system)) ctx.report(`${at}.ad_actor_system`, `'${o.ad_actor_system}' is not a MAC address`);
      const arpOn = Number(numeric(o.arp_interval) ?? 0) > 0;
      if (arpOn && ['802.3ad', 'balance-tlb', 'balance-alb'].includes(mode)) ctx.report(`${at}.arp_interval`, `ARP monitoring is invalid in mode ${mode}; use miimon`);
      checkTargets(o, at, arpOn, ctx);
      if (o['balance-slb'] === true && (mode !== 'balance-xor' || o.xmit_hash_policy !== 'vlan+srcmac')) {
        ctx.report(`${at}.balance-slb`, 'balance-slb needs mode balance-xor and xmit_hash_policy vlan+srcmac');
      }
      const ports = bondPorts(iface);
      if (typeof o.primary === 'string' && !ports.includes(o.primary)) ctx.report(`${at}.primary`, `'${o.primary}' is not a port of the bond`);
      arr(la['ports-config']).forEach((c, i) => {
        const cat = `${path}.link-aggregation.ports-config[${i}]`;
        reportProblem(ctx, `${cat}.priority`, intRangeProblem(numeric(c?.priority), -0x80000000, 0x7fffffff));
        if (has(c?.priority) && !['active-backup', 'balance-tlb', 'balance-alb'].includes(mode)) {
          ctx.report(`${cat}.priority`, `port priority needs mode active-backup, balance-tlb or balance-alb, not ${mode}`);
        }
        reportProblem(ctx, `${cat}.queue-id`, intRangeProblem(numeric(c?.['queue-id']), 0, 65535));
      });
    }
  });

function checkTargets(o: Record<string, any>, at: string, arpOn: boolean, ctx: RuleContext): void {
  const v4 = targets(o.arp_ip_target);
  const v6 = targets(o.ns_ip6_target);
  if (!arpOn) {
    if (v4.length) ctx.report(`${at}.arp_ip_target`, 'only valid when arp_interval > 0');
    if (v6.length) ctx.report(`${at}.ns_ip6_target`, 'only valid when arp_interval > 0');
  }
  if (v4.length > 16) ctx.report(`${at}.arp_ip_target`, 'at most 16 targets');
  if (v6.length > 16) ctx.report(`${at}.ns_ip6_target`, 'at most 16 targets');
  v4.forEach((t, i) => { if (ipFamily(t) !== 4) ctx.report(`${at}.arp_ip_target[${i}]`, `'${t}' is not an IPv4 address`); });
  v6.forEach((t, i) => { if (ipFamily(t) !== 6) ctx.report(`${at}.ns_ip6_target[${i}]`, `'${t}' is not an IPv6 address`); });
}

/** Options the kernel documents as having effect only in some modes (elsewhere they are ignored). */
export const EFFECTIVE_MODES: Record<string, string[]> = {
  ad_actor_sys_prio: ['802.3ad'], ad_actor_system: ['802.3ad'], ad_select: ['802.3ad'], ad_user_port_key: ['802.3ad'], min_links: ['802.3ad'],
  lp_interval: ['balance-tlb', 'balance-alb'],
  fail_over_mac: ['active-backup'], num_grat_arp: ['active-backup'], num_unsol_na: ['active-backup'], arp_all_targets: ['active-backup'],
  packets_per_slave: ['balance-rr'],
  primary: ['active-backup', 'balance-tlb', 'balance-alb'], primary_reselect: ['active-backup', 'balance-tlb', 'balance-alb'],
  tlb_dynamic_lb: ['balance-tlb'],
  xmit_hash_policy: ['balance-xor', '802.3ad', 'balance-tlb'],
};

export const nmstateBondOptionIgnored = rule('nmstate-bond-option-ignored', 'Bond options that have no effect in the bond\'s mode (the kernel ignores them).', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    const mode = iface?.['link-aggregation']?.mode;
    if (!has(mode)) continue;
    const o = bondOptions(iface);
    for (const key of Object.keys(o).sort()) {
      const modes = EFFECTIVE_MODES[key];
      if (modes && has(o[key]) && !modes.includes(modeName(mode))) {
        ctx.report(`${path}.link-aggregation.options.${key}`, `has no effect in mode ${mode} (only in ${modes.join(', ')})`);
      }
    }
  }
}, 'warning');

export const NMSTATE_BOND_RULES = [nmstateBondOptionValues, nmstateBondOptionRanges, nmstateBondOptionIgnored];
