import { clusterInstancetype, clusterPreference, dv, vm, vmSpec } from '../fixtures';
import { RuleCase } from './types';

const one = (...objs: any[]) => objs.map((o) => [o]);
const disk0 = (d: any) => vmSpec((s) => { s.domain.devices.disks[0] = { name: 'rootdisk', ...d }; });
const addVolume = (vol: any, disk?: any) => vmSpec((s) => { s.volumes.push(vol); if (disk) s.domain.devices.disks.push(disk); });
const dvTemplate = (spec: any) => vm((o) => {
  o.spec.dataVolumeTemplates = [{ metadata: { name: 'root' }, spec }];
  o.spec.template.spec.volumes[0] = { name: 'rootdisk', dataVolume: { name: 'root' } };
});
const noCloud = (src: any) => addVolume({ name: 'cloudinit', cloudInitNoCloud: src });
const sshCred = (propagationMethod: any) => vmSpec((s) => {
  s.accessCredentials = [{ sshPublicKey: { source: { secret: { secretName: 'keys' } }, propagationMethod } }];
});

/** A DataImportCron as CDI's golden-image examples write it, patched by `patch`. */
const dic = (patch: (o: any) => void = () => undefined) => {
  const o: any = {
    apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataImportCron', metadata: { name: 'fedora-image-cron', namespace: 'golden' },
    spec: {
      schedule: '0 */12 * * *', managedDataSource: 'fedora', garbageCollect: 'Outdated', importsToKeep: 2,
      template: { spec: { source: { registry: { url: 'docker://quay.io/containerdisks/fedora:latest' } }, storage: { resources: { requests: { storage: '5Gi' } } } } },
    },
  };
  patch(o);
  return o;
};

