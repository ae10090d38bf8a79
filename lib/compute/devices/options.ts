// The VM's optional devices as props: what `VirtualMachineComputeOptions` adds for them.
import { Gpu, HostDevice } from './passthrough';
import { Watchdog } from './watchdog';

/** Emulated sound card model. */
export enum SoundModel {
  /** Intel HD Audio (KubeVirt's default). */
  ICH9 = 'ich9',
  /** AC'97, for old guests. */
  AC97 = 'ac97',
}

/** A sound card (not on arm64). */
export interface SoundDevice {
  /** @default SoundModel.ICH9 */
  readonly model?: SoundModel;
  /** @default 'sound' */
  readonly name?: string;
}

/** Real-time tuning of the vCPUs (needs dedicated CPU placement, NUMA passthrough and hugepages). */
export interface RealtimeOptions {
  /**
   * vCPUs to run with a real-time scheduler, as a libvirt CPU set, e.g. `0-3,^1`.
   * @default - all vCPUs
   */
  readonly mask?: string;
}

/** Optional virtual devices of the VM. GPUs, host devices and filesystems also have `addX()` mutators. */
export interface VirtualMachineDeviceOptions {
  /**
   * GPUs passed through to the guest.
   * @default - none
   */
  readonly gpus?: Gpu[];
  /**
   * PCI/USB host devices passed through to the guest (needs the HostDevices feature gate).
   * @default - none
   */
  readonly hostDevices?: HostDevice[];
  /** @default - no watchdog */
  readonly watchdog?: Watchdog;
  /** @default - no sound card */
  readonly sound?: SoundDevice;
  /**
   * Attach a virtio-vsock device, so host services reach the guest without a network (needs the VSOCK feature gate).
   * @default false
   */
  readonly vsock?: boolean;
  /**
   * Let a client (`virtctl usbredir`) redirect its USB devices into the guest.
   * @default false
   */
  readonly usbRedirection?: boolean;
  /**
   * Expose host and VM metrics to the guest over a virtio-serial port (needs the DownwardMetrics feature gate).
   * @default false
   */
  readonly downwardMetrics?: boolean;
  /**
   * Tune the vCPUs for real-time workloads; `true` for all vCPUs.
   * @default - no real-time tuning
   */
  readonly realtime?: RealtimeOptions | boolean;
}
