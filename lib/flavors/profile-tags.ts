// Template metadata the profiles write and read (internal helpers; the constants are public).
import { VirtualMachineSpecBuilder } from '../compute';

/** Template-spec annotations the console and the template validator read. */
export const VM_OS_ANNOTATION = 'vm.kubevirt.io/os';
export const VM_WORKLOAD_ANNOTATION = 'vm.kubevirt.io/workload';
export const VM_FLAVOR_ANNOTATION = 'vm.kubevirt.io/flavor';
/** Template-spec label carrying the flavor name. */
export const VM_SIZE_LABEL = 'kubevirt.io/size';

/** Merges annotations and labels into the VM template metadata without dropping earlier ones. */
export function tagTemplate(spec: VirtualMachineSpecBuilder, annotations: Record<string, string>, labels: Record<string, string> = {}): void {
  spec.configure({
    templateAnnotations: { ...spec.props.templateAnnotations, ...annotations },
    templateLabels: { ...spec.props.templateLabels, ...labels },
  });
}

/** True once an OS profile marked the spec as a Windows guest. */
export function isWindowsSpec(spec: VirtualMachineSpecBuilder): boolean {
  return spec.props.templateAnnotations?.[VM_OS_ANNOTATION]?.startsWith('win') ?? false;
}

/** The workload a spec was given, if any. */
export function workloadOf(spec: VirtualMachineSpecBuilder): string | undefined {
  return spec.props.templateAnnotations?.[VM_WORKLOAD_ANNOTATION];
}
