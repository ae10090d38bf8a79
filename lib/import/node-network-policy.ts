// nmstate NodeNetworkConfigurationPolicies as `kv.NodeNetworkPolicy` with `addBond`,
// `addLinuxBridge`, `addVlan`, `addRoute`, `setDns`, `addOvnBridgeMapping`; a port defined earlier in
// the same policy is a construct reference.
import { Code, code, literal } from './code';
import { countFields } from './json-patch';
import { enumOf, isObject } from './model';

export interface PolicyMapping {
  readonly props: Record<string, unknown>;
  /** Statements after the policy, given its variable; each may declare a member variable. */
  readonly after: Array<{ declare?: string; type?: string; text: (policyVar: string) => string }>;
  /** Linux bridges by name: the member variable that holds each. */
  readonly bridges: Record<string, string>;
  readonly rawFields: number;
}

type Rendered = Record<string, unknown>;

function ipConfig(ip: unknown, family: 4 | 6): { code?: Code } | undefined {
  if (!isObject(ip)) return undefined;
  if (Object.keys(ip).length === 1 && ip.enabled === false) return {};
  const dhcp = family === 4 ? { enabled: true, dhcp: true } : { enabled: true, dhcp: true, autoconf: true };
  if (Object.keys(ip).length === Object.keys(dhcp).length && Object.entries(dhcp).every(([k, v]) => ip[k] === v)) {
    return { code: code('kv.IpConfig.dhcp()') };
  }
  const base: Rendered = family === 4 ? { enabled: true, dhcp: false } : { enabled: true, dhcp: false, autoconf: false };
  const keys = [...Object.keys(base), 'address'];
  if (Array.isArray(ip.address) && ip.address.length > 0 && Object.keys(ip).length === keys.length && Object.entries(base).every(([k, v]) => ip[k] === v)
    && ip.address.every((a: any) => isObject(a) && typeof a.ip === 'string' && Number.isInteger(a['prefix-length']) && Object.keys(a).length === 2)) {
    const cidrs = ip.address.map((a: any) => `${a.ip}/${a['prefix-length']}`);
    return { code: code(`kv.IpConfig.static(${literal(cidrs)})`) };
  }
  return undefined;
}

export function mapNodeNetworkPolicy(spec: any, varNames: (ifaceName: string, type: string) => string): PolicyMapping {
  const props: Record<string, unknown> = {};
  const s = isObject(spec) ? spec : {};
  if (isObject(s.nodeSelector) && Object.values(s.nodeSelector).every((v) => typeof v === 'string') && Object.keys(s.nodeSelector).length > 0) {
    props.nodeSelector = { ...s.nodeSelector };
  }
  if (typeof s.maxUnavailable === 'number' || typeof s.maxUnavailable === 'string') {
    props.maxUnavailable = s.maxUnavailable;
  }
  if (isObject(s.capture) && Object.values(s.capture).every((v) => typeof v === 'string')) {
    props.capture = { ...s.capture };
  }
  const desired = isObject(s.desiredState) ? s.desiredState : {};
  const interfaces: any[] = Array.isArray(desired.interfaces) ? desired.interfaces : [];
  const after: PolicyMapping['after'] = [];
  const defined = new Map<string, string>();
  const bridges: Record<string, string> = {};
  let rawFields = 0;
  let raw = false;
  for (const iface of interfaces) {
    const typed = raw ? undefined : mapInterface(iface, defined);
    if (!typed) {
      raw = true;
      const entry = isObject(iface) ? iface : { name: String(iface) };
      after.push({ text: (p) => `${p}.addRawInterface(${literal(entry)});` });
      rawFields += countFields([{ op: 'add', path: '', value: entry }]);
      continue;
    }
    const varName = varNames(iface.name, iface.type);
    defined.set(iface.name, varName);
    if (iface.type === 'linux-bridge') bridges[iface.name] = varName;
    after.push({ declare: varName, type: typed.type, text: (p) => `${p}.${typed.method}(${literal(iface.name)}${typed.props === '{}' ? '' : `, ${typed.props}`})` });
  }
  after.push(...mapRoutes(desired.routes, defined), ...mapDns(desired['dns-resolver']), ...mapOvn(desired.ovn));
  return { props, after, bridges, rawFields };
}

