// VM devices: GPUs and host devices, virtiofs filesystems, downward metrics and downward API,
// vsock, watchdog, sound, USB redirection, passt and binding plugins, real-time CPUs, persistent
// EFI and TPM: the YAML, its schema validity, and combinations KubeVirt refuses.
import { Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as kv from '../../lib';
import { validateObjects } from '../../lib/validation';
import { expectSchemaValid } from '../support/schema';
import { synthYaml } from '../support/synth';
import { chart, synthError, synthVms } from './support';

const base = { cpu: kv.CpuTopology.cores(2), memory: Size.gibibytes(4) };
const quiet = () => jest.spyOn(console, 'warn').mockImplementation(() => undefined);

describe('devices on the VM', () => {
  test('GPUs, host devices, watchdog, sound, vsock, USB redirection, downward metrics: YAML and schema', () => {
    const spy = quiet();
    const c = chart();
    const vm = new kv.VirtualMachine(c, 'vm', {
      ...base,
      evictionStrategy: kv.EvictionStrategy.NONE,
      gpus: [kv.Gpu.of('nvidia.com/GA102GL_A10', { tag: 'compute' })],
      watchdog: kv.Watchdog.i6300esb(kv.WatchdogAction.POWEROFF),
      sound: { model: kv.SoundModel.AC97 },
      vsock: true,
      usbRedirection: true,
      downwardMetrics: true,
    });
    vm.addGpu(kv.Gpu.of('nvidia.com/NVIDIA_A10-4Q', { name: 'vgpu', display: { enabled: true, ramFb: false } }));
    vm.addHostDevice(kv.HostDevice.of('intel.com/qat'));
    vm.addDisk('metrics', kv.DiskSource.downwardMetrics());
    const yaml = synthYaml(c);
    spy.mockRestore();
    const [out] = yaml.filter((o) => o.kind === 'VirtualMachine');
    expect(out.spec.template.spec.domain.devices).toMatchObject({
      gpus: [
        { name: 'gpu-0', deviceName: 'nvidia.com/GA102GL_A10', tag: 'compute' },
        { name: 'vgpu', deviceName: 'nvidia.com/NVIDIA_A10-4Q', virtualGPUOptions: { display: { enabled: true, ramFB: { enabled: false } } } },
      ],
      hostDevices: [{ name: 'hostdevice-0', deviceName: 'intel.com/qat' }],
      watchdog: { name: 'watchdog', i6300esb: { action: 'poweroff' } },
      sound: { name: 'sound', model: 'ac97' },
      autoattachVSOCK: true,
      clientPassthrough: {},
      downwardMetrics: {},
      disks: [{ name: 'metrics', disk: { bus: 'virtio' } }],
    });
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'metrics', downwardMetrics: {} }]);
    expectSchemaValid(out);
    // vsock, host devices and downward metrics are behind Alpha gates: warnings, not errors.
    const gated = kv.synthWarnings(vm).map((w) => w.message).filter((m) => m.includes('[vmi-feature-gated-field]'));
    expect(gated).toEqual(expect.arrayContaining([
      expect.stringContaining('spec.template.spec.domain.devices.hostDevices: hostDevices needs the HostDevices feature gate'),
      expect.stringContaining('spec.template.spec.domain.devices.autoattachVSOCK'),
      expect.stringContaining('spec.template.spec.domain.devices.downwardMetrics'),
    ]));
  });

  test('virtiofs filesystems from a ConfigMap, Secret, ServiceAccount and PVC, and a downward API disk', () => {
    const spy = quiet();
    const c = chart();
    const config = new plus.ConfigMap(c, 'app-config', { metadata: { name: 'app-config' }, data: { 'app.conf': 'x=1' } });
    const vm = new kv.VirtualMachine(c, 'vm', base);
    vm.addFilesystem('config', kv.FilesystemSource.configMap(config));
    vm.addFilesystem('creds', kv.FilesystemSource.secret('app-creds', { optional: true }));
    vm.addFilesystem('token', kv.FilesystemSource.serviceAccount('app'));
    vm.addFilesystem('labels', kv.FilesystemSource.downwardApi([{ path: 'labels', fieldPath: 'metadata.labels' }]));
    vm.addFilesystem('data', kv.FilesystemSource.persistentVolumeClaim('shared-data'));
    vm.addDisk('podinfo', kv.DiskSource.downwardApi([{ path: 'name', fieldPath: 'metadata.name' }], { volumeLabel: 'podinfo' }));
    const manifest = Testing.synth(c);
    spy.mockRestore();
    const [out] = manifest.filter((o) => o.kind === 'VirtualMachine');
    const spec = out.spec.template.spec;
    expect(spec.domain.devices.filesystems).toEqual(['config', 'creds', 'token', 'labels', 'data'].map((name) => ({ name, virtiofs: {} })));
    expect(spec.volumes).toEqual([
      { name: 'podinfo', downwardAPI: { fields: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }], volumeLabel: 'podinfo' } },
      { name: 'config', configMap: { name: 'app-config' } },
      { name: 'creds', secret: { secretName: 'app-creds', optional: true } },
      { name: 'token', serviceAccount: { serviceAccountName: 'app' } },
      { name: 'labels', downwardAPI: { fields: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { name: 'data', persistentVolumeClaim: { claimName: 'shared-data' } },
    ]);
    // A ConfigMap construct is applied first.
    expect(out.metadata.annotations[kv.DEPENDS_ON_ANNOTATION]).toBe('/ConfigMap/vms/app-config');
    expectSchemaValid(out);
    // virtiofs on a PVC needs EnableVirtioFsStorageVolumes (Alpha): a warning naming the filesystem.
    expect(kv.synthWarnings(vm).map((w) => w.message)).toContain(
      'spec.template.spec.domain.devices.filesystems[4]: virtiofs on a PVC or DataVolume needs the EnableVirtioFsStorageVolumes feature gate, which is off [vmi-feature-gated-field]');
    expect(kv.synthWarnings(vm).map((w) => w.message).filter((m) => m.includes('filesystems[0]'))).toEqual([]);
  });

  test('real-time vCPUs with dedicated CPUs, NUMA passthrough and hugepages; persistent EFI and TPM', () => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', {
      cpu: kv.CpuTopology.cores(4), memory: Size.gibibytes(8), hugepages: Size.gibibytes(1),
      dedicatedCpuPlacement: true, numaGuestMappingPassthrough: true, realtime: { mask: '0-3,^1' },
      resources: { cpu: { request: plus.Cpu.units(4), limit: plus.Cpu.units(4) }, memory: { request: Size.gibibytes(8), limit: Size.gibibytes(8) } },
      firmware: kv.Firmware.efi({ persistent: true }), tpm: { persistent: true },
      evictionStrategy: kv.EvictionStrategy.NONE,
    });
    const [out] = synthVms(c);
    expect(out.spec.template.spec.domain.cpu).toEqual({
      sockets: 1, cores: 4, threads: 1, dedicatedCpuPlacement: true, numa: { guestMappingPassthrough: {} }, realtime: { mask: '0-3,^1' },
    });
    expect(out.spec.template.spec.domain.firmware.bootloader).toEqual({ efi: { secureBoot: true, persistent: true } });
    expect(out.spec.template.spec.domain.devices.tpm).toEqual({ persistent: true });
    expectSchemaValid(out);
  });

  test('passt and binding-plugin interfaces', () => {
    const c = chart();
    const vm = new kv.VirtualMachine(c, 'vm', base);
    vm.addInterface('default', kv.Interface.passt());
    vm.addInterface('tap', kv.Interface.bindingPlugin('managedtap', kv.VmNetwork.multus('vms/br1-net')));
    const [out] = synthVms(c);
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([
      { name: 'default', passtBinding: {}, model: 'virtio' },
      { name: 'tap', binding: { name: 'managedtap' }, model: 'virtio' },
    ]);
    expectSchemaValid(out);
  });

  test.each([
    ['a diag288 watchdog on amd64', { watchdog: kv.Watchdog.diag288() }, 'spec.template.spec.domain.devices.watchdog', 'vmi-arch-devices-valid'],
    ['a watchdog on arm64', { architecture: 'arm64', watchdog: kv.Watchdog.i6300esb(), firmware: kv.Firmware.efi({ secureBoot: false }) }, 'spec.template.spec.domain.devices.watchdog', 'vmi-arch-devices-valid'],
    ['sound on arm64', { architecture: 'arm64', sound: {}, firmware: kv.Firmware.efi({ secureBoot: false }) }, 'spec.template.spec.domain.devices.sound', 'vmi-arch-devices-valid'],
    ['real-time without dedicated CPUs', { realtime: true }, 'spec.template.spec.domain.cpu.realtime', 'vmi-numa-realtime-requirements'],
  ])('rejects %s with path and rule id', (_what, props, path, id) => {
    const c = chart();
    new kv.VirtualMachine(c, 'vm', { ...base, ...props } as kv.VirtualMachineProps);
    const error = synthError(c);
    expect(error.split('\n').some((l) => l.includes(`${path}: `) && l.endsWith(`[${id}]`))).toBe(true);
  });

  test('a binding plugin without a name fails at synth', () => {
    const c = chart();
    const vm = new kv.VirtualMachine(c, 'vm', base);
    vm.addInterface('default', kv.Interface.of({ binding: kv.InterfaceBinding.PLUGIN, network: kv.VmNetwork.pod() }));
    expect(synthError(c)).toMatch(/spec\.template\.spec\.domain\.devices\.interfaces\[0\]\.binding\.name: .*\[construct-interface-plugin-name\]/);
  });

  test("GPUs the cluster's HyperConverged does not permit are refused by the validator", () => {
    const c = chart();
    new kv.HyperConverged(c, 'hco', {
      metadata: { namespace: 'openshift-cnv' },
      permittedHostDevices: { pciHostDevices: [{ pciDeviceSelector: '10DE:2236', resourceName: 'nvidia.com/GA102GL_A10' }] },
    });
    new kv.VirtualMachine(c, 'ok', { ...base, evictionStrategy: kv.EvictionStrategy.NONE, gpus: [kv.Gpu.of('nvidia.com/GA102GL_A10')] });
    new kv.VirtualMachine(c, 'typo', { ...base, evictionStrategy: kv.EvictionStrategy.NONE, gpus: [kv.Gpu.of('nvidia.com/GA102GL_A100')] });
    const manifest = Testing.synth(c);
    const hco = manifest.find((o) => o.kind === 'HyperConverged');
    expect(hco.spec.permittedHostDevices).toEqual({ pciHostDevices: [{ pciDeviceSelector: '10DE:2236', resourceName: 'nvidia.com/GA102GL_A10' }] });
    expectSchemaValid(hco);
    const found = validateObjects(manifest).filter((f) => f.rule === 'vm-permitted-host-device');
    expect(found.map((f) => [f.object?.name ?? f.path, f.path])).toEqual([[expect.anything(), 'spec.template.spec.domain.devices.gpus[0].deviceName']]);
    expect(found[0].message).toContain("'nvidia.com/GA102GL_A100'");
  });

  test('persistent TPM and EFI need a VM-state storage class: the validator flags them on the synthesized app, the setting clears it', () => {
    const app = (vmStateStorageClass?: string) => {
      const c = chart();
      new kv.HyperConverged(c, 'hco', { metadata: { namespace: 'openshift-cnv' }, vmStateStorageClass });
      new kv.VirtualMachine(c, 'tpm', { ...base, tpm: { persistent: true } });
      new kv.VirtualMachine(c, 'efi', { ...base, firmware: kv.Firmware.efi({ persistent: true }) });
      return Testing.synth(c);
    };
    const flagged = validateObjects(app()).filter((f) => f.rule === 'vm-persistent-state-storage');
    expect(flagged.map((f) => [f.severity, f.path])).toEqual([
      ['warning', 'spec.template.spec.domain.devices.tpm.persistent'],
      ['warning', 'spec.template.spec.domain.firmware.bootloader.efi.persistent'],
    ]);
    const withClass = app('ocs-storagecluster-ceph-rbd');
    expect(withClass.find((o) => o.kind === 'HyperConverged').spec.vmStateStorageClass).toBe('ocs-storagecluster-ceph-rbd');
    expect(validateObjects(withClass).filter((f) => f.rule === 'vm-persistent-state-storage')).toEqual([]);
  });
});
