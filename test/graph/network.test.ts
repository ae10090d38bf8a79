// Host networking beyond the seed: VLAN on a bond, an OVS bridge with an OVN bridge mapping,
// per node selector; NADs of type ovs (VLAN), OVN localnet, macvlan and SR-IOV on it.
import { loadYaml } from '../../lib/manifests';
import { validateSources } from '../../lib/validation';
import { buildTopology, renderMarkdown, renderMermaid } from '../../lib/graph';
import { key } from './lab';

const YAML = `
apiVersion: nmstate.io/v1
kind: NodeNetworkConfigurationPolicy
metadata: { name: storage-vlan }
spec:
  nodeSelector: { node-role.kubernetes.io/storage: "", zone: a }
  desiredState:
    interfaces:
      - { name: bond0, type: bond, state: up, link-aggregation: { mode: 802.3ad, port: [ens1f0, ens1f1] } }
      - { name: bond0.200, type: vlan, state: up, mtu: 9000, vlan: { base-iface: bond0, id: 200 } }
---
apiVersion: nmstate.io/v1
kind: NodeNetworkConfigurationPolicy
metadata: { name: ovs-physnet }
spec:
  desiredState:
    interfaces:
      - { name: br-phys, type: ovs-bridge, state: up, bridge: { port: [ { name: ens2 } ] } }
    ovn:
      bridge-mappings:
        - { localnet: physnet, bridge: br-phys, state: present }
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: { name: ovs-vlan10, namespace: vms }
spec:
  config: '{"cniVersion": "0.4.0", "name": "ovs-vlan10", "type": "ovs", "bridge": "br-phys", "vlan": 10}'
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: { name: physnet, namespace: vms }
spec:
  config: '{"cniVersion": "0.4.0", "name": "physnet", "type": "ovn-k8s-cni-overlay", "topology": "localnet", "netAttachDefName": "vms/physnet", "vlanID": 30, "mtu": 1500}'
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: { name: storage-macvlan, namespace: vms }
spec:
  config: '{"cniVersion": "0.4.0", "name": "storage-macvlan", "type": "macvlan", "master": "bond0.200", "mode": "bridge", "ipam": {}}'
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: { name: localnet-unmapped, namespace: vms }
spec:
  config: '{"cniVersion": "0.4.0", "name": "tenant", "type": "ovn-k8s-cni-overlay", "topology": "localnet", "netAttachDefName": "vms/localnet-unmapped"}'
`;

describe('host networking and NAD types', () => {
  const { sources, problems } = loadYaml(YAML, 'net.yaml');
  const graph = buildTopology(sources, { findings: validateSources(sources) });
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);

  test('one group per node selector; VLAN on a bond; OVS bridge and its OVN mapping', () => {
    expect(problems).toEqual([]);
    expect(graph.groups.map((g) => g.label)).toEqual(['nodes: node-role.kubernetes.io/storage, zone=a', 'nodes: all nodes']);
    const [storage, all] = graph.groups.map((g) => g.id);
    expect(edge(`iface:${storage}:ens1f0`, `iface:${storage}:bond0`)?.label).toBe('port');
    expect(edge(`iface:${storage}:bond0`, `iface:${storage}:bond0.200`)?.label).toBe('base');
    expect(node(`iface:${storage}:bond0.200`)?.details).toEqual(['type vlan', 'MTU 9000', 'VLAN 200']);
    expect(edge(`iface:${all}:ens2`, `iface:${all}:br-phys`)?.label).toBe('port');
    expect(edge(`iface:${all}:br-phys`, `ovn:${all}:physnet`)?.label).toBe('mapping');
    expect(node(`ovn:${all}:physnet`)).toMatchObject({ kind: 'OvnBridgeMapping', group: all, details: ['bridge br-phys'] });
  });

  test('each NAD type with its VLAN and MTU, linked to the policy that provides its uplink', () => {
    const ovsPolicy = key('NodeNetworkConfigurationPolicy', undefined, 'ovs-physnet');
    const nad = (name: string) => key('NetworkAttachmentDefinition', 'vms', name);
    expect(node(nad('ovs-vlan10'))?.details).toEqual(['type ovs', 'bridge br-phys', 'VLAN 10']);
    expect(edge(ovsPolicy, nad('ovs-vlan10'))).toMatchObject({ kind: 'network', label: 'br-phys' });
    expect(node(nad('physnet'))?.details).toEqual(['type ovn-k8s-cni-overlay (localnet)', 'VLAN 30', 'MTU 1500']);
    expect(edge(ovsPolicy, nad('physnet'))).toMatchObject({ kind: 'network', label: 'physnet' });
    expect(node(nad('storage-macvlan'))?.details).toEqual(['type macvlan', 'master bond0.200']);
    expect(edge(key('NodeNetworkConfigurationPolicy', undefined, 'storage-vlan'), nad('storage-macvlan'))?.label).toBe('bond0.200');
  });

  test('a localnet NAD with no bridge mapping dangles in the colour of its error', () => {
    const nad = key('NetworkAttachmentDefinition', 'vms', 'localnet-unmapped');
    expect(node(nad)?.findings.map((f) => `${f.rule}:${f.severity}`)).toContain('xo-localnet-bridge-mapping:warning');
    expect(edge('missing:localnet mapping:tenant', nad)).toMatchObject({ kind: 'dangling', severity: 'warning' });
    expect(renderMermaid(graph)).toMatch(/linkStyle \d+ stroke:#ef8f00/);
    // The whole estate declared complete: the same finding is an error, and the edge turns red.
    const complete = buildTopology(sources, { findings: validateSources(sources, { assumeComplete: true }) });
    expect(complete.edges.find((e) => e.to === nad && e.kind === 'dangling')?.severity).toBe('error');
    expect(renderMermaid(complete)).toMatch(/linkStyle \d+ stroke:#d32f2f/);
  });
});

test('TOPOLOGY.md says when the diagram is too large for Mermaid renderers', () => {
  const vm = (i: number) => ({ object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: `vm-${i}`, namespace: 'vms' }, spec: { template: { spec: { networks: [{ name: 'default', pod: {} }] } } } } });
  expect(renderMarkdown(buildTopology([vm(0)]))).not.toContain('more than the 50000');
  const big = renderMarkdown(buildTopology(Array.from({ length: 1000 }, (_, i) => vm(i))), { source: 'dist' });
  expect(big).toMatch(/The diagram is \d+ characters, more than the 50000 Mermaid renderers accept by default/);
  expect(big).toContain('`cdk8s-kubevirt graph dist --format html --output topology.html`');
});
