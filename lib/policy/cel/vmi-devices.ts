// CEL for the VMI spec rules on domain settings, disks, volumes and interfaces (rules/vmi-domain.ts,
// rules/vmi-storage.ts, rules/vmi-network.ts). `variables.*` are the compute family's (../scopes.ts).
import { CelTranslation } from '../types';
import { and, count, diskTarget, isCleanAbsolutePath, isDiskKind, isDnsLabel, isDnsSubdomain, isPciAddress, list } from './helpers';

const BUSES = ['virtio', 'sata', 'scsi', 'usb'];
const SOURCES = ['containerDisk', 'dataVolume', 'persistentVolumeClaim', 'cloudInitNoCloud', 'cloudInitConfigDrive', 'emptyDisk',
  'ephemeral', 'hostDisk', 'configMap', 'secret', 'serviceAccount', 'downwardAPI', 'downwardMetrics', 'sysprep', 'memoryDump', 'containerPath'];
const BINDINGS = ['bridge', 'masquerade', 'sriov', 'passtBinding', 'binding'];
const DISCONTINUED = ['slirp', 'macvtap', 'passt'];
const MODELS = ['virtio', 'e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139'];
const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'guestAgentPing'];
const HYPERV_DEPS: Record<string, string[]> = { synictimer: ['synic', 'vpindex', 'time'], synic: ['vpindex'], ipi: ['vpindex'], tlbflush: ['vpindex'], evmcs: ['vapic'] };
const CLOUD_INIT = ['cloudInitNoCloud', 'cloudInitConfigDrive'];

const gate = (g: string) => `'${g}' in params.data.?featureGates.orValue('').split(',')`;
const unique = (items: string, key: string) => `${items}.all(a, size(${items}.filter(b, b.?${key} == a.?${key})) == 1)`;
const netOf = (i: string) => `variables.networks.filter(n, n.?name.orValue('') == ${i}.?name.orValue(''))`;
const onPod = (i: string) => `(${i}.?name.orValue('') in variables.podNets)`;
const probes = ['readinessProbe', 'livenessProbe'];
/** Whitespace stripped as JavaScript's /\s/g does for base64 text. */
const stripWs = (e: string) => `${e}.replace(' ', '').replace('\\n', '').replace('\\t', '').replace('\\r', '').replace('\\f', '').replace('\\v', '')`;
const isBase64 = (e: string) => `(size(${e}) % 4 == 0 && ${e}.matches('^[A-Za-z0-9+/]*={0,2}$'))`;

function selectorReqs(e: string): string {
  return `${e}.all(r, (!(r.?operator.orValue('') in ['In', 'NotIn']) || size(r.?values.orValue([])) > 0) `
    + "&& (!(r.?operator.orValue('') in ['Exists', 'DoesNotExist']) || size(r.?values.orValue([])) == 0) "
    + "&& (!(r.?operator.orValue('') in ['Gt', 'Lt']) || (size(r.?values.orValue([])) == 1 && string(r.values[0]).matches('^-?[0-9]+$'))) "
    + "&& (!has(r.operator) || r.operator in ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']))";
}
const weightOk = (p: string) => `(int(${p}.?weight.orValue(0)) >= 1 && int(${p}.?weight.orValue(0)) <= 100)`;

