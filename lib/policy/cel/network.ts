// CEL for the NodeNetworkConfigurationPolicy, nmstate desiredState and NAD rules (rules/nncp.ts,
// rules/nmstate.ts, rules/nad.ts). `variables.ifaces` is desiredState.interfaces.
import { EFFECTIVE_MODES } from '../../validation/rules/nmstate-bond';
import { CelTranslation } from '../types';
import { and, isDnsSubdomain, list, num } from './helpers';

const BOND_MODES = ['balance-rr', 'active-backup', 'balance-xor', 'broadcast', '802.3ad', 'balance-tlb', 'balance-alb'];
const TYPE_SECTIONS = ['link-aggregation', 'bridge', 'vlan', 'vxlan', 'mac-vlan'];
const STP_RANGES: Array<[string, number, number]> = [['hello-time', 1, 10], ['max-age', 6, 40], ['forward-delay', 2, 30], ['priority', 0, 65535]];
const LABEL_VALUE = "'^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'";
const NOT_A_NUMBER = '-1.0e300';

/** Every interface of the desired state (NNCP only: the family policy also sees NADs). */
const eachIface = (expr: string): CelTranslation => ({ expression: `variables.ifaces.all(i, ${expr})` });
const la = (i: string) => `${i}[?'link-aggregation']`;
/** A bond's port list (port, ports or slaves) and a bridge's port names, strings only. */
const bondPorts = (i: string) => `${la(i)}.optFlatMap(l, l.?port.or(l.?ports).or(l.?slaves)).orValue([]).filter(p, type(p) == string)`;
const bridgePorts = (i: string) => `${i}.?bridge.?port.orValue([]).filter(p, type(p) == map && type(p.?name.orValue(0)) == string).map(p, p.name)`;
const ports = (i: string) => `(${bondPorts(i)} + ${bridgePorts(i)})`;
const onlyKeys = (e: string, keys: string[]) => `(type(${e}) != map || ${e}.all(k, k in ${list(keys)}))`;
/** The mode name of a bond mode written as a name or a digit. */
const modeIs = (mode: string, name: string) => `string(${mode}) in ['${name}', '${BOND_MODES.indexOf(name)}']`;
const tagRange = (t: string) => `(has(${t}.id) ? [${num(`${t}.id`)}, ${num(`${t}.id`)}] : [${num(`${t}[?'id-range'].?min.orValue('x')`)}, ${num(`${t}[?'id-range'].?max.orValue('x')`)}])`;

/** rules/util.ts intRangeProblem: absent, or an integer in [lo, hi] (JSON 5.0 is the integer 5). */
const intIn = (e: string, lo: number, hi: number) => `[dyn(${e})].all(x, (type(x) == int && x >= ${lo} && x <= ${hi}) `
  + `|| (type(x) == double && x >= ${lo}.0 && x <= ${hi}.0 && x == double(int(x))))`;
const present = (e: string) => `${e}.hasValue()`;
/** The names a bond or bridge lists as ports (rules/nmstate.ts bondPorts + bridgePorts). */
const usedPorts = (i: string) => `(${bondPorts(i)} + ${bridgePorts(i)})`;
const effective = `{${Object.entries(EFFECTIVE_MODES).map(([k, modes]) => `'${k}': ${list(modes)}`).join(', ')}}`;
const removed = "variables.ifaces.filter(x, x.?state.orValue('') == 'absent').map(x, x.?name.orValue(''))";

