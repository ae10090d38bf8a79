// VMI spec disk and volume rules (catalog section 4).
import { VmiSpecRule } from './types';
import { gateEnabled } from '../config/feature-gates';
import { arr, has, isDnsLabel, obj, PCI_ADDRESS, sameValueZero } from './util';
import { TARGETS, diskPath, earlierName, hasNamed, specDisks, targetBody, targetKind, writtenDisks } from './vmi-disks';
import { vmiAccessCredentialPropagationVolume, vmiAccessCredentialValid, vmiCloudInitDataValid, vmiCloudInitSizeLimit, vmiSpecialVolumesValid,
  vmiVolumeRefValid } from './vmi-volumes';

const BUSES = ['virtio', 'sata', 'scsi', 'usb'];
const SOURCES = ['containerDisk', 'dataVolume', 'persistentVolumeClaim', 'cloudInitNoCloud', 'cloudInitConfigDrive', 'emptyDisk',
  'ephemeral', 'hostDisk', 'configMap', 'secret', 'serviceAccount', 'downwardAPI', 'downwardMetrics', 'sysprep', 'memoryDump', 'containerPath'];

export const vmiDiskVolumeNameUnique: VmiSpecRule = {
  id: 'vmi-disk-volume-name-unique', severity: 'error', scope: 'vmiSpec',
  doc: 'Disk names are unique, and volume names are unique.',
  check(v, ctx) {
    const disks = arr(v.raw.domain?.devices?.disks);
    for (let i = 0; i < disks.length; i++) {
      if (earlierName(disks, i) >= 0) ctx.report(v.at(`domain.devices.disks[${i}].name`), `disk name '${disks[i].name}' is used more than once`);
    }
    const vols = arr(v.spec.volumes);
    for (let i = 0; i < vols.length; i++) {
      if (earlierName(vols, i) >= 0) ctx.report(v.at(`volumes[${i}].name`), `volume name '${vols[i].name}' is used more than once`);
    }
  },
};

export const vmiDiskNameDnsLabel: VmiSpecRule = {
  id: 'vmi-disk-name-dns-label', severity: 'error', scope: 'vmiSpec',
  doc: 'Disk names (and the names of volumes backing disks) are RFC 1123 labels.',
  check(v, ctx) {
    const disks = specDisks(v);
    for (let i = 0; i < disks.length; i++) {
      const disk = disks[i];
      if (typeof disk?.name === 'string' && !isDnsLabel(disk.name)) {
        ctx.report(`${diskPath(v, disks, i)}.name`, `disk name '${disk.name}' must be an RFC 1123 label (lowercase alphanumerics and '-', at most 63)`);
      }
    }
  },
};

