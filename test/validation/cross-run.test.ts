// The cross-object rules of a run share one walk over the VMs and read each object the rules
// share once (CrossContext.shared): runCrossRules must give exactly the findings of running each
// rule's check in turn, and read each VM, NAD and NNCP once (xo-datasource-exists's DataVolume,
// VM and DataSource parts in its order; the three NAD rules' NNCP sets and NAD configs).
import { runCrossRules } from '../../lib/validation/cross-run';
import { IndexedObject, ObjectIndex, indexEntry } from '../../lib/validation/object-index';
import { ALL_RULES, CrossRule } from '../../lib/validation/rules';
import { KubeObject } from '../../lib/validation/types';

const CROSS_RULES = ALL_RULES.filter((r): r is CrossRule => r.scope === 'cross');

const meta = (name: string) => ({ name, namespace: 'ns' });
const nad = (name: string, config: object) => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: meta(name), spec: { config: JSON.stringify(config) } });
const nncp = (name: string, desiredState: object) => ({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name }, spec: { desiredState } });
const vm = (name: string, spec: Record<string, any>) => ({
  apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: meta(name),
  spec: {
    dataVolumeTemplates: [{ metadata: { name: `${name}-dv` }, spec: { sourceRef: { kind: 'DataSource', name: 'missing-vm-ds' }, storage: { accessModes: ['ReadWriteOnce'] } } }],
    template: { spec },
  },
});

const OBJECTS: KubeObject[] = [
  nncp('br', { interfaces: [{ name: 'br1', type: 'linux-bridge', state: 'up' }, { name: 'ovs0', type: 'ovs-bridge' }], ovn: { 'bridge-mappings': [{ localnet: 'ln1', bridge: 'br-ex' }] } }),
  nncp('gone', { interfaces: [{ name: 'br2', type: 'linux-bridge', state: 'absent' }], ovn: { 'bridge-mappings': [{ localnet: 'ln2', state: 'absent' }] } }),
  nad('bridged', { cniVersion: '0.3.1', type: 'bridge', bridge: 'br1' }),
  nad('lonely', { cniVersion: '0.3.1', type: 'bridge', bridge: 'br2' }),
  nad('ovs', { cniVersion: '0.3.1', type: 'ovs', bridge: 'ovs1' }),
  nad('localnet', { cniVersion: '0.3.1', type: 'ovn-k8s-cni-overlay', topology: 'localnet', name: 'ln2' }),
  nad('plain', { cniVersion: '0.3.1', type: 'bridge', bridge: 'br1' }),
  { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: meta('dv1'), spec: { sourceRef: { kind: 'DataSource', name: 'missing-dv-ds' }, storage: { accessModes: ['ReadWriteOnce'] } } },
  vm('vm1', {
    evictionStrategy: 'LiveMigrate',
    domain: { devices: { interfaces: [{ name: 'sr', sriov: {} }] } },
    networks: [{ name: 'sr', multus: { networkName: 'plain' } }],
    volumes: [{ name: 'd', dataVolume: { name: 'dv1' } }, { name: 't', dataVolume: { name: 'vm1-dv' } }],
  }),
  vm('vm2', { networks: [{ name: 'x', multus: { networkName: 'nowhere' } }], domain: { devices: { interfaces: [{ name: 'x', bridge: {} }] } } }),
  { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataSource', metadata: meta('ds'), spec: { source: { pvc: { name: 'missing-pvc' } } } },
] as unknown as KubeObject[];

/** An index whose entries parse their object on each read (as a run's facts do), counting reads. */
function countingIndex(reads: Map<string, number>): ObjectIndex {
  const index = new ObjectIndex([], []);
  OBJECTS.forEach((o, i) => {
    const entry = indexEntry({ object: o }, i);
    const text = JSON.stringify(o);
    index.add(Object.defineProperty({ ...entry }, 'object', {
      get: () => {
        reads.set(entry.name, (reads.get(entry.name) ?? 0) + 1);
        return JSON.parse(text);
      },
    }) as IndexedObject);
  });
  return index;
}

const line = (rule: CrossRule, on: IndexedObject, path: string, message: string) => `${rule.id} ${on.name} ${path}: ${message}`;

describe('runCrossRules', () => {
  test('gives the findings of each rule checked in turn, in rule order', () => {
    const alone: string[] = [];
    for (const rule of CROSS_RULES) {
      rule.check({ index: countingIndex(new Map()), options: {}, report: (on, path, message) => alone.push(line(rule, on, path, message)) });
    }
    const run = runCrossRules(CROSS_RULES, countingIndex(new Map()), {}, line);
    expect(run).toEqual(alone);
    // xo-datasource-exists reports in all three of its parts, in check's order.
    expect(run.filter((l) => l.startsWith('xo-datasource-exists')).map((l) => l.split(' ')[1])).toEqual(['dv1', 'vm1', 'vm2', 'ds']);
    expect(run.filter((l) => l.startsWith('xo-nad-')).length).toBe(2);
    expect(run.some((l) => l.startsWith('xo-localnet-bridge-mapping localnet'))).toBe(true);
    expect(run.some((l) => l.startsWith('xo-sriov-binding-nad vm1'))).toBe(true);
  });

  test('reads each VM, NAD and NNCP once', () => {
    const reads = new Map<string, number>();
    runCrossRules(CROSS_RULES, countingIndex(reads), {}, line);
    for (const name of ['vm1', 'vm2', 'br', 'gone', 'bridged', 'lonely', 'ovs', 'localnet', 'plain']) expect([name, reads.get(name)]).toEqual([name, 1]);
  });
});
