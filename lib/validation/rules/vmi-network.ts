// VMI spec network and interface rules (catalog section 5).
import { parseMac } from '../../parsers';
import { VmiSpecRule, VmiSpecView } from './types';
import { arr, has, isIPv4, obj, PCI_ADDRESS, sameValueZero } from './util';
import { earlierName } from './vmi-disks';

const BINDINGS = ['bridge', 'masquerade', 'sriov', 'passtBinding', 'binding'] as const;
const DISCONTINUED = ['slirp', 'macvtap', 'passt'];
const MODELS = ['virtio', 'e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139'];

// These rules run for every VM: they walk the lists with plain loops and make a path, a list or
// a set only for a finding (per-item records, eager paths and a map per view were ~28 MB at
// 10,000 objects).

/** The interfaces as written (defaulted ones are not the user's to fix). */
function rawInterfaces(v: VmiSpecView): any[] {
  return arr(v.raw.domain?.devices?.interfaces);
}

/** The path of written interface `i`. */
function ifacePath(v: VmiSpecView, i: number): string {
  return v.at(`domain.devices.interfaces[${i}]`);
}

/** The defaulted network of that name (the last one, as a map by name would hold), else undefined. */
function networkNamed(v: VmiSpecView, name: unknown): any {
  const nets = arr(v.spec.networks);
  let found: any;
  for (let i = 0; i < nets.length; i++) if (sameValueZero(nets[i]?.name, name)) found = nets[i];
  return found;
}

/** True when a defaulted network has that name (whatever the network is). */
function hasNetworkNamed(v: VmiSpecView, name: unknown): boolean {
  const nets = arr(v.spec.networks);
  for (let i = 0; i < nets.length; i++) if (sameValueZero(nets[i]?.name, name)) return true;
  return false;
}

const bindingsOf = (iface: any) => BINDINGS.filter((b) => has(iface?.[b]));

/** How many of `fields` `item` sets. */
function countSet(item: any, fields: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < fields.length; i++) if (has(item?.[fields[i]])) n++;
  return n;
}

const NETWORK_SOURCES = ['pod', 'multus', 'resourceClaim'];
const STATES = ['up', 'down', 'absent'];
const PROTOCOLS = ['TCP', 'UDP'];

export const vmiNetworkSingleSource: VmiSpecRule = {
  id: 'vmi-network-single-source', severity: 'error', scope: 'vmiSpec',
  doc: 'Each network sets exactly one of pod or multus.',
  check(v, ctx) {
    const nets = arr(v.raw.networks);
    for (let i = 0; i < nets.length; i++) {
      const n = nets[i];
      if (countSet(n, NETWORK_SOURCES) === 1) continue;
      const set = NETWORK_SOURCES.filter((s) => has(n?.[s]));
      ctx.report(v.at(`networks[${i}]`), set.length ? `network '${n.name}' sets ${set.join(' and ')}; exactly one source is allowed` : `network '${n?.name}' needs pod or multus`);
    }
  },
};

export const vmiSinglePodNetwork: VmiSpecRule = {
  id: 'vmi-single-pod-network', severity: 'error', scope: 'vmiSpec',
  doc: 'At most one pod network.',
  check(v, ctx) {
    const nets = arr(v.raw.networks);
    let pods = 0;
    for (let i = 0; i < nets.length; i++) {
      if (has(nets[i]?.pod) && ++pods === 2) ctx.report(v.at(`networks[${i}].pod`), 'only one pod network is allowed');
    }
  },
};

export const vmiMultusDefaultSingle: VmiSpecRule = {
  id: 'vmi-multus-default-single', severity: 'error', scope: 'vmiSpec',
  doc: 'At most one multus network with default: true, and not together with a pod network.',
  check(v, ctx) {
    const nets = arr(v.raw.networks);
    // The first and second default network, by index (-1: none).
    let first = -1;
    let second = -1;
    let pod = false;
    for (let i = 0; i < nets.length; i++) {
      if (nets[i]?.multus?.default === true) {
        if (first < 0) first = i;
        else if (second < 0) second = i;
      }
      if (has(nets[i]?.pod)) pod = true;
    }
    if (second >= 0) ctx.report(v.at(`networks[${second}].multus.default`), 'only one multus network can be the default');
    if (first >= 0 && pod) ctx.report(v.at(`networks[${first}].multus.default`), 'a default multus network cannot be combined with a pod network');
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
    const nets = arr(v.raw.networks);
    for (let i = 0; i < nets.length; i++) {
      if (earlierName(nets, i) >= 0) ctx.report(v.at(`networks[${i}].name`), `network name '${nets[i].name}' is used more than once`);
    }
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      if (earlierName(ifaces, i) >= 0) ctx.report(`${ifacePath(v, i)}.name`, `interface name '${ifaces[i].name}' is used more than once`);
    }
  },
};

