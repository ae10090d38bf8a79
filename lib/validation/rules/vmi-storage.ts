// VMI spec disk and volume rules (catalog section 4).
import { VmiSpecRule, VmiSpecView } from './types';
import { gateEnabled } from '../config/feature-gates';
import { arr, has, isCleanAbsolutePath, isDnsLabel, obj, oncePerView, PCI_ADDRESS } from './util';

const BUSES = ['virtio', 'sata', 'scsi', 'usb'];
const TARGETS = ['disk', 'lun', 'cdrom'] as const;
const SOURCES = ['containerDisk', 'dataVolume', 'persistentVolumeClaim', 'cloudInitNoCloud', 'cloudInitConfigDrive', 'emptyDisk',
  'ephemeral', 'hostDisk', 'configMap', 'secret', 'serviceAccount', 'downwardAPI', 'downwardMetrics', 'sysprep', 'memoryDump', 'containerPath'];

interface DiskRef { disk: any; path: string; defaulted: boolean }

/** Disks after defaulting; a defaulted disk's path points at the volume that caused it. Read once per view. */
const disks = oncePerView((v: VmiSpecView): readonly DiskRef[] => {
  const rawCount = arr(v.raw.domain?.devices?.disks).length;
  const volumeIndex = new Map(arr(v.spec.volumes).map((vol, i) => [vol?.name, i] as const));
  return arr(v.spec.domain?.devices?.disks).map((disk, i) => i < rawCount
    ? { disk, path: v.at(`domain.devices.disks[${i}]`), defaulted: false }
    : { disk, path: v.at(`volumes[${volumeIndex.get(disk.name)}]`), defaulted: true });
});

function target(disk: any): { kind: typeof TARGETS[number]; body: any } {
  for (const t of TARGETS) if (has(disk?.[t])) return { kind: t, body: obj(disk[t]) ?? {} };
  return { kind: 'disk', body: {} };
}

export const vmiDiskVolumeNameUnique: VmiSpecRule = {
  id: 'vmi-disk-volume-name-unique', severity: 'error', scope: 'vmiSpec',
  doc: 'Disk names are unique, and volume names are unique.',
  check(v, ctx) {
    const seen = new Set<string>();
    arr(v.raw.domain?.devices?.disks).forEach((d, i) => {
      if (seen.has(d?.name)) ctx.report(v.at(`domain.devices.disks[${i}].name`), `disk name '${d.name}' is used more than once`);
      seen.add(d?.name);
    });
    const vols = new Set<string>();
    arr(v.spec.volumes).forEach((vol, i) => {
      if (vols.has(vol?.name)) ctx.report(v.at(`volumes[${i}].name`), `volume name '${vol.name}' is used more than once`);
      vols.add(vol?.name);
    });
  },
};

export const vmiDiskNameDnsLabel: VmiSpecRule = {
  id: 'vmi-disk-name-dns-label', severity: 'error', scope: 'vmiSpec',
  doc: 'Disk names (and the names of volumes backing disks) are RFC 1123 labels.',
  check(v, ctx) {
    for (const { disk, path } of disks(v)) {
      if (typeof disk?.name === 'string' && !isDnsLabel(disk.name)) {
        ctx.report(`${path}.name`, `disk name '${disk.name}' must be an RFC 1123 label (lowercase alphanumerics and '-', at most 63)`);
      }
    }
  },
};

export const vmiDiskVolumeMatch: VmiSpecRule = {
  id: 'vmi-disk-volume-match', severity: 'error', scope: 'vmiSpec',
  doc: 'Every disk has a volume of the same name (a volume without a disk gets a default disk).',
  check(v, ctx) {
    const vols = new Set(arr(v.spec.volumes).map((vol) => vol?.name));
    arr(v.raw.domain?.devices?.disks).forEach((d, i) => {
      // A disk without a (string) name is the schema's finding: the real cause, not a missing volume.
      if (typeof d?.name !== 'string' || vols.has(d.name)) return;
      if (!has(d?.cdrom)) {
        ctx.report(v.at(`domain.devices.disks[${i}].name`), `disk '${d?.name}' has no volume of the same name`, { hint: `add a volume named ${d?.name}` });
      } else if (!gateEnabled(ctx.options, 'DeclarativeHotplugVolumes')) {
        // An empty CD-ROM (media inserted later) is allowed while DeclarativeHotplugVolumes is on (Beta, so on by default, in v1.9).
        ctx.report(v.at(`domain.devices.disks[${i}].name`), `CD-ROM '${d?.name}' has no volume: an empty CD-ROM needs the DeclarativeHotplugVolumes feature gate, which is off`,
          { hint: `add a volume named ${d?.name}, or enable DeclarativeHotplugVolumes` });
      }
    });
  },
};

