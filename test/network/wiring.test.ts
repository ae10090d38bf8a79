// The typed wiring of the design card: VM -> NAD -> bridge -> NNCP, as real dependencies
// that order the synthesized objects and name each other in the depends-on annotation.
import { Size, Testing } from 'cdk8s';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { byKindName, chart, nad, nncp, WORKERS } from './fixtures';

test('NNCP -> bridge NAD -> VM and NNCP -> localnet NAD -> VM order, across charts', () => {
  const app = Testing.app();
  const host = chart(null, app);
  const policy = new kv.NodeNetworkPolicy(host, 'worker-br1', { metadata: { name: 'worker-br1' }, nodeSelector: WORKERS });
  const bond1 = policy.addBond('bond1', { mode: kv.BondMode.BALANCE_ALB, ports: ['eth2', 'eth3'], miimon: 100, mtu: 1450 });
  const br1 = policy.addLinuxBridge('br1', { ports: [bond1], mtu: 1450 });
  const mapping = policy.addOvnBridgeMapping('physnet1', policy.addOvsBridge('ovs-br1', { ports: ['eth4'] }));

  const lab = chart('vms', app);
  const bridgeNet = new kv.BridgeNetwork(lab, 'br1-public', { metadata: { name: 'br1-public' }, bridge: br1 });
  const localnet = new kv.OvnLocalnetNetwork(lab, 'physnet1', { metadata: { name: 'physnet1' }, bridgeMapping: mapping, vlan: 10 });
  const vm = new kv.VirtualMachine(lab, 'rhel', { metadata: { name: 'rhel' }, memory: Size.gibibytes(2) });
  vm.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'), { bootOrder: 1 });
  vm.addInterface('nic-0', kv.Interface.bridge(bridgeNet));
  vm.addInterface('nic-1', kv.Interface.bridge(localnet));

  const all = app.charts.flatMap((c) => Testing.synth(c));
  const at = (o: any) => all.indexOf(o);
  const [p, n1, n2, v] = [nncp(all, 'worker-br1'), nad(all, 'br1-public'), nad(all, 'physnet1'), byKindName(all, 'VirtualMachine', 'rhel')];
  expect(at(p)).toBeLessThan(at(n1));
  expect(at(p)).toBeLessThan(at(n2));
  expect(Math.max(at(n1), at(n2))).toBeLessThan(at(v));
  const deps = kv.parseDependsOn(v.metadata.annotations[kv.DEPENDS_ON_ANNOTATION]).map((d) => `${d.kind}/${d.namespace}/${d.name}`);
  expect(deps).toEqual(expect.arrayContaining(['NetworkAttachmentDefinition/vms/br1-public', 'NetworkAttachmentDefinition/vms/physnet1']));
  expect(v.spec.template.spec.networks).toEqual(expect.arrayContaining([
    { name: 'nic-0', multus: { networkName: 'vms/br1-public' } },
    { name: 'nic-1', multus: { networkName: 'vms/physnet1' } },
  ]));
  expectSchemaValid(all);
});