export const vmiDiskVolumeMatch: VmiSpecRule = {
  id: 'vmi-disk-volume-match', severity: 'error', scope: 'vmiSpec',
  doc: 'Every disk has a volume of the same name (a volume without a disk gets a default disk).',
  check(v, ctx) {
    const vols = arr(v.spec.volumes);
    arr(v.raw.domain?.devices?.disks).forEach((d, i) => {
      // A disk without a (string) name is the schema's finding: the real cause, not a missing volume.
      if (typeof d?.name !== 'string' || hasNamed(vols, d.name)) return;
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
    const disks = arr(v.raw.domain?.devices?.disks);
    for (let i = 0; i < disks.length; i++) {
      const d = disks[i];
      let count = 0;
      for (let t = 0; t < TARGETS.length; t++) if (has(d?.[TARGETS[t]])) count++;
      if (count > 1) {
        const set = TARGETS.filter((t) => has(d?.[t]));
        ctx.report(v.at(`domain.devices.disks[${i}]`), `disk '${d.name}' sets ${set.join(' and ')}; only one device type is allowed`);
      }
    }
  },
};

export const vmiDiskBusValid: VmiSpecRule = {
  id: 'vmi-disk-bus-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Disk, LUN and CD-ROM bus is virtio, sata, scsi or usb.',
  check(v, ctx) {
    const disks = specDisks(v);
    const written = Math.min(writtenDisks(v), disks.length);
    for (let i = 0; i < written; i++) {
      const kind = targetKind(disks[i]);
      const body = targetBody(disks[i], kind);
      if (has(body.bus) && body.bus !== '' && !BUSES.includes(body.bus)) {
        ctx.report(`${diskPath(v, disks, i)}.${kind}.bus`, `bus ${JSON.stringify(body.bus)} is not supported; use virtio, sata, scsi or usb`, body.bus === 'ide' ? { hint: 'ide is not available on q35; use sata' } : undefined);
      }
    }
  },
};

export const vmiCdromBusNotVirtio: VmiSpecRule = {
  id: 'vmi-cdrom-bus-not-virtio', severity: 'error', scope: 'vmiSpec',
  doc: 'A CD-ROM cannot use the virtio bus.',
  check(v, ctx) {
    const disks = specDisks(v);
    for (let i = 0; i < disks.length; i++) {
      const disk = disks[i];
      if (disk?.cdrom?.bus === 'virtio') ctx.report(`${diskPath(v, disks, i)}.cdrom.bus`, `CD-ROM '${disk.name}' cannot use the virtio bus`, { hint: 'use sata or scsi' });
    }
  },
};

export const vmiDiskBusConstraints: VmiSpecRule = {
  id: 'vmi-disk-bus-constraints', severity: 'error', scope: 'vmiSpec',
  doc: 'A sata disk cannot be readonly; dedicatedIOThread only on virtio disks.',
  check(v, ctx) {
    const disks = specDisks(v);
    for (let i = 0; i < disks.length; i++) {
      const disk = disks[i];
      const kind = targetKind(disk);
      const body = targetBody(disk, kind);
      if (kind === 'disk' && body.bus === 'sata' && body.readonly === true) ctx.report(`${diskPath(v, disks, i)}.disk.readonly`, `disk '${disk.name}' on the sata bus cannot be readonly`);
      if (disk?.dedicatedIOThread === true && kind === 'disk' && has(body.bus) && body.bus !== 'virtio') {
        ctx.report(`${diskPath(v, disks, i)}.dedicatedIOThread`, `dedicatedIOThread needs the virtio bus, disk '${disk.name}' uses ${body.bus}`);
      }
      if (disk?.dedicatedIOThread === true && kind !== 'disk') ctx.report(`${diskPath(v, disks, i)}.dedicatedIOThread`, `dedicatedIOThread is only for virtio disks, not ${kind}`);
    }
  },
};

const isPow2 = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

export const vmiDiskAttributesValid: VmiSpecRule = {
  id: 'vmi-disk-attributes-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'pciAddress only on virtio and well-formed; serial charset and length; custom blockSize constraints.',
  check(v, ctx) {
    const disks = specDisks(v);
    const written = Math.min(writtenDisks(v), disks.length);
    for (let i = 0; i < written; i++) {
      const disk = disks[i];
      const kind = targetKind(disk);
      const body = targetBody(disk, kind);
      // Paths only for a disk that sets one of the fields checked here.
      if (!has(body.pciAddress) && !has(disk.serial) && !obj(disk.blockSize)) continue;
      const path = diskPath(v, disks, i);
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
    // The map is made for a second boot order, the path only for a finding.
    let first: number | undefined;
    let firstName: unknown;
    let seen: Map<number, unknown> | undefined;
    const visit = (item: any, list: string, i: number) => {
      if (!has(item?.bootOrder)) return;
      const n = Number(item.bootOrder);
      if (!(n >= 1)) return ctx.report(`${v.at(`domain.devices.${list}[${i}]`)}.bootOrder`, 'bootOrder must be 1 or more');
      if (first === undefined) {
        first = n;
        firstName = item.name;
        return;
      }
      if (seen === undefined) seen = new Map([[first, firstName]]);
      if (seen.has(n)) ctx.report(`${v.at(`domain.devices.${list}[${i}]`)}.bootOrder`, `bootOrder ${n} is already used by '${seen.get(n)}'`);
      else seen.set(n, item.name);
    };
    const disks = arr(v.raw.domain?.devices?.disks);
    for (let i = 0; i < disks.length; i++) visit(disks[i], 'disks', i);
    const interfaces = arr(v.raw.domain?.devices?.interfaces);
    for (let i = 0; i < interfaces.length; i++) visit(interfaces[i], 'interfaces', i);
  },
};

const DRIVER_OPTIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['cache', ['none', 'writethrough', 'writeback']], ['io', ['native', 'threads']], ['errorPolicy', ['stop', 'ignore', 'report', 'enospace']],
];

export const vmiDiskDriverOptionsValid: VmiSpecRule = {
  id: 'vmi-disk-driver-options-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'cache is none/writethrough/writeback, io native/threads, errorPolicy stop/ignore/report/enospace.',
  check(v, ctx) {
    const disks = arr(v.raw.domain?.devices?.disks);
    for (let i = 0; i < disks.length; i++) {
      const d = disks[i];
      for (let k = 0; k < DRIVER_OPTIONS.length; k++) {
        const f = DRIVER_OPTIONS[k][0];
        const values = DRIVER_OPTIONS[k][1];
        if (has(d?.[f]) && d[f] !== '' && !values.includes(d[f])) ctx.report(v.at(`domain.devices.disks[${i}].${f}`), `${f} ${JSON.stringify(d[f])} is invalid; use ${values.join(', ')}`);
      }
    }
  },
};

export const vmiLunRequiresPvc: VmiSpecRule = {
  id: 'vmi-lun-requires-pvc', severity: 'error', scope: 'vmiSpec',
  doc: 'A lun disk is backed by a persistentVolumeClaim or dataVolume volume.',
  check(v, ctx) {
    const disks = arr(v.raw.domain?.devices?.disks);
    for (let i = 0; i < disks.length; i++) {
      const d = disks[i];
      if (!has(d?.lun)) continue;
      // The last volume of that name (as a map by name would hold).
      const vols = arr(v.spec.volumes);
      let vol: any;
      for (let k = 0; k < vols.length; k++) if (sameValueZero(vols[k]?.name, d.name)) vol = vols[k];
      if (vol && !has(vol.persistentVolumeClaim) && !has(vol.dataVolume)) {
        ctx.report(v.at(`domain.devices.disks[${i}].lun`), `LUN disk '${d.name}' must be backed by a persistentVolumeClaim or dataVolume volume`);
      }
    }
  },
};

export const vmiVolumeSingleSource: VmiSpecRule = {
  id: 'vmi-volume-single-source', severity: 'error', scope: 'vmiSpec',
  doc: 'Each volume has exactly one source.',
  check(v, ctx) {
    const vols = arr(v.spec.volumes);
    for (let i = 0; i < vols.length; i++) {
      const vol = vols[i];
      let count = 0;
      for (let s = 0; s < SOURCES.length; s++) if (has(vol?.[SOURCES[s]])) count++;
      if (count === 1) continue;
      const set = SOURCES.filter((s) => has(vol?.[s]));
      ctx.report(v.at(`volumes[${i}]`), set.length ? `volume '${vol.name}' sets ${set.join(' and ')}; exactly one source is allowed` : `volume '${vol?.name}' has no source`);
    }
  },
};

export const vmiStorage = [vmiDiskVolumeNameUnique, vmiDiskNameDnsLabel, vmiDiskVolumeMatch, vmiDiskSingleTarget, vmiDiskBusValid,
  vmiCdromBusNotVirtio, vmiDiskBusConstraints, vmiDiskAttributesValid, vmiBootOrderValid, vmiDiskDriverOptionsValid, vmiLunRequiresPvc,
  vmiVolumeSingleSource, vmiVolumeRefValid, vmiSpecialVolumesValid, vmiCloudInitDataValid, vmiCloudInitSizeLimit, vmiAccessCredentialValid,
  vmiAccessCredentialPropagationVolume];
