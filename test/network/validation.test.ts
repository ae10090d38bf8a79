import { Chart, Testing } from 'cdk8s';
import {
  BondLacpRate, BondMode, BondXmitHashPolicy, BridgeNetwork, BridgePortVlan, IpConfig, MacvlanNetwork,
  NodeInterfaceState, NodeNetworkPolicy, OvnBridgeMappingState, OvnLayer2Network, OvnLocalnetNetwork, SriovNetwork,
} from '../../lib';
import { chart, synthErrors, synthWithWarnings } from './fixtures';

/** A policy at path `cluster/p` with metadata name `p`. */
function policyIn(c: Chart = chart(null), props: ConstructorParameters<typeof NodeNetworkPolicy>[2] = {}) {
  return new NodeNetworkPolicy(c, 'p', { metadata: { name: 'p' }, ...props });
}

/** Synth errors of a policy built by `build`, one per line. */
function policyErrors(build: (p: NodeNetworkPolicy) => void, props?: ConstructorParameters<typeof NodeNetworkPolicy>[2]): string {
  const c = chart(null);
  build(policyIn(c, props));
  return synthErrors(c);
}

const IFACE0 = '[cluster/p] spec.desiredState.interfaces[0]';

describe('NodeNetworkPolicy construct-time checks', () => {
  test('VLAN id 4095 (and 0) fail with the construct path, field and rule id', () => {
    const message = policyErrors((p) => {
      p.addVlan('eno1.4095', { base: 'eno1', id: 4095 });
      p.addVlan('eno1.0', { base: 'eno1', id: 0 });
      p.addVlan('eno1.4094', { base: 'eno1', id: 4094 });
    });
    expect(message).toContain(`${IFACE0}.vlan.id: 4095 must be an integer from 1 to 4094 [nmstate-vlan-id-range]`);
    expect(message).toContain('[cluster/p] spec.desiredState.interfaces[1].vlan.id: 0 must be an integer from 1 to 4094 [nmstate-vlan-id-range]');
    expect(message).not.toContain('interfaces[2]');
  });

  test('a bond mode that does not exist fails', () => {
    const message = policyErrors((p) => p.addBond('bond0', { mode: 'lacp' as BondMode, ports: ['eno1'] }));
    expect(message).toContain(`${IFACE0}.link-aggregation.mode: "lacp" is not one of "balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb" [nmstate-bond-mode-valid]`);
    const removed = chart(null);
    policyIn(removed).addBond('bond-old', { mode: undefined as never, state: NodeInterfaceState.ABSENT });
    expect(Testing.synth(removed)[0].spec.desiredState.interfaces).toEqual([{ name: 'bond-old', type: 'bond', state: 'absent' }]);
    const missing = policyErrors((p) => p.addBond('bond0', {} as never));
    expect(missing).toContain(`${IFACE0}.link-aggregation.mode: a new bond needs a mode [nmstate-bond-mode-required]`);
  });

  test('bond options invalid for the mode fail; options without effect in the mode warn', () => {
    const message = policyErrors((p) => {
      p.addBond('bond0', { mode: BondMode.ACTIVE_BACKUP, ports: ['eno1', 'eno2'], options: { lacpRate: BondLacpRate.FAST } });
      p.addBond('bond1', { mode: BondMode.BALANCE_ALB, ports: ['eno3'], options: { arpInterval: 100, arpIpTargets: ['192.0.2.1'] } });
      p.addBond('bond2', { mode: BondMode.BALANCE_RR, ports: ['eno4'], miimon: 100, options: { arpInterval: 100, arpIpTargets: ['192.0.2.1'] } });
      p.addBond('bond3', { mode: BondMode.LACP, ports: ['eno5'], options: { adActorSystem: '01:00:5e:00:00:01', balanceSlb: true, arpIpTargets: ['192.0.2.1'] } });
      p.addBond('bond4', { mode: BondMode.BALANCE_XOR, ports: ['eno6', 'eno7'], portsConfig: [{ port: 'eno6', priority: 5 }, { port: 'eno8', queueId: 1 }] });
    });
    expect(message).toContain(`${IFACE0}.link-aggregation.options.lacp_rate: only valid in mode 802.3ad, not active-backup [nmstate-bond-lacp-rate-mode]`);
    expect(message).toContain('interfaces[1].link-aggregation.options.arp_interval: ARP monitoring is invalid in mode balance-alb; use miimon [nmstate-bond-option-values]');
    expect(message).toContain('interfaces[2].link-aggregation.options: miimon and arp_interval cannot both be enabled [nmstate-bond-miimon-arp-exclusive]');
    expect(message).toContain('interfaces[3].link-aggregation.options.ad_actor_system: cannot be an IANA multicast address');
    expect(message).toContain('interfaces[3].link-aggregation.options.balance-slb: balance-slb needs mode balance-xor');
    expect(message).toContain('interfaces[3].link-aggregation.options.arp_ip_target: only valid when arp_interval > 0');
    expect(message).toContain('interfaces[4].link-aggregation.ports-config[0].priority: port priority needs mode active-backup, balance-tlb or balance-alb, not balance-xor');
    expect(message).toContain("interfaces[4].link-aggregation.ports-config[1].name: 'eno8' is not in the bond's port list");

    const c = chart(null);
    policyIn(c).addBond('bond0', { mode: BondMode.ACTIVE_BACKUP, ports: ['eno1', 'eno2'], options: { xmitHashPolicy: BondXmitHashPolicy.LAYER3_4, minLinks: 2 } });
    const { warnings } = synthWithWarnings(c);
    expect(warnings).toEqual([
      '[cluster/p] warning: spec.desiredState.interfaces[0].link-aggregation.options.min_links: has no effect in mode active-backup (only in 802.3ad)',
      '[cluster/p] warning: spec.desiredState.interfaces[0].link-aggregation.options.xmit_hash_policy: has no effect in mode active-backup (only in balance-xor, 802.3ad, balance-tlb)',
    ]);
  });

  test('a port that is neither a name nor an interface of the same policy fails', () => {
    const c = chart(null);
    const other = new NodeNetworkPolicy(c, 'other');
    const foreignBond = other.addBond('bond9', { mode: BondMode.ACTIVE_BACKUP, ports: ['eno9'] });
    const policy = policyIn(c);
    policy.addLinuxBridge('br1', { ports: [foreignBond, 42 as never, { port: 'this-name-is-far-too-long' }] });
    const message = synthErrors(c);
    expect(message).toContain(`${IFACE0}.bridge.port[0].name: interface 'bond9' belongs to policy cluster/other, not to this one`);
    expect(message).toContain(`${IFACE0}.bridge.port[1].name: number 42 is neither an interface name nor an interface of this policy [nmstate-port-exists]`);
    expect(message).toContain(`${IFACE0}.bridge.port[2].name: 'this-name-is-far-too-long' is longer than the kernel's 15-character interface name limit [nmstate-port-exists]`);
  });

  test('duplicate interface names, overbooked ports and removed ports fail', () => {
    const message = policyErrors((p) => {
      const bond = p.addBond('bond0', { mode: BondMode.LACP, ports: ['eno1', 'eno2'] });
      p.addLinuxBridge('br1', { ports: [bond] });
      p.addLinuxBridge('br2', { ports: ['eno1'] });
      p.addLinuxBridge('br1', {});
      const gone = p.addEthernet('eno3', { state: NodeInterfaceState.ABSENT });
      p.addVlan('eno3.5', { base: gone, id: 5 });
    });
    expect(message).toContain("interfaces[2]: port 'eno1' is already a port of 'bond0' [nmstate-port-single-controller]");
    expect(message).toContain("interfaces[3].name: 'br1' is already defined by interfaces[1]");
    expect(message).toContain("interfaces[5]: uses 'eno3', which this policy removes (state absent) [nmstate-port-exists]");
  });

  test('MTU ranges, IPv6 minimum MTU, STP ranges, bridge port VLANs and IP addresses', () => {
    const message = policyErrors((p) => {
      p.addEthernet('eno1', { mtu: 70000 });
      p.addEthernet('eno2', { mtu: 1000, ipv6: IpConfig.dhcp() });
      p.addLinuxBridge('br1', { stp: { helloTime: 11, maxAge: 5, forwardDelay: 31 } });
      p.addLinuxBridge('br2', { ports: [{ port: 'eno4', vlan: BridgePortVlan.trunk([{ min: 10, max: 20 }, 15, 4095]) }, { port: 'eno5', vlan: BridgePortVlan.trunk([]) }] });
      p.addEthernet('eno6', { ipv4: IpConfig.static(['2001:db8::1/64', '10.0.0.1']), ipv6: IpConfig.static([]), macAddress: 'zz:00' });
      p.addEthernet('eno7', { ipv4: IpConfig.autoconf() });
    });
    expect(message).toContain(`${IFACE0}.mtu: 70000 must be an integer from 68 to 65535 [nmstate-mtu-ipv6-min]`);
    expect(message).toContain('interfaces[1].ipv6: IPv6 needs an MTU of at least 1280, the interface has 1000 [nmstate-mtu-ipv6-min]');
    expect(message).toContain('interfaces[2].bridge.options.stp.hello-time: 11 must be an integer from 1 to 10 [nmstate-bridge-stp-ranges]');
    expect(message).toContain('interfaces[2].bridge.options.stp.max-age: 5 must be an integer from 6 to 40 [nmstate-bridge-stp-ranges]');
    expect(message).toContain('interfaces[2].bridge.options.stp.forward-delay: 31 must be an integer from 2 to 30 [nmstate-bridge-stp-ranges]');
    expect(message).toContain('interfaces[3].bridge.port[0].vlan.trunk-tags[1]: overlaps trunk-tags[0] [nmstate-bridge-port-vlan]');
    expect(message).toContain('interfaces[3].bridge.port[0].vlan.trunk-tags[2].id: 4095 must be an integer from 1 to 4094 [nmstate-bridge-port-vlan]');
    expect(message).toContain('interfaces[3].bridge.port[1].vlan.trunk-tags: a trunk port needs at least one VLAN [nmstate-bridge-port-vlan]');
    expect(message).toContain("interfaces[4].ipv4.address[0]: '2001:db8::1/64' is not an IPv4 address");
    expect(message).toContain("interfaces[4].ipv4.address[1]: '10.0.0.1' is not an address in CIDR notation");
    expect(message).toContain('interfaces[4].ipv6.address: a static configuration needs at least one address');
    expect(message).toContain("interfaces[4].mac-address: 'zz:00' is not a MAC address");
    expect(message).toContain('interfaces[5].ipv4: autoconf (SLAAC) exists only for IPv6 [nmstate-iface-schema-valid]');
  });

  test('policy-level checks: name, node selector, maxUnavailable, empty state, routes, DNS, OVN mappings', () => {
    const c = chart(null);
    const p = new NodeNetworkPolicy(c, 'p', {
      metadata: { name: 'x'.repeat(64) },
      nodeSelector: { 'bad key!': 'ok', role: 'has space' },
      maxUnavailable: 'half',
    });
    const br = p.addOvsBridge('ovs-br1');
    p.addOvnBridgeMapping('physnet1', br);
    p.addOvnBridgeMapping('physnet1', 'br-ex');
    p.addRoute({ destination: '10.0.0.0/8', nextHopAddress: '2001:db8::1', nextHopInterface: 'eno1' });
    p.addRoute({ destination: 'default' });
    p.setDns({ servers: ['dns.example'] });
    new NodeNetworkPolicy(c, 'empty', { maxUnavailable: '150%' });
    const message = synthErrors(c);
    expect(message).toContain(`[cluster/p] metadata.name: '${'x'.repeat(64)}' must be a valid label value (at most 63 characters, alphanumeric at both ends) [nncp-name-label-value]`);
    expect(message).toContain("[cluster/p] spec.nodeSelector['bad key!']: the key is not a qualified label name [nncp-nodeselector-valid]");
    expect(message).toContain("[cluster/p] spec.nodeSelector['role']: 'has space' is not a valid label value [nncp-nodeselector-valid]");
    expect(message).toContain(`[cluster/p] spec.maxUnavailable: 'half' is not a percentage like "25%" (the operator would silently use 50%) [nncp-maxunavailable-valid]`);
    expect(message).toContain("[cluster/p] spec.desiredState.ovn.bridge-mappings[1].localnet: 'physnet1' is already mapped by bridge-mappings[0] [nmstate-ovn-localnet-unique]");
    expect(message).toContain('[cluster/p] spec.desiredState.routes.config[0].next-hop-address: an IPv6 gateway for an IPv4 destination');
    expect(message).toContain("[cluster/p] spec.desiredState.routes.config[1].destination: 'default' is not in CIDR notation");
    expect(message).toContain('[cluster/p] spec.desiredState.routes.config[1].next-hop-interface: a route needs a next-hop interface');
    expect(message).toContain("[cluster/p] spec.desiredState.dns-resolver.config.server[0]: 'dns.example' is not an IP address");
    expect(message).toContain("[cluster/empty] spec.maxUnavailable: '150%' is above 100% [nncp-maxunavailable-valid]");
    expect(message).toContain('[cluster/empty] spec.desiredState: the policy configures nothing');
  });

  test('an OVN bridge mapping to another policy\'s OVS bridge, or to a removed one, fails', () => {
    const c = chart(null);
    const other = new NodeNetworkPolicy(c, 'other');
    const foreign = other.addOvsBridge('ovs-a');
    const p = policyIn(c);
    p.addOvnBridgeMapping('n1', foreign);
    p.addOvnBridgeMapping('n2', p.addOvsBridge('ovs-b', { state: NodeInterfaceState.ABSENT }));
    const message = synthErrors(c);
    expect(message).toContain("[cluster/p] spec.desiredState.ovn.bridge-mappings[0].bridge: OVS bridge 'ovs-a' belongs to policy cluster/other; pass its name instead [nmstate-port-exists]");
    expect(message).toContain("[cluster/p] spec.desiredState.ovn.bridge-mappings[1].bridge: OVS bridge 'ovs-b' is removed by this policy (state absent)");
    expect(OvnBridgeMappingState.PRESENT).toBe('present');
  });
});

