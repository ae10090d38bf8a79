import { evaluateValidationRules, ValidationRule } from '../../lib';
import { resolveValidationPath } from '../../lib/templates/validation-rule';

/** A VirtualMachine object with the given template spec. */
const vm = (spec: any) => ({ spec: { template: { spec } } });
const memoryVm = (guest: string | number) => vm({ domain: { memory: { guest } } });

describe('ValidationRule JSON', () => {
  test('rules render in the validator format with the jsonpath:: prefix', () => {
    expect(ValidationRule.integer('mem', '.spec.domain.memory.guest', { message: 'm', min: 1024, max: '.spec.domain.memory.maxGuest' }).toJson())
      .toEqual({ name: 'mem', rule: 'integer', path: 'jsonpath::.spec.domain.memory.guest', message: 'm', min: 1024, max: 'jsonpath::.spec.domain.memory.maxGuest' });
    expect(ValidationRule.enum('bus', 'jsonpath::.spec.domain.devices.disks[*].disk.bus', ['virtio'], {
      message: 'b', valid: '.spec.domain.devices.disks[*].disk.bus', justWarning: true,
    }).toJson()).toEqual({
      name: 'bus', rule: 'enum', path: 'jsonpath::.spec.domain.devices.disks[*].disk.bus', message: 'b',
      valid: 'jsonpath::.spec.domain.devices.disks[*].disk.bus', justWarning: true, values: ['virtio'],
    });
    const json = JSON.stringify([ValidationRule.regex('r', '.spec.hostname', '^[a-z]+$', { message: 'x' }).toJson()]);
    expect(ValidationRule.fromJson(json).map((r) => r.toJson())).toEqual(JSON.parse(json));
  });
});

