// Cases of the VM device rules (watchdog/sound per architecture, permitted passthrough devices,
// VM-state storage, launcher annotations) and the virtiofs feature gate.
import { vm, vmSpec } from '../fixtures';
import { RuleCase } from './types';

const one = (...objs: any[]) => objs.map((o) => [o]);
const hco = (spec: any) => ({ apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'openshift-cnv' }, spec });
const kubevirt = (configuration: any) => ({ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' }, spec: { configuration } });
const gpuVm = (deviceName: string) => vmSpec((s) => { s.domain.devices.gpus = [{ name: 'gpu-0', deviceName }]; });
const tpmVm = vmSpec((s) => { s.domain.devices.tpm = { persistent: true }; });
const withAnnotations = (annotations: Record<string, string>, patch: (s: any) => void = () => undefined) => vm((o) => {
  o.spec.template.metadata = { ...o.spec.template.metadata, annotations };
  patch(o.spec.template.spec);
});
const pluginVm = (name: string) => vmSpec((s) => { s.domain.devices.interfaces = [{ name: 'default', binding: { name } }]; });
const fsVm = (volume: any) => vmSpec((s) => {
  s.domain.devices.filesystems = [{ name: 'shared', virtiofs: {} }];
  s.volumes.push({ name: 'shared', ...volume });
});

export const DEVICE_CASES: RuleCase[] = [
  {
    rule: 'vmi-arch-devices-valid',
    valid: one(
      vmSpec((s) => { s.domain.devices.watchdog = { name: 'wd', i6300esb: { action: 'poweroff' } }; }),
      vmSpec((s) => { s.architecture = 's390x'; s.domain.devices.watchdog = { name: 'wd', diag288: { action: 'reset' } }; }),
      vmSpec((s) => { s.domain.devices.sound = { name: 'audio', model: 'ich9' }; }),
    ),
    invalid: one(
      vmSpec((s) => { s.domain.devices.watchdog = { name: 'wd', diag288: { action: 'reset' } }; }),
      vmSpec((s) => { s.architecture = 's390x'; s.domain.devices.watchdog = { name: 'wd', i6300esb: {} }; }),
      vmSpec((s) => { s.architecture = 'arm64'; s.domain.devices.watchdog = { name: 'wd', i6300esb: {} }; }),
      vmSpec((s) => { s.architecture = 'arm64'; s.domain.devices.sound = { name: 'audio' }; }),
    ),
  },
  {
    rule: 'vm-permitted-host-device',
    valid: [
      [gpuVm('nvidia.com/GA102GL_A10')],
      [gpuVm('nvidia.com/GA102GL_A10'), hco({ permittedHostDevices: { pciHostDevices: [{ pciDeviceSelector: '10DE:2236', resourceName: 'nvidia.com/GA102GL_A10' }] } })],
      [gpuVm('nvidia.com/GRID_A10-4Q'), kubevirt({ permittedHostDevices: { mediatedDevices: [{ mdevNameSelector: 'NVIDIA A10-4Q', resourceName: 'nvidia.com/GRID_A10-4Q' }] } })],
    ],
    invalid: [
      [gpuVm('nvidia.com/GA102GL_A10'), hco({})],
      [vmSpec((s) => { s.domain.devices.hostDevices = [{ name: 'qat', deviceName: 'intel.com/qat' }]; }), kubevirt({ permittedHostDevices: { pciHostDevices: [{ pciVendorSelector: '10DE:2236', resourceName: 'nvidia.com/GA102GL_A10' }] } })],
    ],
  },
  {
    rule: 'vm-persistent-state-storage',
    valid: [
      [tpmVm],
      [tpmVm, hco({ vmStateStorageClass: 'ocs-storagecluster-ceph-rbd' })],
      [tpmVm, hco({}), { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'nfs', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'nfs' }],
    ],
    invalid: [
      [tpmVm, hco({})],
      [vmSpec((s) => { s.domain.firmware = { bootloader: { efi: { secureBoot: false, persistent: true } } }; }), kubevirt({})],
    ],
  },
  {
    rule: 'vmi-launcher-annotation-effect', severity: 'warning',
    valid: one(
      withAnnotations({ 'alpha.kubevirt.io/EmulatorThreadCompleteToEvenParity': '' }, (s) => { s.domain.cpu = { cores: 2, dedicatedCpuPlacement: true, isolateEmulatorThread: true }; }),
      withAnnotations({ 'kubevirt.io/memfd': 'false' }, (s) => { s.domain.memory = { guest: '2Gi', hugepages: { pageSize: '1Gi' } }; }),
    ),
    invalid: one(
      withAnnotations({ 'alpha.kubevirt.io/EmulatorThreadCompleteToEvenParity': '' }),
      withAnnotations({ 'kubevirt.io/memfd': 'no' }),
      withAnnotations({ 'kubevirt.io/memfd': 'false' }),
    ),
  },
  {
    rule: 'vm-binding-plugin-registered',
    valid: [
      [pluginVm('l2bridge')],
      [pluginVm('l2bridge'), kubevirt({ network: { binding: { l2bridge: { domainAttachmentType: 'managedTap' } } } })],
    ],
    invalid: [[pluginVm('l2bridge'), kubevirt({ network: { binding: { passt: { sidecarImage: 'passt-binding:v1' } } } })]],
  },
  {
    rule: 'vmi-feature-gated-field', severity: 'warning',
    // Config volumes are GA; storage volumes need EnableVirtioFsStorageVolumes (off by default).
    valid: [[fsVm({ configMap: { name: 'app-config' } })]],
    invalid: one(fsVm({ persistentVolumeClaim: { claimName: 'shared-data' } }), fsVm({ dataVolume: { name: 'shared-dv' } })),
  },
];

