import { Chart, Testing } from 'cdk8s';
import {
  BondMode, BridgeNetwork, CniIpam, DEPENDS_ON_ANNOTATION, INetworkAttachment, IpConfig, MacvlanMode, MacvlanNetwork,
  NodeNetworkPolicy, OvnLayer2Network, OvnLocalnetNetwork, parseDependsOn, SriovLinkState, SriovNetwork,
  synthWarnings, VlanProtocol, BridgePortVlan,
} from '../../lib';
import { chart, cniConfig, nad, nncp, synthWithWarnings, synthYaml, WORKERS } from './fixtures';

/** The seed's host networking: bond1 over eth2/eth3 and br1 over it. */
function seedPolicy(c: Chart) {
  const policy = new NodeNetworkPolicy(c, 'worker-br1', { metadata: { name: 'worker-br1' }, nodeSelector: WORKERS });
  const bond1 = policy.addBond('bond1', { mode: BondMode.BALANCE_ALB, ports: ['eth2', 'eth3'], miimon: 100, mtu: 1450 });
  const br1 = policy.addLinuxBridge('br1', { ports: [bond1], mtu: 1450 });
  return { policy, bond1, br1 };
}

describe('BridgeNetwork', () => {
  test('renders the seed NAD (bridge + tuning) with the resourceName annotation and depends on the NNCP', () => {
    const c = chart('vms');
    const { br1 } = seedPolicy(c);
    const net = new BridgeNetwork(c, 'br1-public', { metadata: { name: 'br1-public' }, bridge: br1, cniNetworkName: 'bond1-br1' });
    const objs = synthYaml(c);
    const obj = nad(objs, 'br1-public');
    expect(obj.metadata.namespace).toBe('vms');
    expect(obj.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('bridge.network.kubevirt.io/br1');
    expect(cniConfig(obj)).toEqual({
      cniVersion: '0.3.1',
      name: 'bond1-br1',
      plugins: [{ type: 'bridge', bridge: 'br1', macspoofchk: true, ipam: {} }, { type: 'tuning' }],
    });
    // NNCP -> NAD: the NAD is ordered after the policy and names it in its depends-on annotation.
    expect(objs.indexOf(obj)).toBeGreaterThan(objs.indexOf(nncp(objs, 'worker-br1')));
    expect(parseDependsOn(obj.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'nmstate.io', kind: 'NodeNetworkConfigurationPolicy', namespace: undefined, name: 'worker-br1' },
    ]);
    const attachment: INetworkAttachment = net;
    expect([attachment.name, attachment.namespace, attachment.supportedBinding]).toEqual(['br1-public', 'vms', 'bridge']);
    expect(net.qualifiedName).toBe('vms/br1-public');
  });

  test('VLAN, MTU, IPAM, tuning options and the legacy cnv-bridge type', () => {
    const c = chart('vms');
    const { br1 } = seedPolicy(c);
    new BridgeNetwork(c, 'vlan100', {
      metadata: { name: 'vlan100' }, bridge: br1, vlan: 100, mtu: 1400, macspoofchk: false,
      ipam: CniIpam.whereabouts({ range: '192.0.2.0/24', exclude: ['192.0.2.0/28'], gateway: '192.0.2.1' }),
      tuning: { sysctl: { 'net.ipv6.conf.IFNAME.accept_ra': '0' }, txQLen: 2000 },
      legacyCnvBridge: true,
    });
    new BridgeNetwork(c, 'trunk', { metadata: { name: 'trunk' }, bridge: 'br1', vlanTrunk: [10, { min: 20, max: 29 }], tuning: false, resourceNameAnnotation: false });
    new BridgeNetwork(c, 'dhcp', { metadata: { name: 'dhcp' }, bridge: 'br1', ipam: CniIpam.hostLocal({ subnet: '198.51.100.0/24', routes: [{ dst: '0.0.0.0/0' }] }), cniVersion: '1.0.0' });
    const objs = synthYaml(c);
    expect(cniConfig(nad(objs, 'vlan100'))).toEqual({
      cniVersion: '0.3.1', name: 'vlan100',
      plugins: [
        {
          type: 'cnv-bridge', bridge: 'br1', vlan: 100, mtu: 1400, macspoofchk: false,
          ipam: { type: 'whereabouts', range: '192.0.2.0/24', exclude: ['192.0.2.0/28'], gateway: '192.0.2.1' },
        },
        { type: 'cnv-tuning', sysctl: { 'net.ipv6.conf.IFNAME.accept_ra': '0' }, txQLen: 2000 },
      ],
    });
    const trunk = nad(objs, 'trunk');
    expect(trunk.metadata.annotations?.['k8s.v1.cni.cncf.io/resourceName']).toBeUndefined();
    expect(cniConfig(trunk).plugins).toEqual([{ type: 'bridge', bridge: 'br1', vlanTrunk: [{ id: 10 }, { minID: 20, maxID: 29 }], macspoofchk: true, ipam: {} }]);
    const dhcp = cniConfig(nad(objs, 'dhcp'));
    expect(dhcp.cniVersion).toBe('1.0.0');
    expect(dhcp.plugins[0].ipam).toEqual({ type: 'host-local', ranges: [[{ subnet: '198.51.100.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] });
  });

  test('a bridge named by string that a policy of the app creates raises no warning', () => {
    const app = Testing.app();
    const host = chart(null, app);
    seedPolicy(host);
    const c = chart('vms', app);
    new BridgeNetwork(c, 'by-name', { bridge: 'br1' });
    const { warnings } = synthWithWarnings(c);
    expect(warnings).toEqual([]);
  });

  test('policies of another app do not count', () => {
    seedPolicy(chart(null)); // its own app
    const c = chart('vms');
    new BridgeNetwork(c, 'elsewhere', { bridge: 'br1' });
    expect(NodeNetworkPolicy.inApp(c)).toEqual([]);
    expect(synthWithWarnings(c).warnings).toEqual([expect.stringContaining("[vms/elsewhere] warning: spec.config.plugins[0].bridge: no NodeNetworkPolicy in this app creates linux bridge 'br1'")]);
  });

  test('a bridge no policy in the app creates: a synth warning naming the construct path', () => {
    const c = chart('vms');
    const net = new BridgeNetwork(c, 'orphan', { bridge: 'br-missing' });
    const { manifest, warnings } = synthWithWarnings(c);
    expect(manifest).toHaveLength(1); // warns, does not fail
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`[${net.node.path}]`);
    expect(warnings[0]).toContain("linux bridge 'br-missing'");
    expect(warnings[0]).toContain('[construct-nad-node-bridge]');
    expect(synthWarnings(c)).toEqual([{ path: net.node.path, message: expect.stringContaining('spec.config.plugins[0].bridge') }]);
  });

  test('warns when the bridge does not pass the NAD VLAN or the NAD MTU exceeds the bridge MTU', () => {
    const c = chart('vms');
    const policy = new NodeNetworkPolicy(c, 'p');
    const br = policy.addLinuxBridge('br-trunk', { mtu: 1500, ports: [{ port: 'eno1', vlan: BridgePortVlan.trunk([{ min: 100, max: 199 }]) }] });
    new BridgeNetwork(c, 'ok', { bridge: br, vlan: 150 });
    new BridgeNetwork(c, 'bad', { bridge: br, vlan: 200, mtu: 9000 });
    const { warnings } = synthWithWarnings(c);
    expect(warnings).toHaveLength(2);
    expect(warnings.every((w) => w.startsWith('[vms/bad]'))).toBe(true);
    expect(warnings.join('\n')).toMatch(/no port of bridge 'br-trunk' passes VLAN 200/);
    expect(warnings.join('\n')).toMatch(/9000 exceeds the MTU 1500/);
  });
});

describe('OVN-Kubernetes networks', () => {
  test('localnet over an NNCP bridge mapping: physical network, VLAN, subnets, and NNCP -> NAD order', () => {
    const app = Testing.app();
    const host = chart(null, app);
    const policy = new NodeNetworkPolicy(host, 'ovs', { metadata: { name: 'localnet-physnet1' }, nodeSelector: WORKERS });
    const ovsBr = policy.addOvsBridge('ovs-br1', { ports: ['eno5'] });
    const mapping = policy.addOvnBridgeMapping('physnet1', ovsBr);
    const c = chart('vms', app);
    const net = new OvnLocalnetNetwork(c, 'vlan10', {
      metadata: { name: 'vlan10' }, bridgeMapping: mapping, vlan: 10, mtu: 1500,
      subnets: ['192.0.2.0/24', '2001:db8::/64'], excludeSubnets: ['192.0.2.0/29'], allowPersistentIps: true,
    });
    const shared = new OvnLocalnetNetwork(c, 'vlan20', { metadata: { name: 'vlan20' }, cniNetworkName: 'tenant-20', bridgeMapping: mapping, vlan: 20 });
    const { manifest: objs, warnings } = synthWithWarnings(c);
    expect(warnings).toEqual([]);
    expect(cniConfig(nad(objs, 'vlan10'))).toEqual({
      cniVersion: '0.3.1', name: 'physnet1', type: 'ovn-k8s-cni-overlay', topology: 'localnet',
      netAttachDefName: 'vms/vlan10', vlanID: 10, mtu: 1500, subnets: '192.0.2.0/24,2001:db8::/64',
      excludeSubnets: '192.0.2.0/29', allowPersistentIPs: true,
    });
    expect(cniConfig(nad(objs, 'vlan20'))).toMatchObject({ name: 'tenant-20', physicalNetworkName: 'physnet1', vlanID: 20 });
    expect(net.physicalNetworkName).toBe('physnet1');
    expect(shared.netAttachDefName).toBe('vms/vlan20');
    expect(parseDependsOn(nad(objs, 'vlan10').metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'nmstate.io', kind: 'NodeNetworkConfigurationPolicy', namespace: undefined, name: 'localnet-physnet1' },
    ]);
    // Across charts the NAD's chart is ordered after the policy's chart.
    const all = app.charts.flatMap((ch) => Testing.synth(ch));
    expect(all.findIndex((o) => o.metadata.name === 'vlan10')).toBeGreaterThan(all.findIndex((o) => o.metadata.name === 'localnet-physnet1'));
  });

  test('localnet without a mapping in the app warns (construct-localnet-bridge-mapping; validate: xo-localnet-bridge-mapping); with one by name it does not', () => {
    const c = chart('vms');
    new OvnLocalnetNetwork(c, 'lonely', { physicalNetworkName: 'physnet9' });
    const { warnings } = synthWithWarnings(c);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\[vms\/lonely\] warning: spec\.config\.physicalNetworkName: no NodeNetworkPolicy in this app maps localnet 'physnet9'.*\[construct-localnet-bridge-mapping\]$/);

    const c2 = chart('vms');
    new NodeNetworkPolicy(c2, 'p').addOvnBridgeMapping('physnet9', 'br-ex');
    new OvnLocalnetNetwork(c2, 'mapped', { physicalNetworkName: 'physnet9' });
    expect(synthWithWarnings(c2).warnings).toEqual([]);
  });

  test('layer2 overlay with subnets, exclusions and reserved ranges', () => {
    const c = chart('tenant-a');
    const net = new OvnLayer2Network(c, 'l2', {
      metadata: { name: 'l2' }, cniNetworkName: 'tenant-a-l2', mtu: 1400,
      subnets: ['10.100.0.0/16'], excludeSubnets: ['10.100.0.0/24'], reservedSubnets: ['10.100.1.0/24'], allowPersistentIps: true,
    });
    const cfg = cniConfig(nad(synthYaml(c), 'l2'));
    expect(cfg).toEqual({
      cniVersion: '0.3.1', name: 'tenant-a-l2', type: 'ovn-k8s-cni-overlay', topology: 'layer2', netAttachDefName: 'tenant-a/l2',
      mtu: 1400, subnets: '10.100.0.0/16', excludeSubnets: '10.100.0.0/24', reservedSubnets: '10.100.1.0/24', allowPersistentIPs: true,
    });
    expect(net.supportedBinding).toBe('bridge');
  });
});

describe('MacvlanNetwork and SriovNetwork', () => {
  test('macvlan over a VLAN of a policy depends on that policy', () => {
    const c = chart('vms');
    const policy = new NodeNetworkPolicy(c, 'p', { metadata: { name: 'vlan300' } });
    const vlan = policy.addVlan('eno1.300', { base: 'eno1', id: 300, mtu: 9000, ipv6: IpConfig.disabled() });
    new MacvlanNetwork(c, 'mv', { metadata: { name: 'mv' }, master: vlan, mode: MacvlanMode.PRIVATE, mtu: 9000, ipam: CniIpam.dhcp() });
    new MacvlanNetwork(c, 'mv-default', { metadata: { name: 'mv-default' } });
    const objs = synthYaml(c);
    expect(cniConfig(nad(objs, 'mv'))).toEqual({ cniVersion: '0.3.1', name: 'mv', type: 'macvlan', master: 'eno1.300', mode: 'private', mtu: 9000, ipam: { type: 'dhcp' } });
    expect(cniConfig(nad(objs, 'mv-default'))).toEqual({ cniVersion: '0.3.1', name: 'mv-default', type: 'macvlan', mode: 'bridge', ipam: {} });
    expect(parseDependsOn(nad(objs, 'mv').metadata.annotations[DEPENDS_ON_ANNOTATION])[0].name).toBe('vlan300');
  });

  test('SR-IOV NAD carries the resourceName annotation and the sriov binding', () => {
    const c = chart('vms');
    const net = new SriovNetwork(c, 'sriov', {
      metadata: { name: 'sriov-vlan50' }, resourceName: 'openshift.io/mlxnics', vlan: 50, vlanQoS: 3, vlanProto: VlanProtocol.IEEE_802_1AD,
      spoofChk: true, trust: false, linkState: SriovLinkState.AUTO, minTxRate: 100, maxTxRate: 1000,
      ipam: CniIpam.static(['192.0.2.50/24'], { gateway: '192.0.2.1' }),
    });
    const obj = nad(synthYaml(c), 'sriov-vlan50');
    expect(obj.metadata.annotations['k8s.v1.cni.cncf.io/resourceName']).toBe('openshift.io/mlxnics');
    expect(cniConfig(obj)).toEqual({
      cniVersion: '0.3.1', name: 'sriov-vlan50', type: 'sriov', vlan: 50, vlanQoS: 3, vlanProto: '802.1ad', spoofchk: 'on', trust: 'off',
      link_state: 'auto', min_tx_rate: 100, max_tx_rate: 1000, ipam: { type: 'static', addresses: [{ address: '192.0.2.50/24', gateway: '192.0.2.1' }] },
    });
    expect(net.supportedBinding).toBe('sriov');
    expect(net.deviceResourceName).toBe('openshift.io/mlxnics');
  });
});
