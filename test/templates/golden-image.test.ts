import { Chart, Size, Testing } from 'cdk8s';
import {
  CommonInstancetype, CommonPreference, DEPENDS_ON_ANNOTATION, GoldenImage, OsProfile, parseDependsOn, VirtualMachine,
  VirtualMachineTemplate, WorkloadProfile,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';

describe('GoldenImage', () => {
  test('a DataImportCron with the built-in golden-image defaults, managing a DataSource', () => {
    const chart = new Chart(Testing.app(), 'images', { namespace: 'kubevirt-os-images' });
    const image = new GoldenImage(chart, 'fedora', {
      name: 'fedora', image: 'quay.io/containerdisks/fedora:latest', size: Size.gibibytes(5), importsToKeep: 2,
      defaultInstancetype: CommonInstancetype.U1_MEDIUM, defaultPreference: CommonPreference.FEDORA,
    });
    const manifest = Testing.synth(chart);
    expectSchemaValid(manifest);
    expect(manifest).toHaveLength(1); // CDI creates the DataSource; emitting it would fight CDI
    const [cron] = manifest;
    expect([cron.kind, cron.metadata.name, cron.metadata.namespace]).toEqual(['DataImportCron', 'fedora-image-cron', 'kubevirt-os-images']);
    expect(cron.spec).toEqual(expect.objectContaining({
      schedule: '0 */12 * * *', managedDataSource: 'fedora', garbageCollect: 'Outdated', importsToKeep: 2,
    }));
    expect(cron.spec.template.spec.source).toEqual({ registry: { url: 'docker://quay.io/containerdisks/fedora:latest' } });
    expect(cron.spec.template.spec.storage.resources.requests.storage).toBe('5Gi');
    expect(cron.spec.template.metadata.annotations['cdi.kubevirt.io/storage.bind.immediate.requested']).toBe('true');
    expect(cron.metadata.labels).toEqual(expect.objectContaining({
      'instancetype.kubevirt.io/default-instancetype': 'u1.medium', 'instancetype.kubevirt.io/default-preference': 'fedora',
    }));
    expect([image.name, image.namespace]).toEqual(['fedora', 'kubevirt-os-images']);
  });

  test('a VM boots from it through a dataVolumeTemplate and is ordered after the cron', () => {
    const app = Testing.app();
    const images = new Chart(app, 'images', { namespace: 'kubevirt-os-images' });
    const image = new GoldenImage(images, 'fedora', { name: 'fedora', image: 'quay.io/containerdisks/fedora:latest' });
    const vms = new Chart(app, 'lab', { namespace: 'vms' });
    const vm = new VirtualMachine(vms, 'fedora01', {
      metadata: { name: 'fedora01' }, instancetype: CommonInstancetype.U1_MEDIUM, preference: CommonPreference.FEDORA,
    });
    vm.addDisk('rootdisk', image.diskSource({ size: Size.gibibytes(30) }), { bootOrder: 1 });
    const [obj] = Testing.synth(vms);
    expectSchemaValid(obj);
    expect(obj.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.medium' });
    expect(obj.spec.preference).toEqual({ kind: 'VirtualMachineClusterPreference', name: 'fedora' });
    expect(obj.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'fedora', namespace: 'kubevirt-os-images' });
    expect(parseDependsOn(obj.metadata.annotations[DEPENDS_ON_ANNOTATION])).toContainEqual(
      { group: 'cdi.kubevirt.io', kind: 'DataImportCron', namespace: 'kubevirt-os-images', name: 'fedora-image-cron' });
  });

  test('a template instance can clone a golden image', () => {
    const chart = new Chart(Testing.app(), 'lab', { namespace: 'vms' });
    const image = new GoldenImage(chart, 'rhel9-image', { name: 'rhel9', image: 'registry.example.com/rhel9:latest' });
    const template = new VirtualMachineTemplate(chart, 'rhel9', { os: OsProfile.RHEL_9, workload: WorkloadProfile.SERVER });
    template.instantiate(chart, 'rhel', { name: 'rhel', dataSource: image });
    const vm = Testing.synth(chart).find((o) => o.kind === 'VirtualMachine');
    expect(vm.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'rhel9', namespace: 'vms' });
    expect(vm.metadata.annotations[DEPENDS_ON_ANNOTATION]).toContain('DataImportCron/vms/rhel9-image-cron');
  });

  test('construct-time checks of the cron surface (bad schedule)', () => {
    const chart = new Chart(Testing.app(), 'images', { namespace: 'kubevirt-os-images' });
    new GoldenImage(chart, 'bad', { name: 'bad', image: 'quay.io/x/y:1', schedule: 'every day' });
    expect(() => Testing.synth(chart)).toThrow(/spec.schedule: 'every day' is not a cron schedule/);
  });
});
