// Values inside a NAD's CNI plugins (catalog section 11): what the bridge, macvlan, SR-IOV and
// OVN-Kubernetes plugins and their IPAM refuse when a VM pod's interface is set up (the pod
// then never starts: FailedCreatePodSandBox).
import { Cidr, cidrContains, interfaceNameProblem, ipFamily, parseCidr } from '../../parsers';
import { isBridgePlugin, pluginsAt, rule } from './nad';
import { RuleContext } from './types';
import { arr, has, intRangeProblem, obj, oneOfProblem, U32 } from './util';

function report(ctx: RuleContext, path: string, problem: string | undefined): void {
  if (problem) ctx.report(path, problem);
}

export const nadInterfaceNamesValid = rule('nad-interface-names-valid', 'error', "A bridge plugin's bridge and a macvlan's master are kernel interface names.", (_nad, cni, ctx) => {
  for (const { plugin, at } of pluginsAt(cni)) {
    if (isBridgePlugin(plugin) && has(plugin.bridge)) report(ctx, `${at}.bridge`, interfaceNameProblem(plugin.bridge));
    if (plugin.type === 'macvlan' && has(plugin.master)) report(ctx, `${at}.master`, interfaceNameProblem(plugin.master));
  }
});

/** Comma-separated CIDRs (OVN-Kubernetes subnets); each with its index, undefined where it does not parse. */
function cidrList(value: unknown): Array<Cidr | undefined> {
  return typeof value === 'string' && value !== '' ? value.split(',').map((c) => parseCidr(c.trim())) : [];
}

function checkOvn(p: Record<string, any>, at: string, ctx: RuleContext): void {
  report(ctx, `${at}.vlanID`, intRangeProblem(p.vlanID, 1, 4094));
  if (p.topology === 'layer3') return; // layer3 subnets carry a per-node host prefix (10.0.0.0/16/24)
  const parsed: Record<string, Cidr[]> = {};
  for (const key of ['subnets', 'excludeSubnets', 'reservedSubnets']) {
    const raw = typeof p[key] === 'string' ? (p[key] as string).split(',') : [];
    parsed[key] = [];
    cidrList(p[key]).forEach((c, i) => {
      if (c) parsed[key].push(c);
      else ctx.report(`${at}.${key}[${i}]`, `'${raw[i].trim()}' is not in CIDR notation`);
    });
  }
  for (const key of ['excludeSubnets', 'reservedSubnets']) {
    const what = key === 'excludeSubnets' ? 'exclude from' : 'reserve from';
    if (parsed[key].length > 0 && !has(p.subnets)) ctx.report(`${at}.${key}`, `needs subnets to ${what}`);
    if (parsed.subnets.length === 0) continue;
    parsed[key].forEach((c, i) => {
      if (!parsed.subnets.some((s) => cidrContains(s, c))) ctx.report(`${at}.${key}[${i}]`, `${c.address}/${c.prefixLength} is not inside any of the subnets`);
    });
  }
}

function checkSriov(p: Record<string, any>, at: string, ctx: RuleContext): void {
  report(ctx, `${at}.vlan`, intRangeProblem(p.vlan, 0, 4094));
  report(ctx, `${at}.vlanQoS`, intRangeProblem(p.vlanQoS, 0, 7));
  const vlan = has(p.vlan) && p.vlan !== 0;
  if (!vlan && has(p.vlanQoS) && p.vlanQoS !== 0) ctx.report(`${at}.vlanQoS`, 'needs a vlan');
  if (!vlan && has(p.vlanProto)) ctx.report(`${at}.vlanProto`, 'needs a vlan');
  report(ctx, `${at}.vlanProto`, oneOfProblem(p.vlanProto, ['802.1q', '802.1ad', '802.1Q', '802.1AD']));
  report(ctx, `${at}.link_state`, oneOfProblem(p.link_state, ['auto', 'enable', 'disable']));
  report(ctx, `${at}.min_tx_rate`, intRangeProblem(p.min_tx_rate, 0, U32));
  report(ctx, `${at}.max_tx_rate`, intRangeProblem(p.max_tx_rate, 0, U32));
  if (Number(p.max_tx_rate) > 0 && Number(p.min_tx_rate) > Number(p.max_tx_rate)) ctx.report(`${at}.min_tx_rate`, `${p.min_tx_rate} is above max_tx_rate ${p.max_tx_rate}`);
}

