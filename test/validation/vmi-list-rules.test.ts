// The disk, volume and network rules walk their lists with plain loops and make a path only
// for a finding (allocation per VM). These inputs pin what they report where the loops must
// match the maps and sets they replaced: repeated names (NaN too, a Set's equality), the last
// volume of a repeated name (a map by name), defaulted disks pointing at their volume, the
// second of several boot orders, pod networks and default multus networks.
import { validateObjects } from '../../lib/validation';
import { vmSpec } from './fixtures';

const LIST_RULES = /^vmi-(disk|cdrom|bootorder|lun|volume|special|cloudinit-(data|size)|access|network|single-pod|multus|net-|interface|masquerade|bridge|binding)/;

const INPUTS = [
  vmSpec((s: any) => {
    s.domain.devices.disks = [{ name: 'a', disk: {} }, { name: 'a', disk: {}, cdrom: {} }, { name: 'a', disk: {}, lun: {}, cdrom: {} }, { name: 'Up', cdrom: { bus: 'virtio' } }];
    s.volumes = [{ name: 'a', containerDisk: { image: 'x' } }, { name: 'a', containerDisk: { image: 'y' } }, { name: 'Bad_Name', containerDisk: { image: 'z' } },
      { name: 'Bad_Name', emptyDisk: { capacity: '1Gi' } }, { name: 'Up', persistentVolumeClaim: { claimName: 'c' }, dataVolume: { name: 'd' } }, { name: 'none' }];
  }),
  vmSpec((s: any) => {
    s.domain.devices.disks = [{ name: 'rootdisk', disk: { bus: 'virtio' }, bootOrder: 1 }, { name: 'b', disk: { bus: 'sata', readonly: true }, bootOrder: 1, dedicatedIOThread: true },
      { name: 'c', disk: { bus: 'ide', pciAddress: 'zz' }, bootOrder: 0, serial: 'a b', blockSize: { custom: { logical: 1000, physical: 512 }, matchVolume: { enabled: true } } },
      { name: 'l', lun: {}, dedicatedIOThread: true, cache: 'sometimes', io: 'native', errorPolicy: 'panic' }];
    s.domain.devices.interfaces = [{ name: 'default', masquerade: {}, bootOrder: 2 }, { name: 'x', bridge: {}, bootOrder: 1 }];
    s.networks = [{ name: 'default', pod: {} }, { name: 'x', multus: { networkName: 'n' } }];
    s.volumes.push({ name: 'b', emptyDisk: { capacity: '1Gi' } }, { name: 'c', emptyDisk: { capacity: '1Gi' } },
      { name: 'l', persistentVolumeClaim: { claimName: 'p' } }, { name: 'l', containerDisk: { image: 'q' } });
  }),
  vmSpec((s: any) => {
    s.volumes.push({ name: 'ci', cloudInitNoCloud: { userData: 'a', userDataBase64: 'b', secretRef: { name: 's' }, networkData: 'n', networkDataSecretRef: { name: 't' } } },
      { name: 'ci2', cloudInitConfigDrive: { userDataBase64: 'not base64!', networkDataBase64: 'AAAA' } }, { name: 'ci3', cloudInitNoCloud: {} },
      { name: 'big', cloudInitNoCloud: { userData: 'x'.repeat(3000) } },
      { name: 'dm1', downwardMetrics: {} }, { name: 'dm2', downwardMetrics: {} }, { name: 'hd', hostDisk: { type: 'Other', capacity: '1Gi' } },
      { name: 'cd', containerDisk: { image: 'i', path: '/a/../b' } }, { name: 'dv', dataVolume: {} });
    s.domain.devices.disks.push({ name: 'dm1', cdrom: {} }, { name: 'dm2', disk: { bus: 'sata' } });
  }),
  vmSpec((s: any) => {
    s.networks = [{ name: 'default', pod: {} }, { name: 'p2', pod: {} }, { name: 'p3', pod: {}, multus: { networkName: 'a' } },
      { name: 'm1', multus: { networkName: 'a', default: true } }, { name: 'm2', multus: { default: true } }, { name: 'm1', multus: { networkName: 'b' } }, { name: 'lonely' }];
    s.domain.devices.interfaces = [{ name: 'default', masquerade: {}, bridge: {} }, { name: 'p2', masquerade: {} }, { name: 'p2' },
      { name: 'p3', slirp: {}, passtBinding: {}, model: 'fast', macAddress: 'nope', state: 'sideways' },
      { name: 'm1', bridge: {}, state: 'absent', ports: [{ port: 80, name: 'http' }, { port: 0, name: 'http', protocol: 'SCTP' }], portRanges: [{ start: 1 }] },
      { name: 'm2', masquerade: {}, binding: {}, state: 'up', sriov: {}, pciAddress: 'bad', dhcpOptions: { privateOptions: [{ option: 240 }, { option: 240 }, { option: 1 }], ntpServers: ['x'] } },
      { name: 'ghost', bridge: {} }, { name: 'bad name!', bridge: {} }];
  }),
  vmSpec((s: any) => {
    // No networks or interfaces: defaulting adds the pod network; a NaN-named volume and disk.
    s.networks = [];
    s.domain.devices.interfaces = [];
    s.volumes.push({ name: NaN, containerDisk: { image: 'x' } }, { name: NaN, containerDisk: { image: 'y' } });
    s.domain.devices.disks.push({ name: NaN, disk: {} }, { name: NaN, lun: {} });
  }),
];

