// GPUs and other host devices passed through to the guest (`domain.devices.gpus` / `hostDevices`).
import { compact } from '../../core/compact';

/** Options of a passed-through device. */
export interface PassthroughDeviceOptions {
  /**
   * Name of the device in the VM spec (an RFC 1123 label, unique among the VM's devices).
   * @default - derived from the device name, e.g. `gpu-0`, `hostdevice-0`
   */
  readonly name?: string;
  /**
   * Tag the guest sees on the device (lets the guest find it by role, through the metadata service).
   * @default - none
   */
  readonly tag?: string;
}

/** Options of a virtual GPU's display. */
export interface VirtualGpuDisplayOptions {
  /**
   * Use the vGPU as the VM's display (VNC shows the vGPU's framebuffer).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Boot display through a RAM framebuffer (at most one display per VM may use it).
   * @default true
   */
  readonly ramFb?: boolean;
}

/** Options of a GPU. */
export interface GpuOptions extends PassthroughDeviceOptions {
  /**
   * Display options of a mediated (vGPU) device.
   * @default - KubeVirt's default (no vGPU display)
   */
  readonly display?: VirtualGpuDisplayOptions;
}

/**
 * A GPU passed through to the guest: a whole PCI GPU or a mediated vGPU slice, by the resource
 * name the cluster's KubeVirt permits (`permittedHostDevices`), e.g. `nvidia.com/GA102GL_A10`.
 */
export class Gpu {
  /** A GPU by its permitted resource name. */
  public static of(deviceName: string, options: GpuOptions = {}): Gpu {
    return new Gpu(deviceName, options);
  }

  private constructor(public readonly deviceName: string, public readonly options: GpuOptions) {}

  /** The `domain.devices.gpus[]` entry. */
  public render(defaultName: string): Record<string, unknown> {
    const display = this.options.display;
    return compact({
      name: this.options.name ?? defaultName,
      deviceName: this.deviceName,
      tag: this.options.tag,
      virtualGPUOptions: display ? {
        display: compact({
          enabled: display.enabled,
          ramFB: display.ramFb === undefined ? undefined : { enabled: display.ramFb },
        }),
      } : undefined,
    });
  }
}

/**
 * A PCI or USB host device passed through to the guest (an NVMe drive, an FPGA, a USB dongle),
 * by the resource name the cluster's KubeVirt permits, e.g. `intel.com/qat`.
 */
export class HostDevice {
  /** A host device by its permitted resource name. */
  public static of(deviceName: string, options: PassthroughDeviceOptions = {}): HostDevice {
    return new HostDevice(deviceName, options);
  }

  private constructor(public readonly deviceName: string, public readonly options: PassthroughDeviceOptions) {}

  /** The `domain.devices.hostDevices[]` entry. */
  public render(defaultName: string): Record<string, unknown> {
    return compact({ name: this.options.name ?? defaultName, deviceName: this.deviceName, tag: this.options.tag });
  }
}
