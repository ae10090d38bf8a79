// The three examples issue 4 asks for, written as the lead would put them in examples/:
// the seed's rhel VM as a template + instance, a golden-image Fedora VM, a u1.medium + rhel.9 VM.
import { App, Chart, Size, Testing } from 'cdk8s';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';

function buildIssueExamples(app: App): Chart {
  const images = new Chart(app, 'images', { namespace: 'kubevirt-os-images' });
  const fedoraImage = new kv.GoldenImage(images, 'fedora', {
    name: 'fedora', image: 'quay.io/containerdisks/fedora:latest', size: Size.gibibytes(5),
    defaultInstancetype: kv.CommonInstancetype.U1_SMALL, defaultPreference: kv.CommonPreference.FEDORA,
  });

  const lab = new Chart(app, 'lab', { namespace: 'vms' });
  // 1. The seed's rhel VM: its HTTP-imported disk becomes a DataSource the template clones.
  const rootDisk = new kv.DataVolume(lab, 'rhel-rootdisk', {
    metadata: { name: 'rhel-rootdisk' },
    source: kv.DataVolumeSource.http('http://web.server/disk-image.qcow2'),
    size: Size.gibibytes(20), storageClass: 'managed-nfs-storage', accessModes: [kv.AccessMode.READ_WRITE_MANY],
  });
  const rhelImage = new kv.DataSource(lab, 'rhel9-image', { metadata: { name: 'rhel9' }, source: kv.DataVolumeSource.pvc(rootDisk) });
  const rhelTemplate = new kv.VirtualMachineTemplate(lab, 'rhel9-template', {
    os: kv.OsProfile.RHEL_9, workload: kv.WorkloadProfile.SERVER, flavor: kv.Flavor.SMALL, rootDiskSize: Size.gibibytes(20),
  });
  rhelTemplate.addInterface('nic-0', kv.Interface.bridge('br1-public'));
  rhelTemplate.instantiate(lab, 'rhel', {
    name: 'rhel', dataSource: rhelImage,
    cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret('rhel-cloud-init') }),
  });

  // 2. A Fedora VM booting the golden image, sized by the catalog.
  const fedora = new kv.VirtualMachine(lab, 'fedora01', {
    metadata: { name: 'fedora01' },
    instancetype: kv.CommonInstancetype.U1_SMALL, preference: kv.CommonPreference.FEDORA,
  });
  fedora.addDisk('rootdisk', fedoraImage.diskSource({ size: Size.gibibytes(30) }), { bootOrder: 1 });

  // 3. u1.medium + rhel.9, emitted for a cluster without the common-instancetypes deployment.
  const catalog = new Chart(app, 'catalog');
  kv.CommonInstancetype.U1_MEDIUM.emit(catalog);
  kv.CommonPreference.RHEL_9.emit(catalog);
  const rhel9 = new kv.VirtualMachine(lab, 'rhel9-it', {
    metadata: { name: 'rhel9-it' }, instancetype: kv.CommonInstancetype.U1_MEDIUM, preference: kv.CommonPreference.RHEL_9,
  });
  rhel9.addDisk('rootdisk', kv.DiskSource.dataSource(rhelImage, { size: Size.gibibytes(20) }), { bootOrder: 1 });
  return lab;
}

describe('issue 4 examples', () => {
  const app = Testing.app();
  const lab = buildIssueExamples(app);
  const all = app.charts.flatMap((c) => Testing.synth(c));
  const byName = (kind: string, name: string) => all.find((o) => o.kind === kind && o.metadata.name === name);

  test('every object passes its CRD schema', () => {
    expect(all.map((o) => o.kind).sort()).toEqual([
      'DataImportCron', 'DataSource', 'DataVolume', 'Template', 'VirtualMachine', 'VirtualMachine', 'VirtualMachine',
      'VirtualMachineClusterInstancetype', 'VirtualMachineClusterPreference',
    ]);
    expectSchemaValid(all);
  });

  test('the seed rhel VM comes from the template and keeps the seed wiring', () => {
    const vm = byName('VirtualMachine', 'rhel');
    expect(vm.metadata.labels['vm.kubevirt.io/template']).toBe('rhel9-server-small');
    expect(vm.metadata.labels['flavor.template.kubevirt.io/small']).toBe('true');
    expect(vm.spec.template.spec.domain.memory.guest).toBe('2Gi');
    expect(vm.spec.template.spec.networks).toEqual([{ name: 'nic-0', multus: { networkName: 'br1-public' } }]);
    expect(vm.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'rhel9', namespace: 'vms' });
    expect(vm.spec.template.spec.volumes).toContainEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'rhel-cloud-init' } } });
    const manifest = Testing.synth(lab).map((o) => o.metadata.name);
    expect(manifest.indexOf('rhel')).toBeGreaterThan(manifest.indexOf('rhel9'));
  });

  test('the Fedora VM clones the golden image and references the catalog', () => {
    const vm = byName('VirtualMachine', 'fedora01');
    expect(vm.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.small' });
    expect(vm.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'fedora', namespace: 'kubevirt-os-images' });
    expect(vm.metadata.annotations['cdk8s-kubevirt.io/depends-on']).toContain('DataImportCron/kubevirt-os-images/fedora-image-cron');
  });

  test('the u1.medium + rhel.9 VM and the emitted catalog objects agree', () => {
    const vm = byName('VirtualMachine', 'rhel9-it');
    expect(vm.spec.preference).toEqual({ kind: 'VirtualMachineClusterPreference', name: 'rhel.9' });
    expect(byName('VirtualMachineClusterInstancetype', 'u1.medium').spec).toEqual({ cpu: { guest: 1 }, memory: { guest: '4Gi' } });
    expect(byName('VirtualMachineClusterPreference', 'rhel.9').spec.firmware).toEqual({ preferredEfi: { secureBoot: true } });
  });
});
