import { Chart, Size, Testing } from 'cdk8s';
import {
  CpuTopology, DiskSource, VmTemplateFormat, Flavor, OsProfile, ValidationRule, VALIDATIONS_ANNOTATION, VirtualMachineTemplate, WorkloadProfile,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError } from '../support/synth';
import { synthWarnings } from '../../lib';

function chart(namespace = 'openshift'): Chart {
  return new Chart(Testing.app(), 'c', { namespace });
}


describe('VirtualMachineTemplate (OpenShift Template)', () => {
  test('a RHEL 9 server template in the common-templates shape', () => {
    const c = chart();
    const t = new VirtualMachineTemplate(c, 'rhel9', { os: OsProfile.RHEL_9, workload: WorkloadProfile.SERVER, flavor: Flavor.SMALL, defaultOsVariant: true });
    const [obj] = Testing.synth(c);
    expectSchemaValid(obj);
    expect([obj.apiVersion, obj.kind, obj.metadata.name, obj.metadata.namespace]).toEqual(['template.openshift.io/v1', 'Template', 'rhel9-server-small', 'openshift']);
    expect(t.name).toBe('rhel9-server-small');
    expect(obj.metadata.labels).toEqual(expect.objectContaining({
      'os.template.kubevirt.io/rhel9.4': 'true', 'workload.template.kubevirt.io/server': 'true', 'flavor.template.kubevirt.io/small': 'true',
      'template.kubevirt.io/type': 'base', 'template.kubevirt.io/default-os-variant': 'true', 'template.kubevirt.io/architecture': 'amd64',
    }));
    expect(obj.metadata.annotations).toEqual(expect.objectContaining({
      'iconClass': 'icon-rhel', 'tags': 'hidden,kubevirt,virtualmachine,linux,rhel9', 'defaults.template.kubevirt.io/disk': 'rootdisk',
      'name.os.template.kubevirt.io/rhel9.4': 'Red Hat Enterprise Linux 9.0 or higher', 'template.openshift.io/bindable': 'false',
    }));
    expect(obj.metadata.annotations['template.kubevirt.io/editable'].split('\n')).toContain('/objects[0].spec.template.spec.domain.memory.guest');
    expect(obj.parameters.map((p: any) => p.name)).toEqual(['NAME', 'DATA_SOURCE_NAME', 'DATA_SOURCE_NAMESPACE', 'CLOUD_USER_PASSWORD']);
    expect(obj.parameters[0]).toEqual({ name: 'NAME', description: 'VM name', generate: 'expression', from: 'rhel9-[a-z0-9]{16}' });
    expect(obj.parameters[1].value).toBe('rhel9');
    expect(obj.parameters[2].value).toBe('kubevirt-os-images');

    const [vm, secret] = obj.objects;
    expect([vm.kind, vm.metadata.name, vm.spec.runStrategy]).toEqual(['VirtualMachine', '${NAME}', 'Halted']);
    expect(vm.metadata.labels).toEqual(expect.objectContaining({ 'vm.kubevirt.io/template': 'rhel9-server-small', app: '${NAME}' }));
    expect(JSON.parse(vm.metadata.annotations[VALIDATIONS_ANNOTATION])).toEqual([
      { name: 'minimal-required-memory', rule: 'integer', path: 'jsonpath::.spec.domain.memory.guest', message: 'This VM requires more memory.', min: 1610612736 },
    ]);
    expect(vm.spec.dataVolumeTemplates).toEqual([{
      metadata: { name: '${NAME}' },
      spec: { sourceRef: { kind: 'DataSource', name: '${DATA_SOURCE_NAME}', namespace: '${DATA_SOURCE_NAMESPACE}' }, storage: { resources: { requests: { storage: '30Gi' } } } },
    }]);
    expect(vm.spec.template.metadata.annotations).toEqual({ 'vm.kubevirt.io/os': 'rhel9', 'vm.kubevirt.io/workload': 'server', 'vm.kubevirt.io/flavor': 'small' });
    expect(vm.spec.template.spec.domain.memory.guest).toBe('2Gi');
    expect(vm.spec.template.spec.volumes).toContainEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: '${NAME}-cloud-init' } } });
    // The password reaches the guest through a Secret, never in the VM object.
    expect(JSON.stringify(vm)).not.toContain('CLOUD_USER_PASSWORD');
    expect(secret.kind).toBe('Secret');
    expect(secret.stringData.userdata).toBe('#cloud-config\nuser: cloud-user\npassword: ${CLOUD_USER_PASSWORD}\nchpasswd: { expire: False }\n');
  });

  test('a Windows server template: no cloud-init, Windows rules, network default, six-character names', () => {
    const c = chart();
    const t = new VirtualMachineTemplate(c, 'win', { os: OsProfile.WINDOWS_2K22 });
    const [obj] = Testing.synth(c);
    // SATA is what plain Windows images need: the virtio advice is for instances, not the template.
    expect(synthWarnings(t)).toEqual([]);
    expectSchemaValid(obj);
    expect(obj.metadata.name).toBe('windows2k22-server-medium');
    expect(obj.objects).toHaveLength(1);
    expect(obj.parameters.map((p: any) => p.name)).toEqual(['NAME', 'DATA_SOURCE_NAME', 'DATA_SOURCE_NAMESPACE']);
    expect(obj.parameters[0].from).toBe('windows2k22-[a-z0-9]{6}');
    expect(obj.parameters[1].value).toBe('win2k22');
    expect(obj.metadata.annotations['defaults.template.kubevirt.io/network']).toBe('default');
    expect(obj.metadata.annotations.iconClass).toBe('icon-windows');
    const rules = JSON.parse(obj.objects[0].metadata.annotations[VALIDATIONS_ANNOTATION]);
    expect(rules.map((r: any) => [r.name, r.justWarning ?? false])).toEqual([
      ['minimal-required-memory', false], ['windows-virtio-bus', true], ['windows-disk-bus', false], ['windows-cd-bus', false],
    ]);
    const domain = obj.objects[0].spec.template.spec.domain;
    expect(domain.devices.disks[0].disk.bus).toBe('sata');
    expect(obj.objects[0].spec.dataVolumeTemplates[0].spec.storage.resources.requests.storage).toBe('60Gi');
  });

  test('extra disks, interfaces, parameters and rules land in the template', () => {
    const c = chart();
    const t = new VirtualMachineTemplate(c, 'f', { os: OsProfile.FEDORA, flavor: Flavor.MEDIUM, message: 'Log in as fedora.' });
    t.addDisk('scratch', DiskSource.emptyDisk(Size.gibibytes(5)));
    t.addParameter({ name: 'OWNER', value: 'team-a' });
    t.addValidationRule(ValidationRule.integer('max-memory', '.spec.domain.memory.guest', { message: 'Too big', max: 8 * 2 ** 30 }));
    const [obj] = Testing.synth(c);
    expect(obj.message).toBe('Log in as fedora.');
    expect(obj.parameters.at(-1)).toEqual({ name: 'OWNER', value: 'team-a' });
    expect(obj.objects[0].spec.template.spec.volumes).toContainEqual({ name: 'scratch', emptyDisk: { capacity: '5Gi' } });
    expect(JSON.parse(obj.objects[0].metadata.annotations[VALIDATIONS_ANNOTATION]).map((r: any) => r.name)).toEqual(['minimal-required-memory', 'max-memory']);
  });

  test("a template whose own VM breaks its rules fails synth", () => {
    const c = chart();
    new VirtualMachineTemplate(c, 'tiny-fedora', { os: OsProfile.FEDORA, flavor: Flavor.TINY });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = synthError(c);
    expect(warn).toHaveBeenCalledWith("[c/tiny-fedora] warning: common-templates offer no fedora template for workload 'server' and flavor 'tiny' [construct-template-os-combination]");
    warn.mockRestore();
    expect(error).toContain('objects[0].spec.template.spec.domain.memory.guest: This VM requires more memory.: value 1073741824 is lower than minimum [2147483648] [template-validation/minimal-required-memory]');
  });

  test('bad parameters are refused', () => {
    const c = chart();
    const t = new VirtualMachineTemplate(c, 't', { os: OsProfile.RHEL_9 });
    t.addParameter({ name: 'NAME' }).addParameter({ name: 'bad-name' }).addParameter({ name: 'GEN', generate: 'expression' });
    const error = synthError(c);
    expect(error).toContain('parameters: duplicate parameter NAME');
    expect(error).toContain('parameters[bad-name]: names are upper-case letters, digits and underscores');
    expect(error).toContain("parameters[GEN]: generate 'expression' needs 'from'");
  });
});

