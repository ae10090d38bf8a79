// VM specs written as people (and the importer) write them: NICs without a model, templates without
// the selector labels, volumes without a disk of their own. The YAML, schema validity and refusals.
import { Size, Testing } from 'cdk8s';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError, synthVms, TestNetwork } from './support';

describe('NIC models as written', () => {
  test('explicitInterfaceModel: false leaves model unset on NICs added without one, and keeps the ones given', () => {
    const c = chart();
    const br = new TestNetwork(c, 'br1');
    const vm = new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1), explicitInterfaceModel: false, defaultInterfaceModel: kv.InterfaceModel.E1000E });
    vm.addInterface('default', kv.Interface.masquerade());
    vm.addInterface('public', kv.Interface.bridge(br), { model: kv.InterfaceModel.IGB });
    const [out] = synthVms(c);
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([
      { name: 'default', masquerade: {} },
      { name: 'public', bridge: {}, model: 'igb' },
    ]);
    expectSchemaValid([out]);
  });

  test('the implicit pod NIC has no model either', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1), explicitInterfaceModel: false });
    const [out] = synthVms(c);
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {} }]);
  });

  test('by default every NIC has a model', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1) });
    const [out] = synthVms(c);
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {}, model: 'virtio' }]);
  });
});

describe('volumes without a disk', () => {
  test('addVolume writes the volume (and its DataVolume template) in order with the disks, and no disk entry', () => {
    const c = chart();
    const vm = new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1), bootDiskDedicatedIoThread: true });
    vm.addVolume('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'));
    vm.addDisk('data', kv.DiskSource.dataSource({ name: 'fedora', namespace: 'os-images' }, { size: Size.gibibytes(10) }));
    vm.addVolume('scratch', kv.DiskSource.dataSource({ name: 'blank', namespace: 'os-images' }, { size: Size.gibibytes(2) }));
    vm.setCloudInit(kv.CloudInit.noCloud({ userData: kv.UserData.raw('#cloud-config\n'), volumeOnly: true }));
    const [out] = synthVms(c);
    const spec = out.spec.template.spec;
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['root', 'data', 'scratch', 'cloudinitdisk']);
    expect(spec.volumes[0]).toEqual({ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } });
    // the boot disk is the first disk with an entry: the volume-only root cannot take an IO thread
    expect(spec.domain.devices.disks).toEqual([{ name: 'data', disk: { bus: 'virtio' }, dedicatedIOThread: true }]);
    expect(out.spec.dataVolumeTemplates.map((t: any) => t.metadata.name)).toEqual(['vm-data', 'vm-scratch']);
    expectSchemaValid([out]);
  });

  test('a hot-pluggable volume without a disk; a container disk cannot be hot-plugged', () => {
    const c = chart();
    const vm = new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1) });
    vm.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'));
    vm.addVolume('extra', kv.DiskSource.persistentVolumeClaim('extra-pvc'), { hotpluggable: true });
    const [out] = synthVms(c);
    expect(out.spec.template.spec.volumes[1]).toEqual({ name: 'extra', persistentVolumeClaim: { claimName: 'extra-pvc', hotpluggable: true } });
    const bad = chart();
    new kv.VirtualMachine(bad, 'vm', { memory: Size.gibibytes(1) }).addVolume('img', kv.DiskSource.containerDisk('x'), { hotpluggable: true });
    expect(synthError(bad)).toContain('[construct-hotplug-volume-kind]');
  });

  test('a volume without a disk names the disk KubeVirt gives it: a name that is no DNS label is refused', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1) }).addVolume('Root_Disk', kv.DiskSource.containerDisk('x'));
    expect(synthError(c)).toContain('[vmi-disk-name-dns-label]');
  });
});

describe('template metadata as written', () => {
  test('select: false writes only the template labels given; no labels or annotations: no template metadata', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'bare', { memory: Size.gibibytes(1), select: false });
    new kv.VirtualMachine(c, 'domain-only', { memory: Size.gibibytes(1), select: false, templateLabels: { 'kubevirt.io/domain': 'domain-only' } });
    const [bare, domainOnly] = synthVms(c);
    expect(bare.spec.template.metadata).toBeUndefined();
    expect(domainOnly.spec.template.metadata).toEqual({ labels: { 'kubevirt.io/domain': 'domain-only' } });
    expectSchemaValid([bare, domainOnly]);
  });

  test('addTemplateLabel and addTemplateAnnotation add to the template, after the props and the selector labels', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { memory: Size.gibibytes(1), templateLabels: { app: 'web' } })
      .addTemplateLabel('tier', 'front')
      .addTemplateAnnotation('example.com/owner', 'team-a');
    const [out] = synthVms(c);
    expect(out.spec.template.metadata).toEqual({
      labels: { 'app': 'web', 'tier': 'front', 'kubevirt.io/domain': 'vm', 'vm.kubevirt.io/name': 'vm' },
      annotations: { 'example.com/owner': 'team-a' },
    });
  });

  test('a Service selects the pod by the label the template carries; without one, exposing the VM is refused', () => {
    const c = chart();
    const named = new kv.VirtualMachine(c, 'named', { memory: Size.gibibytes(1), select: false })
      .addTemplateLabel('vm.kubevirt.io/name', 'named');
    named.expose({ ports: [{ port: 22 }] });
    const svc = Testing.synth(c).find((o) => o.kind === 'Service');
    expect(svc.spec.selector).toEqual({ 'vm.kubevirt.io/name': 'named' });
    const bare = new kv.VirtualMachine(chart(), 'bare', { memory: Size.gibibytes(1), select: false, templateLabels: { app: 'x' } });
    expect(() => bare.expose({ ports: [{ port: 22 }] })).toThrow(/select: false and no template label/);
  });
});

describe('CPU topology as written', () => {
  test('CpuTopology.only writes the counts given; of() writes all three; the vCPU count is the same', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'only', { memory: Size.gibibytes(1), cpu: kv.CpuTopology.only({ cores: 2 }) });
    new kv.VirtualMachine(c, 'full', { memory: Size.gibibytes(1), cpu: kv.CpuTopology.of({ cores: 2 }) });
    const [only, full] = synthVms(c);
    expect(only.spec.template.spec.domain.cpu).toEqual({ cores: 2 });
    expect(full.spec.template.spec.domain.cpu).toEqual({ sockets: 1, cores: 2, threads: 1 });
    expect(kv.CpuTopology.only({ cores: 2 }).vcpus).toBe(kv.CpuTopology.of({ cores: 2 }).vcpus);
    expectSchemaValid([only]);
    expect(() => kv.CpuTopology.only({})).toThrow(/at least one/);
  });
});