export const NETWORK_CEL: Readonly<Record<string, CelTranslation>> = {
  'nncp-name-label-value': { expression: `object.metadata.?name.orValue('') == '' || (size(object.metadata.name) <= 63 && object.metadata.name.matches(${LABEL_VALUE}))` },
  'nncp-nodeselector-valid': {
    expression: 'size(object.?spec.?nodeSelector.orValue({})) <= 256 && object.?spec.?nodeSelector.orValue({}).all(k, '
      + `[k.split('/')].all(parts, size(parts) <= 2 && (size(parts) == 1 || (parts[0] != '' && ${isDnsSubdomain('parts[0]')})) `
      + "&& [parts[size(parts) - 1]].all(n, size(n) <= 63 && n.matches('^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$'))) "
      + `&& type(object.spec.nodeSelector[k]) == string && size(object.spec.nodeSelector[k]) <= 63 && object.spec.nodeSelector[k].matches(${LABEL_VALUE}))`,
  },
  'nncp-maxunavailable-valid': {
    expression: '!object.?spec.?maxUnavailable.hasValue() || [object.spec.maxUnavailable].all(m, type(m) == int ? m >= 1 : type(m) == double ? m >= 1.0 : '
      + "type(m) == string && (m.matches('^[0-9]+%$') ? int(m.substring(0, size(m) - 1)) != 0 : m.matches('^[0-9]+$') && int(m) >= 1))",
  },
  'nmstate-iface-schema-valid': {
    expression: '(variables.ifaces.all(i, '
      + and([
        "i.?name.orValue('') != ''",
        "!has(i.state) || i.state in ['up', 'down', 'absent', 'ignore']",
        `has(i.type) || i.?state.orValue('') == 'absent' || !${list(TYPE_SECTIONS)}.exists(s, s in i)`,
        onlyKeys("i.?bridge.?options.?stp.orValue({})", ['enabled', 'forward-delay', 'hello-time', 'max-age', 'priority']),
        `i.?bridge.?port.orValue([]).all(p, ${onlyKeys('p', ['name', 'stp-hairpin-mode', 'stp-path-cost', 'stp-priority', 'vlan'])} `
          + `&& (type(p) != map || ${onlyKeys('p.?vlan.orValue({})', ['mode', 'trunk-tags', 'tag', 'enable-native'])}))`,
        `i.?type.orValue('') != 'vlan' || ${onlyKeys('i.?vlan.orValue({})', ['base-iface', 'id', 'protocol', 'registration-protocol', 'reorder-headers', 'loose-binding'])}`,
      ]) + `) && dyn(object).?spec.?desiredState.?ovn[?'bridge-mappings'].orValue([]).all(m, ${onlyKeys('m', ['localnet', 'bridge', 'state'])}))`,
  },
  'nmstate-bond-mode-required': eachIface(`i.?type.orValue('') != 'bond' || i.?state.orValue('up') != 'up' || ${la('i')}.?mode.hasValue()`),
  'nmstate-bond-mode-valid': eachIface(`!${la('i')}.?mode.hasValue() || string(${la('i')}.?mode.orValue('')) in ${list(BOND_MODES)} || string(${la('i')}.?mode.orValue('')).matches('^[0-6]$')`),
  'nmstate-bond-miimon-arp-exclusive': eachIface(`!(${num(`${la('i')}.?options.?miimon.orValue('x')`)} > 0.0 && ${num(`${la('i')}.?options.?arp_interval.orValue('x')`)} > 0.0)`),
  'nmstate-bond-lacp-rate-mode': eachIface(`!(${la('i')}.?options.?lacp_rate.hasValue() && string(${la('i')}.?options.?lacp_rate.orValue('')) in ['fast', '1'] `
    + `&& ${la('i')}.?mode.hasValue() && !(${modeIs(`${la('i')}.?mode.orValue('')`, '802.3ad')}))`),
  'nmstate-bond-option-values': eachIface(`!${la('i')}.hasValue() || [i['link-aggregation']].all(l, `
    + and([
      "type(l.?options.?ad_actor_system.orValue(0)) != string || !l.options.ad_actor_system.matches('(?i)^01:00:5e')",
      `size(l[?'ports-config'].orValue([])) == 0 || (`
        + `(size(${bondPorts('i')}) == 0 || (${bondPorts('i')}.all(p, l['ports-config'].exists(c, c.?name.orValue('') == p)) `
        + `&& l['ports-config'].all(c, c.?name.orValue('') in ${bondPorts('i')}))) `
        + `&& [l['ports-config'].filter(c, c[?'queue-id'].hasValue() && ${num("c['queue-id']")} != 0.0).map(c, c['queue-id'])].all(q, q.all(a, size(q.filter(b, b == a)) == 1)))`,
      `!(l.?mode.hasValue() && ${modeIs('l.mode', 'active-backup')} && l.?options.?fail_over_mac.orValue('') == 'active' && i[?'mac-address'].hasValue())`,
    ]) + ')'),
  'nmstate-port-single-controller': {
    expression: `[variables.ifaces.filter(i, i.?state.orValue('') != 'absent')].all(live, live.all(a, ${ports('a')}.all(p, `
      + `live.all(b, b.?name.orValue('') == a.?name.orValue('') || !(p in ${ports('b')})))) && variables.ifaces.all(i, i.?controller.orValue('') == '' `
      + `|| live.filter(o, i.?name.orValue('') in ${ports('o')}).all(o, o.?name.orValue('') == i.controller)))`,
  },
  'nmstate-bridge-stp-ranges': eachIface("i.?type.orValue('') == 'ovs-bridge' || type(i.?bridge.?options.?stp.orValue(0)) != map || [i.bridge.options.stp].all(s, "
    + and(STP_RANGES.map(([f, lo, hi]) => `!('${f}' in s) || (${num(`s['${f}']`)} >= ${lo}.0 && ${num(`s['${f}']`)} <= ${hi}.0)`)) + ')'),
  'nmstate-bridge-port-vlan': eachIface("i.?bridge.?port.orValue([]).all(p, type(p.?vlan.orValue(0)) != map || [p.vlan].all(v, "
    + and([
      "v.?mode.orValue('') != 'trunk' || size(v[?'trunk-tags'].orValue([])) > 0",
      "v.?mode.orValue('') != 'access' || size(v[?'trunk-tags'].orValue([])) == 0",
      "v.?mode.orValue('') != 'access' || v[?'enable-native'].orValue(false) != true",
      "v.?mode.orValue('') != 'trunk' || !has(v.tag) || v[?'enable-native'].orValue(false) == true",
      `[v[?'trunk-tags'].orValue([]).map(t, ${tagRange('t')})].all(r, r.all(a, size(r.filter(b, b[0] <= a[1] && a[0] <= b[1])) <= 1))`,
    ]) + `)) && (!i.?bridge.?options[?'vlan-default-pvid'].hasValue() || ${num("i.bridge.options['vlan-default-pvid']")} == 1.0 `
    + '|| i.?bridge.?port.orValue([]).exists(x, type(x) == map && has(x.vlan)))'),
  'nmstate-vlan-base-iface-id': eachIface("i.?type.orValue('') != 'vlan' || i.?state.orValue('') == 'absent' || (i.?vlan[?'base-iface'].orValue('') != '' && i.?vlan.?id.hasValue())"),
  'nmstate-vlan-id-range': eachIface(`!i.?vlan.?id.hasValue() || [${num('i.vlan.id')}].all(n, n >= 0.0 && n <= 4094.0 && n == double(int(n)))`),
  'nmstate-mtu-ipv6-min': eachIface(`i.?ipv6.?enabled.orValue(false) != true || !has(i.mtu) || [${num('i.mtu')}].all(n, n == ${NOT_A_NUMBER} || n >= 1280.0)`),
  'nmstate-ovn-localnet-unique': {
    expression: `[dyn(object).?spec.?desiredState.?ovn[?'bridge-mappings'].orValue([])].all(ms, ms.all(m, size(ms.filter(x, x.?localnet == m.?localnet)) == 1))`,
  },
  'nncp-maxunavailable-percent': {
    expression: "!object.?spec.?maxUnavailable.hasValue() || [string(dyn(object.spec.maxUnavailable))].all(m, !m.matches('^[0-9]+%$') "
      + '|| (size(m) <= 19 && int(m.substring(0, size(m) - 1)) <= 100))',
  },
  'nmstate-mtu-range': eachIface(`!${present('i.?mtu')} || ${intIn('i.mtu', 68, 65535)}`),
  'nmstate-port-list-valid': eachIface(`i.?state.orValue('') == 'absent' || [(${la('i')}.?port.orValue([]) + i.?bridge.?port.orValue([]).map(b, type(b) == map ? b.?name.orValue(0) : 0)).filter(n, type(n) == string)].all(names, `
    + "names.all(n, size(names.filter(m, m == n)) == 1 && n != i.?name.orValue('')))"),
  'nmstate-bridge-vlan-ids': eachIface("i.?bridge.?port.orValue([]).all(p, type(p.?vlan.orValue(0)) != map || [p.vlan].all(v, "
    + `(!${present('v.?tag')} || ${intIn('v.tag', 1, 4094)}) && v[?'trunk-tags'].orValue([]).all(t, has(t.id) ? ${intIn('t.id', 1, 4094)} : `
    + `[t[?'id-range']].all(r, (!${present("r.?min")} || ${intIn('r.value().min', 1, 4094)}) && (!${present('r.?max')} || ${intIn('r.value().max', 1, 4094)}) `
    + `&& !(${num("r.?min.orValue('x')")} > ${num("r.?max.orValue('x')")} && ${num("r.?max.orValue('x')")} != ${NOT_A_NUMBER}))))) `
    + `&& (!${present("i.?bridge.?options[?'vlan-default-pvid']")} || ${intIn("i.bridge.options['vlan-default-pvid']", 1, 4094)})`),
  'nmstate-port-removed': {
    expression: `[${removed}].all(gone, variables.ifaces.all(i, i.?state.orValue('') == 'absent' || `
      + `(${usedPorts('i')} + [i.?vlan[?'base-iface'].orValue(0)].filter(n, type(n) == string)).all(n, !(n in gone))) `
      + "&& dyn(object).?spec.?desiredState.?ovn[?'bridge-mappings'].orValue([]).all(m, m.?state.orValue('present') != 'present' "
      + "|| !variables.ifaces.exists(x, x.?state.orValue('') == 'absent' && x.?type.orValue('') == 'ovs-bridge' && x.?name == m.?bridge)))",
  },
  'nmstate-ovs-interface-unattached': eachIface("i.?type.orValue('') != 'ovs-interface' || i.?state.orValue('') == 'absent' "
    + `|| variables.ifaces.exists(b, b.?type.orValue('') == 'ovs-bridge' && i.?name.orValue('') in ${bridgePorts('b')})`),
  'nmstate-dns-valid': {
    expression: "dyn(object).?spec.?desiredState[?'dns-resolver'].?config.?server.orValue([]).all(srv, type(srv) == string && [srv.split('%')].all(p, "
      + 'isIP(p[0]) && (size(p) == 1 || ip(p[0]).family() == 6)))',
  },
  'nmstate-ip-address-valid': eachIface(and([['ipv4', 4, 32], ['ipv6', 6, 128]].map(([sec, family, max]) => `type(i[?'${sec}'].orValue(0)) != map `
    + `|| i['${sec}'].?address.orValue([]).all(a, type(a) == map && type(a.?ip.orValue(0)) == string && isIP(a.ip) && ip(a.ip).family() == ${family} `
    + `&& (!${present("a[?'prefix-length']")} || ${intIn("a['prefix-length']", 0, max as number)}))`))),
  'nmstate-routes-valid': {
    expression: "dyn(object).?spec.?desiredState.?routes.?config.orValue([]).all(r, "
      + and([
        "(type(r.?destination.orValue(0)) == string && isCIDR(r.destination)) || (r.?state.orValue('') == 'absent' && !has(r.destination))",
        "!('next-hop-address' in r) || (type(r['next-hop-address']) == string && isIP(r['next-hop-address']) && "
          + "(!(type(r.?destination.orValue(0)) == string && isCIDR(r.destination)) || ip(r['next-hop-address']).family() == cidr(r.destination).ip().family()))",
        "('next-hop-interface' in r) || ('route-type' in r) || r.?state.orValue('') == 'absent'",
        "!has(r.source) || (type(r.source) == string && isIP(r.source))",
        `!${present('r.?metric')} || ${intIn('r.metric', 0, 4294967295)}`,
        `!${present("r[?'table-id']")} || ${intIn("r['table-id']", 0, 4294967295)}`,
        `!${present('r.?weight')} || ${intIn('r.weight', 1, 256)}`,
        "!('route-type' in r) || r['route-type'] in ['blackhole', 'prohibit', 'unreachable']",
      ]) + ')',
  },
  'nmstate-bond-option-ignored': eachIface(`!${la('i')}.?mode.hasValue() || [string(dyn(${la('i')}.?mode.orValue('')))].all(ms, `
    + `[ms.matches('^[0-6]$') ? ${list(BOND_MODES)}[int(ms)] : ms].all(mode, type(${la('i')}.?options.orValue(0)) != map || `
    + `${la('i')}.?options.orValue({}).all(k, !(k in ${effective}) || mode in ${effective}[k] || dyn(${la('i')}.?options.orValue({})[k]) == null)))`),
  'nad-name-format': { expression: "object.metadata.?name.orValue('') == '' || object.metadata.name.matches('^[a-z1-9]([-a-z0-9]*[a-z0-9])?$')" },
};
