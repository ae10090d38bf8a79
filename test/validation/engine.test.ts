import { defaultVmiSpec, guestMemory, validateObjects, vcpuCount } from '../../lib/validation';
import { nad, nncp, vm, vmOnNad, vmSpec } from './fixtures';

describe('KubeVirt defaulting before the rules', () => {
  test('volumes without disks get a disk; the default pod network appears only when nothing is declared', () => {
    const { spec, podInterfaceDefaulted } = defaultVmiSpec({ domain: { devices: {} }, volumes: [{ name: 'data', emptyDisk: { capacity: '1Gi' } }] });
    expect(spec.domain.devices.disks).toEqual([{ name: 'data', disk: {} }]);
    expect(spec.networks).toEqual([{ name: 'default', pod: {} }]);
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'default', bridge: {} }]);
    expect(podInterfaceDefaulted).toBe(true);
  });

  test('the input object is not modified', () => {
    const raw = { domain: { devices: {} }, volumes: [{ name: 'v', emptyDisk: { capacity: '1Gi' } }] };
    defaultVmiSpec(raw);
    expect(raw).toEqual({ domain: { devices: {} }, volumes: [{ name: 'v', emptyDisk: { capacity: '1Gi' } }] });
  });

  test('a volume without a disk is not an error, a disk without a volume is', () => {
    const extraVolume = vmSpec((s) => { s.volumes.push({ name: 'scratch', emptyDisk: { capacity: '1Gi' } }); });
    expect(validateObjects([extraVolume]).filter((f) => f.severity === 'error')).toEqual([]);
    const extraDisk = vmSpec((s) => { s.domain.devices.disks.push({ name: 'scratch', disk: {} }); });
    expect(validateObjects([extraDisk]).map((f) => f.rule)).toContain('vmi-disk-volume-match');
  });

  test('vCPUs and guest memory are derived as KubeVirt does', () => {
    expect(vcpuCount({ domain: { cpu: { sockets: 2, cores: 2 } } })).toBe(4);
    expect(vcpuCount({ domain: { resources: { requests: { cpu: '1500m' } } } })).toBe(2);
    expect(guestMemory({ domain: { resources: { limits: { memory: '1Gi' } } } })).toBe(2 ** 30);
  });
});

describe('validateObjects', () => {
  test('findings carry the object reference and a dotted path', () => {
    const [f] = validateObjects([vmSpec((s) => { s.domain.devices.disks[0].disk.bus = 'ide'; })]).filter((x) => x.rule === 'vmi-disk-bus-valid');
    expect(f).toEqual({
      rule: 'vmi-disk-bus-valid', severity: 'error',
      object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'vms', name: 'vm1' },
      path: 'spec.template.spec.domain.devices.disks[0].disk.bus', message: expect.stringContaining('ide'), hint: expect.any(String),
    });
  });

  test('references are warnings unless the input is complete', () => {
    const objects = [vmOnNad('missing-net')];
    expect(validateObjects(objects).find((f) => f.rule === 'xo-multus-nad-exists')?.severity).toBe('warning');
    expect(validateObjects(objects, { assumeComplete: true }).find((f) => f.rule === 'xo-multus-nad-exists')?.severity).toBe('error');
  });

  test('a whole wired estate (VM -> NAD -> bridge -> NNCP) validates clean', () => {
    const findings = validateObjects([vmOnNad('br1-net'), nad(), nncp()], { assumeComplete: true });
    expect(findings).toEqual([]);
  });

  test('garbage objects never throw', () => {
    const junk: any[] = [{}, { kind: 'VirtualMachine', apiVersion: 'kubevirt.io/v1', spec: 'x' },
      { kind: 'VirtualMachine', apiVersion: 'kubevirt.io/v1', metadata: { name: 'x' }, spec: { template: { spec: { domain: { devices: { disks: 'no' } }, volumes: [null, 3] } } } },
      { kind: 'NetworkAttachmentDefinition', apiVersion: 'k8s.cni.cncf.io/v1', metadata: { name: 'n' }, spec: { config: 42 } },
      { kind: 'NodeNetworkConfigurationPolicy', apiVersion: 'nmstate.io/v1', metadata: { name: 'p' }, spec: { desiredState: { interfaces: [null, 'eth0'] } } }];
    const findings = validateObjects(junk);
    expect(findings.filter((f) => f.severity === 'error').length).toBeGreaterThan(3);
    expect(findings.filter((f) => f.message.startsWith('rule could not evaluate'))).toEqual([]);
  });

  test('cross-object rules scale linearly (indexed, no pairwise scans)', () => {
    const objects: any[] = [];
    for (let i = 0; i < 3000; i++) {
      objects.push(vm((o) => { o.metadata.name = `vm${i}`; o.spec.template.spec.volumes.push({ name: 'data', dataVolume: { name: `d${i}` } }); }));
    }
    const started = Date.now();
    const findings = validateObjects(objects, { schema: false });
    expect(findings.filter((f) => f.rule === 'xo-volume-claim-exists')).toHaveLength(3000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('construct-time helpers', () => {
  test('constructValidationMessages lists local errors only, in the construct message style', () => {
    const bad = vmSpec((s) => { s.domain.devices.disks[0].disk.bus = 'ide'; s.networks.push({ name: 'x', multus: { networkName: 'missing' } }); s.domain.devices.interfaces.push({ name: 'x', bridge: {} }); });
    const { constructValidationMessages } = require('../../lib/validation');
    expect(constructValidationMessages(bad)).toEqual([
      expect.stringMatching(/^spec\.template\.spec\.domain\.devices\.disks\[0\]\.disk\.bus: bus "ide" is not supported.* \[vmi-disk-bus-valid\]$/),
    ]);
    expect(constructValidationMessages(vm())).toEqual([]);
  });
});
