import {
  BondMode, BondXmitHashPolicy, BondLacpRate, BondFailOverMac, BondPrimaryReselect, BondArpValidate,
  BridgePortVlan, IpConfig, LinuxBridgeInterface, NodeInterfaceState, NodeNetworkPolicy, NodeRouteType,
  OvnBridgeMappingState, OvsFailMode, VlanProtocol, EthernetDuplex,
} from '../../lib';
import { allKeys, chart, nncp, synthYaml, WORKERS } from './fixtures';

describe('NodeNetworkPolicy', () => {
  test('the seed: bond1 (balance-alb, miimon 100, MTU 1450) and br1 over it, in one expression', () => {
    const c = chart(null);
    const policy = new NodeNetworkPolicy(c, 'worker-br1', { metadata: { name: 'worker-br1' }, nodeSelector: WORKERS });
    const br1 = policy.addLinuxBridge('br1', {
      mtu: 1450,
      ports: [policy.addBond('bond1', { mode: BondMode.BALANCE_ALB, ports: ['eth2', 'eth3'], miimon: 100, mtu: 1450 })],
    });
    const [obj] = synthYaml(c);
    expect(obj).toEqual({
      apiVersion: 'nmstate.io/v1',
      kind: 'NodeNetworkConfigurationPolicy',
      metadata: { name: 'worker-br1' },
      spec: {
        nodeSelector: { 'node-role.kubernetes.io/worker': '' },
        desiredState: {
          interfaces: [
            {
              name: 'bond1', type: 'bond', state: 'up', mtu: 1450, ipv4: { enabled: false }, ipv6: { enabled: false },
              'link-aggregation': { mode: 'balance-alb', port: ['eth2', 'eth3'], options: { miimon: 100 } },
            },
            {
              name: 'br1', type: 'linux-bridge', state: 'up', mtu: 1450, ipv4: { enabled: false }, ipv6: { enabled: false },
              bridge: { options: { stp: { enabled: false } }, port: [{ name: 'bond1' }] },
            },
          ],
        },
      },
    });
    expect(br1).toBeInstanceOf(LinuxBridgeInterface);
    expect(br1.policy).toBe(policy);
    expect(policy.interfaces.map((i) => i.name)).toEqual(['bond1', 'br1']);
    expect(allKeys(obj)).not.toContain('slaves');
  });

  test.each(Object.values(BondMode))('a bond in mode %s synthesizes with its mode', (mode) => {
    const c = chart(null);
    const policy = new NodeNetworkPolicy(c, 'p', { metadata: { name: `bond-${mode.replace('.', '-')}` } });
    policy.addBond('bond0', { mode, ports: ['eno1', 'eno2'], options: { miimon: 100 } });
    const [obj] = synthYaml(c);
    const bond = obj.spec.desiredState.interfaces[0];
    expect(bond['link-aggregation']).toEqual({ mode, port: ['eno1', 'eno2'], options: { miimon: 100 } });
  });

  test('every link-aggregation option is written with its nmstate (kernel) name', () => {
    const c = chart(null);
    const policy = new NodeNetworkPolicy(c, 'p');
    policy.addBond('bond0', {
      mode: BondMode.LACP,
      ports: ['eno1', 'eno2'],
      options: {
        miimon: 100, updelay: 200, downdelay: 200, lacpRate: BondLacpRate.FAST, lacpActive: true, adSelect: undefined,
        adActorSysPrio: 100, adActorSystem: '02:00:00:00:00:01', adUserPortKey: 5, minLinks: 1,
        xmitHashPolicy: BondXmitHashPolicy.LAYER3_4, allPortsActive: true, useCarrier: true, resendIgmp: 2,
      },
    });
    policy.addBond('bond1', {
      mode: BondMode.ACTIVE_BACKUP,
      ports: ['eno3', 'eno4'],
      options: {
        arpInterval: 1000, arpIpTargets: ['192.0.2.1', '192.0.2.2'], arpValidate: BondArpValidate.ALL,
        primary: 'eno3', primaryReselect: BondPrimaryReselect.FAILURE, failOverMac: BondFailOverMac.FOLLOW,
        numGratArp: 3, numUnsolNa: 3, arpMissedMax: 3, nsIp6Targets: ['2001:db8::1'],
      },
      portsConfig: [{ port: 'eno3', priority: 10, queueId: 1 }, { port: 'eno4', queueId: 2 }],
    });
    const [obj] = synthYaml(c);
    const [lacp, ab] = obj.spec.desiredState.interfaces.map((i: any) => i['link-aggregation']);
    expect(lacp.options).toEqual({
      miimon: 100, updelay: 200, downdelay: 200, lacp_rate: 'fast', lacp_active: true, ad_actor_sys_prio: 100,
      ad_actor_system: '02:00:00:00:00:01', ad_user_port_key: 5, min_links: 1, xmit_hash_policy: 'layer3+4',
      all_slaves_active: 'delivered', use_carrier: true, resend_igmp: 2,
    });
    expect(ab.options).toEqual({
      arp_interval: 1000, arp_ip_target: '192.0.2.1,192.0.2.2', arp_validate: 'all', primary: 'eno3',
      primary_reselect: 'failure', fail_over_mac: 'follow', num_grat_arp: 3, num_unsol_na: 3, arp_missed_max: 3,
      ns_ip6_target: ['2001:db8::1'],
    });
    expect(ab['ports-config']).toEqual([{ name: 'eno3', priority: 10, 'queue-id': 1 }, { name: 'eno4', 'queue-id': 2 }]);
  });

  test('bridge ports carry VLAN trunk/access config and STP options; VLANs hang off bonds', () => {
    const c = chart(null);
    const policy = new NodeNetworkPolicy(c, 'p', { maxUnavailable: '25%' });
    const bond = policy.addBond('bond0', { mode: BondMode.LACP, ports: ['eno1', 'eno2'], miimon: 100 });
    const vlan = policy.addVlan('bond0.200', { base: bond, id: 200, protocol: VlanProtocol.IEEE_802_1Q, ipv4: IpConfig.dhcp({ autoDns: false }) });
    policy.addLinuxBridge('br-trunk', {
      stp: { enabled: true, forwardDelay: 4, helloTime: 2, maxAge: 20, priority: 4096 },
      macAgeingTime: 600,
      ports: [{ port: bond, vlan: BridgePortVlan.trunk([100, { min: 300, max: 399 }], { nativeVlan: 1 }), stpPathCost: 10 }],
    });
    policy.addLinuxBridge('br-access', { ports: [{ port: 'eno5', vlan: BridgePortVlan.access(42) }] });
    const [obj] = synthYaml(c);
    const [, v, trunk, access] = obj.spec.desiredState.interfaces;
    expect(obj.spec.maxUnavailable).toBe('25%');
    expect(v).toEqual({
      name: 'bond0.200', type: 'vlan', state: 'up',
      ipv4: { enabled: true, dhcp: true, 'auto-dns': false }, ipv6: { enabled: false },
      vlan: { 'base-iface': 'bond0', id: 200, protocol: '802.1q' },
    });
    expect(vlan.id).toBe(200);
    expect(trunk.bridge).toEqual({
      options: { stp: { enabled: true, 'forward-delay': 4, 'hello-time': 2, 'max-age': 20, priority: 4096 }, 'mac-ageing-time': 600 },
      port: [{
        name: 'bond0', 'stp-path-cost': 10,
        vlan: { mode: 'trunk', 'trunk-tags': [{ id: 100 }, { 'id-range': { min: 300, max: 399 } }], tag: 1, 'enable-native': true },
      }],
    });
    expect(access.bridge.port).toEqual([{ name: 'eno5', vlan: { mode: 'access', tag: 42 } }]);
  });

  test('IPv4/IPv6 settings: disabled, DHCP with autoconf, static addresses', () => {
    const c = chart(null);
    const policy = new NodeNetworkPolicy(c, 'p');
    policy.addEthernet('eno1', { mtu: 9000, ipv4: IpConfig.static(['192.0.2.10/24', '192.0.2.11/24']), ipv6: IpConfig.static(['2001:db8::10/64']) });
    policy.addEthernet('eno2', { ipv4: IpConfig.disabled(), ipv6: IpConfig.dhcp({ autoRoutes: false, autoRouteMetric: 200 }) });
    policy.addEthernet('eno3', { ipv6: IpConfig.autoconf(), autoNegotiation: false, speed: 10000, duplex: EthernetDuplex.FULL, sriovTotalVfs: 8 });
    policy.addEthernet('eno4', { macAddress: 'aa:bb:cc:dd:ee:ff', description: 'spare' });
    const [obj] = synthYaml(c);
    const [e1, e2, e3, e4] = obj.spec.desiredState.interfaces;
    expect(e1.ipv4).toEqual({ enabled: true, dhcp: false, address: [{ ip: '192.0.2.10', 'prefix-length': 24 }, { ip: '192.0.2.11', 'prefix-length': 24 }] });
    expect(e1.ipv6).toEqual({ enabled: true, dhcp: false, autoconf: false, address: [{ ip: '2001:db8::10', 'prefix-length': 64 }] });
    expect(e2.ipv4).toEqual({ enabled: false });
    expect(e2.ipv6).toEqual({ enabled: true, dhcp: true, autoconf: true, 'auto-routes': false, 'auto-route-metric': 200 });
    expect(e3.ipv6).toEqual({ enabled: true, dhcp: false, autoconf: true });
    expect(e3.ipv4).toBeUndefined(); // a NIC's addresses are left alone unless asked
    expect(e3.ethernet).toEqual({ 'auto-negotiation': false, speed: 10000, duplex: 'full', 'sr-iov': { 'total-vfs': 8 } });
    expect(e4).toEqual({ name: 'eno4', type: 'ethernet', state: 'up', description: 'spare', 'mac-address': 'AA:BB:CC:DD:EE:FF' });
  });

  test('OVS bridge with an OVN localnet bridge mapping, routes and DNS', () => {
    const c = chart(null);
    const policy = new NodeNetworkPolicy(c, 'p', { nodeSelector: WORKERS, maxUnavailable: 1 });
    const ovsIface = policy.addOvsInterface('ovs0', { ipv4: IpConfig.static(['198.51.100.5/24']) });
    const ovsBr = policy.addOvsBridge('ovs-br1', { ports: ['eno5', { port: ovsIface, vlan: BridgePortVlan.access(10) }], failMode: OvsFailMode.SECURE });
    const mapping = policy.addOvnBridgeMapping('physnet1', ovsBr);
    policy.addOvnBridgeMapping('physnet-ex', 'br-ex');
    policy.addOvnBridgeMapping('old-net', 'br-ex', { state: OvnBridgeMappingState.ABSENT });
    policy.addRoute({ destination: '0.0.0.0/0', nextHopInterface: ovsIface, nextHopAddress: '198.51.100.1', metric: 150, tableId: 254 });
    policy.addRoute({ destination: '203.0.113.0/24', routeType: NodeRouteType.BLACKHOLE });
    policy.addRoute({ destination: '10.9.0.0/16', nextHopInterface: 'eno1', absent: true });
    policy.setDns({ servers: ['198.51.100.53', '2001:db8::53'], search: ['lab.example'] });
    const [obj] = synthYaml(c);
    const ds = obj.spec.desiredState;
    expect(obj.spec.maxUnavailable).toBe(1);
    expect(ds.interfaces[1]).toEqual({
      name: 'ovs-br1', type: 'ovs-bridge', state: 'up',
      bridge: { options: { stp: false, 'fail-mode': 'secure' }, port: [{ name: 'eno5' }, { name: 'ovs0', vlan: { mode: 'access', tag: 10 } }] },
    });
    expect(ds.interfaces[0]).toMatchObject({ name: 'ovs0', type: 'ovs-interface', ipv4: { enabled: true, address: [{ ip: '198.51.100.5', 'prefix-length': 24 }] } });
    expect(ds.ovn).toEqual({ 'bridge-mappings': [
      { localnet: 'physnet1', bridge: 'ovs-br1', state: 'present' },
      { localnet: 'physnet-ex', bridge: 'br-ex', state: 'present' },
      { localnet: 'old-net', bridge: 'br-ex', state: 'absent' },
    ] });
    expect(mapping.bridgeName).toBe('ovs-br1');
    expect(ds.routes.config).toEqual([
      { destination: '0.0.0.0/0', 'next-hop-interface': 'ovs0', 'next-hop-address': '198.51.100.1', metric: 150, 'table-id': 254 },
      { destination: '203.0.113.0/24', 'route-type': 'blackhole' },
      { destination: '10.9.0.0/16', 'next-hop-interface': 'eno1', state: 'absent' },
    ]);
    expect(ds['dns-resolver']).toEqual({ config: { server: ['198.51.100.53', '2001:db8::53'], search: ['lab.example'] } });
  });

  test('is cluster-scoped inside a namespaced chart; interfaces added after construction land', () => {
    const c = chart('vms');
    const policy = new NodeNetworkPolicy(c, 'p', { capture: { 'default-gw': 'routes.running.destination=="0.0.0.0/0"' } });
    const bond = policy.addBond('bond0', { mode: BondMode.ACTIVE_BACKUP });
    bond.addPort('eno1');
    bond.addPort('eno2');
    const removed = policy.addLinuxBridge('br-old', { state: NodeInterfaceState.ABSENT, mtu: 9000 });
    policy.addRawInterface({ name: 'vxlan10', type: 'vxlan', state: 'up', vxlan: { 'base-iface': 'eno1', id: 10 } });
    const [obj] = synthYaml(c);
    expect(obj.metadata.namespace).toBeUndefined();
    expect(policy.namespace).toBeUndefined();
    expect(obj.spec.capture).toEqual({ 'default-gw': 'routes.running.destination=="0.0.0.0/0"' });
    expect(obj.spec.desiredState.interfaces[0]['link-aggregation'].port).toEqual(['eno1', 'eno2']);
    expect(obj.spec.desiredState.interfaces[1]).toEqual({ name: 'br-old', type: 'linux-bridge', state: 'absent' });
    expect(obj.spec.desiredState.interfaces[2]).toEqual({ name: 'vxlan10', type: 'vxlan', state: 'up', vxlan: { 'base-iface': 'eno1', id: 10 } });
    expect(removed.state).toBe('absent');
    expect(policy.findInterface('bond0')).toBe(bond);
  });

  test('nncp() finds the policy by its generated name', () => {
    const c = chart(null);
    const policy = new NodeNetworkPolicy(c, 'gen');
    policy.addEthernet('eno1', { mtu: 9000 });
    expect(nncp(synthYaml(c), policy.name).spec.desiredState.interfaces[0].mtu).toBe(9000);
  });
});
