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
  // The shared rule's range: NetworkManager and the kernel take VLAN 0 (priority tagging) to 4094.
  test('VLAN id 4095 (and 5000) fail with the construct path, field and rule id; 0 and 4094 pass', () => {
    const message = policyErrors((p) => {
      p.addVlan('eno1.4095', { base: 'eno1', id: 4095 });
      p.addVlan('eno1.5000', { base: 'eno1', id: 5000 });
      p.addVlan('eno1.4094', { base: 'eno1', id: 4094 });
      p.addVlan('eno1.0', { base: 'eno1', id: 0 });
    });
    expect(message).toContain(`${IFACE0}.vlan.id: VLAN id 4095 must be 0-4094 [nmstate-vlan-id-range]`);
    expect(message).toContain('[cluster/p] spec.desiredState.interfaces[1].vlan.id: VLAN id 5000 must be 0-4094 [nmstate-vlan-id-range]');
    expect(message).not.toContain('interfaces[2]');
    expect(message).not.toContain('interfaces[3]');
  });

  test('a bond mode that does not exist fails', () => {
    const message = policyErrors((p) => p.addBond('bond0', { mode: 'lacp' as BondMode, ports: ['eno1'] }));
    expect(message).toContain(`${IFACE0}.link-aggregation.mode: bond mode "lacp" is invalid; use balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb [nmstate-bond-mode-valid]`);
    const removed = chart(null);
    policyIn(removed).addBond('bond-old', { mode: undefined as never, state: NodeInterfaceState.ABSENT });
    expect(Testing.synth(removed)[0].spec.desiredState.interfaces).toEqual([{ name: 'bond-old', type: 'bond', state: 'absent' }]);
    const missing = policyErrors((p) => p.addBond('bond0', {} as never));
    expect(missing).toContain(`${IFACE0}.link-aggregation.mode: bond 'bond0' needs link-aggregation.mode [nmstate-bond-mode-required]`);
  });

  test('bond options invalid for the mode fail; options without effect in the mode warn', () => {
    const message = policyErrors((p) => {
      p.addBond('bond0', { mode: BondMode.ACTIVE_BACKUP, ports: ['eno1', 'eno2'], options: { lacpRate: BondLacpRate.FAST } });
      p.addBond('bond1', { mode: BondMode.BALANCE_ALB, ports: ['eno3'], options: { arpInterval: 100, arpIpTargets: ['192.0.2.1'] } });
      p.addBond('bond2', { mode: BondMode.BALANCE_RR, ports: ['eno4'], miimon: 100, options: { arpInterval: 100, arpIpTargets: ['192.0.2.1'] } });
      p.addBond('bond3', { mode: BondMode.LACP, ports: ['eno5'], options: { adActorSystem: '01:00:5e:00:00:01', balanceSlb: true, arpIpTargets: ['192.0.2.1'] } });
      p.addBond('bond4', { mode: BondMode.BALANCE_XOR, ports: ['eno6', 'eno7'], portsConfig: [{ port: 'eno6', priority: 5 }, { port: 'eno8', queueId: 1 }] });
    });
    expect(message).toContain(`${IFACE0}.link-aggregation.options.lacp_rate: lacp_rate fast needs mode 802.3ad, bond 'bond0' uses active-backup [nmstate-bond-lacp-rate-mode]`);
    expect(message).toContain('interfaces[1].link-aggregation.options.arp_interval: ARP monitoring is invalid in mode balance-alb; use miimon [nmstate-bond-option-ranges]');
    expect(message).toContain("interfaces[2].link-aggregation.options: bond 'bond2' sets both miimon and arp_interval [nmstate-bond-miimon-arp-exclusive]");
    expect(message).toContain('interfaces[3].link-aggregation.options.ad_actor_system: ad_actor_system cannot be a multicast 01:00:5E MAC [nmstate-bond-option-values]');
    expect(message).toContain('interfaces[3].link-aggregation.options.balance-slb: balance-slb needs mode balance-xor and xmit_hash_policy vlan+srcmac [nmstate-bond-option-ranges]');
    expect(message).toContain('interfaces[3].link-aggregation.options.arp_ip_target: only valid when arp_interval > 0 [nmstate-bond-option-ranges]');
    expect(message).toContain('interfaces[4].link-aggregation.ports-config[0].priority: port priority needs mode active-backup, balance-tlb or balance-alb, not balance-xor [nmstate-bond-option-ranges]');
    expect(message).toContain('interfaces[4].link-aggregation.ports-config: port and ports-config must list the same interfaces [nmstate-bond-option-values]');

    const c = chart(null);
    policyIn(c).addBond('bond0', { mode: BondMode.ACTIVE_BACKUP, ports: ['eno1', 'eno2'], options: { xmitHashPolicy: BondXmitHashPolicy.LAYER3_4, minLinks: 2 } });
    const { warnings } = synthWithWarnings(c);
    expect(warnings).toEqual([
      '[cluster/p] warning: spec.desiredState.interfaces[0].link-aggregation.options.min_links: has no effect in mode active-backup (only in 802.3ad) [nmstate-bond-option-ignored]',
      '[cluster/p] warning: spec.desiredState.interfaces[0].link-aggregation.options.xmit_hash_policy: has no effect in mode active-backup (only in balance-xor, 802.3ad, balance-tlb) [nmstate-bond-option-ignored]',
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
    expect(message).toContain(`${IFACE0}.bridge.port[1].name: number 42 is neither an interface name nor an interface of this policy [construct-nmstate-port-ref]`);
    expect(message).toContain(`${IFACE0}.bridge.port[2].name: 'this-name-is-far-too-long' is longer than the kernel's 15-character interface name limit [nmstate-iface-values]`);
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
    expect(message).toContain("interfaces[2]: port 'eno1' is already a port of 'bond0' (port overbooked) [nmstate-port-single-controller]");
    expect(message).toContain("interfaces[3].name: 'br1' is already defined by interfaces[1] [nmstate-iface-values]");
    expect(message).toContain("interfaces[5]: uses 'eno3', which this policy removes (state absent) [nmstate-port-removed]");
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
    expect(message).toContain(`${IFACE0}.mtu: 70000 must be an integer from 68 to 65535 [nmstate-mtu-range]`);
    expect(message).toContain('interfaces[1].mtu: mtu 1000 is below 1280, the IPv6 minimum [nmstate-mtu-ipv6-min]');
    expect(message).toContain('interfaces[2].bridge.options.stp.hello-time: STP hello-time 11 must be 1-10 [nmstate-bridge-stp-ranges]');
    expect(message).toContain('interfaces[2].bridge.options.stp.max-age: STP max-age 5 must be 6-40 [nmstate-bridge-stp-ranges]');
    expect(message).toContain('interfaces[2].bridge.options.stp.forward-delay: STP forward-delay 31 must be 2-30 [nmstate-bridge-stp-ranges]');
    expect(message).toContain('interfaces[3].bridge.port[0].vlan.trunk-tags: trunk tags overlap [nmstate-bridge-port-vlan]');
    expect(message).toContain('interfaces[3].bridge.port[0].vlan.trunk-tags[2].id: 4095 must be an integer from 1 to 4094 [nmstate-bridge-vlan-ids]');
    expect(message).toContain('interfaces[3].bridge.port[1].vlan.trunk-tags: trunk mode needs trunk-tags [nmstate-bridge-port-vlan]');
    expect(message).toContain("interfaces[4].ipv4.address[0].ip: '2001:db8::1' is not an IPv4 address [nmstate-ip-address-valid]");
    expect(message).toContain("interfaces[4].ipv4.address[1]: '10.0.0.1' is not an address in CIDR notation (e.g. 192.0.2.10/24) [construct-nmstate-ip-static]");
    expect(message).toContain('interfaces[4].ipv6.address: a static configuration needs at least one address [construct-nmstate-ip-static]');
    expect(message).toContain("interfaces[4].mac-address: 'ZZ:00' is not a MAC address (six colon-separated octets) [nmstate-iface-values]");
    expect(message).toContain('interfaces[5].ipv4.autoconf: autoconf (SLAAC) exists only for IPv6 [nmstate-iface-values]');
  });

  test('policy-level checks: name, node selector, maxUnavailable, empty state, routes, DNS, OVN mappings', () => {
    const c = chart(null);
    const p = new NodeNetworkPolicy(c, 'p', {
      metadata: { name: 'x'.repeat(64) },
      nodeSelector: { 'bad key!': 'ok', role: 'has space' },
    });
    const br = p.addOvsBridge('ovs-br1');
    p.addOvnBridgeMapping('physnet1', br);
    p.addOvnBridgeMapping('physnet1', 'br-ex');
    p.addRoute({ destination: '10.0.0.0/8', nextHopAddress: '2001:db8::1', nextHopInterface: 'eno1' });
    p.addRoute({ destination: 'default' });
    p.setDns({ servers: ['dns.example'] });
    new NodeNetworkPolicy(c, 'empty');
    const message = synthErrors(c);
    expect(message).toContain(`[cluster/p] metadata.name: policy name '${'x'.repeat(64)}' must be a valid label value (at most 63 characters, alphanumeric at both ends) [nncp-name-label-value]`);
    expect(message).toContain(`[cluster/p] spec.nodeSelector["bad key!"]: nodeSelector key 'bad key!' is not a qualified name`);
    expect(message).toMatch(/\[cluster\/p\] spec\.nodeSelector\["bad key!"\]: .* \[nncp-nodeselector-valid\]/);
    expect(message).toContain('[cluster/p] spec.nodeSelector["role"]: nodeSelector value "has space" is not a valid label value [nncp-nodeselector-valid]');
    expect(message).toContain("[cluster/p] spec.desiredState.ovn.bridge-mappings[1].localnet: localnet 'physnet1' is mapped more than once [nmstate-ovn-localnet-unique]");
    expect(message).toContain('[cluster/p] spec.desiredState.routes.config[0].next-hop-address: an IPv6 gateway for an IPv4 destination [nmstate-routes-valid]');
    expect(message).toContain("[cluster/p] spec.desiredState.routes.config[1].destination: 'default' is not in CIDR notation [nmstate-routes-valid]");
    expect(message).toContain('[cluster/p] spec.desiredState.routes.config[1].next-hop-interface: a route needs a next-hop interface (or a route type such as blackhole) [nmstate-routes-valid]');
    expect(message).toContain("[cluster/p] spec.desiredState.dns-resolver.config.server[0]: 'dns.example' is not an IP address [nmstate-dns-valid]");
    expect(message).toContain('[cluster/empty] spec.desiredState: the policy configures nothing: add an interface, route, DNS setting or OVN bridge mapping [construct-nncp-not-empty]');
  });

  // nncp-maxunavailable-valid and -percent are warnings everywhere: the operator accepts the policy and falls back to 50% or all nodes.
  test('maxUnavailable that does not parse or exceeds 100% is a warning naming the field', () => {
    const c = chart(null);
    new NodeNetworkPolicy(c, 'half', { metadata: { name: 'half' }, maxUnavailable: 'half' }).addEthernet('eno1');
    new NodeNetworkPolicy(c, 'all', { metadata: { name: 'all' }, maxUnavailable: '150%' }).addEthernet('eno1');
    const { manifest, warnings } = synthWithWarnings(c);
    expect(manifest).toHaveLength(2);
    expect(warnings).toEqual([
      '[cluster/half] warning: spec.maxUnavailable: maxUnavailable "half" does not parse and silently falls back to 50% [nncp-maxunavailable-valid]',
      '[cluster/all] warning: spec.maxUnavailable: maxUnavailable 150% is above 100%: every matching node is reconfigured at once [nncp-maxunavailable-percent]',
    ]);
  });

  test('an OVN bridge mapping to another policy\'s OVS bridge, or to a removed one, fails', () => {
    const c = chart(null);
    const other = new NodeNetworkPolicy(c, 'other');
    const foreign = other.addOvsBridge('ovs-a');
    const p = policyIn(c);
    p.addOvnBridgeMapping('n1', foreign);
    p.addOvnBridgeMapping('n2', p.addOvsBridge('ovs-b', { state: NodeInterfaceState.ABSENT }));
    const message = synthErrors(c);
    expect(message).toContain("[cluster/p] spec.desiredState.ovn.bridge-mappings[0].bridge: OVS bridge 'ovs-a' belongs to policy cluster/other; pass its name instead [construct-nmstate-port-ref]");
    expect(message).toContain("[cluster/p] spec.desiredState.ovn.bridge-mappings[1].bridge: OVS bridge 'ovs-b' is removed by this policy (state absent) [nmstate-port-removed]");
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
    expect(message).toContain('[vms/n1] spec.config.plugins[0].vlan: bridge vlan 4095 must be 0-4094 [nad-bridge-vlan-range]');
    expect(message).toContain('[vms/n2] spec.config.plugins[0].vlanTrunk[0]: vlanTrunk[0] minID 30 exceeds maxID 20 [nad-bridge-vlan-range]');
    expect(message).toContain('[vms/n2] spec.config.plugins[0].vlanTrunk: vlan and vlanTrunk cannot be set together [nad-bridge-vlan-range]');
    expect(message).toContain('[vms/n2] spec.config.plugins[0].promiscMode: hairpinMode and promiscMode cannot both be enabled [nad-bridge-vlan-range]');
    expect(message).toContain('[vms/n2] spec.config.plugins[0].mtu: 10 must be an integer from 68 to 65535 [nad-plugin-values]');
    expect(message).toContain("[vms/n3] spec.config.plugins[0].bridge: bridge 'br-gone' has state down in policy vms/p [construct-nad-node-bridge]");
    expect(message).toContain("[vms/n4] spec.config.plugins[0].bridge: 'br/1' is not a valid kernel interface name [nad-interface-names-valid]");
    expect(message).toContain('[vms/n4] spec.config.cniVersion: cniVersion "v1" is not a CNI version (0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0) [nad-conflist-valid]');
  });

  test('OVN NADs: a namespace is required, subnets must parse and contain the exclusions', () => {
    const c = chart(null);
    new OvnLayer2Network(c, 'l2', { subnets: ['10.0.0.0/16', 'nope'], excludeSubnets: ['10.1.0.0/24'], reservedSubnets: ['10.0.5.0/24'] });
    const p = new NodeNetworkPolicy(c, 'p');
    const mapping = p.addOvnBridgeMapping('physnet1', 'br-ex', { state: OvnBridgeMappingState.ABSENT });
    new OvnLocalnetNetwork(c, 'ln', { metadata: { namespace: 'vms' }, bridgeMapping: mapping, physicalNetworkName: 'other', vlan: 4095, excludeSubnets: ['10.0.0.0/24'] });
    const message = synthErrors(c);
    expect(message).toContain('[cluster/l2] spec.config.netAttachDefName: OVN-Kubernetes needs <namespace>/<name>: give the NAD or its chart a namespace [nad-ovn-netattachdefname-match]');
    expect(message).toContain("[cluster/l2] spec.config.subnets[1]: 'nope' is not in CIDR notation [nad-plugin-values]");
    expect(message).toContain('[cluster/l2] spec.config.excludeSubnets[0]: 10.1.0.0/24 is not inside any of the subnets [nad-plugin-values]');
    expect(message).not.toContain('reservedSubnets');
    expect(message).toContain("[cluster/ln] spec.config.physicalNetworkName: 'other' differs from the bridge mapping's localnet 'physnet1' [construct-localnet-bridge-mapping]");
    expect(message).toContain('[cluster/ln] spec.config.physicalNetworkName: the bridge mapping for \'physnet1\' in cluster/p has state absent [construct-localnet-bridge-mapping]');
    expect(message).toContain('[cluster/ln] spec.config.vlanID: 4095 must be an integer from 1 to 4094 [nad-plugin-values]');
    expect(message).toContain('[cluster/ln] spec.config.excludeSubnets: needs subnets to exclude from [nad-plugin-values]');
  });

  test('SR-IOV and macvlan NADs', () => {
    const c = chart('vms');
    new SriovNetwork(c, 's1', { resourceName: 'mlxnics', vlanQoS: 3, minTxRate: 500, maxTxRate: 100 });
    const policy = new NodeNetworkPolicy(c, 'p');
    const vlan = policy.addVlan('eno1.7', { base: 'eno1', id: 7, mtu: 1500 });
    new MacvlanNetwork(c, 'm1', { master: vlan, mtu: 9000 });
    const message = synthErrors(c);
    expect(message).toContain('[vms/s1] metadata.annotations["k8s.v1.cni.cncf.io/resourceName"]: \'mlxnics\' is not a device-plugin resource name like openshift.io/mlxnics [nad-sriov-resource-name]');
    expect(message).toContain('[vms/s1] spec.config.vlanQoS: needs a vlan [nad-plugin-values]');
    expect(message).toContain('[vms/s1] spec.config.min_tx_rate: 500 is above max_tx_rate 100 [nad-plugin-values]');
    expect(message).toContain("[vms/m1] spec.config.mtu: 9000 exceeds the MTU 1500 of parent 'eno1.7' [construct-macvlan-master]");
  });

  test('a NAD name OpenShift refuses is a warning, not an error', () => {
    const c = chart('vms');
    new MacvlanNetwork(c, 'm', { metadata: { name: 'my.net' }, master: 'eno1' });
    const { manifest, warnings } = synthWithWarnings(c);
    expect(manifest).toHaveLength(1);
    expect(warnings).toEqual(["[vms/m] warning: metadata.name: NAD name 'my.net' may only use lowercase alphanumerics and '-' (no dots), start with a letter or 1-9 and end alphanumeric [nad-name-format]"]);
  });
});
