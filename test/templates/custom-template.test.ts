import { Chart, Size, Testing } from 'cdk8s';
import {
  CloudInit, CpuTopology, DataSource, DataVolumeSource, DiskSource, Interface, OsProfile, RunStrategy, synthWarnings, UserData,
  ValidationRule, VirtualMachineTemplate, VmTemplateFormat, WorkloadProfile,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError } from '../support/synth';

function chart(namespace = 'templates'): Chart {
  return new Chart(Testing.app(), 'c', { namespace });
}

describe('VirtualMachineTemplate without an OS profile (custom template)', () => {
  test('the VM is built like a VM; parameters, labels and annotations are only the ones given', () => {
    const c = chart();
    const image = new DataSource(c, 'image', { metadata: { name: 'web-image' }, source: DataVolumeSource.pvc({ name: 'web-golden' }) });
    const t = new VirtualMachineTemplate(c, 'web-server', {
      displayName: 'Web server',
      tags: ['kubevirt', 'web'],
      operatingSystems: [{ id: 'fedora', name: 'Fedora Linux' }],
      workloads: ['server'],
      version: 'v1.2.0',
      vmLabels: { app: '${NAME}' },
      objectLabels: { team: 'web' },
      message: 'Created ${NAME}.',
      vm: { os: OsProfile.FEDORA, runStrategy: RunStrategy.ALWAYS, cpu: CpuTopology.sockets(2), memory: Size.gibibytes(4) },
    });
    t.addDisk('root', DiskSource.dataSource(image, { name: '${NAME}-root', size: Size.gibibytes(20) }), { bootOrder: 1 })
      .addInterface('default', Interface.masquerade({ ports: [{ port: 80, name: 'http' }] }))
      .addParameter({ name: 'NAME', description: 'VM name', required: true })
      .addObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: '${NAME}' }, spec: { selector: { app: '${NAME}' }, ports: [{ port: 80 }] } });
    const obj = Testing.synth(c).find((o) => o.kind === 'Template');
    expectSchemaValid(obj);
    expect(t.hasOsProfile).toBe(false);
    expect(obj.metadata.name).toBe('web-server');
    expect(obj.metadata.labels).toEqual({
      'os.template.kubevirt.io/fedora': 'true', 'workload.template.kubevirt.io/server': 'true', 'template.kubevirt.io/version': 'v1.2.0',
    });
    expect(obj.metadata.annotations).toEqual({
      'openshift.io/display-name': 'Web server', 'tags': 'kubevirt,web', 'name.os.template.kubevirt.io/fedora': 'Fedora Linux',
    });
    expect(obj.labels).toEqual({ team: 'web' });
    expect(obj.message).toBe('Created ${NAME}.');
    expect(obj.parameters).toEqual([{ name: 'NAME', description: 'VM name', required: true }]);
    const [vm, service] = obj.objects;
    expect(vm.metadata).toEqual({ name: '${NAME}', labels: { app: '${NAME}' } });
    expect(vm.spec.runStrategy).toBe('Always');
    // No root disk, cloud-init Secret or rules of its own: only what was added.
    expect(vm.spec.template.spec.volumes).toEqual([{ name: 'root', dataVolume: { name: '${NAME}-root' } }]);
    expect(vm.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'web-image', namespace: 'templates' });
    // The OS profile of the VM applies (Fedora: virtio buses, EFI...).
    expect(vm.spec.template.spec.domain.cpu).toEqual({ sockets: 2, cores: 1, threads: 1 });
    expect(vm.spec.template.metadata.annotations).toEqual(expect.objectContaining({ 'vm.kubevirt.io/os': 'fedora' }));
    expect(service).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: '${NAME}' }, spec: { selector: { app: '${NAME}' }, ports: [{ port: 80 }] } });
    expect(synthWarnings(t)).toEqual([]);
  });

  test('a custom template cannot be instantiated, and reading its OS profile says why', () => {
    const t = new VirtualMachineTemplate(chart(), 'bare', {});
    expect(() => t.os).toThrow(/has no OS profile/);
    expect(() => t.instantiate(chart(), 'vm', { name: 'vm' })).toThrow(/needs an OS profile to be instantiated/);
  });

  test('rules given are carried and checked; references to undeclared parameters warn', () => {
    const c = chart();
    const t = new VirtualMachineTemplate(c, 'small', {
      validations: [ValidationRule.integer('max-memory', '.spec.domain.memory.guest', { message: 'Too big', max: 2 ** 30 })],
      vm: { memory: Size.gibibytes(2), cloudInit: CloudInit.noCloud({ userData: UserData.raw('#cloud-config\npassword: ${PASSWORD}\n') }) },
    });
    t.addDisk('root', DiskSource.containerDisk('quay.io/containerdisks/fedora:41'));
    const error = synthError(c);
    expect(error).toContain('objects[0].spec.template.spec.domain.memory.guest: Too big');
    expect(synthWarnings(t).map((w) => w.message)).toEqual(['objects: ${NAME}, ${PASSWORD} name no parameter: `oc process` leaves them as written [construct-template-parameters]']);
  });

  test('the template.kubevirt.io form takes a custom VM too, but no other objects', () => {
    const c = chart();
    const t = new VirtualMachineTemplate(c, 'cirros', { format: VmTemplateFormat.KUBEVIRT, vm: { memory: Size.mebibytes(256) } });
    t.addDisk('containerdisk', DiskSource.containerDisk('quay.io/kubevirt/cirros-container-disk-demo'));
    t.addParameter({ name: 'NAME', generate: 'expression', from: 'cirros-[a-z0-9]{8}' });
    const [obj] = Testing.synth(c);
    expect(obj.kind).toBe('VirtualMachineTemplate');
    expect(obj.spec.parameters).toEqual([{ name: 'NAME', generate: 'expression', from: 'cirros-[a-z0-9]{8}' }]);
    expect(obj.spec.virtualMachine.metadata).toEqual({ name: '${NAME}' });
    t.addObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } });
    expect(synthError(c)).toContain('addObject() needs VmTemplateFormat.OPENSHIFT');
  });

  test('objects go after the VM, or before it; the rules are then checked on the VM where it is', () => {
    const c = chart();
    const t = new VirtualMachineTemplate(c, 't', {
      validations: [ValidationRule.integer('min-memory', '.spec.domain.memory.guest', { message: 'Too small', min: 2 ** 31 })],
      vm: { memory: Size.gibibytes(1) },
    });
    t.addObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before' } }, { beforeVm: true })
      .addObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' } });
    expect(synthError(c)).toContain('objects[1].spec.template.spec.domain.memory.guest: Too small');
    const c2 = chart();
    const t2 = new VirtualMachineTemplate(c2, 't', {});
    t2.addObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' } })
      .addObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before' } }, { beforeVm: true });
    const [obj] = Testing.synth(c2);
    expect(obj.objects.map((o: any) => o.metadata.name)).toEqual(['before', '${NAME}', 'after']);
  });

  test('with an OS profile, the console props override the profile defaults', () => {
    const c = chart();
    new VirtualMachineTemplate(c, 'rhel', { os: OsProfile.RHEL_9, workload: WorkloadProfile.SERVER, iconClass: 'icon-custom', tags: ['kubevirt'], vmLabels: { team: 'a' } });
    const [obj] = Testing.synth(c);
    expect(obj.metadata.annotations.iconClass).toBe('icon-custom');
    expect(obj.metadata.annotations.tags).toBe('kubevirt');
    expect(obj.objects[0].metadata.labels).toEqual(expect.objectContaining({ team: 'a', app: '${NAME}' }));
  });
});

