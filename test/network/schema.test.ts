// Every NNCP and NAD this family synthesizes passes its CRD schema, as the offline
// validator judges it, and every NAD's spec.config parses as a CNI config.
import { JsonPatch, Testing } from 'cdk8s';
import {
  BondMode, BridgeNetwork, BridgePortVlan, CniIpam, IpConfig, MacvlanNetwork, NodeNetworkPolicy, NodeRouteType,
  OvnLayer2Network, OvnLocalnetNetwork, SriovNetwork,
} from '../../lib';
import { expectSchemaValid, schemaErrors } from '../support/schema';
import { chart, cniConfig, synthYaml, WORKERS } from './fixtures';

function estate() {
  const app = Testing.app();
  const host = chart(null, app);
  const policies = Object.values(BondMode).map((mode, i) => {
    const policy = new NodeNetworkPolicy(host, `bond-${i}`, { nodeSelector: WORKERS, maxUnavailable: i % 2 ? 1 : '30%' });
    const bond = policy.addBond(`bond${i}`, { mode, ports: [`eth${2 * i}`, `eth${2 * i + 1}`], miimon: 100, mtu: 9000 });
    const vlan = policy.addVlan(`bond${i}.100`, { base: bond, id: 100, ipv4: IpConfig.static([`192.0.2.${10 + i}/24`]) });
    const br = policy.addLinuxBridge(`br${i}`, { ports: [{ port: bond, vlan: BridgePortVlan.trunk([200, { min: 300, max: 310 }]) }], stp: { enabled: false } });
    policy.addRoute({ destination: '203.0.113.0/24', nextHopInterface: vlan, nextHopAddress: '192.0.2.1' });
    return { policy, br };
  });
  const ovn = new NodeNetworkPolicy(host, 'ovn');
  const mapping = ovn.addOvnBridgeMapping('physnet1', ovn.addOvsBridge('ovs-br1', { ports: ['eno9'] }));
  ovn.addRoute({ destination: '198.51.100.0/24', routeType: NodeRouteType.BLACKHOLE });
  ovn.setDns({ servers: ['192.0.2.53'], search: ['lab.example'] });

  const vms = chart('vms', app);
  policies.forEach(({ br }, i) => new BridgeNetwork(vms, `bridge-${i}`, { bridge: br, vlan: 200, legacyCnvBridge: i === 0 }));
  new OvnLocalnetNetwork(vms, 'localnet', { bridgeMapping: mapping, vlan: 10, subnets: ['10.10.0.0/16'] });
  new OvnLayer2Network(vms, 'layer2', { subnets: ['10.20.0.0/16'] });
  new MacvlanNetwork(vms, 'macvlan', { master: 'eno1', ipam: CniIpam.whereabouts({ range: '10.30.0.0/24' }) });
  new SriovNetwork(vms, 'sriov', { resourceName: 'openshift.io/mlxnics', vlan: 5 });
  return { host, vms };
}

describe('CRD schemas', () => {
  test('every synthesized NNCP and NAD passes its CRD schema; every NAD config parses as CNI JSON', () => {
    const { host, vms } = estate();
    const objects = [...synthYaml(host)];
    expect(objects.filter((o) => o.kind === 'NodeNetworkConfigurationPolicy')).toHaveLength(Object.values(BondMode).length + 1);
    const nads = objects.filter((o) => o.kind === 'NetworkAttachmentDefinition');
    expect(nads.map((o) => o.metadata.namespace)).toEqual(new Array(nads.length).fill('vms'));
    expect(nads).toHaveLength(Object.values(BondMode).length + 4);
    expectSchemaValid(objects);
    for (const n of nads) cniConfig(n);
    expect(vms.node.path).toBe('vms');
  });

  test('the schema check is live for both kinds (a broken escape-hatch patch is caught)', () => {
    const c = chart('vms');
    const policy = new NodeNetworkPolicy(c, 'p');
    policy.addEthernet('eno1', { mtu: 9000 });
    policy.apiObject.addJsonPatch(JsonPatch.add('/spec/maxUnavailable', true));
    const net = new MacvlanNetwork(c, 'm', { master: 'eno1' });
    net.apiObject.addJsonPatch(JsonPatch.add('/spec/configuration', '{}'));
    const errors = schemaErrors(Testing.synth(c));
    expect(errors.map((e) => [e.index, e.path])).toEqual([[0, expect.stringContaining('maxUnavailable')], [1, expect.stringContaining('configuration')]]);
  });
});