const ROUTE_TYPES: Record<string, string> = { blackhole: 'BLACKHOLE', prohibit: 'PROHIBIT', unreachable: 'UNREACHABLE' };

/** `routes.config[]` as `addRoute()` calls, when every route is one the API writes back identically. */
function mapRoutes(routes: unknown, defined: Map<string, string>): PolicyMapping['after'] {
  if (!isObject(routes) || Object.keys(routes).join() !== 'config' || !Array.isArray(routes.config)) return [];
  const keys: Record<string, [string, (v: unknown) => boolean]> = {
    'destination': ['destination', (v) => typeof v === 'string'],
    'next-hop-interface': ['nextHopInterface', (v) => typeof v === 'string'],
    'next-hop-address': ['nextHopAddress', (v) => typeof v === 'string'],
    'metric': ['metric', Number.isInteger],
    'table-id': ['tableId', Number.isInteger],
    'weight': ['weight', Number.isInteger],
    'route-type': ['routeType', (v) => typeof v === 'string' && v in ROUTE_TYPES],
    'source': ['source', (v) => typeof v === 'string'],
    'state': ['absent', (v) => v === 'absent'],
  };
  const calls: string[] = [];
  for (const r of routes.config) {
    if (!isObject(r) || typeof r.destination !== 'string' || !Object.entries(r).every(([k, v]) => keys[k]?.[1](v))) return [];
    const route: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      const [prop] = keys[k];
      route[prop] = k === 'next-hop-interface' && defined.has(v as string) ? code(defined.get(v as string)!)
        : k === 'route-type' ? code(`kv.NodeRouteType.${ROUTE_TYPES[v as string]}`) : k === 'state' ? true : v;
    }
    calls.push(literal({ destination: route.destination, ...route }));
  }
  return calls.map((c) => ({ text: (p: string) => `${p}.addRoute(${c});` }));
}

/** `dns-resolver.config` as `setDns()`. */
function mapDns(dns: unknown): PolicyMapping['after'] {
  if (!isObject(dns) || Object.keys(dns).join() !== 'config' || !isObject(dns.config)) return [];
  const names: Record<string, string> = { server: 'servers', search: 'search', options: 'options' };
  const c = dns.config;
  if (!Object.entries(c).every(([k, v]) => names[k] && Array.isArray(v) && v.every((x) => typeof x === 'string'))) return [];
  const options = Object.fromEntries(Object.entries(c).map(([k, v]) => [names[k], v]));
  return [{ text: (p) => `${p}.setDns(${literal(options)});` }];
}

/** `ovn.bridge-mappings` as `addOvnBridgeMapping()` calls. */
function mapOvn(ovn: unknown): PolicyMapping['after'] {
  if (!isObject(ovn) || Object.keys(ovn).join() !== 'bridge-mappings' || !Array.isArray(ovn['bridge-mappings'])) return [];
  const calls: string[] = [];
  for (const m of ovn['bridge-mappings']) {
    if (!isObject(m) || typeof m.localnet !== 'string' || typeof m.bridge !== 'string'
      || !Object.keys(m).every((k) => ['localnet', 'bridge', 'state'].includes(k)) || !['present', 'absent', undefined].includes(m.state)) return [];
    // The construct writes the state (present unless told): an input without one keeps a one-field patch.
    const options = m.state === 'absent' ? ', { state: kv.OvnBridgeMappingState.ABSENT }' : '';
    calls.push(`${literal(m.localnet)}, ${literal(m.bridge)}${options}`);
  }
  return calls.map((c) => ({ text: (p: string) => `${p}.addOvnBridgeMapping(${c});` }));
}

