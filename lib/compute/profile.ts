import { VirtualMachineSpecBuilder } from './spec-builder';

/**
 * A reusable change to a VM's hardware: a workload profile (server, desktop, high performance),
 * an OS profile (Windows: Hyper-V, EFI, SATA, e1000e)... It receives the VM's spec builder, so
 * the same profile serves a `VirtualMachine` and a template that embeds a VM spec.
 * Profiles run when applied; settings passed later (props, `configure()`) override them.
 */
export interface IVirtualMachineProfile {
  applyTo(spec: VirtualMachineSpecBuilder): void;
}

/** The profiles a VM (or a pool's VMs) starts from. */
export interface VirtualMachineProfileOptions {
  /**
   * The guest OS profile (e.g. `OsProfile.RHEL_9`, `OsProfile.WINDOWS_2K22`): firmware, buses,
   * NIC model, Hyper-V features as common-templates set them for that OS.
   * @default - none
   */
  readonly os?: IVirtualMachineProfile;
  /**
   * The workload profile (e.g. `WorkloadProfile.SERVER`): IO threads, emulator thread, tablet...
   * @default - none
   */
  readonly workload?: IVirtualMachineProfile;
  /**
   * The legacy flavor (e.g. `Flavor.SMALL`: 1 vCPU, 2 GiB); use `instancetype` on clusters with
   * the instancetype API.
   * @default - none
   */
  readonly flavor?: IVirtualMachineProfile;
  /**
   * More profiles, applied after `os`, `workload` and `flavor`; all profiles apply before the
   * other props, which win.
   * @default - none
   */
  readonly profiles?: IVirtualMachineProfile[];
}

/** A spec builder configured from props: the profiles first, then the props, which win. */
export function buildSpec<P extends VirtualMachineProfileOptions>(props: P, omit: ReadonlyArray<keyof P>): VirtualMachineSpecBuilder {
  const { os, workload, flavor, profiles } = props;
  const spec = new VirtualMachineSpecBuilder();
  for (const profile of [os, workload, flavor, ...(profiles ?? [])]) profile?.applyTo(spec);
  const rest: Record<string, unknown> = { ...props as object };
  for (const key of ['os', 'workload', 'flavor', 'profiles', ...omit]) delete rest[key as string];
  spec.configure(rest);
  return spec;
}
