import { bridgeConfig, nad, nncp, nncpIface, vm, vmSpec } from '../fixtures';
import { RuleCase } from './types';

const one = (...objs: any[]) => objs.map((o) => [o]);
const iface0 = (extra: any) => vmSpec((s) => { s.domain.devices.interfaces[0] = { name: 'default', ...extra }; });
const multus = (extra: any = { bridge: {} }, net: any = { networkName: 'br1-net' }) => vmSpec((s) => {
  s.domain.devices.interfaces.push({ name: 'public', ...extra });
  s.networks.push({ name: 'public', multus: net });
});
const desired = (patch: (d: any) => void) => nncp((o) => patch(o.spec.desiredState));

export const NETWORK_CASES: RuleCase[] = [
  { rule: 'vmi-network-single-source', valid: one(multus()), invalid: one(vmSpec((s) => { s.networks[0].multus = { networkName: 'x' }; }), vmSpec((s) => { s.networks[0] = { name: 'default' }; })) },
  { rule: 'vmi-single-pod-network', valid: one(vm()), invalid: one(vmSpec((s) => { s.networks.push({ name: 'second', pod: {} }); s.domain.devices.interfaces.push({ name: 'second', masquerade: {} }); })) },
  { rule: 'vmi-multus-default-single', valid: one(multus()), invalid: one(multus({ bridge: {} }, { networkName: 'br1-net', default: true })) },
  { rule: 'vmi-multus-networkname-required', valid: one(multus()), invalid: one(multus({ bridge: {} }, {})) },
  { rule: 'vmi-net-iface-names-unique', valid: one(multus()), invalid: one(vmSpec((s) => { s.domain.devices.interfaces.push({ name: 'default', masquerade: {} }); })) },
  {
    rule: 'vmi-network-interface-pairing', valid: one(multus()),
    invalid: one(vmSpec((s) => { s.domain.devices.interfaces.push({ name: 'orphan', bridge: {} }); }), vmSpec((s) => { s.networks.push({ name: 'lonely', multus: { networkName: 'x' } }); })),
  },
  { rule: 'vmi-interface-name-format', valid: one(multus()), invalid: one(vmSpec((s) => { s.domain.devices.interfaces[0].name = 'eth.0'; s.networks[0].name = 'eth.0'; })) },
  { rule: 'vmi-interface-binding-exactly-one', valid: one(multus()), invalid: one(iface0({}), iface0({ masquerade: {}, bridge: {} })) },
  { rule: 'vmi-masquerade-pod-only', valid: one(vm()), invalid: one(multus({ masquerade: {} })) },
  { rule: 'vmi-bridge-on-pod-network', severity: 'warning', valid: one(vm(), multus()), invalid: one(iface0({ bridge: {} })) },
  { rule: 'vmi-binding-availability', valid: one(iface0({ passtBinding: {} })), invalid: one(iface0({ slirp: {} }), multus({ passtBinding: {} })) },
  { rule: 'vmi-interface-model-valid', valid: one(iface0({ masquerade: {}, model: 'e1000e' })), invalid: one(iface0({ masquerade: {}, model: 'virtio-net' })) },
  {
    rule: 'vmi-interface-mac-valid', valid: one(iface0({ masquerade: {}, macAddress: '02:ab:cd:00:00:01' })),
    invalid: one(iface0({ masquerade: {}, macAddress: '02:ab:cd:00:00:01:02' }), iface0({ masquerade: {}, macAddress: '02:00:00:00:00:00' })),
  },
  {
    rule: 'vmi-interface-attributes-valid', valid: one(iface0({ masquerade: {}, dhcpOptions: { privateOptions: [{ option: 240, value: 'x' }], ntpServers: ['10.0.0.1'] } })),
    invalid: one(iface0({ masquerade: {}, pciAddress: '00:0a.0' }), iface0({ masquerade: {}, dhcpOptions: { privateOptions: [{ option: 100, value: 'x' }] } })),
  },
  {
    rule: 'vmi-interface-ports-valid', valid: one(iface0({ masquerade: {}, ports: [{ name: 'ssh', port: 22 }, { name: 'http', port: 80, protocol: 'TCP' }] })),
    invalid: one(iface0({ masquerade: {}, ports: [{ port: 70000 }] }), iface0({ masquerade: {}, ports: [{ name: 'ssh', port: 22 }, { name: 'ssh', port: 2222 }] }), iface0({ masquerade: {}, ports: [{ port: 53, protocol: 'SCTP' }] })),
  },
  { rule: 'vmi-interface-state-valid', valid: one(multus({ bridge: {}, state: 'absent' })), invalid: one(iface0({ masquerade: {}, state: 'absent' }), iface0({ masquerade: {}, state: 'disabled' })) },
  // NNCP API rules.
  { rule: 'nncp-name-label-value', valid: one(nncp()), invalid: one(nncp((o) => { o.metadata.name = `p${'x'.repeat(70)}`; })) },
  { rule: 'nncp-nodeselector-valid', valid: one(nncp()), invalid: one(nncp((o) => { o.spec.nodeSelector = { 'node-role.kubernetes.io/worker': 'a,b' }; })) },
  { rule: 'nncp-maxunavailable-valid', severity: 'warning', valid: one(nncp((o) => { o.spec.maxUnavailable = '25%'; }), nncp((o) => { o.spec.maxUnavailable = 2; })), invalid: one(nncp((o) => { o.spec.maxUnavailable = 'half'; }), nncp((o) => { o.spec.maxUnavailable = 0; })) },
  { rule: 'nncp-maxunavailable-percent', severity: 'warning', valid: one(nncp((o) => { o.spec.maxUnavailable = '100%'; })), invalid: one(nncp((o) => { o.spec.maxUnavailable = '150%'; })) },
  // nmstate desiredState.
  {
    rule: 'nmstate-iface-schema-valid', valid: one(nncp(), nncpIface(0, (i) => { delete i.type; delete i['link-aggregation']; })),
    invalid: one(nncpIface(1, (i) => { delete i.type; }), nncpIface(0, (i) => { i.state = 'enabled'; }), nncpIface(1, (i) => { i.bridge.options.stp.hello = 2; })),
  },
  {
    rule: 'nmstate-iface-values', valid: one(nncp(), nncpIface(1, (i) => { i['mac-address'] = '02:00:00:00:00:01'; i.ipv6 = { enabled: true, autoconf: true, 'auto-route-table-id': 100 }; })),
    invalid: one(nncpIface(1, (i) => { i.name = 'a-bridge-name-too-long'; }), nncpIface(1, (i) => { i['mac-address'] = 'zz:00'; }), nncpIface(1, (i) => { i.ipv4 = { enabled: true, autoconf: true }; }),
      nncpIface(1, (i) => { i.bridge.options['group-forward-mask'] = 1; }), desired((d) => { d.interfaces.push({ ...d.interfaces[1] }); }),
      desired((d) => { d.ovn = { 'bridge-mappings': [{ localnet: '', bridge: 'br-ex', state: 'gone' }] }; })),
  },
  { rule: 'nmstate-bond-mode-required', valid: one(nncp()), invalid: one(nncpIface(0, (i) => { delete i['link-aggregation'].mode; })) },
  { rule: 'nmstate-bond-mode-valid', valid: one(nncpIface(0, (i) => { i['link-aggregation'].mode = '802.3ad'; })), invalid: one(nncpIface(0, (i) => { i['link-aggregation'].mode = 'lacp'; })) },
  { rule: 'nmstate-bond-miimon-arp-exclusive', valid: one(nncp()), invalid: one(nncpIface(0, (i) => { i['link-aggregation'].options.arp_interval = 100; })) },
  {
    rule: 'nmstate-bond-lacp-rate-mode', valid: one(nncpIface(0, (i) => { i['link-aggregation'] = { mode: '802.3ad', options: { lacp_rate: 'fast' }, port: ['eth1'] }; })),
    invalid: one(nncpIface(0, (i) => { i['link-aggregation'].options.lacp_rate = 'fast'; })),
  },
  {
    rule: 'nmstate-bond-option-values', valid: one(nncpIface(0, (i) => { i['link-aggregation']['ports-config'] = [{ name: 'eth1', 'queue-id': 1 }, { name: 'eth2', 'queue-id': 2 }]; })),
    invalid: one(nncpIface(0, (i) => { i['link-aggregation']['ports-config'] = [{ name: 'eth1' }]; }), nncpIface(0, (i) => { i['link-aggregation'].options.ad_actor_system = '01:00:5e:00:00:01'; })),
  },
  {
    rule: 'nmstate-bond-option-ranges',
    valid: one(nncp(), nncpIface(0, (i) => { i['link-aggregation'].options = { miimon: '100', num_grat_arp: 3, primary: 'eth1', fail_over_mac: 'follow' }; })),
    invalid: one(
      nncpIface(0, (i) => { i['link-aggregation'].options.num_grat_arp = 300; }), nncpIface(0, (i) => { i['link-aggregation'].options.arp_ip_target = '192.0.2.1'; }),
      nncpIface(0, (i) => { i['link-aggregation'].options.primary = 'eth9'; }), nncpIface(0, (i) => { i['link-aggregation']['ports-config'] = [{ name: 'eth1', 'queue-id': 70000 }, { name: 'eth2' }]; }),
      nncpIface(0, (i) => { i['link-aggregation'].options.lacp_rate = 'slow'; }), nncpIface(0, (i) => { i['link-aggregation'].options.lacp_active = true; }),
    ),
  },
  {
    rule: 'nmstate-port-single-controller', valid: one(nncp()),
    invalid: one(nncpIface(1, (i) => { i.bridge.port.push({ name: 'eth1' }); }), desired((d) => { d.interfaces.push({ name: 'eth1', type: 'ethernet', state: 'up', controller: 'br1' }); })),
  },
  {
    rule: 'nmstate-port-list-valid', valid: one(nncp()),
    invalid: one(nncpIface(1, (i) => { i.bridge.port.push({ name: 'bond1' }); }), nncpIface(1, (i) => { i.bridge.port.push({ name: 'br1' }); }), nncpIface(0, (i) => { i['link-aggregation'].port.push('eth1'); })),
  },
  { rule: 'nmstate-bridge-stp-ranges', valid: one(nncpIface(1, (i) => { i.bridge.options.stp = { enabled: true, 'hello-time': 2, 'max-age': 20, 'forward-delay': 15 }; })), invalid: one(nncpIface(1, (i) => { i.bridge.options.stp = { enabled: true, 'forward-delay': 1 }; })) },
  {
    rule: 'nmstate-bridge-port-vlan', valid: one(nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk', 'trunk-tags': [{ id: 100 }, { 'id-range': { min: 200, max: 299 } }] }; })),
    invalid: one(nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk' }; }), nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk', 'trunk-tags': [{ id: 250 }, { 'id-range': { min: 200, max: 299 } }] }; })),
  },
  {
    rule: 'nmstate-bridge-vlan-ids', valid: one(nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk', 'trunk-tags': [{ id: 100 }, { 'id-range': { min: 200, max: 299 } }], tag: 1, 'enable-native': true }; })),
    invalid: one(nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'access', tag: 4095 }; }), nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk', 'trunk-tags': [{ 'id-range': { min: 300, max: 200 } }] }; }),
      nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk', 'trunk-tags': [{ id: 0 }] }; })),
  },
  {
    rule: 'nmstate-vlan-base-iface-id', valid: one(desired((d) => { d.interfaces.push({ name: 'bond1.100', type: 'vlan', state: 'up', vlan: { 'base-iface': 'bond1', id: 100 } }); })),
    invalid: one(desired((d) => { d.interfaces.push({ name: 'bond1.100', type: 'vlan', state: 'up', vlan: { id: 100 } }); })),
  },
  {
    rule: 'nmstate-vlan-id-range', valid: one(desired((d) => { d.interfaces.push({ name: 'v', type: 'vlan', vlan: { 'base-iface': 'bond1', id: 4094 } }); })),
    invalid: one(desired((d) => { d.interfaces.push({ name: 'v', type: 'vlan', vlan: { 'base-iface': 'bond1', id: 4095 } }); })),
  },
  { rule: 'nmstate-mtu-ipv6-min', valid: one(nncpIface(1, (i) => { i.mtu = 1000; i.ipv6 = { enabled: false }; })), invalid: one(nncpIface(1, (i) => { i.mtu = 1000; i.ipv6 = { enabled: true, autoconf: true }; })) },
  { rule: 'nmstate-mtu-range', valid: one(nncpIface(1, (i) => { i.mtu = 9000; })), invalid: one(nncpIface(1, (i) => { i.mtu = 70000; }), nncpIface(1, (i) => { i.mtu = 60; })) },
  {
    rule: 'nmstate-ovn-localnet-unique', valid: one(desired((d) => { d.ovn = { 'bridge-mappings': [{ localnet: 'physnet', bridge: 'br-ex' }] }; })),
    invalid: one(desired((d) => { d.ovn = { 'bridge-mappings': [{ localnet: 'physnet', bridge: 'br-ex' }, { localnet: 'physnet', bridge: 'br1' }] }; })),
  },
  {
    rule: 'nmstate-port-exists', options: { nodeInterfaces: ['eth0', 'eth1', 'eth2'] },
    valid: one(nncp()), invalid: one(nncpIface(0, (i) => { i['link-aggregation'].port = ['eth1', 'ens9'] ; })),
  },
  {
    rule: 'nmstate-bond-option-ignored', severity: 'warning',
    valid: one(nncp(), nncpIface(0, (i) => { i['link-aggregation'] = { mode: '802.3ad', options: { min_links: 1, xmit_hash_policy: 'layer3+4' }, port: ['eth1', 'eth2'] }; })),
    invalid: one(nncpIface(0, (i) => { i['link-aggregation'].options.min_links = 2; }), nncpIface(0, (i) => { i['link-aggregation'].options.xmit_hash_policy = 'layer3+4'; })),
  },
  {
    rule: 'nmstate-routes-valid',
    valid: one(desired((d) => { d.routes = { config: [{ destination: '0.0.0.0/0', 'next-hop-address': '192.0.2.1', 'next-hop-interface': 'br1', metric: 100 }, { destination: '198.51.100.0/24', 'route-type': 'blackhole' }, { 'next-hop-interface': 'br1', state: 'absent' }] }; })),
    invalid: one(
      desired((d) => { d.routes = { config: [{ destination: 'default', 'next-hop-interface': 'br1' }] }; }),
      desired((d) => { d.routes = { config: [{ destination: '10.0.0.0/8', 'next-hop-address': '2001:db8::1', 'next-hop-interface': 'br1' }] }; }),
      desired((d) => { d.routes = { config: [{ destination: '10.0.0.0/8' }] }; }),
      desired((d) => { d.routes = { config: [{ destination: '10.0.0.0/8', 'next-hop-interface': 'br1', weight: 300 }] }; }),
    ),
  },
  {
    rule: 'nmstate-dns-valid',
    valid: one(desired((d) => { d['dns-resolver'] = { config: { server: ['192.0.2.53', '2001:db8::53', 'fe80::1%br1'] } }; })),
    invalid: one(desired((d) => { d['dns-resolver'] = { config: { server: ['dns.example'] } }; }), desired((d) => { d['dns-resolver'] = { config: { server: ['192.0.2.1%br1'] } }; })),
  },
  {
    rule: 'nmstate-ip-address-valid',
    valid: one(nncpIface(1, (i) => { i.ipv4 = { enabled: true, dhcp: false, address: [{ ip: '192.0.2.10', 'prefix-length': 24 }] }; i.ipv6 = { enabled: true, address: [{ ip: '2001:db8::10', 'prefix-length': 64 }] }; })),
    invalid: one(nncpIface(1, (i) => { i.ipv4 = { enabled: true, address: [{ ip: '2001:db8::10', 'prefix-length': 64 }] }; }), nncpIface(1, (i) => { i.ipv4 = { enabled: true, address: [{ ip: '192.0.2.10', 'prefix-length': 33 }] }; })),
  },
  {
    rule: 'nmstate-port-removed',
    valid: one(nncp(), desired((d) => { d.interfaces.push({ name: 'eth3', type: 'ethernet', state: 'absent' }); })),
    invalid: one(
      desired((d) => { d.interfaces.push({ name: 'eth1', type: 'ethernet', state: 'absent' }); }),
      desired((d) => { d.interfaces.push({ name: 'ovs-a', type: 'ovs-bridge', state: 'absent' }); d.ovn = { 'bridge-mappings': [{ localnet: 'physnet', bridge: 'ovs-a' }] }; }),
    ),
  },
  {
    rule: 'nmstate-ovs-interface-unattached', severity: 'warning',
    valid: one(desired((d) => { d.interfaces.push({ name: 'ovs0', type: 'ovs-interface', state: 'up' }, { name: 'ovs-br', type: 'ovs-bridge', state: 'up', bridge: { port: [{ name: 'ovs0' }] } }); })),
    invalid: one(desired((d) => { d.interfaces.push({ name: 'ovs0', type: 'ovs-interface', state: 'up' }); })),
  },
  // NetworkAttachmentDefinitions.
  { rule: 'nad-name-format', valid: one(nad()), invalid: one(nad(bridgeConfig(), undefined, 'br1.net')) },
  { rule: 'nad-config-json', valid: one(nad()), invalid: one(nad('{"type": "bridge",'), nad('["bridge"]')) },
  { rule: 'nad-config-type-required', valid: one(nad()), invalid: one(nad({ cniVersion: '0.3.1', name: 'x', bridge: 'br1' })) },
  {
    rule: 'nad-conflist-valid', valid: one(nad({ cniVersion: '0.3.1', name: 'x', plugins: [bridgeConfig(), { type: 'tuning' }] })),
    invalid: one(nad({ cniVersion: '0.3.1', name: 'x', plugins: [] }), nad({ cniVersion: '0.3.1', name: 'x', plugins: [{ bridge: 'br1' }] }), nad({ cniVersion: '3.0', name: 'x', plugins: [bridgeConfig()] }), nad(bridgeConfig({ cniVersion: 'v1' })), nad(bridgeConfig({ name: '' }))),
  },
  { rule: 'nad-config-best-practice', severity: 'warning', valid: one(nad()), invalid: one(nad(null), nad({ name: 'x', type: 'bridge', bridge: 'br1' }), nad(bridgeConfig({ bridge: undefined }))) },
  {
    rule: 'nad-bridge-vlan-range', valid: one(nad(bridgeConfig({ vlan: 100 })), nad(bridgeConfig({ vlan: 0, vlanTrunk: [{ id: 100 }, { minID: 200, maxID: 299 }] }))),
    // The bridge plugin refuses vlan > 0 together with vlanTrunk (bridge.go loadNetConf).
    invalid: one(nad(bridgeConfig({ vlan: 4095 })), nad(bridgeConfig({ vlanTrunk: [{ minID: 300, maxID: 200 }] })), nad(bridgeConfig({ hairpinMode: true, promiscMode: true })),
      nad(bridgeConfig({ vlan: 100, vlanTrunk: [{ minID: 200, maxID: 299 }] }))),
  },
  { rule: 'nad-bridge-resource-match', valid: one(nad()), invalid: one(nad(bridgeConfig({ bridge: 'br2' }))) },
  {
    rule: 'nad-ovn-netattachdefname-match',
    valid: one(nad({ cniVersion: '0.3.1', name: 'tenant', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'vms/l2' }, (o) => { delete o.metadata.annotations; }, 'l2')),
    invalid: one(nad({ cniVersion: '0.3.1', name: 'tenant', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'default/l2' }, (o) => { delete o.metadata.annotations; }, 'l2'),
      nad({ cniVersion: '0.3.1', name: 'tenant', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: '/l2' }, (o) => { delete o.metadata.annotations; delete o.metadata.namespace; }, 'l2')),
  },
  {
    rule: 'nad-sriov-resource-name', valid: one(nad({ cniVersion: '0.3.1', name: 'sriov', type: 'sriov' }, (o) => { o.metadata.annotations['k8s.v1.cni.cncf.io/resourceName'] = 'openshift.io/mlxnics'; }, 'sriov-net')),
    invalid: one(nad({ cniVersion: '0.3.1', name: 'sriov', type: 'sriov' }, (o) => { delete o.metadata.annotations; }, 'sriov-net'),
      nad({ cniVersion: '0.3.1', name: 'sriov', type: 'sriov' }, (o) => { o.metadata.annotations['k8s.v1.cni.cncf.io/resourceName'] = 'mlxnics'; }, 'sriov-net')),
  },
  {
    rule: 'nad-interface-names-valid',
    valid: one(nad(), nad({ cniVersion: '0.3.1', name: 'mv', type: 'macvlan', master: 'eno1.300' }, undefined, 'mv')),
    invalid: one(nad(bridgeConfig({ bridge: 'br/1' })), nad({ cniVersion: '0.3.1', name: 'mv', type: 'macvlan', master: 'a-name-longer-than-15' }, undefined, 'mv')),
  },
  {
    rule: 'nad-plugin-values',
    valid: one(
      nad(bridgeConfig({ mtu: 9000 })),
      nad({ cniVersion: '0.3.1', name: 'sriov', type: 'sriov', vlan: 10, vlanQoS: 3, min_tx_rate: 100, max_tx_rate: 1000 }, (o) => { o.metadata.annotations['k8s.v1.cni.cncf.io/resourceName'] = 'openshift.io/mlxnics'; }, 'sriov-net'),
      nad({ cniVersion: '0.3.1', name: 'l2', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'vms/l2', subnets: '10.0.0.0/16', excludeSubnets: '10.0.0.0/24' }, (o) => { delete o.metadata.annotations; }, 'l2'),
    ),
    invalid: one(
      nad(bridgeConfig({ mtu: 10 })),
      nad({ cniVersion: '0.3.1', name: 'mv', type: 'macvlan', mode: 'bridged' }, undefined, 'mv'),
      nad({ cniVersion: '0.3.1', name: 'sriov', type: 'sriov', vlanQoS: 3, min_tx_rate: 500, max_tx_rate: 100 }, (o) => { o.metadata.annotations['k8s.v1.cni.cncf.io/resourceName'] = 'openshift.io/mlxnics'; }, 'sriov-net'),
      nad({ cniVersion: '0.3.1', name: 'l2', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'vms/l2', subnets: '10.0.0.0/16,nope', excludeSubnets: '10.1.0.0/24' }, (o) => { delete o.metadata.annotations; }, 'l2'),
    ),
  },
  {
    rule: 'nad-ovn-persistent-ips-subnets', severity: 'warning',
    valid: one(nad({ cniVersion: '0.3.1', name: 'l2', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'vms/l2', subnets: '10.0.0.0/16', allowPersistentIPs: true }, (o) => { delete o.metadata.annotations; }, 'l2')),
    invalid: one(nad({ cniVersion: '0.3.1', name: 'l2', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'vms/l2', allowPersistentIPs: true }, (o) => { delete o.metadata.annotations; }, 'l2')),
  },
  {
    rule: 'nad-ipam-valid',
    valid: one(
      nad(bridgeConfig({ ipam: { type: 'whereabouts', range: '192.0.2.0/24', exclude: ['192.0.2.0/28'], gateway: '192.0.2.1' } })),
      nad(bridgeConfig({ ipam: { type: 'whereabouts', range: '192.0.2.10-192.0.2.20/24' } })),
      nad(bridgeConfig({ ipam: { type: 'host-local', ranges: [[{ subnet: '198.51.100.0/24', gateway: '198.51.100.1' }]], routes: [{ dst: '0.0.0.0/0' }] } })),
    ),
    invalid: one(
      nad(bridgeConfig({ ipam: { type: 'whereabouts', range: 'nope' } })),
      nad(bridgeConfig({ ipam: { type: 'static', addresses: [{ address: '192.0.2.50', gateway: 'gw' }] } })),
      nad(bridgeConfig({ ipam: { type: 'host-local', ranges: [[{ subnet: '198.51.100.0/24' }]], routes: [{ dst: 'default' }] } })),
    ),
  },
];
