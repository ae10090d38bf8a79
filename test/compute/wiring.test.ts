// End-to-end wiring with the other families' real constructs: NAD -> VM, DV -> VM.
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';

test('the VM is ordered after the bridge NAD and the DataVolume it uses', () => {
  const app = Testing.app();
  const host = new Chart(app, 'host');
  const lab = new Chart(app, 'lab', { namespace: 'vms' });
  const policy = new kv.NodeNetworkPolicy(host, 'worker-br1', { metadata: { name: 'worker-br1' }, nodeSelector: { 'node-role.kubernetes.io/worker': '' } });
  const br1 = policy.addLinuxBridge('br1', { ports: [policy.addBond('bond1', { mode: kv.BondMode.BALANCE_ALB, ports: ['eth2', 'eth3'] })] });
  const net = new kv.BridgeNetwork(lab, 'br1-public', { metadata: { name: 'br1-public' }, bridge: br1 });
  const root = new kv.DataVolume(lab, 'root', {
    metadata: { name: 'rhel-rootdisk' }, source: kv.DataVolumeSource.http('http://web.server/disk-image.qcow2'), size: Size.gibibytes(20),
  });
  const vm = new kv.VirtualMachine(lab, 'rhel', { metadata: { name: 'rhel' }, cpu: kv.CpuTopology.cores(1), memory: Size.gibibytes(2) });
  vm.addDisk('rootdisk', kv.DiskSource.dataVolume(root), { bootOrder: 1 });
  vm.addInterface('nic-0', kv.Interface.bridge(net));

  const objects = Testing.synth(lab);
  expect(objects.map((o) => o.kind).sort()).toEqual(['DataVolume', 'NetworkAttachmentDefinition', 'VirtualMachine']);
  expect(objects[2].kind).toBe('VirtualMachine');
  const obj = objects[2];
  expect(obj.spec.template.spec.networks).toEqual([{ name: 'nic-0', multus: { networkName: 'vms/br1-public' } }]);
  expect(kv.parseDependsOn(obj.metadata.annotations[kv.DEPENDS_ON_ANNOTATION])).toEqual([
    { group: 'cdi.kubevirt.io', kind: 'DataVolume', namespace: 'vms', name: 'rhel-rootdisk' },
    { group: 'k8s.cni.cncf.io', kind: 'NetworkAttachmentDefinition', namespace: 'vms', name: 'br1-public' },
  ]);
  expectSchemaValid(obj);
  expect(app).toBeInstanceOf(App);
});
