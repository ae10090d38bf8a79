// Devices the cluster lets VMs pass through (HyperConverged `spec.permittedHostDevices`); a VM's
// `Gpu.of(name)` / `HostDevice.of(name)` names one of these resource names.

/** A PCI device (a whole GPU, an NVMe drive...) by vendor:device ID. */
export interface PermittedPciDevice {
  /** `vendor:device` PCI ID, e.g. `10DE:2236`. */
  readonly pciDeviceSelector: string;
  /** Resource name VMs ask for, e.g. `nvidia.com/GA102GL_A10`. */
  readonly resourceName: string;
  /**
   * A device plugin other than KubeVirt's advertises it (e.g. NVIDIA's GPU operator).
   * @default false
   */
  readonly externalResourceProvider?: boolean;
}

/** A mediated device (a vGPU slice) by mdev type name. */
export interface PermittedMediatedDevice {
  /** mdev type name, e.g. `NVIDIA A10-4Q`. */
  readonly mdevNameSelector: string;
  /** Resource name VMs ask for, e.g. `nvidia.com/NVIDIA_A10-4Q`. */
  readonly resourceName: string;
  /** @default false */
  readonly externalResourceProvider?: boolean;
}

/** Host devices VMs may use. */
export interface PermittedHostDevices {
  /** @default - none */
  readonly pciHostDevices?: PermittedPciDevice[];
  /** @default - none */
  readonly mediatedDevices?: PermittedMediatedDevice[];
}

/** The `spec.permittedHostDevices` object. */
export function renderPermittedHostDevices(p: PermittedHostDevices): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.pciHostDevices?.length) out.pciHostDevices = p.pciHostDevices.map((d) => ({ ...d }));
  if (p.mediatedDevices?.length) out.mediatedDevices = p.mediatedDevices.map((d) => ({ ...d }));
  return out;
}