export const STORAGE_CASES: RuleCase[] = [
  {
    rule: 'dic-spec-valid',
    valid: one(dic(), dic((o) => { o.spec.schedule = '0 0 */12 * * 2030'; o.spec.retentionPolicy = 'None'; }), dic((o) => { o.spec.schedule = '@daily'; delete o.spec.garbageCollect; })),
    invalid: one(
      dic((o) => { o.spec.schedule = '61 * * * *'; }), dic((o) => { delete o.spec.schedule; }),
      dic((o) => { o.spec.template.spec.source = { http: { url: 'https://example.com/fedora.qcow2' } }; }),
      dic((o) => { o.spec.garbageCollect = 'Always'; }), dic((o) => { o.spec.retentionPolicy = 'Keep'; }), dic((o) => { o.spec.importsToKeep = -1; }),
      dic((o) => { o.spec.managedDataSource = 'Fedora'; }), dic((o) => { delete o.spec.managedDataSource; }),
    ),
  },
  {
    rule: 'vmi-disk-volume-name-unique', valid: one(vm()),
    invalid: one(vmSpec((s) => { s.domain.devices.disks.push({ name: 'rootdisk', disk: {} }); }), vmSpec((s) => { s.volumes.push({ ...s.volumes[0] }); })),
  },
  {
    rule: 'vmi-disk-name-dns-label', valid: one(vm()),
    invalid: one(vmSpec((s) => { s.domain.devices.disks[0].name = 'Root_Disk'; s.volumes[0].name = 'Root_Disk'; }), addVolume({ name: 'data.disk', emptyDisk: { capacity: '1Gi' } })),
  },
  {
    rule: 'vmi-disk-volume-match', valid: one(vm(), addVolume({ name: 'scratch', emptyDisk: { capacity: '1Gi' } })),
    invalid: one(vmSpec((s) => { s.domain.devices.disks.push({ name: 'data', disk: {} }); })),
  },
  { rule: 'vmi-disk-single-target', valid: one(disk0({ cdrom: { bus: 'sata' } })), invalid: one(disk0({ disk: {}, cdrom: {} })) },
  { rule: 'vmi-disk-bus-valid', valid: one(disk0({ disk: { bus: 'scsi' } })), invalid: one(disk0({ disk: { bus: 'ide' } }), disk0({ lun: { bus: 'nvme' } })) },
  { rule: 'vmi-cdrom-bus-not-virtio', valid: one(disk0({ cdrom: { bus: 'scsi' } })), invalid: one(disk0({ cdrom: { bus: 'virtio' } })) },
  {
    rule: 'vmi-disk-bus-constraints', valid: one(disk0({ cdrom: { bus: 'sata', readonly: true } }), disk0({ disk: { bus: 'virtio' }, dedicatedIOThread: true })),
    invalid: one(disk0({ disk: { bus: 'sata', readonly: true } }), disk0({ disk: { bus: 'sata' }, dedicatedIOThread: true })),
  },
  {
    rule: 'vmi-disk-attributes-valid',
    valid: one(disk0({ disk: { bus: 'virtio', pciAddress: '0000:00:0a.0' }, serial: 'ROOT-01', blockSize: { custom: { logical: 512, physical: 4096 } } })),
    invalid: one(disk0({ disk: { bus: 'sata', pciAddress: '0000:00:0a.0' } }), disk0({ disk: {}, serial: 'root disk!' }), disk0({ disk: {}, blockSize: { custom: { logical: 4096, physical: 512 } } })),
  },
  {
    rule: 'vmi-bootorder-valid',
    valid: one(vmSpec((s) => { s.domain.devices.disks[0].bootOrder = 1; s.domain.devices.interfaces[0].bootOrder = 2; })),
    invalid: one(vmSpec((s) => { s.domain.devices.disks[0].bootOrder = 1; s.domain.devices.interfaces[0].bootOrder = 1; }), disk0({ disk: {}, bootOrder: 0 })),
  },
  { rule: 'vmi-disk-driver-options-valid', valid: one(disk0({ disk: {}, cache: 'none', io: 'native' })), invalid: one(disk0({ disk: {}, cache: 'unsafe' }), disk0({ disk: {}, errorPolicy: 'panic' })) },
  {
    rule: 'vmi-lun-requires-pvc',
    valid: one(vmSpec((s) => { s.domain.devices.disks[0] = { name: 'rootdisk', lun: {} }; s.volumes[0] = { name: 'rootdisk', persistentVolumeClaim: { claimName: 'c' } }; })),
    invalid: one(disk0({ lun: {} })),
  },
  {
    rule: 'vmi-volume-single-source', valid: one(vm()),
    invalid: one(vmSpec((s) => { s.volumes[0].emptyDisk = { capacity: '1Gi' }; }), vmSpec((s) => { s.volumes[0] = { name: 'rootdisk' }; })),
  },
  {
    rule: 'vmi-volume-ref-valid', valid: one(vmSpec((s) => { s.volumes[0].containerDisk.path = '/disk/fedora.qcow2'; })),
    invalid: one(vmSpec((s) => { s.volumes[0] = { name: 'rootdisk', persistentVolumeClaim: {} }; }), vmSpec((s) => { s.volumes[0].containerDisk.path = 'disk/../x'; })),
  },
  {
    rule: 'vmi-special-volumes-valid',
    valid: one(addVolume({ name: 'host', hostDisk: { path: '/data/d.img', type: 'DiskOrCreate', capacity: '1Gi' } }), addVolume({ name: 'metrics', downwardMetrics: {} }, { name: 'metrics', disk: { bus: 'virtio' } })),
    invalid: one(addVolume({ name: 'host', hostDisk: { path: '/data/d.img', type: 'Disk', capacity: '1Gi' } }), addVolume({ name: 'metrics', downwardMetrics: {} }, { name: 'metrics', disk: { bus: 'sata' } })),
  },
  {
    rule: 'vmi-cloudinit-data-valid',
    valid: one(noCloud({ userData: '#cloud-config\n' }), noCloud({ secretRef: { name: 'ud' }, networkDataSecretRef: { name: 'nd' } })),
    invalid: one(noCloud({ userData: '#cloud-config', secretRef: { name: 'ud' } }), noCloud({}), noCloud({ userDataBase64: 'not base64!' })),
  },
  {
    rule: 'vmi-cloudinit-size-limit', valid: one(noCloud({ userData: `#cloud-config\n${'a'.repeat(1000)}` })),
    invalid: one(noCloud({ userData: `#cloud-config\n${'a'.repeat(3000)}` }), noCloud({ userDataBase64: Buffer.from('b'.repeat(2100)).toString('base64') })),
  },
  {
    rule: 'vmi-cloudinit-plaintext-password',
    valid: one(
      noCloud({ userData: '#cloud-config\nssh_authorized_keys: [ssh-ed25519 AAAA]\n' }),
      noCloud({ userData: '#cloud-config\nusers:\n  - name: ops\n    passwd: $6$rounds=4096$salt$hash\n' }),
      noCloud({ userData: '#cloud-config\npassword: ${CLOUD_USER_PASSWORD}\n' }),
      noCloud({ secretRef: { name: 'ud' } }),
    ),
    invalid: one(
      noCloud({ userData: '#cloud-config\npassword: fedora\nchpasswd: { expire: False }\n' }),
      noCloud({ userData: '#cloud-config\nusers:\n  - name: ops\n    plain_text_passwd: "s3cret"\n' }),
      noCloud({ userDataBase64: Buffer.from('#cloud-config\npassword: fedora\n').toString('base64') }),
      addVolume({ name: 'cloudinit', cloudInitConfigDrive: { userData: '#cloud-config\nchpasswd:\n  users:\n    - name: root\n      password: hunter2\n' } }),
    ),
  },
  {
    rule: 'vmi-access-credential-valid',
    valid: one(vmSpec((s) => {
      s.accessCredentials = [{ sshPublicKey: { source: { secret: { secretName: 'keys' } }, propagationMethod: { qemuGuestAgent: { users: ['fedora'] } } } }];
    })),
    invalid: one(sshCred({}), sshCred({ qemuGuestAgent: { users: [] } }), vmSpec((s) => { s.accessCredentials = [{}]; })),
  },
  {
    rule: 'vmi-access-credential-propagation-volume',
    valid: one(vmSpec((s) => {
      s.volumes.push({ name: 'cloudinit', cloudInitNoCloud: { userData: '#cloud-config' } });
      s.accessCredentials = [{ sshPublicKey: { source: { secret: { secretName: 'keys' } }, propagationMethod: { noCloud: {} } } }];
    })),
    invalid: one(sshCred({ noCloud: {} }), sshCred({ configDrive: {} })),
  },
  // DataVolumes: standalone and as VM templates.
  { rule: 'dv-pvc-or-storage', valid: one(dv()), invalid: one(dv((o) => { o.spec.pvc = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }; }), dv((o) => delete o.spec.storage)) },
  {
    rule: 'dv-source-exclusive', valid: one(dv(), dv((o) => { delete o.spec.source; o.spec.storage.dataSourceRef = { apiGroup: 'x.io', kind: 'Pop', name: 'p' }; })),
    invalid: one(dv((o) => { o.spec.sourceRef = { kind: 'DataSource', name: 'fedora' }; }), dv((o) => delete o.spec.source), dvTemplate({ storage: { resources: { requests: { storage: '1Gi' } } } })),
  },
  { rule: 'dv-source-single-type', valid: one(dv()), invalid: one(dv((o) => { o.spec.source.blank = {}; }), dv((o) => { o.spec.source = {}; })) },
  {
    rule: 'dv-size-required', valid: one(dv(), dv((o) => { o.spec.source = { pvc: { namespace: 'golden', name: 'fedora' } }; delete o.spec.storage.resources; })),
    invalid: one(dv((o) => delete o.spec.storage.resources), dv((o) => { delete o.spec.storage; o.spec.pvc = { accessModes: ['ReadWriteOnce'] }; })),
  },
  { rule: 'dv-size-positive', valid: one(dv()), invalid: one(dv((o) => { o.spec.storage.resources.requests.storage = '0'; }), dvTemplate({ source: { blank: {} }, storage: { resources: { requests: { storage: '512Ki' } } } })) },
  {
    rule: 'dv-pvc-access-mode-single', valid: one(dv(), dv((o) => { delete o.spec.storage; o.spec.pvc = { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } }; })),
    invalid: one(dv((o) => { delete o.spec.storage; o.spec.pvc = { resources: { requests: { storage: '1Gi' } } }; })),
  },
  { rule: 'dv-access-mode-valid', valid: one(dv((o) => { o.spec.storage.accessModes = ['ReadWriteMany']; })), invalid: one(dv((o) => { o.spec.storage.accessModes = ['RWX']; })) },
  {
    rule: 'dv-content-type-valid', valid: one(dv((o) => { o.spec.contentType = 'archive'; })),
    invalid: one(dv((o) => { o.spec.contentType = 'archive'; o.spec.source = { blank: {} }; }), dv((o) => { o.spec.contentType = 'iso'; })),
  },
  {
    rule: 'dv-url-valid', valid: one(dv()),
    invalid: one(dv((o) => { o.spec.source.http.url = 'ftp://images.example.com/disk.qcow2'; }), dv((o) => { o.spec.source = { imageio: { url: 'https://ovirt/api' } }; })),
  },
  {
    rule: 'dv-registry-source-valid', valid: one(dv((o) => { o.spec.source = { registry: { url: 'docker://quay.io/containerdisks/fedora:41' } }; })),
    invalid: one(dv((o) => { o.spec.source = { registry: { url: 'quay.io/containerdisks/fedora:41' } }; }), dv((o) => { o.spec.source = { registry: { imageStream: 'fedora', pullMethod: 'pod' } }; })),
  },
  { rule: 'dv-clone-source-complete', valid: one(dv((o) => { o.spec.source = { pvc: { namespace: 'golden', name: 'f' } }; })), invalid: one(dv((o) => { o.spec.source = { pvc: { name: 'f' } }; })) },
  {
    rule: 'dv-sourceref-datasource', valid: one(dv((o) => { delete o.spec.source; o.spec.sourceRef = { kind: 'DataSource', name: 'fedora' }; })),
    invalid: one(dv((o) => { delete o.spec.source; o.spec.sourceRef = { kind: 'PersistentVolumeClaim', name: 'fedora' }; })),
  },
  {
    rule: 'dv-external-population-valid', valid: one(dv((o) => { delete o.spec.source; o.spec.storage.dataSourceRef = { apiGroup: 'x.io', kind: 'Pop', name: 'p' }; })),
    invalid: one(dv((o) => { o.spec.storage.dataSourceRef = { apiGroup: 'x.io', kind: 'Pop', name: 'p' }; }), dv((o) => { delete o.spec.source; o.spec.storage.dataSource = { kind: 'Pop', name: 'p' }; })),
  },
  // Instancetypes and preferences.
  { rule: 'it-cpu-memory-guest-required', valid: one(clusterInstancetype()), invalid: one(clusterInstancetype((o) => delete o.spec.memory.guest)) },
  { rule: 'it-overcommit-range', valid: one(clusterInstancetype((o) => { o.spec.memory.overcommitPercent = 25; })), invalid: one(clusterInstancetype((o) => { o.spec.memory.overcommitPercent = 150; })) },
  {
    rule: 'it-overcommit-no-hugepages', valid: one(clusterInstancetype((o) => { o.spec.memory.hugepages = { pageSize: '2Mi' }; })),
    invalid: one(clusterInstancetype((o) => { o.spec.memory.hugepages = { pageSize: '2Mi' }; o.spec.memory.overcommitPercent = 10; })),
  },
  { rule: 'it-launchsecurity-deprecated', severity: 'warning', valid: one(clusterInstancetype()), invalid: one(clusterInstancetype((o) => { o.spec.launchSecurity = { sev: {} }; })) },
  { rule: 'pref-cpu-topology-valid', valid: one(clusterPreference()), invalid: one(clusterPreference((o) => { o.spec.cpu.preferredCPUTopology = 'Cores'; })) },
  { rule: 'pref-cpu-topology-deprecated', severity: 'warning', valid: one(clusterPreference()), invalid: one(clusterPreference((o) => { o.spec.cpu.preferredCPUTopology = 'preferCores'; })) },
  {
    rule: 'pref-spread-options-valid', valid: one(clusterPreference((o) => { o.spec.cpu = { preferredCPUTopology: 'spread', spreadOptions: { across: 'SocketsCoresThreads', ratio: 4 } }; })),
    invalid: one(clusterPreference((o) => { o.spec.cpu = { preferredCPUTopology: 'spread', spreadOptions: { across: 'CoresThreads', ratio: 4 } }; })),
  },
  { rule: 'pref-requirements-guest-required', valid: one(clusterPreference((o) => { o.spec.requirements = { cpu: { guest: 2 } }; })), invalid: one(clusterPreference((o) => { o.spec.requirements = { memory: {} }; })) },
];
