// The seed's three VMs, each from about ten lines of TypeScript.
import { Size, Testing } from 'cdk8s';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, TestNetwork } from './support';

function seed() {
  const c = chart();
  const net = new TestNetwork(c, 'br1-public');
  const root = new kv.DataVolume(c, 'rhel-rootdisk', {
    metadata: { name: 'rhel-rootdisk' },
    source: kv.DataVolumeSource.http('http://web.server/disk-image.qcow2'),
    size: Size.gibibytes(20), storageClass: 'managed-nfs-storage', accessModes: [kv.AccessMode.READ_WRITE_MANY],
  });

  const rhel = new kv.VirtualMachine(c, 'rhel', {
    metadata: { name: 'rhel', labels: { 'os.template.kubevirt.io/rhel9.4': 'true' } },
    cpu: kv.CpuTopology.cores(1), memory: Size.gibibytes(2),
    cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret('rhel-cloud-init') }),
  });
  rhel.addDisk('rootdisk', kv.DiskSource.dataVolume(root), { bootOrder: 1 });
  rhel.addInterface('nic-0', kv.Interface.bridge(net));

  const fedora = new kv.VirtualMachine(c, 'fedora01', {
    metadata: { name: 'fedora01' },
    cpu: kv.CpuTopology.cores(1), memory: Size.gibibytes(2),
    cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret('fedora01-cloud-init') }),
  });
  fedora.addDisk('containerdisk', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:latest'), { bootOrder: 1 });

  const windows = new kv.VirtualMachine(c, 'windows2019', {
    metadata: { name: 'windows2019' },
    cpu: kv.CpuTopology.cores(2), memory: Size.gibibytes(4),
    defaultDiskBus: kv.DiskBus.SATA, defaultInterfaceModel: kv.InterfaceModel.E1000E,
    features: { acpi: true, apic: true, hyperv: kv.HypervFeatures.windows() }, clock: kv.Clock.windows(),
  });
  windows.addDisk('rootdisk', kv.DiskSource.dataSource({ name: 'win2k19', namespace: 'openshift-virtualization-os-images' },
    { name: 'windows2019-rootdisk', size: Size.gibibytes(60) }), { bootOrder: 1 });
  return { c, rhel, fedora, windows };
}

describe('seed VMs', () => {
  test('rhel: 1 vCPU / 2Gi, boots the imported DataVolume, joins br1, cloud-init from a Secret', () => {
    const { c } = seed();
    const manifest = Testing.synth(c);
    const vm = manifest.find((o) => o.metadata.name === 'rhel');
    expect(vm.apiVersion).toBe('kubevirt.io/v1');
    expect(vm.metadata.namespace).toBe('vms');
    expect(vm.spec.runStrategy).toBe('Always');
    expect(vm.spec.running).toBeUndefined();
    const spec = vm.spec.template.spec;
    expect(vm.spec.template.metadata.labels).toEqual({ 'kubevirt.io/domain': 'rhel', 'vm.kubevirt.io/name': 'rhel' });
    expect(spec.domain.cpu).toEqual({ sockets: 1, cores: 1, threads: 1 });
    expect(spec.domain.memory).toEqual({ guest: '2Gi' });
    expect(spec.domain.devices.disks).toEqual([
      { name: 'rootdisk', disk: { bus: 'virtio' }, bootOrder: 1 },
      { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
    ]);
    expect(spec.volumes).toEqual([
      { name: 'rootdisk', dataVolume: { name: 'rhel-rootdisk' } },
      { name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'rhel-cloud-init' } } },
    ]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'nic-0', bridge: {}, model: 'virtio' }]);
    expect(spec.networks).toEqual([{ name: 'nic-0', multus: { networkName: 'vms/br1-public' } }]);
    // the VM comes after the NAD and the DataVolume it uses, and says so
    const index = (name: string) => manifest.findIndex((o) => o.metadata.name === name);
    expect(index('rhel')).toBeGreaterThan(index('br1-public'));
    expect(index('rhel')).toBeGreaterThan(index('rhel-rootdisk'));
    expect(kv.parseDependsOn(vm.metadata.annotations[kv.DEPENDS_ON_ANNOTATION]).map((r) => r.kind).sort())
      .toEqual(['DataVolume', 'NetworkAttachmentDefinition']);
    expectSchemaValid(manifest.filter((o) => o.kind === 'VirtualMachine'));
  });

  test('fedora01: container disk, implicit masquerade pod NIC', () => {
    const { c } = seed();
    const vm = Testing.synth(c).find((o) => o.metadata.name === 'fedora01');
    const spec = vm.spec.template.spec;
    expect(spec.volumes[0]).toEqual({ name: 'containerdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:latest' } });
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {}, model: 'virtio' }]);
    expect(spec.networks).toEqual([{ name: 'default', pod: {} }]);
    expect(vm.metadata.annotations).toBeUndefined();
  });

  test('windows2019: sata + e1000e, Hyper-V, Windows clock, golden-image clone', () => {
    const { c } = seed();
    const vm = Testing.synth(c).find((o) => o.metadata.name === 'windows2019');
    const domain = vm.spec.template.spec.domain;
    expect(domain.cpu).toEqual({ sockets: 1, cores: 2, threads: 1 });
    expect(domain.memory).toEqual({ guest: '4Gi' });
    expect(domain.devices.disks).toEqual([{ name: 'rootdisk', disk: { bus: 'sata' }, bootOrder: 1 }]);
    expect(domain.devices.interfaces).toEqual([{ name: 'default', masquerade: {}, model: 'e1000e' }]);
    expect(domain.features.hyperv.spinlocks).toEqual({ spinlocks: 8191 });
    expect(domain.features.acpi).toEqual({ enabled: true });
    expect(domain.clock).toEqual({ utc: {}, timer: { hpet: { present: false }, pit: { tickPolicy: 'delay' }, rtc: { tickPolicy: 'catchup' }, hyperv: {} } });
    expect(vm.spec.dataVolumeTemplates).toEqual([{
      metadata: { name: 'windows2019-rootdisk' },
      spec: {
        sourceRef: { kind: 'DataSource', name: 'win2k19', namespace: 'openshift-virtualization-os-images' },
        storage: { resources: { requests: { storage: '60Gi' } } },
      },
    }]);
    expect(vm.spec.template.spec.volumes).toEqual([{ name: 'rootdisk', dataVolume: { name: 'windows2019-rootdisk' } }]);
  });

  test('all three pass the VirtualMachine CRD schema, and the manifest is stable', () => {
    const { c } = seed();
    const vms = Testing.synth(c).filter((o) => o.kind === 'VirtualMachine');
    expect(vms.map((v) => v.metadata.name)).toEqual(['rhel', 'fedora01', 'windows2019']);
    expectSchemaValid(vms);
    expect(vms).toMatchSnapshot();
  });
});