export const vmiDiskSingleTarget: VmiSpecRule = {
  id: 'vmi-disk-single-target', severity: 'error', scope: 'vmiSpec',
  doc: 'A disk sets at most one of disk, lun, cdrom.',
  check(v, ctx) {
    arr(v.raw.domain?.devices?.disks).forEach((d, i) => {
      const set = TARGETS.filter((t) => has(d?.[t]));
      if (set.length > 1) ctx.report(v.at(`domain.devices.disks[${i}]`), `disk '${d.name}' sets ${set.join(' and ')}; only one device type is allowed`);
    });
  },
};

export const vmiDiskBusValid: VmiSpecRule = {
  id: 'vmi-disk-bus-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Disk, LUN and CD-ROM bus is virtio, sata, scsi or usb.',
  check(v, ctx) {
    for (const { disk, path, defaulted } of disks(v)) {
      if (defaulted) continue;
      const { kind, body } = target(disk);
      if (has(body.bus) && body.bus !== '' && !BUSES.includes(body.bus)) {
        ctx.report(`${path}.${kind}.bus`, `bus ${JSON.stringify(body.bus)} is not supported; use virtio, sata, scsi or usb`, body.bus === 'ide' ? { hint: 'ide is not available on q35; use sata' } : undefined);
      }
    }
  },
};

export const vmiCdromBusNotVirtio: VmiSpecRule = {
  id: 'vmi-cdrom-bus-not-virtio', severity: 'error', scope: 'vmiSpec',
  doc: 'A CD-ROM cannot use the virtio bus.',
  check(v, ctx) {
    for (const { disk, path } of disks(v)) {
      if (disk?.cdrom?.bus === 'virtio') ctx.report(`${path}.cdrom.bus`, `CD-ROM '${disk.name}' cannot use the virtio bus`, { hint: 'use sata or scsi' });
    }
  },
};

export const vmiDiskBusConstraints: VmiSpecRule = {
  id: 'vmi-disk-bus-constraints', severity: 'error', scope: 'vmiSpec',
  doc: 'A sata disk cannot be readonly; dedicatedIOThread only on virtio disks.',
  check(v, ctx) {
    for (const { disk, path } of disks(v)) {
      const { kind, body } = target(disk);
      if (kind === 'disk' && body.bus === 'sata' && body.readonly === true) ctx.report(`${path}.disk.readonly`, `disk '${disk.name}' on the sata bus cannot be readonly`);
      if (disk?.dedicatedIOThread === true && kind === 'disk' && has(body.bus) && body.bus !== 'virtio') {
        ctx.report(`${path}.dedicatedIOThread`, `dedicatedIOThread needs the virtio bus, disk '${disk.name}' uses ${body.bus}`);
      }
      if (disk?.dedicatedIOThread === true && kind !== 'disk') ctx.report(`${path}.dedicatedIOThread`, `dedicatedIOThread is only for virtio disks, not ${kind}`);
    }
  },
};

const isPow2 = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

export const vmiDiskAttributesValid: VmiSpecRule = {
  id: 'vmi-disk-attributes-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'pciAddress only on virtio and well-formed; serial charset and length; custom blockSize constraints.',
  check(v, ctx) {
    for (const { disk, path, defaulted } of disks(v)) {
      if (defaulted) continue;
      const { kind, body } = target(disk);
      if (has(body.pciAddress)) {
        if (kind !== 'disk' || (has(body.bus) && body.bus !== 'virtio')) ctx.report(`${path}.${kind}.pciAddress`, 'pciAddress is only supported on virtio disks');
        else if (!PCI_ADDRESS.test(String(body.pciAddress))) ctx.report(`${path}.${kind}.pciAddress`, `pciAddress ${JSON.stringify(body.pciAddress)} must look like 0000:00:1f.0`);
      }
      if (has(disk.serial)) {
        if (!/^[A-Za-z0-9_.+-]+$/.test(String(disk.serial))) ctx.report(`${path}.serial`, "serial may only contain alphanumerics, '_', '.', '+' and '-'");
        if (String(disk.serial).length > 256) ctx.report(`${path}.serial`, 'serial must be at most 256 characters');
      }
      const bs = obj(disk.blockSize);
      if (bs) {
        const custom = obj(bs.custom);
        if (custom && bs.matchVolume?.enabled === true) ctx.report(`${path}.blockSize`, 'blockSize cannot set both custom and matchVolume');
        if (custom) {
          const logical = Number(custom.logical);
          const physical = Number(custom.physical);
          for (const [f, n] of [['logical', logical], ['physical', physical]] as const) {
            if (!isPow2(n) || n < 512 || n > 2 * 1024 * 1024) ctx.report(`${path}.blockSize.custom.${f}`, `${f} block size ${custom[f]} must be a power of 2 between 512 B and 2 MiB`);
          }
          if (logical > physical) ctx.report(`${path}.blockSize.custom.logical`, 'logical block size must not exceed the physical one');
          if (body.bus === 'sata' && logical !== 512) ctx.report(`${path}.blockSize.custom.logical`, 'sata disks need a logical block size of 512');
          if (has(custom.discardGranularity) && Number(custom.discardGranularity) % logical !== 0) {
            ctx.report(`${path}.blockSize.custom.discardGranularity`, 'discardGranularity must be a multiple of the logical block size');
          }
        }
      }
    }
  },
};