describe('VirtualMachineTemplate.addVolume()', () => {
  test('addVolume() adds a volume without a disk entry, in the order added, to the template VM and its instances', () => {
    const c = chart();
    const t = new VirtualMachineTemplate(c, 'tools', { os: OsProfile.FEDORA });
    expect(t.addDisk('data', DiskSource.persistentVolumeClaim('${NAME}-data'))
      .addVolume('tools', DiskSource.containerDisk('quay.io/containerdisks/tools:1'), { hotpluggable: false })).toBe(t);
    const obj = Testing.synth(c).find((o) => o.kind === 'Template');
    expectSchemaValid(obj);
    const spec = obj.objects[0].spec.template.spec;
    expect(spec.volumes.map((v: { name: string }) => v.name)).toEqual(['rootdisk', 'data', 'tools', 'cloudinitdisk']);
    expect(spec.domain.devices.disks.map((d: { name: string }) => d.name)).not.toContain('tools');
    const vmSpec = t.instantiate(c, 'one', { name: 'one' }).toSpec() as any;
    expect(vmSpec.template.spec.volumes.map((v: { name: string }) => v.name)).toContain('tools');
    expect(vmSpec.template.spec.domain.devices.disks.map((d: { name: string }) => d.name)).not.toContain('tools');
  });
});