describe('VirtualMachineTemplate (template.kubevirt.io form)', () => {
  test('the same definition as a Kubernetes-native VirtualMachineTemplate', () => {
    const c = chart('templates');
    new VirtualMachineTemplate(c, 'rhel9', { os: OsProfile.RHEL_9, format: VmTemplateFormat.KUBEVIRT });
    const other = chart('templates');
    new VirtualMachineTemplate(other, 'rhel9', { os: OsProfile.RHEL_9 });
    const [obj] = Testing.synth(c);
    const [os] = Testing.synth(other);
    expectSchemaValid(obj);
    expect([obj.apiVersion, obj.kind, obj.metadata.name]).toEqual(['template.kubevirt.io/v1beta1', 'VirtualMachineTemplate', 'rhel9-server-small']);
    expect(obj.metadata.labels).toEqual(os.metadata.labels);
    expect(obj.spec.parameters).toEqual(os.parameters);
    const vm = obj.spec.virtualMachine;
    expect(vm.metadata).toEqual(os.objects[0].metadata);
    expect(vm.spec.template.spec.domain).toEqual(os.objects[0].spec.template.spec.domain);
    // No Secret object in this form: the password parameter goes inline into the cloud-init user data.
    expect(vm.spec.template.spec.volumes).toContainEqual({
      name: 'cloudinitdisk',
      cloudInitNoCloud: { userData: '#cloud-config\nuser: cloud-user\npassword: ${CLOUD_USER_PASSWORD}\nchpasswd: { expire: False }\n' },
    });
  });

  test('its own VM is checked against its rules too', () => {
    const c = chart();
    new VirtualMachineTemplate(c, 'w11', { os: OsProfile.WINDOWS_11, format: VmTemplateFormat.KUBEVIRT, vm: { cpu: CpuTopology.sockets(4) } });
    expect(synthError(c)).toContain('spec.virtualMachine.spec.template.spec.domain.cpu.cores: This VM requires more cores.: value 1 is lower than minimum [2] [template-validation/minimal-required-cores]');
  });
});