export const vmiBootOrderValid: VmiSpecRule = {
  id: 'vmi-bootorder-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'bootOrder is >= 1 and unique across disks and interfaces.',
  check(v, ctx) {
    const seen = new Map<number, string>();
    // The path is only built for an item that sets a boot order.
    const visit = (item: any, list: string, i: number) => {
      if (!has(item?.bootOrder)) return;
      const path = v.at(`domain.devices.${list}[${i}]`);
      const n = Number(item.bootOrder);
      if (!(n >= 1)) return ctx.report(`${path}.bootOrder`, 'bootOrder must be 1 or more');
      if (seen.has(n)) ctx.report(`${path}.bootOrder`, `bootOrder ${n} is already used by '${seen.get(n)}'`);
      else seen.set(n, item.name);
    };
    arr(v.raw.domain?.devices?.disks).forEach((d, i) => visit(d, 'disks', i));
    arr(v.raw.domain?.devices?.interfaces).forEach((d, i) => visit(d, 'interfaces', i));
  },
};

const DRIVER_OPTIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['cache', ['none', 'writethrough', 'writeback']], ['io', ['native', 'threads']], ['errorPolicy', ['stop', 'ignore', 'report', 'enospace']],
];

export const vmiDiskDriverOptionsValid: VmiSpecRule = {
  id: 'vmi-disk-driver-options-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'cache is none/writethrough/writeback, io native/threads, errorPolicy stop/ignore/report/enospace.',
  check(v, ctx) {
    arr(v.raw.domain?.devices?.disks).forEach((d, i) => {
      for (let k = 0; k < DRIVER_OPTIONS.length; k++) {
        const [f, values] = DRIVER_OPTIONS[k];
        if (has(d?.[f]) && d[f] !== '' && !values.includes(d[f])) ctx.report(v.at(`domain.devices.disks[${i}].${f}`), `${f} ${JSON.stringify(d[f])} is invalid; use ${values.join(', ')}`);
      }
    });
  },
};

export const vmiLunRequiresPvc: VmiSpecRule = {
  id: 'vmi-lun-requires-pvc', severity: 'error', scope: 'vmiSpec',
  doc: 'A lun disk is backed by a persistentVolumeClaim or dataVolume volume.',
  check(v, ctx) {
    const vols = new Map(arr(v.spec.volumes).map((vol) => [vol?.name, vol] as const));
    arr(v.raw.domain?.devices?.disks).forEach((d, i) => {
      const vol = vols.get(d?.name);
      if (has(d?.lun) && vol && !has(vol.persistentVolumeClaim) && !has(vol.dataVolume)) {
        ctx.report(v.at(`domain.devices.disks[${i}].lun`), `LUN disk '${d.name}' must be backed by a persistentVolumeClaim or dataVolume volume`);
      }
    });
  },
};

export const vmiVolumeSingleSource: VmiSpecRule = {
  id: 'vmi-volume-single-source', severity: 'error', scope: 'vmiSpec',
  doc: 'Each volume has exactly one source.',
  check(v, ctx) {
    arr(v.spec.volumes).forEach((vol, i) => {
      const set = SOURCES.filter((s) => has(vol?.[s]));
      if (set.length !== 1) ctx.report(v.at(`volumes[${i}]`), set.length ? `volume '${vol.name}' sets ${set.join(' and ')}; exactly one source is allowed` : `volume '${vol?.name}' has no source`);
    });
  },
};

/** Per volume source, the field naming what it uses. */
const VOLUME_REFS: ReadonlyArray<readonly [string, string]> = [['dataVolume', 'name'], ['persistentVolumeClaim', 'claimName'], ['configMap', 'name'],
  ['secret', 'secretName'], ['containerDisk', 'image'], ['emptyDisk', 'capacity']];

