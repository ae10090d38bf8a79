// VMI spec network and interface rules (catalog section 5).
import { parseMac } from '../../parsers';
import { VmiSpecRule, VmiSpecView } from './types';
import { arr, has, isIPv4, obj, oncePerView, PCI_ADDRESS } from './util';

const BINDINGS = ['bridge', 'masquerade', 'sriov', 'passtBinding', 'binding'] as const;
const DISCONTINUED = ['slirp', 'macvtap', 'passt'];
const MODELS = ['virtio', 'e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139'];

/** Raw interfaces with their paths (defaulted ones are not the user's to fix). Read once per view. */
const interfaces = oncePerView((v: VmiSpecView): ReadonlyArray<{ iface: any; path: string }> =>
  arr(v.raw.domain?.devices?.interfaces).map((iface, i) => ({ iface, path: v.at(`domain.devices.interfaces[${i}]`) })));

/** The defaulted networks by name, read once per view. */
const networkByName = oncePerView((v: VmiSpecView): ReadonlyMap<string, any> => new Map(arr(v.spec.networks).map((n) => [n?.name, n] as const)));

const bindingsOf = (iface: any) => BINDINGS.filter((b) => has(iface?.[b]));

export const vmiNetworkSingleSource: VmiSpecRule = {
  id: 'vmi-network-single-source', severity: 'error', scope: 'vmiSpec',
  doc: 'Each network sets exactly one of pod or multus.',
  check(v, ctx) {
    arr(v.raw.networks).forEach((n, i) => {
      const set = ['pod', 'multus', 'resourceClaim'].filter((s) => has(n?.[s]));
      if (set.length !== 1) ctx.report(v.at(`networks[${i}]`), set.length ? `network '${n.name}' sets ${set.join(' and ')}; exactly one source is allowed` : `network '${n?.name}' needs pod or multus`);
    });
  },
};

export const vmiSinglePodNetwork: VmiSpecRule = {
  id: 'vmi-single-pod-network', severity: 'error', scope: 'vmiSpec',
  doc: 'At most one pod network.',
  check(v, ctx) {
    const pods = arr(v.raw.networks).map((n, i) => ({ n, i })).filter(({ n }) => has(n?.pod));
    if (pods.length > 1) ctx.report(v.at(`networks[${pods[1].i}].pod`), 'only one pod network is allowed');
  },
};

export const vmiMultusDefaultSingle: VmiSpecRule = {
  id: 'vmi-multus-default-single', severity: 'error', scope: 'vmiSpec',
  doc: 'At most one multus network with default: true, and not together with a pod network.',
  check(v, ctx) {
    const nets = arr(v.raw.networks);
    const defaults = nets.map((n, i) => ({ n, i })).filter(({ n }) => n?.multus?.default === true);
    if (defaults.length > 1) ctx.report(v.at(`networks[${defaults[1].i}].multus.default`), 'only one multus network can be the default');
    if (defaults.length && nets.some((n) => has(n?.pod))) ctx.report(v.at(`networks[${defaults[0].i}].multus.default`), 'a default multus network cannot be combined with a pod network');
  },
};

export const vmiMultusNetworkNameRequired: VmiSpecRule = {
  id: 'vmi-multus-networkname-required', severity: 'error', scope: 'vmiSpec',
  doc: 'multus.networkName is required.',
  check(v, ctx) {
    arr(v.raw.networks).forEach((n, i) => {
      if (has(n?.multus) && !n.multus?.networkName) ctx.report(v.at(`networks[${i}].multus.networkName`), `multus network '${n.name}' needs networkName (name or namespace/name)`);
    });
  },
};

export const vmiNetIfaceNamesUnique: VmiSpecRule = {
  id: 'vmi-net-iface-names-unique', severity: 'error', scope: 'vmiSpec',
  doc: 'Network names are unique, and interface names are unique.',
  check(v, ctx) {
    const seen = new Set<string>();
    arr(v.raw.networks).forEach((n, i) => {
      if (seen.has(n?.name)) ctx.report(v.at(`networks[${i}].name`), `network name '${n.name}' is used more than once`);
      seen.add(n?.name);
    });
    const ifs = new Set<string>();
    for (const { iface, path } of interfaces(v)) {
      if (ifs.has(iface?.name)) ctx.report(`${path}.name`, `interface name '${iface.name}' is used more than once`);
      ifs.add(iface?.name);
    }
  },
};

export const vmiNetworkInterfacePairing: VmiSpecRule = {
  id: 'vmi-network-interface-pairing', severity: 'error', scope: 'vmiSpec',
  doc: 'Every network has an interface of the same name and every interface a network.',
  check(v, ctx) {
    const nets = networkByName(v);
    const ifaceNames = new Set(arr(v.spec.domain?.devices?.interfaces).map((i) => i?.name));
    for (const { iface, path } of interfaces(v)) {
      if (!nets.has(iface?.name)) ctx.report(`${path}.name`, `interface '${iface?.name}' has no network of the same name`);
    }
    arr(v.raw.networks).forEach((n, i) => {
      if (!ifaceNames.has(n?.name)) ctx.report(v.at(`networks[${i}].name`), `network '${n?.name}' has no interface of the same name`);
    });
  },
};

