// The rule catalog as the policy generator sees it: every rule of ALL_RULES with its family and
// either its CEL translation or the reason it has none. A test keeps the two tables complete.
import { ALL_RULES, Rule } from '../validation/rules';
import { COMPUTE_DEVICES_CEL } from './cel/vmi-devices';
import { FLAVORS_CEL } from './cel/flavors';
import { NETWORK_CEL } from './cel/network';
import { OPTIONAL_DEVICES_CEL } from './cel/optional-devices';
import { PLATFORM_CEL } from './cel/platform';
import { STORAGE_CEL } from './cel/storage';
import { VIRTUAL_MACHINE_CEL } from './cel/virtual-machine';
import { VM_POOL_CEL } from './cel/vm-pool';
import { NOT_ENFORCEABLE } from './not-enforceable';
import { familyOfRuleSet } from './scopes';
import { CelTranslation, PolicyFamily, PolicyRule } from './types';

/** Every CEL translation, keyed by catalog rule id. */
export const CEL_TRANSLATIONS: Readonly<Record<string, CelTranslation>> = {
  ...VIRTUAL_MACHINE_CEL, ...COMPUTE_DEVICES_CEL, ...OPTIONAL_DEVICES_CEL, ...STORAGE_CEL, ...FLAVORS_CEL, ...NETWORK_CEL, ...PLATFORM_CEL, ...VM_POOL_CEL,
};

/** The family whose policies carry a rule (undefined for cross-object rules). */
export function familyOf(rule: Rule): PolicyFamily | undefined {
  switch (rule.scope) {
    case 'vmiSpec': return 'compute';
    case 'dvSpec': return 'storage';
    case 'object': return familyOfRuleSet(rule.kinds[0]);
    default: return undefined;
  }
}

/** The catalog, one entry per rule, in ALL_RULES order. */
export function policyCatalog(): PolicyRule[] {
  return ALL_RULES.map((r) => ({
    id: r.id, severity: r.severity, doc: r.doc, family: familyOf(r),
    cel: CEL_TRANSLATIONS[r.id], notEnforceable: NOT_ENFORCEABLE[r.id],
  }));
}
