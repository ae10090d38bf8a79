import { compact } from '../core/compact';
import { DiskSource } from './disk-source';

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
  /**
   * Attach and detach the volume while the VM runs (`hotpluggable` on its DataVolume or PVC volume;
   * `vm.addHotplugVolume()` sets it).
   * @default false
   */
  readonly hotpluggable?: boolean;
}

/** Options of `vm.addVolume()`. */
export interface VolumeOptions {
  /**
   * Attach and detach the volume while the VM runs (DataVolume and PVC volumes only).
   * @default false
   */
  readonly hotpluggable?: boolean;
}

/** One disk of a VM: the device side and its volume source, always named alike. */
export interface VmDisk {
  readonly name: string;
  readonly source: DiskSource;
  readonly options: DiskOptions;
  /**
   * True for a volume added with `addVolume()`: it has no `disks[]` entry (KubeVirt gives it a
   * disk of its name, on the virtio bus, when the VM starts).
   * @default false
   */
  readonly volumeOnly?: boolean;
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

