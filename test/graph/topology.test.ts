// The topology model, Mermaid and DOT text of the seed lab read back from synthesized YAML.
import * as fs from 'fs';
import { buildTopology, mermaidText, renderDot, renderMermaid, TopologyGraph } from '../../lib/graph';
import { key, labGraph, synthLab } from './lab';

describe('topology of the seed lab', () => {
  let dir: string;
  let graph: TopologyGraph;
  let objects: ReturnType<typeof labGraph>['objects'];
  beforeAll(() => { dir = synthLab(); ({ graph, objects } = labGraph(dir)); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const edge = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to);

  test('every object in the folder is a node carrying its object and file', () => {
    expect(objects.length).toBeGreaterThanOrEqual(9);
    for (const o of objects) {
      const n = node(key(o.kind, o.namespace, o.name));
      expect(n?.object?.kind).toBe(o.kind);
      expect(n?.file).toMatch(/\.ya?ml$/);
    }
  });

  test('host networking per node selector: ports -> bond -> bridge inside the workers group', () => {
    const group = graph.groups.find((g) => g.label === 'nodes: node-role.kubernetes.io/worker');
    expect(group).toBeDefined();
    const iface = (name: string) => `iface:${group!.id}:${name}`;
    expect(edge(iface('eth2'), iface('bond1'))?.kind).toBe('port');
    expect(edge(iface('eth3'), iface('bond1'))?.kind).toBe('port');
    expect(edge(iface('bond1'), iface('br1'))?.kind).toBe('port');
    expect(node(iface('bond1'))?.details).toEqual(['type bond', 'MTU 1450', 'mode balance-alb']);
    expect(node(iface('br1'))?.group).toBe(group!.id);
    expect(edge(key('NodeNetworkConfigurationPolicy', undefined, 'worker-bond1'), iface('bond1'))?.kind).toBe('creates');
  });

  test('NNCP -> NAD -> VM -> disk -> source edges', () => {
    const nad = key('NetworkAttachmentDefinition', 'vms', 'br1-public');
    const vm = key('VirtualMachine', 'vms', 'rhel');
    const disk = key('DataVolume', 'vms', 'rhel-rootdisk');
    expect(edge(key('NodeNetworkConfigurationPolicy', undefined, 'worker-bond1-br1'), nad)).toMatchObject({ kind: 'network', label: 'br1' });
    expect(edge(nad, vm)).toMatchObject({ kind: 'network', label: 'nic-0 (bridge)' });
    expect(edge(vm, disk)).toMatchObject({ kind: 'disk', label: 'rootdisk' });
    expect(edge(disk, 'url:http://web.server/disk-image.qcow2')).toMatchObject({ kind: 'source', label: 'http' });
    expect(node(nad)?.details).toEqual(['type bridge', 'bridge br1']);
    // The Windows VM's disk is a DataVolume template cloned from a golden-image DataSource the input lacks.
    const template = key('DataVolume', 'vms', 'windows2019-rootdisk');
    expect(node(template)).toMatchObject({ external: 'implied', details: ['template of windows2019', '60Gi'] });
    expect(node(key('DataSource', 'openshift-virtualization-os-images', 'win2k19'))?.external).toBe('missing');
    expect(edge(key('VirtualMachine', 'vms', 'fedora01'), 'image:quay.io/containerdisks/fedora:latest')?.kind).toBe('disk');
    expect(edge('pod-network', key('VirtualMachine', 'vms', 'windows2019'))?.label).toBe('default (masquerade)');
  });

  test('a NAD whose bridge no policy creates hangs from a missing bridge in the finding colour', () => {
    const nad = node(key('NetworkAttachmentDefinition', 'vms', 'storage-vlan100'))!;
    expect(nad.details).toEqual(['type cnv-bridge', 'bridge br9', 'VLAN 100', 'MTU 9000']);
    expect(nad.findings.map((f) => f.rule)).toContain('xo-nad-bridge-has-nncp');
    expect(edge('missing:bridge:br9', nad.id)).toMatchObject({ kind: 'dangling', severity: 'warning', label: 'br9' });
    expect(graph.edges.filter((e) => e.to === nad.id && e.kind === 'network')).toEqual([]);
  });

  test('Mermaid: one declaration per node, one link per edge, the finding as a class', () => {
    const text = renderMermaid(graph);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    const declared = text.split('\n').filter((l) => /^\s+n\d+(\[|\(\[)"/.test(l));
    expect(declared).toHaveLength(graph.nodes.length);
    const links = text.split('\n').filter((l) => /^\s+n\d+ (-->|-\.->)/.test(l));
    expect(links).toHaveLength(graph.edges.length);
    const nadIndex = graph.nodes.findIndex((n) => n.id === key('NetworkAttachmentDefinition', 'vms', 'storage-vlan100'));
    expect(text).toMatch(new RegExp(`class [n0-9,]*\\bn${nadIndex}\\b[n0-9,]* warning`));
    expect(text).toMatch(/linkStyle \d+ stroke:#ef8f00/);
  });

  test('DOT: a cluster per node selector, every node and edge, escaped labels', () => {
    const text = renderDot(graph);
    expect(text).toMatch(/^digraph topology \{/);
    expect(text).toContain('subgraph cluster_0 {');
    expect(text).toContain('label="nodes: node-role.kubernetes.io/worker";');
    expect(text.split('\n').filter((l) => /^\s+n\d+ \[label=/.test(l))).toHaveLength(graph.nodes.length);
    expect(text.split('\n').filter((l) => /^\s+n\d+ -> n\d+/.test(l))).toHaveLength(graph.edges.length);
  });

  test('labels with quotes, brackets and newlines stay inside their strings', () => {
    expect(mermaidText('a "b" <c> #d;')).toBe('a #34;b#34; #60;c#62; #35;d#59;');
    const odd = buildTopology([{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x"y\\z', namespace: 'n' } } }]);
    expect(renderDot(odd)).toContain('label="ConfigMap\\nn/x\\"y\\\\z"');
  });
});