export const vmiVolumeRefValid: VmiSpecRule = {
  id: 'vmi-volume-ref-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Volume sources name what they use (claim, DataVolume, ConfigMap, Secret, image, capacity); containerDisk.path is clean and absolute.',
  check(v, ctx) {
    arr(v.spec.volumes).forEach((vol, i) => {
      for (const [src, field] of VOLUME_REFS) {
        if (has(vol?.[src]) && !vol[src]?.[field]) ctx.report(v.at(`volumes[${i}].${src}.${field}`), `${src}.${field} is required`);
      }
      const p = vol?.containerDisk?.path;
      if (has(p) && p !== '' && !isCleanAbsolutePath(p)) ctx.report(v.at(`volumes[${i}].containerDisk.path`), 'containerDisk.path must be an absolute, clean path other than /');
    });
  },
};

export const vmiSpecialVolumesValid: VmiSpecRule = {
  id: 'vmi-special-volumes-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'hostDisk has a path and a valid type (capacity only with DiskOrCreate); at most one downwardMetrics volume, on a virtio disk.',
  check(v, ctx) {
    const dm: number[] = [];
    arr(v.spec.volumes).forEach((vol, i) => {
      const hd = obj(vol?.hostDisk);
      if (hd) {
        if (!hd.path) ctx.report(v.at(`volumes[${i}].hostDisk.path`), 'hostDisk.path is required');
        if (!['Disk', 'DiskOrCreate'].includes(hd.type)) ctx.report(v.at(`volumes[${i}].hostDisk.type`), 'hostDisk.type must be Disk or DiskOrCreate');
        if (has(hd.capacity) && hd.type !== 'DiskOrCreate') ctx.report(v.at(`volumes[${i}].hostDisk.capacity`), 'hostDisk.capacity is only allowed with type DiskOrCreate');
      }
      if (has(vol?.downwardMetrics)) dm.push(i);
    });
    if (dm.length > 1) ctx.report(v.at(`volumes[${dm[1]}]`), 'only one downwardMetrics volume is allowed');
    for (const i of dm) {
      const name = v.spec.volumes[i].name;
      const disk = arr(v.spec.domain?.devices?.disks).find((d) => d?.name === name);
      const t = disk ? target(disk) : undefined;
      if (t && (t.kind !== 'disk' || (has(t.body.bus) && t.body.bus !== 'virtio'))) {
        ctx.report(v.at(`volumes[${i}]`), `downwardMetrics volume '${name}' must be a virtio disk`);
      }
    }
  },
};

const CLOUD_INIT_KINDS = ['cloudInitNoCloud', 'cloudInitConfigDrive'] as const;
const INLINE_DATA: ReadonlyArray<readonly [string, string]> = [['userData', 'userDataBase64'], ['networkData', 'networkDataBase64']];

function isBase64(s: unknown): boolean {
  return typeof s === 'string' && s.replace(/\s/g, '').length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s/g, ''));
}

function inlineBytes(src: any, plain: string, b64: string): number | undefined {
  if (typeof src?.[plain] === 'string') return Buffer.byteLength(src[plain], 'utf8');
  if (isBase64(src?.[b64])) return Buffer.from(src[b64], 'base64').length;
  return undefined;
}

export const vmiCloudInitDataValid: VmiSpecRule = {
  id: 'vmi-cloudinit-data-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'A cloud-init volume has one user-data form and one network-data form at most, at least one of them, and valid base64.',
  check(v, ctx) {
    arr(v.spec.volumes).forEach((vol, i) => {
      for (const kind of CLOUD_INIT_KINDS) {
        const src = obj(vol?.[kind]);
        if (!src) continue;
        const at = (f: string) => v.at(`volumes[${i}].${kind}${f ? `.${f}` : ''}`);
        const user = ['userData', 'userDataBase64', 'secretRef'].filter((f) => has(src[f]) && src[f] !== '');
        const net = ['networkData', 'networkDataBase64', 'networkDataSecretRef'].filter((f) => has(src[f]) && src[f] !== '');
        if (user.length > 1) ctx.report(at(user[1]), `set only one of ${user.join(', ')}`);
        if (net.length > 1) ctx.report(at(net[1]), `set only one of ${net.join(', ')}`);
        if (user.length === 0 && net.length === 0) ctx.report(at(''), `${kind} volume '${vol.name}' needs user data or network data`);
        for (const f of ['userDataBase64', 'networkDataBase64']) {
          if (has(src[f]) && src[f] !== '' && !isBase64(src[f])) ctx.report(at(f), `${f} is not valid base64`);
        }
      }
    });
  },
};

