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
