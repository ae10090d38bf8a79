import { DiskSource } from './disk-source';
import { compact, isDnsLabel } from './quantity';

/** The bus a disk is attached to. */
export enum DiskBus {
  /** Paravirtualized; fastest, needs virtio drivers (Windows: virtio-win). */
  VIRTIO = 'virtio',
  /** SATA; works without extra drivers (Windows installers, CD-ROMs). */
  SATA = 'sata',
  /** SCSI; required for LUN passthrough. */
  SCSI = 'scsi',
  /** USB. */
  USB = 'usb',
}

/** How the guest sees a disk. */
export enum DiskDevice {
  /** A regular disk. */
  DISK = 'disk',
  /** A CD-ROM drive (ISO images); never on the virtio bus. */
  CDROM = 'cdrom',
  /** A SCSI LUN passed through from a PVC or DataVolume. */
  LUN = 'lun',
}

/** Host page-cache mode of a disk. */
export enum DiskCache {
  NONE = 'none',
  WRITETHROUGH = 'writethrough',
  WRITEBACK = 'writeback',
}

/** Host IO mode of a disk. */
export enum DiskIo {
  NATIVE = 'native',
  THREADS = 'threads',
}

/** Options of `vm.addDisk()`. */
export interface DiskOptions {
  /**
   * How the guest sees the disk.
   * @default DiskDevice.DISK
   */
  readonly device?: DiskDevice;
  /**
   * Bus of the disk.
   * @default - the VM's default disk bus (virtio unless a profile changes it); sata for CD-ROMs
   */
  readonly bus?: DiskBus;
  /**
   * Boot order (1 boots first); unique across the VM's disks and interfaces.
   * @default - not bootable by order
   */
  readonly bootOrder?: number;
  /**
   * Serial number shown to the guest (`[A-Za-z0-9_.+-]`, at most 256 characters).
   * @default - none
   */
  readonly serial?: string;
  /** @default - KubeVirt chooses (none when the storage supports direct IO) */
  readonly cache?: DiskCache;
  /** @default - KubeVirt chooses */
  readonly io?: DiskIo;
  /**
   * Give the disk its own IO thread (virtio only).
   * @default false
   */
  readonly dedicatedIoThread?: boolean;
  /**
   * Attach read-only (not for sata disks).
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * PCI address on the guest (`0000:81:01.0`, virtio only).
   * @default - assigned by libvirt
   */
  readonly pciAddress?: string;
  /**
   * Allow several VMs to share the disk (needs a shareable volume).
   * @default false
   */
  readonly shareable?: boolean;
}

/** One disk of a VM: the device side and its volume source, always named alike. */
export interface VmDisk {
  readonly name: string;
  readonly source: DiskSource;
  readonly options: DiskOptions;
}

/** Renders a `domain.devices.disks[]` entry. */
export function renderDisk(disk: VmDisk, defaultBus: DiskBus | undefined): Record<string, unknown> {
  const o = disk.options;
  const device = o.device ?? DiskDevice.DISK;
  const bus = o.bus ?? (device === DiskDevice.CDROM ? DiskBus.SATA : device === DiskDevice.LUN ? undefined : defaultBus);
  const target: Record<string, unknown> = compact({
    bus,
    readonly: o.readOnly || undefined,
    pciAddress: device === DiskDevice.DISK ? o.pciAddress : undefined,
  });
  return compact({
    name: disk.name,
    [device]: target,
    bootOrder: o.bootOrder,
    serial: o.serial,
    cache: o.cache,
    io: o.io,
    dedicatedIOThread: o.dedicatedIoThread,
    shareable: o.shareable,
  });
}

/** Construct-time checks of one disk, each message naming the field. */
export function validateDisk(disk: VmDisk, path: string, defaultBus: DiskBus | undefined): string[] {
  const errors: string[] = [];
  const o = disk.options;
  const device = o.device ?? DiskDevice.DISK;
  const bus = renderDisk(disk, defaultBus)[device] as { bus?: string };
  if (!isDnsLabel(disk.name)) {
    errors.push(`${path}.name: '${disk.name}' must be a DNS label (lowercase alphanumerics and '-', at most 63) [vmi-disk-name-dns-label]`);
  }
  if (device === DiskDevice.CDROM && bus.bus === DiskBus.VIRTIO) {
    errors.push(`${path}.cdrom.bus: a CD-ROM cannot use the virtio bus; use sata or scsi [vmi-cdrom-bus-not-virtio]`);
  }
  if (device === DiskDevice.DISK && bus.bus === DiskBus.SATA && o.readOnly) {
    errors.push(`${path}.disk.readonly: a sata disk cannot be read-only; use a CD-ROM or another bus [vmi-disk-bus-constraints]`);
  }
  if (o.dedicatedIoThread && (device !== DiskDevice.DISK || (bus.bus ?? DiskBus.VIRTIO) !== DiskBus.VIRTIO)) {
    errors.push(`${path}.dedicatedIOThread: only virtio disks can have a dedicated IO thread [vmi-disk-bus-constraints]`);
  }
  if (o.pciAddress !== undefined) {
    if (device !== DiskDevice.DISK || (bus.bus ?? DiskBus.VIRTIO) !== DiskBus.VIRTIO) {
      errors.push(`${path}.disk.pciAddress: a PCI address needs a virtio disk [vmi-disk-attributes-valid]`);
    } else if (!/^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-1][0-9a-fA-F]\.[0-7]$/.test(o.pciAddress)) {
      errors.push(`${path}.disk.pciAddress: '${o.pciAddress}' is not a PCI address like 0000:81:01.0 [vmi-disk-attributes-valid]`);
    }
  }
  if (o.serial !== undefined && (o.serial.length > 256 || !/^[A-Za-z0-9_.+-]+$/.test(o.serial))) {
    errors.push(`${path}.serial: '${o.serial}' may use only [A-Za-z0-9_.+-], at most 256 characters [vmi-disk-attributes-valid]`);
  }
  if (device === DiskDevice.LUN && !disk.source.claimBacked) {
    errors.push(`${path}.lun: a LUN needs a persistentVolumeClaim or dataVolume volume, not ${disk.source.kind} [vmi-lun-requires-pvc]`);
  }
  if (o.bootOrder !== undefined && (!Number.isInteger(o.bootOrder) || o.bootOrder < 1)) {
    errors.push(`${path}.bootOrder: must be an integer >= 1, got ${o.bootOrder} [vmi-bootorder-valid]`);
  }
  const hostDisk = disk.source._hostDisk;
  if (hostDisk && hostDisk.hasCapacity && hostDisk.type !== 'DiskOrCreate') {
    errors.push(`${path}: hostDisk capacity is only allowed with type DiskOrCreate [vmi-special-volumes-valid]`);
  }
  return errors;
}