export const COMPUTE_DEVICES_CEL: Readonly<Record<string, CelTranslation>> = {
  'vmi-firmware-valid': {
    expression: "!has(variables.domain.firmware) || [variables.domain.firmware].all(fw, "
      + and([
        '!(fw.?bootloader.?efi.hasValue() && fw.?bootloader.?bios.hasValue())',
        "!has(fw.kernelBoot) || ((fw.kernelBoot.?kernelArgs.orValue('') == '' || has(fw.kernelBoot.container)) && (!has(fw.kernelBoot.container) || [fw.kernelBoot.container].all(c, "
          + "c.?image.orValue('') != '' && (c.?kernelPath.orValue('') != '' || c.?initrdPath.orValue('') != '') "
          + `&& ['kernelPath', 'initrdPath'].all(f, !(f in c) || c[f] == '' || ${isCleanAbsolutePath('c[f]')}))))`,
        "!has(fw.acpi) || ['slicNameRef', 'msdmNameRef'].all(f, !(f in fw.acpi) || variables.volumes.exists(vol, has(vol.secret) && vol.?name.orValue('') == fw.acpi[f]))",
      ]) + ')',
  },
  'vmi-secureboot-requires-smm': {
    // A referenced preference may supply SMM: it is not in the request, so such VMs pass (as offline, where it is not in the input).
    expression: "!variables.domain.?firmware.?bootloader.?efi.hasValue() || variables.domain.firmware.bootloader.efi.?secureBoot.orValue(true) == false "
      + '|| variables.domain.?launchSecurity.?tdx.hasValue() || (variables.domain.?features.?smm.hasValue() && variables.domain.features.smm.?enabled.orValue(true) != false) '
      + '|| variables.hasPreference',
  },
  'vmi-input-sound-valid': {
    expression: "variables.devices.?inputs.orValue([]).all(i, (!has(i.bus) || i.bus in ['virtio', 'usb', '']) && i.?type.orValue('') == 'tablet') "
      + "&& (!has(variables.devices.sound) || ((!has(variables.devices.sound.model) || variables.devices.sound.model in ['ich9', 'ac97', '']) && variables.devices.sound.?name.orValue('') != ''))",
  },
  'vmi-iothreads-policy-valid': {
    expression: "!has(variables.domain.ioThreadsPolicy) || (variables.domain.ioThreadsPolicy in ['shared', 'auto', 'supplementalPool'] "
      + "&& (variables.domain.ioThreadsPolicy != 'supplementalPool' || int(variables.domain.?ioThreads.?supplementalPoolThreadCount.orValue(0)) >= 1))",
  },
  'vmi-start-strategy-valid': {
    expression: "variables.spec.?startStrategy.orValue('') == '' || (variables.spec.startStrategy == 'Paused' && !has(variables.spec.livenessProbe))",
  },
  'vmi-hostname-dns-label': {
    expression: `(variables.spec.?hostname.orValue('') == '' || ${isDnsLabel('variables.spec.hostname')}) && (variables.spec.?subdomain.orValue('') == '' || ${isDnsSubdomain('variables.spec.subdomain')})`,
  },
  'vmi-dns-config-valid': {
    expression: and([
      "variables.spec.?dnsPolicy.orValue('') in ['', 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']",
      "variables.spec.?dnsPolicy.orValue('') != 'None' || size(variables.spec.?dnsConfig.?nameservers.orValue([])) > 0",
      '!has(variables.spec.dnsConfig) || [variables.spec.dnsConfig].all(c, '
        + "size(c.?nameservers.orValue([])) <= 3 && c.?nameservers.orValue([]).all(n, isIP(n) && !n.contains('%')) "
        + "&& size(c.?searches.orValue([])) <= 6 && size(c.?searches.orValue([]).join(' ')) <= 256 "
        + `&& c.?searches.orValue([]).all(s, [s.endsWith('.') ? s.substring(0, size(s) - 1) : s].all(x, ${isDnsSubdomain('x')})) `
        + "&& c.?options.orValue([]).all(o, o.?name.orValue('') != ''))",
    ]),
  },
  'vmi-probe-single-handler': {
    expression: and(probes.map((p) => `!has(variables.spec.${p}) || [variables.spec.${p}].all(p, ${count(HANDLERS.map((h) => `has(p.${h})`))} == 1)`)),
  },
  'vmi-probe-requires-pod-network': {
    expression: `size(variables.podNets) > 0 || ${and(probes.flatMap((p) => ['httpGet', 'tcpSocket'].map((h) => `!variables.spec.?${p}.?${h}.hasValue()`)))}`,
  },
  'vmi-scheduling-constraints-valid': {
    expression: and([
      '!variables.spec.?affinity.?nodeAffinity.?requiredDuringSchedulingIgnoredDuringExecution.hasValue() || [variables.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution].all(r, '
        + `size(r.?nodeSelectorTerms.orValue([])) > 0 && r.?nodeSelectorTerms.orValue([]).all(t, ${selectorReqs("t.?matchExpressions.orValue([])")}))`,
      `variables.spec.?affinity.?nodeAffinity.?preferredDuringSchedulingIgnoredDuringExecution.orValue([]).all(p, ${weightOk('p')} && ${selectorReqs("p.?preference.?matchExpressions.orValue([])")})`,
      ...['podAffinity', 'podAntiAffinity'].map((k) => `variables.spec.?affinity.?${k}.?requiredDuringSchedulingIgnoredDuringExecution.orValue([]).all(t, `
        + `t.?topologyKey.orValue('') != '' && ${selectorReqs("t.?labelSelector.?matchExpressions.orValue([])")}) && `
        + `variables.spec.?affinity.?${k}.?preferredDuringSchedulingIgnoredDuringExecution.orValue([]).all(p, ${weightOk('p')} && p.?podAffinityTerm.?topologyKey.orValue('') != '')`),
      "variables.spec.?topologySpreadConstraints.orValue([]).all(c, int(c.?maxSkew.orValue(0)) > 0 && c.?topologyKey.orValue('') != '' && c.?whenUnsatisfiable.orValue('') in ['DoNotSchedule', 'ScheduleAnyway'])",
    ]),
  },
  'vmi-eviction-strategy-valid': {
    expression: "!has(variables.spec.evictionStrategy) || variables.spec.evictionStrategy in ['LiveMigrate', 'LiveMigrateIfPossible', 'None', 'External']",
  },
  'vmi-service-account-valid': {
    expression: 'size(variables.volumes.filter(vol, has(vol.serviceAccount))) <= 1 && variables.volumes.all(vol, !has(vol.serviceAccount) || '
      + "(vol.serviceAccount.?serviceAccountName.orValue('') != '' && (!has(variables.spec.serviceAccountName) || variables.spec.serviceAccountName == vol.serviceAccount.serviceAccountName)))",
  },
  'vmi-feature-gated-field': {
    params: ['featureGates'],
    expression: and([
      `variables.volumes.all(vol, !has(vol.hostDisk)) || ${gate('HostDisk')}`,
      `variables.volumes.all(vol, !has(vol.downwardMetrics)) || ${gate('DownwardMetrics')}`,
      `size(variables.devices.?hostDevices.orValue([])) == 0 || ${gate('HostDevices')}`,
      `variables.devices.?autoattachVSOCK.orValue(false) != true || ${gate('VSOCK')}`,
      `!variables.cpu.?numa.?guestMappingPassthrough.hasValue() || ${gate('NUMA')}`,
      `variables.runStrategy != 'WaitAsReceiver' || ${gate('DecentralizedLiveMigration')}`,
      `!has(variables.devices.downwardMetrics) || ${gate('DownwardMetrics')}`,
      // virtiofs on config volumes is GA; on a PVC or DataVolume it is behind its own gate.
      "variables.devices.?filesystems.orValue([]).all(f, !variables.volumes.exists(vol, vol.?name.orValue('') == f.?name.orValue('') "
        + `&& (has(vol.persistentVolumeClaim) || has(vol.dataVolume)))) || ${gate('EnableVirtioFsStorageVolumes')}`,
      `variables.disks.all(d, d.?lun.?reservation.orValue(false) != true) || ${gate('PersistentReservation')}`,
      `variables.ifaces.all(i, !has(i.passtBinding)) || ${gate('PasstBinding')}`,
      `variables.ifaces.all(i, size(i.?portRanges.orValue([])) == 0) || ${gate('PortRanges')}`,
      `!('hooks.kubevirt.io/hookSidecars' in variables.annotations) || ${gate('Sidecar')}`,
      `!('kubevirt.io/ignitiondata' in variables.annotations) || ${gate('ExperimentalIgnitionSupport')}`,
    ]),
  },
  'vmi-hyperv-dependencies': {
    expression: '!has(variables.domain.features) || !has(variables.domain.features.hyperv) || [variables.domain.features.hyperv].all(hv, '
      + and([
        ...Object.entries(HYPERV_DEPS).map(([f, deps]) => `!(has(hv.${f}) && hv.${f}.?enabled.orValue(true) != false) || ${and(deps.map((d) => `hv.?${d}.?enabled.orValue(true) != false`))}`),
        'variables.domain.features.?hypervPassthrough.?enabled.orValue(false) != true || size(hv) == 0',
      ]) + ')',
  },
  'vmi-disk-volume-name-unique': { expression: `${unique('variables.disks', 'name')} && ${unique('variables.volumes', 'name')}` },
  'vmi-disk-name-dns-label': {
    // Disks, and the volumes without a disk or filesystem (KubeVirt gives them a disk of their name).
    expression: `variables.disks.all(d, !has(d.name) || ${isDnsLabel('d.name')}) && variables.volumes.all(vol, !has(vol.name) `
      + "|| variables.disks.exists(d, d.?name.orValue('') == vol.name) || variables.devices.?filesystems.orValue([]).exists(f, f.?name.orValue('') == vol.name) "
      + `|| ${isDnsLabel('vol.name')})`,
  },
  'vmi-disk-volume-match': {
    params: ['featureGates'],
    expression: `variables.disks.all(d, !has(d.name) || variables.volumes.exists(vol, vol.?name.orValue('') == d.name) || (has(d.cdrom) && ${gate('DeclarativeHotplugVolumes')}))`,
  },
  'vmi-disk-single-target': { expression: `variables.disks.all(d, ${count(['has(d.disk)', 'has(d.lun)', 'has(d.cdrom)'])} <= 1)` },
  'vmi-disk-bus-valid': { expression: `variables.disks.all(d, [${diskTarget('d')}].all(t, t.?bus.orValue('') in ['', ${BUSES.map((b) => `'${b}'`).join(', ')}]))` },
  'vmi-cdrom-bus-not-virtio': { expression: "variables.disks.all(d, d.?cdrom.?bus.orValue('') != 'virtio')" },
  'vmi-disk-bus-constraints': {
    expression: "variables.disks.all(d, !(has(d.disk) && d.disk.?bus.orValue('') == 'sata' && d.disk.?readonly.orValue(false) == true) "
      + `&& (d.?dedicatedIOThread.orValue(false) != true || (${isDiskKind('d')} && [${diskTarget('d')}].all(t, !has(t.bus) || t.bus == 'virtio'))))`,
  },
  'vmi-disk-attributes-valid': {
    expression: `variables.disks.all(d, [${diskTarget('d')}].all(t, !has(t.pciAddress) || (${isDiskKind('d')} && (!has(t.bus) || t.bus == 'virtio') && ${isPciAddress('string(t.pciAddress)')})) `
      + "&& (!has(d.serial) || (string(d.serial).matches('^[A-Za-z0-9_.+-]+$') && size(string(d.serial)) <= 256)) "
      + '&& (!d.?blockSize.?custom.hasValue() || [d.blockSize.custom].all(c, d.blockSize.?matchVolume.?enabled.orValue(false) != true '
      + "&& ['logical', 'physical'].all(f, f in c && type(c[f]) == int && c[f] >= 512 && c[f] <= 2097152 && c[f] in [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576, 2097152]) "
      + `&& int(c.logical) <= int(c.physical) && (${diskTarget('d')}.?bus.orValue('') != 'sata' || int(c.logical) == 512) `
      + '&& (!has(c.discardGranularity) || int(c.discardGranularity) % int(c.logical) == 0))))',
  },
  'vmi-bootorder-valid': {
    expression: '[variables.disks.filter(d, has(d.bootOrder)) + variables.ifaces.filter(i, has(i.bootOrder))].all(b, '
      + 'b.all(x, int(x.bootOrder) >= 1) && b.all(x, size(b.filter(y, int(y.bootOrder) == int(x.bootOrder))) == 1))',
  },
  'vmi-disk-driver-options-valid': {
    expression: "variables.disks.all(d, d.?cache.orValue('') in ['', 'none', 'writethrough', 'writeback'] && d.?io.orValue('') in ['', 'native', 'threads'] "
      + "&& d.?errorPolicy.orValue('') in ['', 'stop', 'ignore', 'report', 'enospace'])",
  },
  'vmi-lun-requires-pvc': {
    expression: "variables.disks.all(d, !has(d.lun) || variables.volumes.all(vol, vol.?name.orValue('') != d.?name.orValue('') || has(vol.persistentVolumeClaim) || has(vol.dataVolume)))",
  },
  'vmi-volume-single-source': { expression: `variables.volumes.all(vol, ${count(SOURCES.map((s) => `has(vol.${s})`))} == 1)` },
  'vmi-volume-ref-valid': {
    expression: 'variables.volumes.all(vol, '
      + [['dataVolume', 'name'], ['persistentVolumeClaim', 'claimName'], ['configMap', 'name'], ['secret', 'secretName'], ['containerDisk', 'image'], ['emptyDisk', 'capacity']]
        .map(([s, f]) => `(!has(vol.${s}) || string(vol.${s}.?${f}.orValue('')) != '')`).join(' && ')
      + ` && (vol.?containerDisk.?path.orValue('') == '' || ${isCleanAbsolutePath('vol.containerDisk.path')}))`,
  },
  'vmi-special-volumes-valid': {
    expression: "variables.volumes.all(vol, !has(vol.hostDisk) || (vol.hostDisk.?path.orValue('') != '' && vol.hostDisk.?type.orValue('') in ['Disk', 'DiskOrCreate'] "
      + "&& (!has(vol.hostDisk.capacity) || vol.hostDisk.type == 'DiskOrCreate'))) && size(variables.volumes.filter(vol, has(vol.downwardMetrics))) <= 1 "
      + "&& variables.volumes.all(vol, !has(vol.downwardMetrics) || variables.disks.all(d, d.?name.orValue('') != vol.?name.orValue('') "
      + `|| (${isDiskKind('d')} && [${diskTarget('d')}].all(t, !has(t.bus) || t.bus == 'virtio'))))`,
  },
  'vmi-cloudinit-data-valid': {
    expression: `variables.volumes.all(vol, ${list(CLOUD_INIT)}.all(k, !(k in vol) || [vol[k]].all(s, `
      + "size(['userData', 'userDataBase64', 'secretRef'].filter(f, f in s && s[f] != '')) <= 1 "
      + "&& size(['networkData', 'networkDataBase64', 'networkDataSecretRef'].filter(f, f in s && s[f] != '')) <= 1 "
      + "&& ['userData', 'userDataBase64', 'secretRef', 'networkData', 'networkDataBase64', 'networkDataSecretRef'].exists(f, f in s && s[f] != '') "
      + `&& ['userDataBase64', 'networkDataBase64'].all(f, !(f in s) || s[f] == '' || [${stripWs('string(s[f])')}].all(b, ${isBase64('b')})))))`,
  },
  'vmi-cloudinit-size-limit': {
    // UTF-8 bytes of the plain text; for base64, the decoded length (3 bytes per 4 characters, less the padding).
    expression: `variables.volumes.all(vol, ${list(CLOUD_INIT)}.all(k, !(k in vol) || [vol[k]].all(s, [['userData', 'userDataBase64'], ['networkData', 'networkDataBase64']].all(p, `
      + "type(s[?p[0]].orValue(0)) == string ? size(bytes(s[p[0]])) <= 2048 : "
      + `!(p[1] in s) || [${stripWs('string(s[p[1]])')}].all(b, !${isBase64('b')} || size(b) / 4 * 3 - (b.endsWith('==') ? 2 : b.endsWith('=') ? 1 : 0) <= 2048)))))`,
  },
  'vmi-access-credential-valid': {
    expression: "variables.spec.?accessCredentials.orValue([]).all(c, (has(c.sshPublicKey) ? 1 : 0) + (has(c.userPassword) ? 1 : 0) == 1 "
      + "&& [has(c.sshPublicKey) ? c.sshPublicKey : c.userPassword].all(cred, size(cred.?source.orValue({})) == 1 && size(cred.?propagationMethod.orValue({})) == 1 "
      + '&& (!(has(c.sshPublicKey) && cred.?propagationMethod.?qemuGuestAgent.hasValue()) || size(cred.propagationMethod.qemuGuestAgent.?users.orValue([])) > 0)))',
  },
  'vmi-access-credential-propagation-volume': {
    expression: "variables.spec.?accessCredentials.orValue([]).all(c, ['sshPublicKey', 'userPassword'].all(t, !(t in c) || "
      + "((!c[t].?propagationMethod.?noCloud.hasValue() || variables.volumes.exists(vol, has(vol.cloudInitNoCloud))) "
      + '&& (!c[t].?propagationMethod.?configDrive.hasValue() || variables.volumes.exists(vol, has(vol.cloudInitConfigDrive))))))',
  },
  'vmi-network-single-source': { expression: `variables.networks.all(n, ${count(['has(n.pod)', 'has(n.multus)', 'has(n.resourceClaim)'])} == 1)` },
  'vmi-single-pod-network': { expression: 'size(variables.networks.filter(n, has(n.pod))) <= 1' },
  'vmi-multus-default-single': {
    expression: '[variables.networks.filter(n, n.?multus.?default.orValue(false) == true)].all(defs, size(defs) <= 1 && (size(defs) == 0 || !variables.networks.exists(n, has(n.pod))))',
  },
  'vmi-multus-networkname-required': { expression: "variables.networks.all(n, !has(n.multus) || n.multus.?networkName.orValue('') != '')" },
  'vmi-net-iface-names-unique': { expression: `${unique('variables.networks', 'name')} && ${unique('variables.ifaces', 'name')}` },
  'vmi-network-interface-pairing': {
    expression: "variables.ifaces.all(i, variables.networks.exists(n, n.?name == i.?name)) && variables.networks.all(n, variables.ifaces.exists(i, i.?name == n.?name))",
  },
  'vmi-interface-name-format': { expression: "variables.ifaces.all(i, !has(i.name) || i.name.matches('^[A-Za-z0-9_-]+$'))" },
  'vmi-interface-binding-exactly-one': {
    expression: `variables.ifaces.all(i, [${count(BINDINGS.map((b) => `has(i.${b})`))}].all(c, c == 1 || (c == 0 && (${DISCONTINUED.map((d) => `has(i.${d})`).join(' || ')}))))`,
  },
  'vmi-masquerade-pod-only': { expression: `variables.ifaces.all(i, !has(i.masquerade) || ${netOf('i')}.all(n, has(n.pod)))` },
  'vmi-bridge-on-pod-network': { expression: `variables.ifaces.all(i, !has(i.bridge) || !${onPod('i')})` },
  'vmi-binding-availability': {
    expression: `variables.ifaces.all(i, ${DISCONTINUED.map((d) => `!has(i.${d})`).join(' && ')} && (!has(i.passtBinding) || ${onPod('i')}) && (!has(i.binding) || i.binding.?name.orValue('') != ''))`,
  },
  'vmi-interface-model-valid': { expression: `variables.ifaces.all(i, i.?model.orValue('') in ['', ${MODELS.map((m) => `'${m}'`).join(', ')}])` },
  'vmi-interface-mac-valid': {
    // net.ParseMAC forms of 6 octets (KubeVirt allows no more); masquerade may not take the in-pod bridge's MAC.
    expression: "variables.ifaces.all(i, i.?macAddress.orValue('') == '' || (i.macAddress.matches('^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\\\\.){2}[0-9A-Fa-f]{4}$|^[0-9A-Fa-f]{12}$') "
      + "&& !(has(i.masquerade) && i.macAddress.lowerAscii().replace('-', ':') == '02:00:00:00:00:00')))",
  },
  'vmi-interface-attributes-valid': {
    expression: `variables.ifaces.all(i, (!has(i.pciAddress) || ${isPciAddress('string(i.pciAddress)')}) && (!has(i.dhcpOptions) || [i.dhcpOptions].all(o, `
      + 'o.?privateOptions.orValue([]).all(p, int(p.?option.orValue(0)) >= 224 && int(p.?option.orValue(0)) <= 254) '
      + '&& o.?privateOptions.orValue([]).all(p, size(o.privateOptions.filter(x, int(x.?option.orValue(0)) == int(p.?option.orValue(0)))) == 1) '
      + "&& o.?ntpServers.orValue([]).all(s, isIP(s) && !s.contains(':') && ip(s).family() == 4))))",
  },
  'vmi-interface-ports-valid': {
    expression: "variables.ifaces.all(i, i.?ports.orValue([]).all(p, type(p.?port.orValue(0)) == int && int(p.?port.orValue(0)) >= 1 && int(p.?port.orValue(0)) <= 65535 "
      + "&& (!has(p.protocol) || p.protocol in ['TCP', 'UDP']) && (p.?name.orValue('') == '' || (size(p.name) <= 15 && p.name.matches('^[a-z0-9]([a-z0-9-]*[a-z0-9])?$') "
      + "&& p.name.matches('[a-z]') && !p.name.contains('--') && size(i.ports.filter(x, x.?name.orValue('') == p.name)) == 1))) "
      + '&& (size(i.?portRanges.orValue([])) == 0 || has(i.masquerade)))',
  },
  'vmi-interface-state-valid': {
    expression: "variables.ifaces.all(i, i.?state.orValue('') == '' || (i.state in ['up', 'down', 'absent'] "
      + `&& (i.state != 'absent' || (has(i.bridge) && ${netOf('i')}.all(n, !has(n.pod) && n.?multus.?default.orValue(false) != true))) `
      + "&& (!(i.state in ['up', 'down']) || !has(i.sriov))))",
  },
};
