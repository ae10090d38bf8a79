// What each policy family matches (kinds from the kind registry) and the CEL variables its
// translations may use. The variables restate the validator's views (lib/validation/engine.ts):
// the VMI spec of a VM or VMI, the DataVolume specs of a DataVolume, a VM's templates or a
// DataImportCron, so a translation reads like its TypeScript rule.
import { KindDefinition, KINDS } from '../kinds';
import { PolicyFamily } from './types';

export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

export interface FamilyScope {
  /** Rule-set keys of the kind registry the family's policies match. */
  readonly ruleSets: readonly string[];
  readonly variables: readonly CelVariable[];
}

const v = (name: string, expression: string): CelVariable => ({ name, expression });

/** The VMI spec as written (VM: spec.template.spec), with the pieces most rules read. */
const VMI_SPEC_VARIABLES: readonly CelVariable[] = [
  v('isVm', "object.kind == 'VirtualMachine'"),
  v('spec', 'variables.isVm ? object.?spec.?template.?spec.orValue({}) : object.?spec.orValue({})'),
  v('domain', 'variables.spec.?domain.orValue({})'),
  v('devices', 'variables.domain.?devices.orValue({})'),
  v('cpu', 'variables.domain.?cpu.orValue({})'),
  v('disks', 'variables.devices.?disks.orValue([])'),
  v('ifaces', 'variables.devices.?interfaces.orValue([])'),
  v('networks', 'variables.spec.?networks.orValue([])'),
  v('volumes', 'variables.spec.?volumes.orValue([])'),
  v('labels', 'variables.isVm ? object.?spec.?template.?metadata.?labels.orValue({}) : object.metadata.?labels.orValue({})'),
  v('annotations', 'variables.isVm ? object.?spec.?template.?metadata.?annotations.orValue({}) : object.metadata.?annotations.orValue({})'),
  v('hasInstancetype', 'variables.isVm && object.?spec.?instancetype.hasValue()'),
  v('hasPreference', 'variables.isVm && object.?spec.?preference.hasValue()'),
  // KubeVirt's defaulting: no networks and no interfaces (and autoattach not off) = the pod network.
  v('podDefaulted', 'size(variables.networks) == 0 && size(variables.ifaces) == 0 && variables.devices.?autoattachPodInterface.orValue(true) != false'),
  v('podNets', "variables.podDefaulted ? ['default'] : variables.networks.filter(n, has(n.pod)).map(n, n.?name.orValue(''))"),
  v('cpuReq', "string(variables.domain.?resources.?requests.?cpu.orValue(''))"),
  v('cpuLim', "string(variables.domain.?resources.?limits.?cpu.orValue(''))"),
  v('memReq', "string(variables.domain.?resources.?requests.?memory.orValue(''))"),
  v('memLim', "string(variables.domain.?resources.?limits.?memory.orValue(''))"),
  v('memGuest', "string(variables.domain.?memory.?guest.orValue(''))"),
];

/** The DataVolume specs one object carries (CDI judges each with validateDataVolumeSpec). */
const DV_SPEC_VARIABLES: readonly CelVariable[] = [
  v('dvSpecs', "object.kind == 'DataVolume' ? [object.?spec.orValue({})] : "
    + "object.kind == 'DataImportCron' ? object.?spec.?template.?spec.optMap(s, [s]).orValue([]) : "
    + 'object.?spec.?dataVolumeTemplates.orValue([]).filter(t, has(t.spec)).map(t, t.spec)'),
];

export const FAMILY_SCOPES: Readonly<Record<PolicyFamily, FamilyScope>> = {
  compute: { ruleSets: ['VirtualMachine', 'VirtualMachineInstance'], variables: VMI_SPEC_VARIABLES },
  storage: { ruleSets: ['DataVolume', 'DataImportCron', 'VirtualMachine'], variables: DV_SPEC_VARIABLES },
  flavors: {
    ruleSets: ['VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype', 'VirtualMachinePreference', 'VirtualMachineClusterPreference'],
    variables: [],
  },
  network: { ruleSets: ['NodeNetworkConfigurationPolicy', 'NetworkAttachmentDefinition'], variables: [v('ifaces', 'object.?spec.?desiredState.?interfaces.orValue([])')] },
  platform: {
    ruleSets: ['HyperConverged', 'MigrationPolicy', 'VirtualMachineSnapshot', 'VirtualMachineRestore', 'VirtualMachineClone', 'VirtualMachineExport',
      'ForkliftPlan', 'ForkliftNetworkMap'],
    variables: [],
  },
};

/** The kinds of a rule set (the registry entries whose `ruleSet` it is). */
export function kindsOfRuleSet(ruleSet: string): KindDefinition[] {
  return KINDS.filter((k) => k.ruleSet === ruleSet);
}

/** The family judging objects of a rule-set key. */
export function familyOfRuleSet(ruleSet: string): PolicyFamily | undefined {
  if (ruleSet === 'VirtualMachine') return 'compute';
  return (Object.keys(FAMILY_SCOPES) as PolicyFamily[]).find((f) => FAMILY_SCOPES[f].ruleSets.includes(ruleSet));
}