const EXPECTED: string[][] = [
  [
    'vmi-disk-volume-name-unique spec.template.spec.domain.devices.disks[1].name: disk name \'a\' is used more than once',
    'vmi-disk-volume-name-unique spec.template.spec.domain.devices.disks[2].name: disk name \'a\' is used more than once',
    'vmi-disk-volume-name-unique spec.template.spec.volumes[1].name: volume name \'a\' is used more than once',
    'vmi-disk-volume-name-unique spec.template.spec.volumes[3].name: volume name \'Bad_Name\' is used more than once',
    'vmi-disk-name-dns-label spec.template.spec.domain.devices.disks[3].name: disk name \'Up\' must be an RFC 1123 label (lowercase alphanumerics and \'-\', at most 63)',
    'vmi-disk-name-dns-label spec.template.spec.volumes[3].name: disk name \'Bad_Name\' must be an RFC 1123 label (lowercase alphanumerics and \'-\', at most 63)',
    'vmi-disk-name-dns-label spec.template.spec.volumes[3].name: disk name \'Bad_Name\' must be an RFC 1123 label (lowercase alphanumerics and \'-\', at most 63)',
    'vmi-disk-single-target spec.template.spec.domain.devices.disks[1]: disk \'a\' sets disk and cdrom; only one device type is allowed',
    'vmi-disk-single-target spec.template.spec.domain.devices.disks[2]: disk \'a\' sets disk and lun and cdrom; only one device type is allowed',
    'vmi-cdrom-bus-not-virtio spec.template.spec.domain.devices.disks[3].cdrom.bus: CD-ROM \'Up\' cannot use the virtio bus (use sata or scsi)',
    'vmi-lun-requires-pvc spec.template.spec.domain.devices.disks[2].lun: LUN disk \'a\' must be backed by a persistentVolumeClaim or dataVolume volume',
    'vmi-volume-single-source spec.template.spec.volumes[4]: volume \'Up\' sets dataVolume and persistentVolumeClaim; exactly one source is allowed',
    'vmi-volume-single-source spec.template.spec.volumes[5]: volume \'none\' has no source',
  ],
  [
    'vmi-disk-volume-name-unique spec.template.spec.volumes[4].name: volume name \'l\' is used more than once',
    'vmi-disk-bus-valid spec.template.spec.domain.devices.disks[2].disk.bus: bus "ide" is not supported; use virtio, sata, scsi or usb (ide is not available on q35; use sata)',
    'vmi-disk-bus-constraints spec.template.spec.domain.devices.disks[1].disk.readonly: disk \'b\' on the sata bus cannot be readonly',
    'vmi-disk-bus-constraints spec.template.spec.domain.devices.disks[1].dedicatedIOThread: dedicatedIOThread needs the virtio bus, disk \'b\' uses sata',
    'vmi-disk-bus-constraints spec.template.spec.domain.devices.disks[3].dedicatedIOThread: dedicatedIOThread is only for virtio disks, not lun',
    'vmi-disk-attributes-valid spec.template.spec.domain.devices.disks[2].disk.pciAddress: pciAddress is only supported on virtio disks',
    'vmi-disk-attributes-valid spec.template.spec.domain.devices.disks[2].serial: serial may only contain alphanumerics, \'_\', \'.\', \'+\' and \'-\'',
    'vmi-disk-attributes-valid spec.template.spec.domain.devices.disks[2].blockSize: blockSize cannot set both custom and matchVolume',
    'vmi-disk-attributes-valid spec.template.spec.domain.devices.disks[2].blockSize.custom.logical: logical block size 1000 must be a power of 2 between 512 B and 2 MiB',
    'vmi-disk-attributes-valid spec.template.spec.domain.devices.disks[2].blockSize.custom.logical: logical block size must not exceed the physical one',
    'vmi-bootorder-valid spec.template.spec.domain.devices.disks[1].bootOrder: bootOrder 1 is already used by \'rootdisk\'',
    'vmi-bootorder-valid spec.template.spec.domain.devices.disks[2].bootOrder: bootOrder must be 1 or more',
    'vmi-bootorder-valid spec.template.spec.domain.devices.interfaces[1].bootOrder: bootOrder 1 is already used by \'rootdisk\'',
    'vmi-disk-driver-options-valid spec.template.spec.domain.devices.disks[3].cache: cache "sometimes" is invalid; use none, writethrough, writeback',
    'vmi-disk-driver-options-valid spec.template.spec.domain.devices.disks[3].errorPolicy: errorPolicy "panic" is invalid; use stop, ignore, report, enospace',
    'vmi-lun-requires-pvc spec.template.spec.domain.devices.disks[3].lun: LUN disk \'l\' must be backed by a persistentVolumeClaim or dataVolume volume',
  ],
  [
    'vmi-volume-ref-valid spec.template.spec.volumes[8].containerDisk.path: containerDisk.path must be an absolute, clean path other than /',
    'vmi-volume-ref-valid spec.template.spec.volumes[9].dataVolume.name: dataVolume.name is required',
    'vmi-special-volumes-valid spec.template.spec.volumes[7].hostDisk.path: hostDisk.path is required',
    'vmi-special-volumes-valid spec.template.spec.volumes[7].hostDisk.type: hostDisk.type must be Disk or DiskOrCreate',
    'vmi-special-volumes-valid spec.template.spec.volumes[7].hostDisk.capacity: hostDisk.capacity is only allowed with type DiskOrCreate',
    'vmi-special-volumes-valid spec.template.spec.volumes[6]: only one downwardMetrics volume is allowed',
    'vmi-special-volumes-valid spec.template.spec.volumes[5]: downwardMetrics volume \'dm1\' must be a virtio disk',
    'vmi-special-volumes-valid spec.template.spec.volumes[6]: downwardMetrics volume \'dm2\' must be a virtio disk',
    'vmi-cloudinit-data-valid spec.template.spec.volumes[1].cloudInitNoCloud.userDataBase64: set only one of userData, userDataBase64, secretRef',
    'vmi-cloudinit-data-valid spec.template.spec.volumes[1].cloudInitNoCloud.networkDataSecretRef: set only one of networkData, networkDataSecretRef',
    'vmi-cloudinit-data-valid spec.template.spec.volumes[1].cloudInitNoCloud.userDataBase64: userDataBase64 is not valid base64',
    'vmi-cloudinit-data-valid spec.template.spec.volumes[2].cloudInitConfigDrive.userDataBase64: userDataBase64 is not valid base64',
    'vmi-cloudinit-data-valid spec.template.spec.volumes[3].cloudInitNoCloud: cloudInitNoCloud volume \'ci3\' needs user data or network data',
    'vmi-cloudinit-size-limit spec.template.spec.volumes[4].cloudInitNoCloud.userData: inline userData is 3000 bytes, more than 2048 (move it to a Secret and use secretRef)',
  ],
  [
    'vmi-network-single-source spec.template.spec.networks[2]: network \'p3\' sets pod and multus; exactly one source is allowed',
    'vmi-network-single-source spec.template.spec.networks[6]: network \'lonely\' needs pod or multus',
    'vmi-single-pod-network spec.template.spec.networks[1].pod: only one pod network is allowed',
    'vmi-multus-default-single spec.template.spec.networks[4].multus.default: only one multus network can be the default',
    'vmi-multus-default-single spec.template.spec.networks[3].multus.default: a default multus network cannot be combined with a pod network',
    'vmi-multus-networkname-required spec.template.spec.networks[4].multus.networkName: multus network \'m2\' needs networkName (name or namespace/name)',
    'vmi-net-iface-names-unique spec.template.spec.networks[5].name: network name \'m1\' is used more than once',
    'vmi-net-iface-names-unique spec.template.spec.domain.devices.interfaces[2].name: interface name \'p2\' is used more than once',
    'vmi-network-interface-pairing spec.template.spec.domain.devices.interfaces[6].name: interface \'ghost\' has no network of the same name',
    'vmi-network-interface-pairing spec.template.spec.domain.devices.interfaces[7].name: interface \'bad name!\' has no network of the same name',
    'vmi-network-interface-pairing spec.template.spec.networks[6].name: network \'lonely\' has no interface of the same name',
    'vmi-interface-name-format spec.template.spec.domain.devices.interfaces[7].name: interface name \'bad name!\' may only contain letters, digits, \'_\' and \'-\'',
    'vmi-interface-binding-exactly-one spec.template.spec.domain.devices.interfaces[0]: interface \'default\' sets bridge and masquerade; exactly one binding is allowed',
    'vmi-interface-binding-exactly-one spec.template.spec.domain.devices.interfaces[2]: interface \'p2\' has no binding method; the VM would never start (add masquerade: {} (pod network) or bridge: {} (multus))',
    'vmi-interface-binding-exactly-one spec.template.spec.domain.devices.interfaces[5]: interface \'m2\' sets masquerade and sriov and binding; exactly one binding is allowed',
    'vmi-masquerade-pod-only spec.template.spec.domain.devices.interfaces[5].masquerade: masquerade binding on interface \'m2\' is only allowed on the pod network (use bridge: {} for multus networks)',
    'vmi-bridge-on-pod-network spec.template.spec.domain.devices.interfaces[0].bridge: bridge binding on the pod network (interface \'default\') is refused on clusters that disable permitBridgeInterfaceOnPodNetwork (use masquerade: {})',
    'vmi-binding-availability spec.template.spec.domain.devices.interfaces[3].slirp: the slirp binding is discontinued and refused (use masquerade or bridge)',
    'vmi-binding-availability spec.template.spec.domain.devices.interfaces[5].binding.name: a binding plugin needs a name registered in the KubeVirt CR',
    'vmi-interface-model-valid spec.template.spec.domain.devices.interfaces[3].model: interface model "fast" is invalid; use virtio, e1000, e1000e, igb, ne2k_pci, pcnet, rtl8139',
    'vmi-interface-mac-valid spec.template.spec.domain.devices.interfaces[3].macAddress: macAddress "nope" is not a valid MAC address',
    'vmi-interface-attributes-valid spec.template.spec.domain.devices.interfaces[5].pciAddress: pciAddress "bad" must look like 0000:81:00.1',
    'vmi-interface-attributes-valid spec.template.spec.domain.devices.interfaces[5].dhcpOptions.privateOptions[1].option: DHCP private option 240 is repeated',
    'vmi-interface-attributes-valid spec.template.spec.domain.devices.interfaces[5].dhcpOptions.privateOptions[2].option: DHCP private option must be 224-254',
    'vmi-interface-attributes-valid spec.template.spec.domain.devices.interfaces[5].dhcpOptions.ntpServers[0]: NTP server "x" must be an IPv4 address',
    'vmi-interface-ports-valid spec.template.spec.domain.devices.interfaces[4].ports[1].port: port must be 1-65535',
    'vmi-interface-ports-valid spec.template.spec.domain.devices.interfaces[4].ports[1].protocol: protocol "SCTP" must be TCP or UDP',
    'vmi-interface-ports-valid spec.template.spec.domain.devices.interfaces[4].ports[1].name: port name \'http\' is repeated',
    'vmi-interface-ports-valid spec.template.spec.domain.devices.interfaces[4].portRanges: portRanges are only allowed with masquerade binding',
    'vmi-interface-state-valid spec.template.spec.domain.devices.interfaces[3].state: state "sideways" must be up, down or absent',
    'vmi-interface-state-valid spec.template.spec.domain.devices.interfaces[5].state: SR-IOV interfaces cannot be set up or down',
  ],
  [
    'vmi-disk-volume-name-unique spec.template.spec.domain.devices.disks[2].name: disk name \'NaN\' is used more than once',
    'vmi-disk-volume-name-unique spec.template.spec.volumes[2].name: volume name \'NaN\' is used more than once',
    'vmi-lun-requires-pvc spec.template.spec.domain.devices.disks[2].lun: LUN disk \'NaN\' must be backed by a persistentVolumeClaim or dataVolume volume',
  ],
];

describe('list-walking VMI rules', () => {
  test.each(INPUTS.map((o, i) => [i, o] as const))('input %i reports exactly these findings', (i, o) => {
    const found = validateObjects([o], { schema: false }).filter((f) => LIST_RULES.test(f.rule))
      .map((f) => `${f.rule} ${f.path}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`);
    expect(found).toEqual(EXPECTED[i]);
  });
});