export const vmiNetworkInterfacePairing: VmiSpecRule = {
  id: 'vmi-network-interface-pairing', severity: 'error', scope: 'vmiSpec',
  doc: 'Every network has an interface of the same name and every interface a network.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      if (!hasNetworkNamed(v, ifaces[i]?.name)) ctx.report(`${ifacePath(v, i)}.name`, `interface '${ifaces[i]?.name}' has no network of the same name`);
    }
    const specIfaces = arr(v.spec.domain?.devices?.interfaces);
    const nets = arr(v.raw.networks);
    for (let i = 0; i < nets.length; i++) {
      let paired = false;
      for (let k = 0; k < specIfaces.length && !paired; k++) paired = sameValueZero(specIfaces[k]?.name, nets[i]?.name);
      if (!paired) ctx.report(v.at(`networks[${i}].name`), `network '${nets[i]?.name}' has no interface of the same name`);
    }
  },
};

export const vmiInterfaceNameFormat: VmiSpecRule = {
  id: 'vmi-interface-name-format', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface names match ^[A-Za-z0-9_-]+$.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      if (typeof iface?.name === 'string' && !/^[A-Za-z0-9_-]+$/.test(iface.name)) ctx.report(`${ifacePath(v, i)}.name`, `interface name '${iface.name}' may only contain letters, digits, '_' and '-'`);
    }
  },
};

export const vmiInterfaceBindingExactlyOne: VmiSpecRule = {
  id: 'vmi-interface-binding-exactly-one', severity: 'error', scope: 'vmiSpec',
  doc: 'Each interface has exactly one binding: bridge, masquerade, sriov, passtBinding or a binding plugin.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      const count = countSet(iface, BINDINGS);
      if (count > 1) ctx.report(ifacePath(v, i), `interface '${iface.name}' sets ${bindingsOf(iface).join(' and ')}; exactly one binding is allowed`);
      else if (count === 0 && countSet(iface, DISCONTINUED) === 0) {
        ctx.report(ifacePath(v, i), `interface '${iface?.name}' has no binding method; the VM would never start`, { hint: 'add masquerade: {} (pod network) or bridge: {} (multus)' });
      }
    }
  },
};

export const vmiMasqueradePodOnly: VmiSpecRule = {
  id: 'vmi-masquerade-pod-only', severity: 'error', scope: 'vmiSpec',
  doc: 'masquerade binding only on the pod network.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      const net = networkNamed(v, iface?.name);
      if (has(iface?.masquerade) && net && !has(net.pod)) ctx.report(`${ifacePath(v, i)}.masquerade`, `masquerade binding on interface '${iface.name}' is only allowed on the pod network`, { hint: 'use bridge: {} for multus networks' });
    }
  },
};

export const vmiBridgeOnPodNetwork: VmiSpecRule = {
  id: 'vmi-bridge-on-pod-network', severity: 'warning', scope: 'vmiSpec',
  doc: 'bridge binding on the pod network is refused when the cluster sets permitBridgeInterfaceOnPodNetwork: false.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      if (has(iface?.bridge) && has(networkNamed(v, iface?.name)?.pod)) {
        ctx.report(`${ifacePath(v, i)}.bridge`, `bridge binding on the pod network (interface '${iface.name}') is refused on clusters that disable permitBridgeInterfaceOnPodNetwork`, { hint: 'use masquerade: {}' });
      }
    }
  },
};

export const vmiBindingAvailability: VmiSpecRule = {
  id: 'vmi-binding-availability', severity: 'error', scope: 'vmiSpec',
  doc: 'slirp, macvtap and the old passt binding are discontinued; passtBinding needs the pod network.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      for (const d of DISCONTINUED) {
        if (has(iface?.[d])) ctx.report(`${ifacePath(v, i)}.${d}`, `the ${d} binding is discontinued and refused`, { hint: d === 'passt' ? 'use passtBinding: {} or binding: {name: passt}' : 'use masquerade or bridge' });
      }
      if (has(iface?.passtBinding) && !has(networkNamed(v, iface.name)?.pod)) ctx.report(`${ifacePath(v, i)}.passtBinding`, 'passtBinding is only allowed on the pod network');
      if (has(iface?.binding) && !iface.binding?.name) ctx.report(`${ifacePath(v, i)}.binding.name`, 'a binding plugin needs a name registered in the KubeVirt CR');
    }
  },
};

export const vmiInterfaceModelValid: VmiSpecRule = {
  id: 'vmi-interface-model-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface model is virtio, e1000, e1000e, igb, ne2k_pci, pcnet or rtl8139.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      if (has(iface?.model) && iface.model !== '' && !MODELS.includes(iface.model)) {
        ctx.report(`${ifacePath(v, i)}.model`, `interface model ${JSON.stringify(iface.model)} is invalid; use ${MODELS.join(', ')}`);
      }
    }
  },
};