function mapInterface(iface: any, defined: Map<string, string>): { method: string; type: string; props: string } | undefined {
  if (!isObject(iface) || typeof iface.name !== 'string') return undefined;
  const kinds: Record<string, { method: string; type: string; created: boolean }> = {
    'bond': { method: 'addBond', type: 'kv.BondInterface', created: true },
    'linux-bridge': { method: 'addLinuxBridge', type: 'kv.LinuxBridgeInterface', created: true },
    'vlan': { method: 'addVlan', type: 'kv.VlanInterface', created: true },
  };
  const kind = kinds[iface.type];
  if (!kind) return undefined;
  const props: Record<string, unknown> = {};
  const state = iface.state ?? 'up';
  const stateCode = enumOf('NodeInterfaceState', state);
  if (!stateCode) return undefined;
  if (state !== 'up') props.state = stateCode;
  // nmpolicy capture templates and other non-kernel names are not typed ports: the entry stays raw.
  const plainName = (n: unknown) => typeof n === 'string' && /^[^\s/{}:]{1,15}$/.test(n);
  const ifaceRefs = [
    ...(Array.isArray(iface['link-aggregation']?.port) ? iface['link-aggregation'].port : []),
    ...(Array.isArray(iface.bridge?.port) ? iface.bridge.port.map((p: any) => p?.name) : []),
    ...(iface.vlan ? [iface.vlan['base-iface']] : []),
  ];
  if (!plainName(iface.name) || !ifaceRefs.every(plainName)) return undefined;
  const port = (name: unknown) => (typeof name === 'string' && defined.has(name) ? code(defined.get(name)!) : name);
  if (state === 'absent') {
    if (iface.type === 'bond') props.mode = code('kv.BondMode.ACTIVE_BACKUP');
    if (iface.type === 'vlan') return undefined;
    return { method: kind.method, type: kind.type, props: literal(props) };
  }
  if (typeof iface.description === 'string') props.description = iface.description;
  if (Number.isInteger(iface.mtu)) props.mtu = iface.mtu;
  if (typeof iface['mac-address'] === 'string' && iface['mac-address'] === iface['mac-address'].toUpperCase()) {
    props.macAddress = iface['mac-address'];
  }
  if (typeof iface['accept-all-mac-addresses'] === 'boolean') {
    props.acceptAllMacAddresses = iface['accept-all-mac-addresses'];
  }
  for (const family of [4, 6] as const) {
    const ip = ipConfig(iface[`ipv${family}`], family);
    if (ip?.code) props[`ipv${family}`] = ip.code;
  }
  if (iface.type === 'bond') {
    const agg = iface['link-aggregation'];
    const mode = enumOf('BondMode', agg?.mode);
    if (!isObject(agg) || !mode) return undefined;
    props.mode = mode;
    const ports: unknown[] = Array.isArray(agg.port) ? agg.port : [];
    if (!ports.every((p) => typeof p === 'string')) return undefined;
    if (ports.length > 0) props.ports = ports.map(port);
    if (Number.isInteger(agg.options?.miimon)) props.miimon = agg.options.miimon;
  } else if (iface.type === 'linux-bridge') {
    const br = isObject(iface.bridge) ? iface.bridge : {};
    const stp = br.options?.stp?.enabled;
    if (stp === true) props.stp = true;
    else if (stp !== false && stp !== undefined) return undefined;
    const ports: any[] = Array.isArray(br.port) ? br.port : [];
    if (!ports.every((p) => isObject(p) && typeof p.name === 'string')) return undefined;
    if (ports.length > 0) props.ports = ports.map((p) => port(p.name));
  } else {
    const vlan = iface.vlan;
    if (!isObject(vlan) || typeof vlan['base-iface'] !== 'string' || !Number.isInteger(vlan.id)) return undefined;
    props.base = port(vlan['base-iface']);
    props.id = vlan.id;
  }
  // The type's own settings first, as a person writes them.
  const common = ['state', 'description', 'mtu', 'macAddress', 'acceptAllMacAddresses', 'ipv4', 'ipv6'];
  const ordered = Object.fromEntries([...Object.entries(props).filter(([k]) => !common.includes(k)), ...Object.entries(props).filter(([k]) => common.includes(k))]);
  return { method: kind.method, type: kind.type, props: literal(ordered) };
}
