// nmstate desiredState rules beyond the interfaces' own sections (catalog section 10): routes,
// DNS, IP addresses, and references to interfaces the same desired state removes.
import { ipFamily, parseCidr } from '../../parsers';
import { bondPorts, bridgePorts, interfaces, reportProblem, rule } from './nmstate';
import { arr, has, intRangeProblem, obj, oneOfProblem, U32 } from './util';

export const nmstateRoutesValid = rule('nmstate-routes-valid',
  'Static routes: destination in CIDR notation, gateway and source addresses of its family, a next-hop interface or route type, values in range.', (p, ctx) => {
    arr(p.spec?.desiredState?.routes?.config).forEach((r, i) => {
      const at = `spec.desiredState.routes.config[${i}]`;
      const absent = r?.state === 'absent';
      const dest = parseCidr(r?.destination);
      if (!dest && !(absent && !has(r?.destination))) ctx.report(`${at}.destination`, `'${r?.destination}' is not in CIDR notation`);
      if (has(r?.['next-hop-address'])) {
        const family = ipFamily(r['next-hop-address']);
        if (!family) ctx.report(`${at}.next-hop-address`, `'${r['next-hop-address']}' is not an IP address`);
        else if (dest && family !== dest.family) ctx.report(`${at}.next-hop-address`, `an IPv${family} gateway for an IPv${dest.family} destination`);
      }
      if (!has(r?.['next-hop-interface']) && !has(r?.['route-type']) && !absent) {
        ctx.report(`${at}.next-hop-interface`, 'a route needs a next-hop interface (or a route type such as blackhole)');
      }
      if (has(r?.source) && !ipFamily(r.source)) ctx.report(`${at}.source`, `'${r.source}' is not an IP address`);
      reportProblem(ctx, `${at}.metric`, intRangeProblem(r?.metric, 0, U32));
      reportProblem(ctx, `${at}.table-id`, intRangeProblem(r?.['table-id'], 0, U32));
      reportProblem(ctx, `${at}.weight`, intRangeProblem(r?.weight, 1, 256));
      reportProblem(ctx, `${at}.route-type`, oneOfProblem(r?.['route-type'], ['blackhole', 'prohibit', 'unreachable']));
    });
  });

export const nmstateDnsValid = rule('nmstate-dns-valid', 'DNS resolver servers are IP addresses (IPv6 link-local ones may name an interface after %).', (p, ctx) => {
  arr(p.spec?.desiredState?.['dns-resolver']?.config?.server).forEach((s, i) => {
    const [address, zone] = typeof s === 'string' ? s.split('%') : [s];
    if (!ipFamily(address) || (zone !== undefined && ipFamily(address) !== 6)) {
      ctx.report(`spec.desiredState.dns-resolver.config.server[${i}]`, `'${s}' is not an IP address`);
    }
  });
});

/** Per address section: its family and longest prefix. */
const ADDRESS_SECTIONS = [['ipv4', 4, 32], ['ipv6', 6, 128]] as const;

/** True when an interface of `all` has this state (and type, when given). */
function anyIface(all: ReturnType<typeof interfaces>, state: string | undefined, type?: string): boolean {
  for (let i = 0; i < all.length; i++) {
    const iface = all[i].iface;
    if ((state === undefined || iface?.state === state) && (type === undefined || iface?.type === type)) return true;
  }
  return false;
}

export const nmstateIpAddressValid = rule('nmstate-ip-address-valid', 'Static interface addresses are of their section\'s family with a prefix length in range.', (p, ctx) => {
  for (const { iface, path } of interfaces(p)) {
    for (let s = 0; s < ADDRESS_SECTIONS.length; s++) {
      const section = ADDRESS_SECTIONS[s][0];
      const family = ADDRESS_SECTIONS[s][1];
      const maxPrefix = ADDRESS_SECTIONS[s][2];
      arr(obj(iface?.[section])?.address).forEach((a, i) => {
        const at = `${path}.${section}.address[${i}]`;
        if (ipFamily(a?.ip) !== family) ctx.report(`${at}.ip`, `'${a?.ip}' is not an IPv${family} address`);
        reportProblem(ctx, `${at}.prefix-length`, intRangeProblem(a?.['prefix-length'], 0, maxPrefix));
      });
    }
  }
});

export const nmstatePortRemoved = rule('nmstate-port-removed',
  'Ports, VLAN bases and OVN bridge mappings do not use an interface the same desired state removes (state absent).', (p, ctx) => {
    const all = interfaces(p);
    // Every policy is judged: the sets below only for one that removes an interface (else nothing to report).
    if (!anyIface(all, 'absent')) return;
    const removed = new Set(all.filter(({ iface }) => iface?.state === 'absent').map(({ iface }) => iface.name));
    for (const { iface, path } of all) {
      if (iface?.state === 'absent') continue;
      const uses = [...bondPorts(iface), ...bridgePorts(iface), iface?.vlan?.['base-iface']].filter((n) => typeof n === 'string');
      for (const name of new Set(uses)) if (removed.has(name)) ctx.report(path, `uses '${name}', which this policy removes (state absent)`);
    }
    const removedOvs = new Set(all.filter(({ iface }) => iface?.state === 'absent' && iface?.type === 'ovs-bridge').map(({ iface }) => iface.name));
    arr(p.spec?.desiredState?.ovn?.['bridge-mappings']).forEach((m, i) => {
      if ((m?.state ?? 'present') === 'present' && removedOvs.has(m?.bridge)) {
        ctx.report(`spec.desiredState.ovn.bridge-mappings[${i}].bridge`, `OVS bridge '${m.bridge}' is removed by this policy (state absent)`);
      }
    });
  });

export const nmstateOvsInterfaceUnattached = rule('nmstate-ovs-interface-unattached',
  'An OVS internal interface is a port of an OVS bridge of the same desired state (else it needs a bridge already on the node).', (p, ctx) => {
    const all = interfaces(p);
    if (!anyIface(all, undefined, 'ovs-interface')) return;
    const ovsPorts = new Set(all.filter(({ iface }) => iface?.type === 'ovs-bridge').flatMap(({ iface }) => bridgePorts(iface)));
    for (const { iface, path } of all) {
      if (iface?.type === 'ovs-interface' && iface.state !== 'absent' && !ovsPorts.has(iface.name)) {
        ctx.report(path, `OVS internal interface '${iface.name}' is not a port of any OVS bridge of this policy`);
      }
    }
  }, 'warning');

export const NMSTATE_STATE_RULES = [nmstateRoutesValid, nmstateDnsValid, nmstateIpAddressValid, nmstatePortRemoved, nmstateOvsInterfaceUnattached];