export const nadPluginValues = rule('nad-plugin-values', 'error',
  'Plugin values the CNI plugins refuse: MTU 68-65535, macvlan mode, SR-IOV VLAN/QoS/rates, OVN VLAN and subnets (exclusions inside the subnets).', (_nad, cni, ctx) => {
    for (const { plugin: p, at } of pluginsAt(cni)) {
      if (has(p.mtu)) report(ctx, `${at}.mtu`, intRangeProblem(p.mtu, 68, 65535));
      if (p.type === 'macvlan') report(ctx, `${at}.mode`, oneOfProblem(p.mode, ['bridge', 'private', 'vepa', 'passthru']));
      if (p.type === 'sriov') checkSriov(p, at, ctx);
      if (p.type === 'ovn-k8s-cni-overlay') checkOvn(p, at, ctx);
    }
  });

export const nadOvnPersistentIpsSubnets = rule('nad-ovn-persistent-ips-subnets', 'warning', 'allowPersistentIPs has an effect only with subnets (OVN IPAM).', (_nad, cni, ctx) => {
  for (const { plugin: p, at } of pluginsAt(cni)) {
    if (p.type === 'ovn-k8s-cni-overlay' && p.allowPersistentIPs === true && !has(p.subnets)) ctx.report(`${at}.allowPersistentIPs`, 'has no effect without subnets (no IPAM)');
  }
});

export const nadIpamValid = rule('nad-ipam-valid', 'error', 'IPAM ranges, subnets and static addresses are CIDRs, gateways and range bounds IP addresses, route destinations CIDRs.', (_nad, cni, ctx) => {
  for (const { plugin, at: pluginAt } of pluginsAt(cni)) {
    const ipam = obj(plugin.ipam);
    if (!ipam) continue;
    const at = `${pluginAt}.ipam`;
    const cidr = (path: string, value: unknown) => { if (has(value) && !parseCidr(value)) ctx.report(path, `'${value}' is not in CIDR notation`); };
    const ip = (path: string, value: unknown) => { if (has(value) && !ipFamily(value)) ctx.report(path, `'${value}' is not an IP address`); };
    if (ipam.type === 'whereabouts') {
      // whereabouts also takes a range with explicit ends: 192.0.2.10-192.0.2.20/24
      const ends = typeof ipam.range === 'string' ? /^([^-/]+)-([^/]+)(\/\d+)$/.exec(ipam.range) : null;
      if (ends) { cidr(`${at}.range`, ends[1] + ends[3]); ip(`${at}.range`, ends[2]); } else cidr(`${at}.range`, ipam.range);
      arr(ipam.exclude).forEach((e, i) => cidr(`${at}.exclude[${i}]`, e));
      for (const key of ['range_start', 'range_end', 'gateway']) ip(`${at}.${key}`, ipam[key]);
    }
    if (ipam.type === 'host-local') {
      arr(ipam.ranges).forEach((set, i) => arr(set).forEach((r, j) => {
        cidr(`${at}.ranges[${i}][${j}].subnet`, r?.subnet);
        for (const key of ['rangeStart', 'rangeEnd', 'gateway']) ip(`${at}.ranges[${i}][${j}].${key}`, r?.[key]);
      }));
    }
    if (ipam.type === 'static') {
      arr(ipam.addresses).forEach((a, i) => { cidr(`${at}.addresses[${i}].address`, a?.address); ip(`${at}.addresses[${i}].gateway`, a?.gateway); });
    }
    arr(ipam.routes).forEach((r, i) => { cidr(`${at}.routes[${i}].dst`, r?.dst); ip(`${at}.routes[${i}].gw`, r?.gw); });
  }
});

export const NAD_PLUGIN_RULES = [nadInterfaceNamesValid, nadPluginValues, nadOvnPersistentIpsSubnets, nadIpamValid];
