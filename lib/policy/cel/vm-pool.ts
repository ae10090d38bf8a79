// CEL for the VirtualMachinePool rules (rules/vm-pool.ts). The pooled VM's own rules are the
// compute family's, which match VirtualMachines: the pool controller's VMs meet them at creation.
import { CelTranslation } from '../types';

// The CRD leaves the template's metadata untyped (preserve-unknown-fields): read it as dyn.
const labels = 'dyn(object.spec.virtualMachineTemplate).?metadata.?labels.orValue(dyn({}))';
const selector = 'object.spec.selector';
const inLabels = `(e.key in ${labels} && ${labels}[e.key] in e.?values.orValue([]))`;
const strategyCount = (field: string) => ['unmanaged', 'opportunistic', 'proactive']
  .map((s) => `(object.?spec.?${field}.?${s}.hasValue() ? 1 : 0)`).join(' + ');

export const VM_POOL_CEL: Readonly<Record<string, CelTranslation>> = {
  'pool-selector-matches-template': {
    expression: `!object.?spec.?selector.hasValue() || !object.?spec.?virtualMachineTemplate.hasValue() || (`
      + `${selector}.?matchLabels.orValue({}).all(k, k in ${labels} && ${labels}[k] == ${selector}.matchLabels[k]) && `
      + `${selector}.?matchExpressions.orValue([]).all(e, e.operator == 'In' ? ${inLabels} : e.operator == 'NotIn' ? !${inLabels} : `
      + `e.operator == 'Exists' ? e.key in ${labels} : e.operator == 'DoesNotExist' ? !(e.key in ${labels}) : false))`,
  },
  'pool-max-unavailable-valid': {
    // Go's Atoi: an optional sign, digits; 1 to 100 once leading zeros are dropped.
    expression: "!object.?spec.?maxUnavailable.hasValue() || (type(object.spec.maxUnavailable) == int ? object.spec.maxUnavailable > 0 : "
      + "string(object.spec.maxUnavailable).matches('^[+]?0*([1-9]|[1-9][0-9]|100)%$'))",
  },
  'pool-strategy-exclusive': {
    expression: `${strategyCount('updateStrategy')} <= 1 && ${strategyCount('scaleInStrategy')} <= 1`,
  },
};
