// What an OS profile gives a VirtualMachineTemplate: its workload and flavor (the OS's default
// variant), its built-in parameters, and the labels of the VMs made from it.
import { Flavor, OsProfile, WorkloadProfile } from '../flavors';
import { TemplateParameter } from './template-parameter';

/** Namespace common golden images live in. */
export const DEFAULT_DATA_SOURCE_NAMESPACE = 'kubevirt-os-images';

/** The workload of the OS's default variant. */
export function variantWorkload(os: OsProfile): WorkloadProfile {
  const name = os.defaultVariant.workload;
  return name === 'desktop' ? WorkloadProfile.DESKTOP : name === 'highperformance' ? WorkloadProfile.HIGH_PERFORMANCE : WorkloadProfile.SERVER;
}

/** The flavor of the OS's default variant. */
export function variantFlavor(os: OsProfile): Flavor {
  return ({ tiny: Flavor.TINY, small: Flavor.SMALL, medium: Flavor.MEDIUM, large: Flavor.LARGE } as Record<string, Flavor>)[os.defaultVariant.flavor];
}

/** What the built-in parameters default to (the template's props). */
export interface OsParameterOptions {
  readonly dataSourceName?: string;
  readonly dataSourceNamespace?: string;
  /** Whether the template has the Secret-backed cloud-init disk (`CLOUD_USER_PASSWORD`). */
  readonly cloudUserPassword: boolean;
}

/** The common-templates parameters: NAME, DATA_SOURCE_NAME/NAMESPACE and (with the password disk) CLOUD_USER_PASSWORD. */
export function osParameters(os: OsProfile, options: OsParameterOptions): TemplateParameter[] {
  const params: TemplateParameter[] = [
    { name: 'NAME', description: 'VM name', generate: 'expression', from: `${os.name}-[a-z0-9]{${os.isWindows ? 6 : 16}}` },
    { name: 'DATA_SOURCE_NAME', description: 'Name of the DataSource to clone', value: options.dataSourceName ?? os.definition.dataSourceName },
    { name: 'DATA_SOURCE_NAMESPACE', description: 'Namespace of the DataSource', value: options.dataSourceNamespace ?? DEFAULT_DATA_SOURCE_NAMESPACE },
  ];
  if (options.cloudUserPassword) {
    params.push({ name: 'CLOUD_USER_PASSWORD', description: 'Randomized password for the cloud-init user', generate: 'expression', from: '[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}' });
  }
  return params;
}

/** The labels of a VM made from the template `template` (release `version`): the template's and the profiles'. */
export function osVmLabels(template: string, version: string, os: OsProfile, workload: WorkloadProfile, flavor: Flavor): Record<string, string> {
  return {
    'vm.kubevirt.io/template': template,
    'vm.kubevirt.io/template.version': version,
    'vm.kubevirt.io/template.revision': '1',
    ...os.labels, ...workload.labels, ...flavor.labels,
  };
}