describe('evaluateValidationRules', () => {
  const minMem = ValidationRule.integer('minimal-required-memory', '.spec.domain.memory.guest', { message: 'This VM requires more memory.', min: 1610612736 });
  const maxMem = ValidationRule.integer('max-memory', '.spec.domain.memory.guest', { message: 'Too much memory.', max: 4294967296 });

  test('integer min/max accept quantities and are inclusive', () => {
    expect(evaluateValidationRules([minMem, maxMem], memoryVm('1.5Gi'))).toEqual({ errors: [], warnings: [] });
    expect(evaluateValidationRules([minMem, maxMem], memoryVm('4Gi')).errors).toEqual([]);
    expect(evaluateValidationRules([minMem], memoryVm('1536Mi')).errors).toEqual([]);
    expect(evaluateValidationRules([minMem], memoryVm('1Gi')).errors).toEqual([
      'spec.template.spec.domain.memory.guest: This VM requires more memory.: value 1073741824 is lower than minimum [1610612736] [template-validation/minimal-required-memory]',
    ]);
    expect(evaluateValidationRules([maxMem], memoryVm('5Gi')).errors[0]).toContain('value 5368709120 is higher than maximum [4294967296]');
    expect(evaluateValidationRules([minMem], memoryVm('lots')).errors[0]).toContain("'lots' is not an integer");
  });

  test('an absent field reads as zero, so an unguarded minimum fails', () => {
    expect(evaluateValidationRules([minMem], vm({ domain: {} })).errors[0]).toContain('value 0 is lower than minimum');
  });

  test('bounds given as paths resolve on the VM', () => {
    const rule = ValidationRule.integer('guest-below-max', '.spec.domain.memory.guest', { message: 'm', max: '.spec.domain.memory.maxGuest' });
    expect(evaluateValidationRules([rule], vm({ domain: { memory: { guest: '2Gi', maxGuest: '4Gi' } } })).errors).toEqual([]);
    expect(evaluateValidationRules([rule], vm({ domain: { memory: { guest: '8Gi', maxGuest: '4Gi' } } })).errors).toHaveLength(1);
  });

  test('cpu topology defaults to 1 per axis when domain.cpu exists', () => {
    const cores = ValidationRule.integer('minimal-required-cores', '.spec.domain.cpu.cores', { message: 'This VM requires more cores.', min: 2 });
    expect(evaluateValidationRules([cores], vm({ domain: { cpu: { sockets: 2 } } })).errors[0]).toContain('value 1 is lower than minimum [2]');
    expect(evaluateValidationRules([cores], vm({ domain: { cpu: { cores: 2 } } })).errors).toEqual([]);
  });

  test('enum: every value under [*] must be allowed; valid guards skip the rule when nothing resolves', () => {
    const path = '.spec.domain.devices.disks[*].disk.bus';
    const rule = ValidationRule.enum('windows-disk-bus', path, ['virtio', 'sata', 'scsi'], { message: 'disk bus has to be either virtio or sata or scsi', valid: path });
    const disks = (...buses: string[]) => vm({ domain: { devices: { disks: buses.map((bus, i) => ({ name: `d${i}`, disk: { bus } })) } } });
    expect(evaluateValidationRules([rule], disks('sata', 'virtio')).errors).toEqual([]);
    expect(evaluateValidationRules([rule], disks('sata', 'usb')).errors[0]).toContain("value 'usb' is not one of [virtio, sata, scsi]");
    expect(evaluateValidationRules([rule], vm({ domain: { devices: { disks: [{ name: 'cd', cdrom: { bus: 'sata' } }] } } })).errors).toEqual([]);
    expect(evaluateValidationRules([ValidationRule.enum('Case', '.spec.a', ['Virtio'], { message: 'm' })], vm({ a: 'virtio' })).errors).toHaveLength(1);
  });

  test('regex: every value must match', () => {
    const rule = ValidationRule.regex('hostname', '.spec.hostname', '^[a-z][a-z0-9-]*$', { message: 'Bad hostname' });
    expect(evaluateValidationRules([rule], vm({ hostname: 'web-1' })).errors).toEqual([]);
    expect(evaluateValidationRules([rule], vm({ hostname: 'Web_1' })).errors[0]).toContain("value 'Web_1' does not match '^[a-z][a-z0-9-]*$'");
  });

  test('string length bounds are inclusive', () => {
    const rule = ValidationRule.string('hostname-length', '.spec.hostname', { message: 'Hostname length', minLength: 3, maxLength: 5 });
    expect(evaluateValidationRules([rule], vm({ hostname: 'abc' })).errors).toEqual([]);
    expect(evaluateValidationRules([rule], vm({ hostname: 'abcde' })).errors).toEqual([]);
    expect(evaluateValidationRules([rule], vm({ hostname: 'ab' })).errors[0]).toContain('length 2');
    expect(evaluateValidationRules([rule], vm({ hostname: 'abcdef' })).errors[0]).toContain('higher than maximum [5]');
  });

  test('justWarning rules report warnings, not errors', () => {
    const path = '.spec.domain.devices.disks[*].disk.bus';
    const rule = ValidationRule.enum('windows-virtio-bus', path, ['virtio'], { message: 'virtio is faster', valid: path, justWarning: true });
    const result = evaluateValidationRules([rule], vm({ domain: { devices: { disks: [{ name: 'root', disk: { bus: 'sata' } }] } } }));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      "spec.template.spec.domain.devices.disks[*].disk.bus: virtio is faster: value 'sata' is not one of [virtio] [template-validation/windows-virtio-bus]",
    ]);
  });

  test('malformed rule sets fail as the validator does', () => {
    const dup = evaluateValidationRules([minMem, minMem], memoryVm('2Gi'));
    expect(dup.errors).toEqual(["vm.kubevirt.io/validations: rule 'minimal-required-memory': duplicate rule name (the validator refuses the VM)"]);
    const [unknown] = ValidationRule.fromJson([{ name: 'x', rule: 'float' as any, path: 'jsonpath::.spec.a', message: 'm' }]);
    expect(evaluateValidationRules([unknown], vm({})).errors[0]).toContain("unknown rule type 'float'");
    const [noPrefix] = ValidationRule.fromJson([{ name: 'y', rule: 'integer', path: '.spec.a', message: '' }]);
    expect(evaluateValidationRules([noPrefix], vm({})).errors[0]).toContain("path must start with 'jsonpath::'");
  });

  test('path resolution: keys, indexes, wildcards, $ prefix', () => {
    const root = { spec: { list: [{ a: 1 }, { a: 2 }, { b: 3 }], 'odd.key': 'x' } };
    expect(resolveValidationPath(root, 'jsonpath::.spec.list[*].a')).toEqual([1, 2]);
    expect(resolveValidationPath(root, '$.spec.list[1].a')).toEqual([2]);
    expect(resolveValidationPath(root, ".spec['odd.key']")).toEqual(['x']);
    expect(resolveValidationPath(root, '.spec.missing.deeper')).toEqual([]);
  });
});
