// The VM checks that need typed construct state. Everything the rendered VM shows is checked by
// the validator's rules (KubeVirtResource runs them on the rendered object), with their ids.
import { constructCheck } from '../core/construct-checks';
import { validateDataVolumeSpec } from '../storage';
import type { VmDisk } from './disk';
import { InterfaceBinding, VmInterface } from './interface';
import { HOTPLUGGABLE_VOLUME_KINDS } from './live-update';
import { duplicates } from './quantity';
import type { VirtualMachineSpecProps } from './spec-props';

/** What the checks read of a VirtualMachineSpecBuilder (declared here so this module does not import the builder that calls it). */
export interface SpecCheckInput {
  readonly props: VirtualMachineSpecProps;
  readonly disks: readonly VmDisk[];
  readonly effectiveInterfaces: readonly VmInterface[];
}

const D = 'spec.template.spec.domain';

export function validateSpec(b: SpecCheckInput, ctx: { readonly name: string }): string[] {
  const errors: string[] = [];
  const names: string[] = [];
  b.disks.filter((d) => d.source.template).forEach((d, i) => {
    const props = d.source.template!;
    names.push(props.name ?? `${ctx.name}-${d.name}`);
    errors.push(...validateDataVolumeSpec(props, `spec.dataVolumeTemplates[${i}].spec`));
  });
  for (const name of duplicates(names)) {
    errors.push(constructCheck('spec.dataVolumeTemplates', `DataVolume name '${name}' is used twice`, 'construct-dv-template-name-unique'));
  }
  b.disks.forEach((d) => {
    if (d.options.hotpluggable && !HOTPLUGGABLE_VOLUME_KINDS.includes(d.source.kind)) {
      errors.push(constructCheck(`spec.template.spec.volumes (disk '${d.name}')`, `a ${d.source.kind} volume cannot be hot-plugged; use a DataVolume or a PVC`, 'construct-hotplug-volume-kind'));
    }
  });
  b.effectiveInterfaces.forEach((iface, i) => {
    const { nic } = iface;
    const path = `${D}.devices.interfaces[${i}]`;
    if (nic.ports && nic.ports.length > 0 && nic.binding !== InterfaceBinding.MASQUERADE) {
      errors.push(constructCheck(`${path}.ports`, 'port forwarding is only meaningful with the masquerade binding', 'construct-interface-ports-masquerade'));
    }
    if (nic.binding === InterfaceBinding.SRIOV && nic.network.isPod) {
      errors.push(constructCheck(`${path}.sriov`, 'the SR-IOV binding needs an SR-IOV Multus network, not the pod network', 'construct-nad-binding-match'));
    }
    const supported = nic.network.attachment?.supportedBinding;
    const kind = nic.binding === InterfaceBinding.PLUGIN ? 'binding-plugin' : nic.binding === InterfaceBinding.PASST ? 'passt' : nic.binding;
    if (nic.binding === InterfaceBinding.PLUGIN && !nic.pluginName) {
      errors.push(constructCheck(`${path}.binding.name`, 'InterfaceBinding.PLUGIN needs a pluginName', 'construct-interface-plugin-name'));
    }
    if (supported !== undefined && supported !== 'binding-plugin' && supported !== kind) {
      errors.push(constructCheck(`${path}.${nic.binding}`, `network spec.template.spec.networks[${i}] ('${nic.network.multusNetworkName}') takes the '${supported}' binding`, 'construct-nad-binding-match'));
    }
  });
  return errors;
}

/** Construct-time warnings that need typed state: claims owned by other constructs. */
export function specWarnings(b: SpecCheckInput): string[] {
  if (b.props.evictionStrategy !== 'LiveMigrate') return [];
  const out: string[] = [];
  b.disks.forEach((d) => {
    const modes = d.source.template ? undefined : d.source.accessModes;
    if (modes && modes.length > 0 && !modes.includes('ReadWriteMany')) {
      out.push(constructCheck(`spec.template.spec.volumes (disk '${d.name}')`,
        `with evictionStrategy LiveMigrate its claim needs ReadWriteMany, not ${modes.join(', ')}`, 'construct-livemigrate-claim-rwx'));
    }
  });
  return out;
}