export const vmiCloudInitSizeLimit: VmiSpecRule = {
  id: 'vmi-cloudinit-size-limit', severity: 'error', scope: 'vmiSpec',
  doc: 'Inline cloud-init user data and network data are each at most 2048 bytes.',
  check(v, ctx) {
    arr(v.spec.volumes).forEach((vol, i) => {
      for (const kind of CLOUD_INIT_KINDS) {
        const src = obj(vol?.[kind]);
        if (!src) continue;
        for (const [plain, b64] of INLINE_DATA) {
          const n = inlineBytes(src, plain, b64);
          if (n !== undefined && n > 2048) {
            ctx.report(v.at(`volumes[${i}].${kind}.${typeof src[plain] === 'string' ? plain : b64}`), `inline ${plain} is ${n} bytes, more than 2048`,
              { hint: `move it to a Secret and use ${plain === 'userData' ? 'secretRef' : 'networkDataSecretRef'}` });
          }
        }
      }
    });
  },
};

export const vmiAccessCredentialValid: VmiSpecRule = {
  id: 'vmi-access-credential-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Each accessCredentials entry has one credential type, one source and one propagation method.',
  check(v, ctx) {
    arr(v.spec.accessCredentials).forEach((c, i) => {
      const at = (p: string) => v.at(`accessCredentials[${i}]${p}`);
      const types = ['sshPublicKey', 'userPassword'].filter((t) => has(c?.[t]));
      if (types.length !== 1) { ctx.report(at(''), 'set exactly one of sshPublicKey or userPassword'); return; }
      const cred = obj(c[types[0]]) ?? {};
      const sources = Object.keys(obj(cred.source) ?? {}).filter((k) => has(cred.source[k]));
      if (sources.length !== 1) ctx.report(at(`.${types[0]}.source`), 'set exactly one credential source (secret)');
      const methods = Object.keys(obj(cred.propagationMethod) ?? {}).filter((k) => has(cred.propagationMethod[k]));
      if (methods.length !== 1) ctx.report(at(`.${types[0]}.propagationMethod`), 'set exactly one propagation method');
      const users = cred.propagationMethod?.qemuGuestAgent?.users;
      if (has(cred.propagationMethod?.qemuGuestAgent) && types[0] === 'sshPublicKey' && arr(users).length === 0) {
        ctx.report(at('.sshPublicKey.propagationMethod.qemuGuestAgent.users'), 'qemuGuestAgent propagation needs at least one user');
      }
    });
  },
};

export const vmiAccessCredentialPropagationVolume: VmiSpecRule = {
  id: 'vmi-access-credential-propagation-volume', severity: 'error', scope: 'vmiSpec',
  doc: 'noCloud propagation needs a cloudInitNoCloud volume; configDrive needs a cloudInitConfigDrive volume.',
  check(v, ctx) {
    const vols = arr(v.spec.volumes);
    const hasNoCloud = vols.some((vol) => has(vol?.cloudInitNoCloud));
    const hasConfigDrive = vols.some((vol) => has(vol?.cloudInitConfigDrive));
    arr(v.spec.accessCredentials).forEach((c, i) => {
      for (const t of ['sshPublicKey', 'userPassword']) {
        const pm = c?.[t]?.propagationMethod;
        if (has(pm?.noCloud) && !hasNoCloud) ctx.report(v.at(`accessCredentials[${i}].${t}.propagationMethod.noCloud`), 'noCloud propagation needs a cloudInitNoCloud volume');
        if (has(pm?.configDrive) && !hasConfigDrive) ctx.report(v.at(`accessCredentials[${i}].${t}.propagationMethod.configDrive`), 'configDrive propagation needs a cloudInitConfigDrive volume');
      }
    });
  },
};

export const vmiStorage = [vmiDiskVolumeNameUnique, vmiDiskNameDnsLabel, vmiDiskVolumeMatch, vmiDiskSingleTarget, vmiDiskBusValid,
  vmiCdromBusNotVirtio, vmiDiskBusConstraints, vmiDiskAttributesValid, vmiBootOrderValid, vmiDiskDriverOptionsValid, vmiLunRequiresPvc,
  vmiVolumeSingleSource, vmiVolumeRefValid, vmiSpecialVolumesValid, vmiCloudInitDataValid, vmiCloudInitSizeLimit, vmiAccessCredentialValid,
  vmiAccessCredentialPropagationVolume];