export const vmiInterfaceMacValid: VmiSpecRule = {
  id: 'vmi-interface-mac-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'macAddress parses as a MAC (<= 6 octets); masquerade may not use 02:00:00:00:00:00.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      const mac = iface?.macAddress;
      if (!has(mac) || mac === '') continue;
      // KubeVirt parses it with Go's net.ParseMAC and then allows at most 6 octets.
      const octets = typeof mac === 'string' ? parseMac(mac) : undefined;
      if (!octets) ctx.report(`${ifacePath(v, i)}.macAddress`, `macAddress ${JSON.stringify(mac)} is not a valid MAC address`);
      else if (octets.length > 6) ctx.report(`${ifacePath(v, i)}.macAddress`, `macAddress ${JSON.stringify(mac)} has ${octets.length} octets; at most 6`);
      else if (has(iface.masquerade) && mac.toLowerCase().replace(/-/g, ':') === '02:00:00:00:00:00') {
        ctx.report(`${ifacePath(v, i)}.macAddress`, 'macAddress 02:00:00:00:00:00 is reserved for the in-pod bridge of masquerade');
      }
    }
  },
};

export const vmiInterfaceAttributesValid: VmiSpecRule = {
  id: 'vmi-interface-attributes-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface pciAddress is well-formed; DHCP private options unique and 224-254; NTP servers are IPv4.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      if (has(iface?.pciAddress) && !PCI_ADDRESS.test(String(iface.pciAddress))) ctx.report(`${ifacePath(v, i)}.pciAddress`, `pciAddress ${JSON.stringify(iface.pciAddress)} must look like 0000:81:00.1`);
      const dhcp = obj(iface?.dhcpOptions);
      if (!dhcp) continue;
      const path = ifacePath(v, i);
      const seen = new Set<number>();
      arr(dhcp.privateOptions).forEach((o, k) => {
        const n = Number(o?.option);
        if (!(n >= 224 && n <= 254)) ctx.report(`${path}.dhcpOptions.privateOptions[${k}].option`, 'DHCP private option must be 224-254');
        if (seen.has(n)) ctx.report(`${path}.dhcpOptions.privateOptions[${k}].option`, `DHCP private option ${n} is repeated`);
        seen.add(n);
      });
      arr(dhcp.ntpServers).forEach((s, k) => { if (!isIPv4(s)) ctx.report(`${path}.dhcpOptions.ntpServers[${k}]`, `NTP server ${JSON.stringify(s)} must be an IPv4 address`); });
    }
  },
};

const IANA_SVC = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export const vmiInterfacePortsValid: VmiSpecRule = {
  id: 'vmi-interface-ports-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Interface ports are 1-65535, TCP or UDP, with unique IANA service names; portRanges only with masquerade.',
  check(v, ctx) {
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      const ports = arr(iface?.ports);
      const path = ports.length > 0 || arr(iface?.portRanges).length > 0 ? ifacePath(v, i) : '';
      const names = ports.length > 0 ? new Set<string>() : undefined;
      ports.forEach((p, k) => {
        const at = `${path}.ports[${k}]`;
        const port = Number(p?.port);
        if (!(Number.isInteger(port) && port >= 1 && port <= 65535)) ctx.report(`${at}.port`, 'port must be 1-65535');
        if (has(p?.protocol) && !PROTOCOLS.includes(p.protocol)) ctx.report(`${at}.protocol`, `protocol ${JSON.stringify(p.protocol)} must be TCP or UDP`);
        if (has(p?.name) && p.name !== '') {
          if (names!.has(p.name)) ctx.report(`${at}.name`, `port name '${p.name}' is repeated`);
          if (!(String(p.name).length <= 15 && IANA_SVC.test(p.name) && !p.name.includes('--'))) ctx.report(`${at}.name`, `port name '${p.name}' must be an IANA service name (lowercase, at most 15 characters)`);
          names!.add(p.name);
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
    const ifaces = rawInterfaces(v);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      const s = iface?.state;
      if (!has(s) || s === '') continue;
      if (!STATES.includes(s)) { ctx.report(`${ifacePath(v, i)}.state`, `state ${JSON.stringify(s)} must be up, down or absent`); continue; }
      const net = networkNamed(v, iface.name);
      if (s === 'absent' && (!has(iface.bridge) || has(net?.pod) || net?.multus?.default === true)) ctx.report(`${ifacePath(v, i)}.state`, 'state absent is only allowed on bridge interfaces of secondary networks');
      if ((s === 'up' || s === 'down') && has(iface.sriov)) ctx.report(`${ifacePath(v, i)}.state`, 'SR-IOV interfaces cannot be set up or down');
    }
  },
};

export const vmiNetwork = [vmiNetworkSingleSource, vmiSinglePodNetwork, vmiMultusDefaultSingle, vmiMultusNetworkNameRequired, vmiNetIfaceNamesUnique,
  vmiNetworkInterfacePairing, vmiInterfaceNameFormat, vmiInterfaceBindingExactlyOne, vmiMasqueradePodOnly, vmiBridgeOnPodNetwork,
  vmiBindingAvailability, vmiInterfaceModelValid, vmiInterfaceMacValid, vmiInterfaceAttributesValid, vmiInterfacePortsValid, vmiInterfaceStateValid];
