// The VM's device lists added with addX() and the renderer that merges every device option into
// the VM's `domain.devices` and `volumes`.
import { IConstruct } from 'constructs';
import { compact } from '../../core/compact';
import { FilesystemSource, VmFilesystem } from './filesystem';
import { VirtualMachineDeviceOptions } from './options';
import { Gpu, HostDevice } from './passthrough';

/** What the devices add to the VM spec. */
export interface RenderedDevices {
  /** Fields of `domain.devices`. */
  readonly devices: Record<string, unknown>;
  /** `volumes[]` entries of the filesystems. */
  readonly volumes: Record<string, unknown>[];
}

/** GPUs, host devices and virtiofs filesystems added to a VM, plus the renderer of every device option. */
export class VmDevices {
  private readonly _gpus: Gpu[] = [];
  private readonly _hostDevices: HostDevice[] = [];
  private readonly _filesystems: VmFilesystem[] = [];

  public get gpus(): readonly Gpu[] { return this._gpus; }
  public get hostDevices(): readonly HostDevice[] { return this._hostDevices; }
  public get filesystems(): readonly VmFilesystem[] { return this._filesystems; }

  public addGpu(gpu: Gpu): this {
    this._gpus.push(gpu);
    return this;
  }

  public addHostDevice(device: HostDevice): this {
    this._hostDevices.push(device);
    return this;
  }

  public addFilesystem(name: string, source: FilesystemSource): this {
    this._filesystems.push({ name, source });
    return this;
  }

  /** Constructs the VM must be applied after (ConfigMaps, Secrets, claims of filesystems). */
  public get dependencies(): IConstruct[] {
    return this._filesystems.flatMap((f) => [...f.source.dependencies]);
  }

  /** Renders the props' devices followed by the added ones. */
  public render(p: VirtualMachineDeviceOptions): RenderedDevices {
    const gpus = [...p.gpus ?? [], ...this._gpus].map((g, i) => g.render(`gpu-${i}`));
    const hostDevices = [...p.hostDevices ?? [], ...this._hostDevices].map((d, i) => d.render(`hostdevice-${i}`));
    const devices = compact({
      gpus: gpus.length > 0 ? gpus : undefined,
      hostDevices: hostDevices.length > 0 ? hostDevices : undefined,
      filesystems: this._filesystems.length > 0 ? this._filesystems.map((f) => ({ name: f.name, virtiofs: {} })) : undefined,
      watchdog: p.watchdog?.render(),
      sound: p.sound ? { name: p.sound.name ?? 'sound', model: p.sound.model ?? 'ich9' } : undefined,
      autoattachVSOCK: p.vsock,
      clientPassthrough: p.usbRedirection ? {} : undefined,
      downwardMetrics: p.downwardMetrics ? {} : undefined,
    });
    return { devices, volumes: this._filesystems.map((f) => f.source.renderVolume(f.name)) };
  }
}

/** The `domain.cpu.realtime` object. */
export function renderRealtime(realtime: VirtualMachineDeviceOptions['realtime']): Record<string, unknown> | undefined {
  if (realtime === undefined || realtime === false) return undefined;
  return realtime === true ? {} : compact({ mask: realtime.mask });
}