describe('NetworkAttachmentDefinition construct-time checks', () => {
  test('bridge NAD: VLAN 4095, vlan with vlanTrunk, hairpin with promisc, bad MTU, removed bridge', () => {
    const c = chart('vms');
    const policy = new NodeNetworkPolicy(c, 'p');
    const br = policy.addLinuxBridge('br-gone', { state: NodeInterfaceState.DOWN });
    new BridgeNetwork(c, 'n1', { bridge: 'br1', vlan: 4095 });
    new BridgeNetwork(c, 'n2', { bridge: 'br1', vlan: 5, vlanTrunk: [{ min: 30, max: 20 }], hairpinMode: true, promiscMode: true, mtu: 10 });
    new BridgeNetwork(c, 'n3', { bridge: br });
    new BridgeNetwork(c, 'n4', { bridge: 'br/1', cniVersion: 'v1' });
    const message = synthErrors(c);
    expect(message).toContain('[vms/n1] spec.config.plugins[0].vlan: 4095 must be an integer from 1 to 4094 [nad-bridge-vlan-range]');
    expect(message).toContain('[vms/n2] spec.config.plugins[0].vlanTrunk[0]: minID 30 is above maxID 20 [nad-bridge-vlan-range]');
    expect(message).toContain('[vms/n2] spec.config.plugins[0].vlanTrunk: vlan and vlanTrunk cannot be set together [nad-bridge-vlan-range]');
    expect(message).toContain('[vms/n2] spec.config.plugins[0].promiscMode: hairpinMode and promiscMode are exclusive [nad-bridge-vlan-range]');
    expect(message).toContain('[vms/n2] spec.config.plugins[0].mtu: 10 must be an integer from 68 to 65535');
    expect(message).toContain("[vms/n3] spec.config.plugins[0].bridge: bridge 'br-gone' has state down in policy vms/p [xo-nad-bridge-has-nncp]");
    expect(message).toContain("[vms/n4] spec.config.plugins[0].bridge: 'br/1' is not a valid kernel interface name");
    expect(message).toContain("[vms/n4] spec.config.cniVersion: 'v1' is not a CNI spec version like 0.3.1 or 1.0.0 [nad-conflist-valid]");
  });

  test('OVN NADs: a namespace is required, subnets must parse and contain the exclusions', () => {
    const c = chart(null);
    new OvnLayer2Network(c, 'l2', { subnets: ['10.0.0.0/16', 'nope'], excludeSubnets: ['10.1.0.0/24'], reservedSubnets: ['10.0.5.0/24'] });
    const p = new NodeNetworkPolicy(c, 'p');
    const mapping = p.addOvnBridgeMapping('physnet1', 'br-ex', { state: OvnBridgeMappingState.ABSENT });
    new OvnLocalnetNetwork(c, 'ln', { metadata: { namespace: 'vms' }, bridgeMapping: mapping, physicalNetworkName: 'other', vlan: 4095, excludeSubnets: ['10.0.0.0/24'] });
    const message = synthErrors(c);
    expect(message).toContain('[cluster/l2] spec.config.netAttachDefName: OVN-Kubernetes needs <namespace>/<name>: give the NAD or its chart a namespace [nad-ovn-netattachdefname-match]');
    expect(message).toContain("[cluster/l2] spec.config.subnets[1]: 'nope' is not in CIDR notation [nad-config-json]");
    expect(message).toContain('[cluster/l2] spec.config.excludeSubnets[0]: 10.1.0.0/24 is not inside any of the subnets');
    expect(message).not.toContain('reservedSubnets');
    expect(message).toContain("[cluster/ln] spec.config.physicalNetworkName: 'other' differs from the bridge mapping's localnet 'physnet1' [xo-localnet-bridge-mapping]");
    expect(message).toContain('[cluster/ln] spec.config.physicalNetworkName: the bridge mapping for \'physnet1\' in cluster/p has state absent [xo-localnet-bridge-mapping]');
    expect(message).toContain('[cluster/ln] spec.config.vlanID: 4095 must be an integer from 1 to 4094');
    expect(message).toContain('[cluster/ln] spec.config.excludeSubnets: needs subnets to exclude from');
  });

  test('SR-IOV and macvlan NADs', () => {
    const c = chart('vms');
    new SriovNetwork(c, 's1', { resourceName: 'mlxnics', vlanQoS: 3, minTxRate: 500, maxTxRate: 100 });
    const policy = new NodeNetworkPolicy(c, 'p');
    const vlan = policy.addVlan('eno1.7', { base: 'eno1', id: 7, mtu: 1500 });
    new MacvlanNetwork(c, 'm1', { master: vlan, mtu: 9000 });
    const message = synthErrors(c);
    expect(message).toContain("[vms/s1] metadata.annotations['k8s.v1.cni.cncf.io/resourceName']: 'mlxnics' is not a device-plugin resource name like openshift.io/mlxnics [nad-sriov-resource-name]");
    expect(message).toContain('[vms/s1] spec.config.vlanQoS: needs a vlan');
    expect(message).toContain('[vms/s1] spec.config.min_tx_rate: 500 is above max_tx_rate 100');
    expect(message).toContain("[vms/m1] spec.config.mtu: 9000 exceeds the MTU 1500 of parent 'eno1.7'");
  });

  test('a NAD name OpenShift refuses is a warning, not an error', () => {
    const c = chart('vms');
    new MacvlanNetwork(c, 'm', { metadata: { name: 'my.net' }, master: 'eno1' });
    const { manifest, warnings } = synthWithWarnings(c);
    expect(manifest).toHaveLength(1);
    expect(warnings).toEqual(["[vms/m] warning: metadata.name: NAD name 'my.net' may only use lowercase alphanumerics and '-' (no dots), start with a letter or 1-9 and end alphanumeric [nad-name-format]"]);
  });
});