export const vmiInterfaceNameFormat: VmiSpecRule = {
  id: 'vmi-interface-name-format', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface names match ^[A-Za-z0-9_-]+$.',
  check(v, ctx) {
    for (const { iface, path } of interfaces(v)) {
      if (typeof iface?.name === 'string' && !/^[A-Za-z0-9_-]+$/.test(iface.name)) ctx.report(`${path}.name`, `interface name '${iface.name}' may only contain letters, digits, '_' and '-'`);
    }
  },
};

export const vmiInterfaceBindingExactlyOne: VmiSpecRule = {
  id: 'vmi-interface-binding-exactly-one', severity: 'error', scope: 'vmiSpec',
  doc: 'Each interface has exactly one binding: bridge, masquerade, sriov, passtBinding or a binding plugin.',
  check(v, ctx) {
    for (const { iface, path } of interfaces(v)) {
      const set = bindingsOf(iface);
      if (set.length > 1) ctx.report(path, `interface '${iface.name}' sets ${set.join(' and ')}; exactly one binding is allowed`);
      else if (set.length === 0 && !DISCONTINUED.some((d) => has(iface?.[d]))) {
        ctx.report(path, `interface '${iface?.name}' has no binding method; the VM would never start`, { hint: 'add masquerade: {} (pod network) or bridge: {} (multus)' });
      }
    }
  },
};

export const vmiMasqueradePodOnly: VmiSpecRule = {
  id: 'vmi-masquerade-pod-only', severity: 'error', scope: 'vmiSpec',
  doc: 'masquerade binding only on the pod network.',
  check(v, ctx) {
    const nets = networkByName(v);
    for (const { iface, path } of interfaces(v)) {
      const net = nets.get(iface?.name);
      if (has(iface?.masquerade) && net && !has(net.pod)) ctx.report(`${path}.masquerade`, `masquerade binding on interface '${iface.name}' is only allowed on the pod network`, { hint: 'use bridge: {} for multus networks' });
    }
  },
};

export const vmiBridgeOnPodNetwork: VmiSpecRule = {
  id: 'vmi-bridge-on-pod-network', severity: 'warning', scope: 'vmiSpec',
  doc: 'bridge binding on the pod network is refused when the cluster sets permitBridgeInterfaceOnPodNetwork: false.',
  check(v, ctx) {
    const nets = networkByName(v);
    for (const { iface, path } of interfaces(v)) {
      if (has(iface?.bridge) && has(nets.get(iface?.name)?.pod)) {
        ctx.report(`${path}.bridge`, `bridge binding on the pod network (interface '${iface.name}') is refused on clusters that disable permitBridgeInterfaceOnPodNetwork`, { hint: 'use masquerade: {}' });
      }
    }
  },
};

export const vmiBindingAvailability: VmiSpecRule = {
  id: 'vmi-binding-availability', severity: 'error', scope: 'vmiSpec',
  doc: 'slirp, macvtap and the old passt binding are discontinued; passtBinding needs the pod network.',
  check(v, ctx) {
    const nets = networkByName(v);
    for (const { iface, path } of interfaces(v)) {
      for (const d of DISCONTINUED) {
        if (has(iface?.[d])) ctx.report(`${path}.${d}`, `the ${d} binding is discontinued and refused`, { hint: d === 'passt' ? 'use passtBinding: {} or binding: {name: passt}' : 'use masquerade or bridge' });
      }
      if (has(iface?.passtBinding) && !has(nets.get(iface.name)?.pod)) ctx.report(`${path}.passtBinding`, 'passtBinding is only allowed on the pod network');
      if (has(iface?.binding) && !iface.binding?.name) ctx.report(`${path}.binding.name`, 'a binding plugin needs a name registered in the KubeVirt CR');
    }
  },
};

export const vmiInterfaceModelValid: VmiSpecRule = {
  id: 'vmi-interface-model-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface model is virtio, e1000, e1000e, igb, ne2k_pci, pcnet or rtl8139.',
  check(v, ctx) {
    for (const { iface, path } of interfaces(v)) {
      if (has(iface?.model) && iface.model !== '' && !MODELS.includes(iface.model)) {
        ctx.report(`${path}.model`, `interface model ${JSON.stringify(iface.model)} is invalid; use ${MODELS.join(', ')}`);
      }
    }
  },
};


