import { Size, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import * as kv from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, synthError, synthVms } from './support';

function vmWith(add: (vm: kv.VirtualMachine, c: ReturnType<typeof chart>) => void, props: kv.VirtualMachineProps = {}) {
  const c = chart();
  const vm = new kv.VirtualMachine(c, 'vm', { metadata: { name: 'vm' }, memory: Size.gibibytes(1), ...props });
  add(vm, c);
  return { c, vm };
}

describe('disk sources', () => {
  test('every source renders its volume under the disk name, and passes the CRD schema', () => {
    const { c } = vmWith((vm, scope) => {
      const cm = new plus.ConfigMap(scope, 'cm', { metadata: { name: 'app-config' } });
      const secret = new plus.Secret(scope, 'secret', { metadata: { name: 'app-secret' } });
      vm.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41', { imagePullPolicy: 'IfNotPresent' }), { bootOrder: 1 });
      vm.addDisk('data', kv.DiskSource.persistentVolumeClaim('data-pvc', { readOnly: true }));
      vm.addDisk('scratch', kv.DiskSource.emptyDisk(Size.gibibytes(2)));
      vm.addDisk('host', kv.DiskSource.hostDisk('/var/lib/images/h.img', { type: kv.HostDiskType.DISK_OR_CREATE, capacity: Size.gibibytes(1) }));
      vm.addDisk('config', kv.DiskSource.configMap(cm, { volumeLabel: 'cfg' }));
      vm.addDisk('secret', kv.DiskSource.secret(secret));
      vm.addDisk('sa', kv.DiskSource.serviceAccount('default'));
      vm.addDisk('sysprep', kv.DiskSource.sysprepSecret('win-unattend'), { device: kv.DiskDevice.CDROM });
      vm.addDisk('metrics', kv.DiskSource.fromVolume({ downwardMetrics: {} }));
    });
    const [vm] = synthVms(c);
    expect(vm.spec.template.spec.volumes).toEqual([
      { name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:41', imagePullPolicy: 'IfNotPresent' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data-pvc', readOnly: true } },
      { name: 'scratch', emptyDisk: { capacity: '2Gi' } },
      { name: 'host', hostDisk: { path: '/var/lib/images/h.img', type: 'DiskOrCreate', capacity: '1Gi' } },
      { name: 'config', configMap: { name: 'app-config', volumeLabel: 'cfg' } },
      { name: 'secret', secret: { secretName: 'app-secret' } },
      { name: 'sa', serviceAccount: { serviceAccountName: 'default' } },
      { name: 'sysprep', sysprep: { secret: { name: 'win-unattend' } } },
      { name: 'metrics', downwardMetrics: {} },
    ]);
    expect(vm.spec.template.spec.domain.devices.disks.map((d: any) => d.name))
      .toEqual(['root', 'data', 'scratch', 'host', 'config', 'secret', 'sa', 'sysprep', 'metrics']);
    expect(vm.spec.template.spec.domain.devices.disks[7]).toEqual({ name: 'sysprep', cdrom: { bus: 'sata' } });
    // the VM is ordered after the ConfigMap and Secret constructs it mounts
    const manifest = Testing.synth(c);
    expect(manifest.map((o) => o.kind)).toEqual(['ConfigMap', 'Secret', 'VirtualMachine']);
    expectSchemaValid([vm]);
  });

  test('inline DataVolume templates (storage spec builder) and DataSource clones', () => {
    const { c } = vmWith((vm) => {
      vm.addDisk('rootdisk', kv.DiskSource.dataVolumeTemplate({
        source: kv.DataVolumeSource.registry({ url: 'docker://quay.io/containerdisks/centos-stream:9' }),
        size: Size.gibibytes(30), storageClass: 'ceph-rbd', accessModes: [kv.AccessMode.READ_WRITE_MANY],
        volumeMode: kv.VolumeMode.BLOCK,
      }), { bootOrder: 1 });
      vm.addDisk('golden', kv.DiskSource.dataSource({ name: 'rhel9', namespace: 'openshift-virtualization-os-images' }));
    });
    const [vm] = synthVms(c);
    expect(vm.spec.dataVolumeTemplates).toEqual([
      {
        metadata: { name: 'vm-rootdisk' },
        spec: {
          source: { registry: { url: 'docker://quay.io/containerdisks/centos-stream:9' } },
          storage: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '30Gi' } }, storageClassName: 'ceph-rbd', volumeMode: 'Block' },
        },
      },
      {
        metadata: { name: 'vm-golden' },
        spec: { sourceRef: { kind: 'DataSource', name: 'rhel9', namespace: 'openshift-virtualization-os-images' }, storage: {} },
      },
    ]);
    expect(vm.spec.template.spec.volumes).toEqual([
      { name: 'rootdisk', dataVolume: { name: 'vm-rootdisk' } },
      { name: 'golden', dataVolume: { name: 'vm-golden' } },
    ]);
    expectSchemaValid([vm]);
  });

  test('a DataVolume construct is referenced by name and ordered before the VM', () => {
    const { c } = vmWith((vm, scope) => {
      const dv = new kv.DataVolume(scope, 'dv', {
        metadata: { name: 'win-iso' }, source: kv.DataVolumeSource.http('https://example.org/win.iso'), size: Size.gibibytes(6),
      });
      vm.addDisk('installer', kv.DiskSource.dataVolume(dv), { device: kv.DiskDevice.CDROM, bootOrder: 2 });
    });
    const manifest = Testing.synth(c);
    expect(manifest.map((o) => o.kind)).toEqual(['DataVolume', 'VirtualMachine']);
    const vm = manifest[1];
    expect(vm.spec.template.spec.domain.devices.disks).toEqual([{ name: 'installer', cdrom: { bus: 'sata' }, bootOrder: 2 }]);
    expect(vm.spec.template.spec.volumes).toEqual([{ name: 'installer', dataVolume: { name: 'win-iso' } }]);
    expect(vm.metadata.annotations[kv.DEPENDS_ON_ANNOTATION]).toBe('cdi.kubevirt.io/DataVolume/vms/win-iso');
  });

  test('disk options: bus, serial, cache, io, dedicated IO thread, read-only, PCI address, LUN', () => {
    const { c } = vmWith((vm) => {
      vm.addDisk('fast', kv.DiskSource.persistentVolumeClaim('fast'), {
        bus: kv.DiskBus.VIRTIO, serial: 'DATA-01', cache: kv.DiskCache.NONE, io: kv.DiskIo.NATIVE,
        dedicatedIoThread: true, pciAddress: '0000:81:01.0',
      });
      vm.addDisk('ro', kv.DiskSource.persistentVolumeClaim('ro'), { bus: kv.DiskBus.SCSI, readOnly: true });
      vm.addDisk('lun', kv.DiskSource.persistentVolumeClaim('shared-lun'), { device: kv.DiskDevice.LUN, bus: kv.DiskBus.SCSI, shareable: true });
    });
    const [vm] = synthVms(c);
    expect(vm.spec.template.spec.domain.devices.disks).toEqual([
      { name: 'fast', disk: { bus: 'virtio', pciAddress: '0000:81:01.0' }, serial: 'DATA-01', cache: 'none', io: 'native', dedicatedIOThread: true },
      { name: 'ro', disk: { bus: 'scsi', readonly: true } },
      { name: 'lun', lun: { bus: 'scsi' }, shareable: true },
    ]);
    expectSchemaValid([vm]);
  });
});

