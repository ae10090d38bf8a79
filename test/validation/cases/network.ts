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
  // nmstate desiredState.
  {
    rule: 'nmstate-iface-schema-valid', valid: one(nncp(), nncpIface(0, (i) => { delete i.type; delete i['link-aggregation']; })),
    invalid: one(nncpIface(1, (i) => { delete i.type; }), nncpIface(0, (i) => { i.state = 'enabled'; }), nncpIface(1, (i) => { i.bridge.options.stp.hello = 2; })),
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
    rule: 'nmstate-port-single-controller', valid: one(nncp()),
    invalid: one(nncpIface(1, (i) => { i.bridge.port.push({ name: 'eth1' }); }), desired((d) => { d.interfaces.push({ name: 'eth1', type: 'ethernet', state: 'up', controller: 'br1' }); })),
  },
  { rule: 'nmstate-bridge-stp-ranges', valid: one(nncpIface(1, (i) => { i.bridge.options.stp = { enabled: true, 'hello-time': 2, 'max-age': 20, 'forward-delay': 15 }; })), invalid: one(nncpIface(1, (i) => { i.bridge.options.stp = { enabled: true, 'forward-delay': 1 }; })) },
  {
    rule: 'nmstate-bridge-port-vlan', valid: one(nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk', 'trunk-tags': [{ id: 100 }, { 'id-range': { min: 200, max: 299 } }] }; })),
    invalid: one(nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk' }; }), nncpIface(1, (i) => { i.bridge.port[0].vlan = { mode: 'trunk', 'trunk-tags': [{ id: 250 }, { 'id-range': { min: 200, max: 299 } }] }; })),
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
  {
    rule: 'nmstate-ovn-localnet-unique', valid: one(desired((d) => { d.ovn = { 'bridge-mappings': [{ localnet: 'physnet', bridge: 'br-ex' }] }; })),
    invalid: one(desired((d) => { d.ovn = { 'bridge-mappings': [{ localnet: 'physnet', bridge: 'br-ex' }, { localnet: 'physnet', bridge: 'br1' }] }; })),
  },
  {
    rule: 'nmstate-port-exists', options: { nodeInterfaces: ['eth0', 'eth1', 'eth2'] },
    valid: one(nncp()), invalid: one(nncpIface(0, (i) => { i['link-aggregation'].port = ['eth1', 'ens9'] ; })),
  },
  // NetworkAttachmentDefinitions.
  { rule: 'nad-name-format', valid: one(nad()), invalid: one(nad(bridgeConfig(), undefined, 'br1.net')) },
  { rule: 'nad-config-json', valid: one(nad()), invalid: one(nad('{"type": "bridge",'), nad('["bridge"]')) },
  { rule: 'nad-config-type-required', valid: one(nad()), invalid: one(nad({ cniVersion: '0.3.1', name: 'x', bridge: 'br1' })) },
  {
    rule: 'nad-conflist-valid', valid: one(nad({ cniVersion: '0.3.1', name: 'x', plugins: [bridgeConfig(), { type: 'tuning' }] })),
    invalid: one(nad({ cniVersion: '0.3.1', name: 'x', plugins: [] }), nad({ cniVersion: '0.3.1', name: 'x', plugins: [{ bridge: 'br1' }] }), nad({ cniVersion: '3.0', name: 'x', plugins: [bridgeConfig()] })),
  },
  { rule: 'nad-config-best-practice', severity: 'warning', valid: one(nad()), invalid: one(nad(null), nad({ name: 'x', type: 'bridge', bridge: 'br1' }), nad(bridgeConfig({ bridge: undefined }))) },
  {
    rule: 'nad-bridge-vlan-range', valid: one(nad(bridgeConfig({ vlan: 100, vlanTrunk: [{ minID: 200, maxID: 299 }] }))),
    invalid: one(nad(bridgeConfig({ vlan: 4095 })), nad(bridgeConfig({ vlanTrunk: [{ minID: 300, maxID: 200 }] })), nad(bridgeConfig({ hairpinMode: true, promiscMode: true }))),
  },
  { rule: 'nad-bridge-resource-match', valid: one(nad()), invalid: one(nad(bridgeConfig({ bridge: 'br2' }))) },
  {
    rule: 'nad-ovn-netattachdefname-match',
    valid: one(nad({ cniVersion: '0.3.1', name: 'tenant', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'vms/l2' }, (o) => { delete o.metadata.annotations; }, 'l2')),
    invalid: one(nad({ cniVersion: '0.3.1', name: 'tenant', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'default/l2' }, (o) => { delete o.metadata.annotations; }, 'l2')),
  },
  {
    rule: 'nad-sriov-resource-name', valid: one(nad({ cniVersion: '0.3.1', name: 'sriov', type: 'sriov' }, (o) => { o.metadata.annotations['k8s.v1.cni.cncf.io/resourceName'] = 'openshift.io/mlxnics'; }, 'sriov-net')),
    invalid: one(nad({ cniVersion: '0.3.1', name: 'sriov', type: 'sriov' }, (o) => { delete o.metadata.annotations; }, 'sriov-net')),
  },
];
