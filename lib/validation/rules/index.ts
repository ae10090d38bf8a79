// Every rule of the catalog this validator implements, by family.
import { vmiCloudInitPlaintextPassword } from './cloud-init-password';
import { CROSS_OBJECT_RULES } from './cross-object';
import { DATA_IMPORT_CRON_RULES } from './data-import-cron';
import { DATAVOLUME_RULES } from './datavolume';
import { FLAVOR_RULES } from './flavors';
import { INSTANCETYPE_APPLY_RULES } from './instancetype-apply';
import { NAD_RULES } from './nad';
import { NMSTATE_RULES } from './nmstate';
import { NMSTATE_BOND_RULES } from './nmstate-bond';
import { NMSTATE_STATE_RULES } from './nmstate-state';
import { NAD_PLUGIN_RULES } from './nad-plugins';
import { NNCP_RULES } from './nncp';
import { PLATFORM_RULES } from './platform';
import { PLATFORM_CROSS_RULES } from './platform-cross';
import { Rule } from './types';
import { VIRTUAL_MACHINE_RULES } from './virtual-machine';
import { VM_INFERENCE_RULES } from './vm-inference';
import { VM_LIVE_UPDATE_RULES } from './vm-live-update';
import { VM_POOL_RULES } from './vm-pool';
import { vmiCompute } from './vmi-compute';
import { VMI_DEVICE_RULES } from './vmi-devices';
import { vmiDomain } from './vmi-domain';
import { vmiNetwork } from './vmi-network';
import { vmiStorage } from './vmi-storage';

export const ALL_RULES: readonly Rule[] = [
  ...VIRTUAL_MACHINE_RULES, ...VM_INFERENCE_RULES, ...VM_LIVE_UPDATE_RULES, ...VM_POOL_RULES, ...INSTANCETYPE_APPLY_RULES, ...vmiCompute, ...vmiDomain, ...VMI_DEVICE_RULES, ...vmiStorage, vmiCloudInitPlaintextPassword, ...vmiNetwork,
  ...FLAVOR_RULES, ...DATAVOLUME_RULES, ...DATA_IMPORT_CRON_RULES, ...NNCP_RULES, ...NMSTATE_RULES, ...NMSTATE_BOND_RULES, ...NMSTATE_STATE_RULES, ...NAD_RULES, ...NAD_PLUGIN_RULES, ...CROSS_OBJECT_RULES,
  ...PLATFORM_RULES, ...PLATFORM_CROSS_RULES,
];

/** The rule with that id. */
export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}

export * from './types';
