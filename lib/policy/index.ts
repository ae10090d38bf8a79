// In-cluster enforcement of the rule catalog: ValidatingAdmissionPolicies generated from it.
export * from './types';
export { buildAdmissionPolicies, policyNameFor, type AdmissionPolicyOptions, type PolicyParams, type LabelSelector, policyMessage, defaultFeatureGates } from './build';
export { policyCatalog, CEL_TRANSLATIONS } from './catalog';
export { enforceabilityReport, formatEnforceabilityReport, type EnforceabilityReport } from './report';
export { KubeVirtAdmissionPolicies, type KubeVirtAdmissionPoliciesProps } from './admission-policies';