export const vmiInterfaceMacValid: VmiSpecRule = {
  id: 'vmi-interface-mac-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'macAddress parses as a MAC (<= 6 octets); masquerade may not use 02:00:00:00:00:00.',
  check(v, ctx) {
    for (const { iface, path } of interfaces(v)) {
      const mac = iface?.macAddress;
      if (!has(mac) || mac === '') continue;
      // KubeVirt parses it with Go's net.ParseMAC and then allows at most 6 octets.
      const octets = typeof mac === 'string' ? parseMac(mac) : undefined;
      if (!octets) ctx.report(`${path}.macAddress`, `macAddress ${JSON.stringify(mac)} is not a valid MAC address`);
      else if (octets.length > 6) ctx.report(`${path}.macAddress`, `macAddress ${JSON.stringify(mac)} has ${octets.length} octets; at most 6`);
      else if (has(iface.masquerade) && mac.toLowerCase().replace(/-/g, ':') === '02:00:00:00:00:00') {
        ctx.report(`${path}.macAddress`, 'macAddress 02:00:00:00:00:00 is reserved for the in-pod bridge of masquerade');
      }
    }
  },
};

export const vmiInterfaceAttributesValid: VmiSpecRule = {
  id: 'vmi-interface-attributes-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface pciAddress is well-formed; DHCP private options unique and 224-254; NTP servers are IPv4.',
  check(v, ctx) {
    for (const { iface, path } of interfaces(v)) {
      if (has(iface?.pciAddress) && !PCI_ADDRESS.test(String(iface.pciAddress))) ctx.report(`${path}.pciAddress`, `pciAddress ${JSON.stringify(iface.pciAddress)} must look like 0000:81:00.1`);
      const dhcp = obj(iface?.dhcpOptions);
      if (!dhcp) continue;
      const seen = new Set<number>();
      arr(dhcp.privateOptions).forEach((o, i) => {
        const n = Number(o?.option);
        if (!(n >= 224 && n <= 254)) ctx.report(`${path}.dhcpOptions.privateOptions[${i}].option`, 'DHCP private option must be 224-254');
        if (seen.has(n)) ctx.report(`${path}.dhcpOptions.privateOptions[${i}].option`, `DHCP private option ${n} is repeated`);
        seen.add(n);
      });
      arr(dhcp.ntpServers).forEach((s, i) => { if (!isIPv4(s)) ctx.report(`${path}.dhcpOptions.ntpServers[${i}]`, `NTP server ${JSON.stringify(s)} must be an IPv4 address`); });
    }
  },
};

const IANA_SVC = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export const vmiInterfacePortsValid: VmiSpecRule = {
  id: 'vmi-interface-ports-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface ports are 1-65535, TCP or UDP, with unique IANA service names; portRanges only with masquerade.',
  check(v, ctx) {
    for (const { iface, path } of interfaces(v)) {
      const names = new Set<string>();
      arr(iface?.ports).forEach((p, i) => {
        const at = `${path}.ports[${i}]`;
        const port = Number(p?.port);
        if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) ctx.report(`${at}.port`, 'port must be 1-65535');
        if (has(p?.protocol) && !['TCP', 'UDP'].includes(p.protocol)) ctx.report(`${at}.protocol`, `protocol ${JSON.stringify(p.protocol)} must be TCP or UDP`);
        if (has(p?.name) && p.name !== '') {
          if (names.has(p.name)) ctx.report(`${at}.name`, `port name '${p.name}' is repeated`);
          if (!(String(p.name).length <= 15 && IANA_SVC.test(p.name) && !p.name.includes('--'))) ctx.report(`${at}.name`, `port name '${p.name}' must be an IANA service name (lowercase, at most 15 characters)`);
          names.add(p.name);
        }
      });
      if (arr(iface?.portRanges).length && !has(iface.masquerade)) ctx.report(`${path}.portRanges`, 'portRanges are only allowed with masquerade binding');
    }
  },
};

export const vmiInterfaceStateValid: VmiSpecRule = {
  id: 'vmi-interface-state-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface state is up, down or absent; absent only for bridge on a secondary network; SR-IOV cannot be set up/down.',
  check(v, ctx) {
    const nets = networkByName(v);
    for (const { iface, path } of interfaces(v)) {
      const s = iface?.state;
      if (!has(s) || s === '') continue;
      if (!['up', 'down', 'absent'].includes(s)) { ctx.report(`${path}.state`, `state ${JSON.stringify(s)} must be up, down or absent`); continue; }
      const net = nets.get(iface.name);
      if (s === 'absent' && (!has(iface.bridge) || has(net?.pod) || net?.multus?.default === true)) ctx.report(`${path}.state`, 'state absent is only allowed on bridge interfaces of secondary networks');
      if ((s === 'up' || s === 'down') && has(iface.sriov)) ctx.report(`${path}.state`, 'SR-IOV interfaces cannot be set up or down');
    }
  },
};

export const vmiNetwork = [vmiNetworkSingleSource, vmiSinglePodNetwork, vmiMultusDefaultSingle, vmiMultusNetworkNameRequired, vmiNetIfaceNamesUnique,
  vmiNetworkInterfacePairing, vmiInterfaceNameFormat, vmiInterfaceBindingExactlyOne, vmiMasqueradePodOnly, vmiBridgeOnPodNetwork,
  vmiBindingAvailability, vmiInterfaceModelValid, vmiInterfaceMacValid, vmiInterfaceAttributesValid, vmiInterfacePortsValid, vmiInterfaceStateValid];
