// The examples issue 4 asks for, tested as they stand in examples/catalog.ts: the seed's
// rhel VM as a template + instance, a golden-image Fedora VM, a u1.medium + rhel.9 VM.
import { Testing } from 'cdk8s';
import { buildCatalogExamples } from '../../examples/catalog';
import { INFERENCE_GPU } from '../../examples/gpu-vm';
import { buildLab } from '../../examples/lab';
import { buildPlatform } from '../../examples/platform';
import { validateObjects } from '../../lib/validation';
import { expectSchemaValid } from '../support/schema';

describe('catalog and template examples', () => {
  const app = Testing.app();
  buildCatalogExamples(app, buildLab(app));
  const charts = app.charts;
  const all = charts.flatMap((c) => Testing.synth(c));
  const byName = (kind: string, name: string) => all.find((o) => o.kind === kind && o.metadata.name === name);

  test('every object passes its CRD schema', () => {
    expectSchemaValid(all);
    expect(byName('Template', 'rhel9-server-small')).toBeDefined();
    expect(byName('DataImportCron', 'fedora-image-cron')).toBeDefined();
  });

  test('the rhel instance comes from the template and keeps the seed wiring', () => {
    const vm = byName('VirtualMachine', 'rhel-from-template');
    expect(vm.metadata.labels['vm.kubevirt.io/template']).toBe('rhel9-server-small');
    expect(vm.metadata.labels['flavor.template.kubevirt.io/small']).toBe('true');
    expect(vm.spec.template.spec.domain.memory.guest).toBe('2Gi');
    expect(vm.spec.template.spec.networks).toEqual([{ name: 'nic-0', multus: { networkName: 'vms/br1-public' } }]);
    expect(vm.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'rhel9', namespace: 'vms' });
    expect(vm.spec.template.spec.volumes).toContainEqual({ name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: 'rhel-cloud-init' } } });
    expect(vm.metadata.annotations['cdk8s-kubevirt.io/depends-on']).toContain('cdi.kubevirt.io/DataSource/vms/rhel9');
  });

  test('the Fedora VM clones the golden image and references the catalog', () => {
    const vm = byName('VirtualMachine', 'fedora-golden');
    expect(vm.spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 'u1.small' });
    expect(vm.spec.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'fedora', namespace: 'kubevirt-os-images' });
    expect(vm.metadata.annotations['cdk8s-kubevirt.io/depends-on']).toContain('DataImportCron/kubevirt-os-images/fedora-image-cron');
  });

  test('the u1.medium + rhel.9 VM and the emitted catalog objects agree', () => {
    const vm = byName('VirtualMachine', 'rhel9-medium');
    expect(vm.spec.preference).toEqual({ kind: 'VirtualMachineClusterPreference', name: 'rhel.9' });
    expect(byName('VirtualMachineClusterInstancetype', 'u1.medium').spec).toEqual({ cpu: { guest: 1 }, memory: { guest: '4Gi' } });
    expect(byName('VirtualMachineClusterPreference', 'rhel.9').spec.firmware).toEqual({ preferredEfi: { secureBoot: true } });
    expect(byName('VirtualMachineClusterPreference', 'rhel.9').metadata.namespace).toBeUndefined();
  });

  test('no plaintext password anywhere in the examples', () => {
    for (const obj of all) {
      if (obj.kind === 'Secret') continue;
      expect(JSON.stringify(obj)).not.toMatch(/"password":\s*"[^$]/i);
    }
  });
});

describe('the web pool with inference (examples/web-pool.ts)', () => {
  const app = Testing.app();
  buildCatalogExamples(app, buildLab(app));
  const all = app.charts.flatMap((c) => Testing.synth(c));
  const pool = all.find((o) => o.kind === 'VirtualMachinePool' && o.metadata.name === 'web');

  test('its VMs infer instancetype and preference from the golden image they clone; schema-valid', () => {
    expectSchemaValid([pool]);
    const vm = pool.spec.virtualMachineTemplate.spec;
    expect(pool.spec.replicas).toBe(3);
    expect(vm.instancetype).toEqual({ inferFromVolume: 'rootdisk', inferFromVolumeFailurePolicy: 'IgnoreInferFromVolumeFailure' });
    expect(vm.preference).toEqual({ inferFromVolume: 'rootdisk', inferFromVolumeFailurePolicy: 'IgnoreInferFromVolumeFailure' });
    expect(vm.template.spec.domain.memory).toEqual({ guest: '2Gi' });
    expect(vm.dataVolumeTemplates[0].spec.sourceRef).toEqual({ kind: 'DataSource', name: 'fedora', namespace: 'kubevirt-os-images' });
    // The DataSource the VMs clone carries the labels KubeVirt infers from (CDI copies them from the cron).
    const cron = all.find((o) => o.kind === 'DataImportCron' && o.metadata.name === 'fedora-image-cron');
    expect(cron.metadata.labels).toMatchObject({ 'instancetype.kubevirt.io/default-instancetype': 'u1.small', 'instancetype.kubevirt.io/default-preference': 'fedora' });
  });

  test('a Service selects every VM of the pool', () => {
    const svc = all.find((o) => o.kind === 'Service' && o.spec.selector?.['kubevirt.io/vmpool'] === 'web');
    expect(svc.spec.ports).toEqual([expect.objectContaining({ port: 80 })]);
  });
});

describe('the GPU VM (examples/gpu-vm.ts)', () => {
  const app = Testing.app();
  const lab = buildLab(app);
  buildCatalogExamples(app, lab);
  buildPlatform(app, lab);
  const all = app.charts.flatMap((c) => Testing.synth(c));
  const vm = all.find((o) => o.kind === 'VirtualMachine' && o.metadata.name === 'inference-gpu');
  const hco = all.find((o) => o.kind === 'HyperConverged');

  test('passes through a GPU the HyperConverged permits, shares its ConfigMap over virtiofs; schema-valid', () => {
    expectSchemaValid([vm, hco]);
    const devices = vm.spec.template.spec.domain.devices;
    expect(devices.gpus).toEqual([{ name: 'gpu-0', deviceName: INFERENCE_GPU.resourceName, tag: 'inference' }]);
    expect(devices.filesystems).toEqual([{ name: 'model-config', virtiofs: {} }]);
    expect(vm.spec.template.spec.volumes).toContainEqual({ name: 'model-config', configMap: { name: 'model-config' } });
    expect(vm.spec.template.spec.evictionStrategy).toBe('None');
    expect(hco.spec.permittedHostDevices.pciHostDevices).toContainEqual(INFERENCE_GPU);
  });

  test('the validator finds nothing to say about its devices; a GPU the cluster does not permit is an error', () => {
    const deviceRules = ['vm-permitted-host-device', 'vm-livemigrate-hostdevice', 'vmi-arch-devices-valid', 'vmi-feature-gated-field', 'vm-persistent-state-storage'];
    expect(validateObjects(all).filter((f) => deviceRules.includes(f.rule))).toEqual([]);
    const typo = JSON.parse(JSON.stringify(vm));
    typo.spec.template.spec.domain.devices.gpus[0].deviceName = 'nvidia.com/GA102GL_A100';
    const found = validateObjects([...all.filter((o) => o !== vm), typo]).filter((f) => f.rule === 'vm-permitted-host-device');
    expect(found.map((f) => [f.severity, f.path])).toEqual([['error', 'spec.template.spec.domain.devices.gpus[0].deviceName']]);
  });
});