describe('template.instantiate()', () => {
  test('stamps a VirtualMachine from the same definition', () => {
    const c = chart('vms');
    const t = new VirtualMachineTemplate(c, 'rhel9', { os: OsProfile.RHEL_9 });
    const vm = t.instantiate(c, 'rhel', { name: 'rhel', flavor: Flavor.MEDIUM });
    const manifest = Testing.synth(c);
    const obj = manifest.find((o) => o.kind === 'VirtualMachine');
    expectSchemaValid(obj);
    expect(vm.name).toBe('rhel');
    expect(obj.metadata.labels).toEqual(expect.objectContaining({
      'vm.kubevirt.io/template': 'rhel9-server-small', 'vm.kubevirt.io/template.namespace': 'vms', app: 'rhel',
      'flavor.template.kubevirt.io/medium': 'true', 'os.template.kubevirt.io/rhel9.0': 'true',
    }));
    expect(obj.metadata.annotations[VALIDATIONS_ANNOTATION]).toBe(manifest[0].objects[0].metadata.annotations[VALIDATIONS_ANNOTATION]);
    expect(obj.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'rhel9', namespace: 'kubevirt-os-images' });
    expect(obj.spec.template.spec.domain.memory.guest).toBe('4Gi');
    expect(obj.spec.template.spec.domain.firmware.bootloader.efi.secureBoot).toBe(true);
    // The instance's domain equals the template's VM domain except for what the flavor changes.
    const templateDomain = manifest[0].objects[0].spec.template.spec.domain;
    expect({ ...obj.spec.template.spec.domain, memory: undefined, devices: undefined })
      .toEqual({ ...templateDomain, memory: undefined, devices: undefined });
  });

  test('an instance breaking a template rule fails synth with the rule name', () => {
    const c = chart('vms');
    const t = new VirtualMachineTemplate(c, 'rhel9', { os: OsProfile.RHEL_9 });
    t.instantiate(c, 'small', { name: 'small', vm: { memory: Size.gibibytes(1) } });
    const error = synthError(c);
    expect(error).toContain('[c/small] spec.template.spec.domain.memory.guest: This VM requires more memory.: value 1073741824 is lower than minimum [1610612736] [template-validation/minimal-required-memory]');
  });

  test('Windows 11 cores rule: met by the flavors, broken by an explicit topology', () => {
    const c = chart('vms');
    const t = new VirtualMachineTemplate(c, 'w11', { os: OsProfile.WINDOWS_11 });
    const ok = t.instantiate(c, 'ok', { name: 'ok', flavor: Flavor.LARGE });
    expect((ok.toSpec() as any).template.spec.domain.cpu).toEqual({ sockets: 1, cores: 4, threads: 1 });
    t.instantiate(c, 'bad', { name: 'bad', vm: { cpu: CpuTopology.sockets(2) } });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // SATA advice on both instances
    const error = synthError(c);
    warn.mockRestore();
    expect(error).toContain('[c/bad] spec.template.spec.domain.cpu.cores: This VM requires more cores.: value 1 is lower than minimum [2] [template-validation/minimal-required-cores]');
    expect(error).not.toContain('[c/ok]');
  });

  test('justWarning rules warn without failing synth', () => {
    const c = chart('vms');
    const t = new VirtualMachineTemplate(c, 'win', { os: OsProfile.WINDOWS_2K19 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const vm = t.instantiate(c, 'win-vm', { name: 'win' });
      Testing.synth(c);
      const warnings = synthWarnings(vm).map((w) => w.message);
      expect(warnings).toContainEqual(expect.stringContaining('[template-validation/windows-virtio-bus]'));
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('windows-virtio-bus'));
    } finally {
      warn.mockRestore();
    }
  });
});