describe('disk checks fail at synth with the construct path and field', () => {
  test.each([
    ['a virtio CD-ROM', (vm: kv.VirtualMachine) => vm.addDisk('iso', kv.DiskSource.containerDisk('iso:1'), { device: kv.DiskDevice.CDROM, bus: kv.DiskBus.VIRTIO }),
      'spec.template.spec.domain.devices.disks[0].cdrom.bus: CD-ROM \'iso\' cannot use the virtio bus [vmi-cdrom-bus-not-virtio]'],
    ['a read-only sata disk', (vm: kv.VirtualMachine) => vm.addDisk('d', kv.DiskSource.persistentVolumeClaim('p'), { bus: kv.DiskBus.SATA, readOnly: true }),
      'spec.template.spec.domain.devices.disks[0].disk.readonly: disk \'d\' on the sata bus cannot be readonly [vmi-disk-bus-constraints]'],
    ['a dedicated IO thread on sata', (vm: kv.VirtualMachine) => vm.addDisk('d', kv.DiskSource.persistentVolumeClaim('p'), { bus: kv.DiskBus.SATA, dedicatedIoThread: true }),
      'spec.template.spec.domain.devices.disks[0].dedicatedIOThread: dedicatedIOThread needs the virtio bus, disk \'d\' uses sata [vmi-disk-bus-constraints]'],
    ['a LUN on a container disk', (vm: kv.VirtualMachine) => vm.addDisk('l', kv.DiskSource.containerDisk('img:1'), { device: kv.DiskDevice.LUN }),
      'spec.template.spec.domain.devices.disks[0].lun: LUN disk \'l\' must be backed by a persistentVolumeClaim or dataVolume volume [vmi-lun-requires-pvc]'],
    ['an upper-case disk name', (vm: kv.VirtualMachine) => vm.addDisk('Root_Disk', kv.DiskSource.containerDisk('img:1')),
      "spec.template.spec.domain.devices.disks[0].name: disk name 'Root_Disk' must be an RFC 1123 label (lowercase alphanumerics and '-', at most 63) [vmi-disk-name-dns-label]"],
    ['a bad serial', (vm: kv.VirtualMachine) => vm.addDisk('d', kv.DiskSource.containerDisk('img:1'), { serial: 'has space' }),
      'disks[0].serial'],
    ['a PCI address on sata', (vm: kv.VirtualMachine) => vm.addDisk('d', kv.DiskSource.containerDisk('img:1'), { bus: kv.DiskBus.SATA, pciAddress: '0000:81:01.0' }),
      'spec.template.spec.domain.devices.disks[0].disk.pciAddress: pciAddress is only supported on virtio disks [vmi-disk-attributes-valid]'],
    ['boot order 0', (vm: kv.VirtualMachine) => vm.addDisk('d', kv.DiskSource.containerDisk('img:1'), { bootOrder: 0 }),
      'spec.template.spec.domain.devices.disks[0].bootOrder: bootOrder must be 1 or more [vmi-bootorder-valid]'],
    ['capacity on a plain host disk', (vm: kv.VirtualMachine) => vm.addDisk('h', kv.DiskSource.hostDisk('/x.img', { capacity: Size.gibibytes(1) })),
      'spec.template.spec.volumes[0].hostDisk.capacity: hostDisk.capacity is only allowed with type DiskOrCreate [vmi-special-volumes-valid]'],
    ['an inline DataVolume without size', (vm: kv.VirtualMachine) => vm.addDisk('d', kv.DiskSource.dataVolumeTemplate({ source: kv.DataVolumeSource.blank() })),
      'spec.dataVolumeTemplates[0].spec.storage.resources.requests.storage: the requested size (resources.requests.storage) is required [dv-size-required]'],
  ])('%s', (_what, add, message) => {
    const { c } = vmWith(add);
    const error = synthError(c);
    expect(error).toContain('[test/vm]');
    expect(error).toContain(message);
  });

  test('duplicate disk names (including the cloud-init disk) and duplicate boot orders', () => {
    const { c } = vmWith((vm) => {
      vm.addDisk('root', kv.DiskSource.containerDisk('a:1'), { bootOrder: 1 });
      vm.addDisk('root', kv.DiskSource.containerDisk('b:1'));
      vm.addDisk('cloudinitdisk', kv.DiskSource.containerDisk('c:1'), { bootOrder: 2 });
      vm.addInterface('pxe', kv.Interface.masquerade(), { bootOrder: 1 });
    }, { cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.raw('#cloud-config\n{}') }) });
    const error = synthError(c);
    expect(error).toContain("spec.template.spec.domain.devices.disks[1].name: disk name 'root' is used more than once [vmi-disk-volume-name-unique]");
    expect(error).toContain("disk name 'cloudinitdisk' is used more than once [vmi-disk-volume-name-unique]");
    expect(error).toContain("spec.template.spec.domain.devices.interfaces[0].bootOrder: bootOrder 1 is already used by 'root' [vmi-bootorder-valid]");
  });

  test('at most one serviceAccount disk', () => {
    const { c } = vmWith((vm) => {
      vm.addDisk('sa1', kv.DiskSource.serviceAccount('a'));
      vm.addDisk('sa2', kv.DiskSource.serviceAccount('b'));
    });
    expect(synthError(c)).toContain('spec.template.spec.volumes[1]: only one serviceAccount volume is allowed [vmi-service-account-valid]');
  });
});

describe('boot variants', () => {
  test('PXE boot from an interface with a diskless, container-disk-free VM', () => {
    const { c } = vmWith((vm) => {
      vm.addInterface('pxe', kv.Interface.masquerade(), { bootOrder: 1 });
      vm.addDisk('scratch', kv.DiskSource.emptyDisk(Size.gibibytes(10)), { bootOrder: 2 });
    });
    const [vm] = synthVms(c);
    expect(vm.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'pxe', masquerade: {}, model: 'virtio', bootOrder: 1 }]);
    expect(vm.spec.template.spec.domain.devices.disks).toEqual([{ name: 'scratch', disk: { bus: 'virtio' }, bootOrder: 2 }]);
    expectSchemaValid([vm]);
  });

  test('an ephemeral VM: only a container disk, nothing persistent', () => {
    const { c } = vmWith((vm) => vm.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41')),
      { runStrategy: kv.RunStrategy.ONCE });
    const [vm] = synthVms(c);
    expect(vm.spec.runStrategy).toBe('Once');
    expect(vm.spec.dataVolumeTemplates).toBeUndefined();
    expect(vm.spec.template.spec.volumes).toEqual([{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } }]);
    expectSchemaValid([vm]);
  });
});
