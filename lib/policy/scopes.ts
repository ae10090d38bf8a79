// What each generated policy matches and the CEL variables its translations may use. A policy
// targets kinds of one schema (a VM, a VMI, the two instancetype kinds...), so the apiserver can
// type-check every expression against that CRD schema. The variables restate the validator's
// views (lib/validation/engine.ts): the VMI spec of a VM or VMI, the DataVolume specs of a
// DataVolume, a VM's templates or a DataImportCron, so a translation reads like its TypeScript rule.
import { KindDefinition, KINDS } from '../kinds';
import { PolicyFamily } from './types';

export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

/** One policy (per severity): a family's rules on some kinds. */
export interface PolicyTarget {
  readonly family: PolicyFamily;
  /** Name part of the policy (`<prefix>-<family>-<slug>`). */
  readonly slug: string;
  /** Rule-set keys of the kind registry it matches (kinds sharing one schema). */
  readonly ruleSets: readonly string[];
  /** The spec-scoped rules it carries besides its kinds' object rules. @default - none */
  readonly specScope?: 'vmiSpec' | 'dvSpec';
  readonly variables: readonly CelVariable[];
}

const v = (name: string, expression: string): CelVariable => ({ name, expression });

/** The VMI spec as written (a VM's spec.template.spec), with the pieces most rules read. */
function vmiSpecVariables(vm: boolean): CelVariable[] {
  return [
    v('spec', vm ? 'object.spec.?template.?spec.orValue(dyn({}))' : 'object.?spec.orValue(dyn({}))'),
    v('domain', 'variables.spec.?domain.orValue(dyn({}))'),
    v('devices', 'variables.domain.?devices.orValue(dyn({}))'),
    v('cpu', 'variables.domain.?cpu.orValue(dyn({}))'),
    v('disks', 'variables.devices.?disks.orValue([])'),
    v('ifaces', 'variables.devices.?interfaces.orValue([])'),
    v('networks', 'variables.spec.?networks.orValue([])'),
    v('volumes', 'variables.spec.?volumes.orValue([])'),
    v('labels', vm ? 'object.spec.?template.?metadata.?labels.orValue({})' : 'object.metadata.?labels.orValue({})'),
    v('annotations', vm ? 'object.spec.?template.?metadata.?annotations.orValue({})' : 'object.metadata.?annotations.orValue({})'),
    v('hasInstancetype', vm ? 'has(object.spec.instancetype)' : 'false'),
    v('hasPreference', vm ? 'has(object.spec.preference)' : 'false'),
    v('runStrategy', vm ? "object.spec.?runStrategy.orValue('')" : "''"),
    // KubeVirt's defaulting: no networks and no interfaces (and autoattach not off) = the pod network.
    v('podDefaulted', 'size(variables.networks) == 0 && size(variables.ifaces) == 0 && variables.devices.?autoattachPodInterface.orValue(true) != false'),
    v('podNets', "variables.podDefaulted ? ['default'] : variables.networks.filter(n, has(n.pod)).map(n, n.?name.orValue(''))"),
    v('cpuReq', "string(variables.domain.?resources.?requests.?cpu.orValue(''))"),
    v('cpuLim', "string(variables.domain.?resources.?limits.?cpu.orValue(''))"),
    v('memReq', "string(variables.domain.?resources.?requests.?memory.orValue(''))"),
    v('memLim', "string(variables.domain.?resources.?limits.?memory.orValue(''))"),
    v('memGuest', "string(variables.domain.?memory.?guest.orValue(''))"),
  ];
}

/** The DataVolume specs one object carries (CDI judges each with validateDataVolumeSpec). */
const dvSpecs = (expression: string): CelVariable[] => [v('dvSpecs', expression)];
const platform = (slug: string, ruleSet: string): PolicyTarget => ({ family: 'platform', slug, ruleSets: [ruleSet], variables: [] });

export const POLICY_TARGETS: readonly PolicyTarget[] = [
  { family: 'compute', slug: 'vm', ruleSets: ['VirtualMachine'], specScope: 'vmiSpec', variables: vmiSpecVariables(true) },
  { family: 'compute', slug: 'vmi', ruleSets: ['VirtualMachineInstance'], specScope: 'vmiSpec', variables: vmiSpecVariables(false) },
  // A pool's own rules; the VMs it creates meet the compute family's VM policy at creation.
  { family: 'compute', slug: 'vmpool', ruleSets: ['VirtualMachinePool'], variables: [] },
  { family: 'storage', slug: 'datavolume', ruleSets: ['DataVolume'], specScope: 'dvSpec', variables: dvSpecs('[object.?spec.orValue(dyn({}))]') },
  { family: 'storage', slug: 'vm-templates', ruleSets: ['VirtualMachine'], specScope: 'dvSpec',
    variables: dvSpecs('object.spec.?dataVolumeTemplates.orValue([]).filter(t, has(t.spec)).map(t, t.spec)') },
  { family: 'storage', slug: 'dataimportcron', ruleSets: ['DataImportCron'], specScope: 'dvSpec',
    variables: dvSpecs('object.spec.?template.?spec.optMap(s, [s]).orValue([])') },
  { family: 'flavors', slug: 'instancetypes', ruleSets: ['VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype'], variables: [] },
  { family: 'flavors', slug: 'preferences', ruleSets: ['VirtualMachinePreference', 'VirtualMachineClusterPreference'], variables: [] },
  { family: 'network', slug: 'nncp', ruleSets: ['NodeNetworkConfigurationPolicy'], variables: [v('ifaces', 'object.?spec.?desiredState.?interfaces.orValue([])')] },
  { family: 'network', slug: 'nad', ruleSets: ['NetworkAttachmentDefinition'], variables: [] },
  platform('hyperconverged', 'HyperConverged'), platform('migrationpolicy', 'MigrationPolicy'),
  platform('vmsnapshot', 'VirtualMachineSnapshot'), platform('vmrestore', 'VirtualMachineRestore'),
  platform('vmclone', 'VirtualMachineClone'), platform('vmexport', 'VirtualMachineExport'),
  platform('forklift-plan', 'ForkliftPlan'), platform('forklift-networkmap', 'ForkliftNetworkMap'),
];

/** The kinds of a rule set (the registry entries whose `ruleSet` it is). */
export function kindsOfRuleSet(ruleSet: string): KindDefinition[] {
  return KINDS.filter((k) => k.ruleSet === ruleSet);
}

/** The family judging objects of a rule-set key (a VM's own rules are compute's). */
export function familyOfRuleSet(ruleSet: string): PolicyFamily | undefined {
  return POLICY_TARGETS.find((t) => t.ruleSets.includes(ruleSet))?.family;
}
