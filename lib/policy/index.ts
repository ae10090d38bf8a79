// In-cluster enforcement of the rule catalog: ValidatingAdmissionPolicies generated from it.
export * from './types';
export { buildAdmissionPolicies, policyNameFor, AdmissionPolicyOptions, PolicyParams, LabelSelector, policyMessage, defaultFeatureGates } from './build';
export { policyCatalog, CEL_TRANSLATIONS } from './catalog';
export { enforceabilityReport, formatEnforceabilityReport, EnforceabilityReport } from './report';
export { KubeVirtAdmissionPolicies, KubeVirtAdmissionPoliciesProps } from './admission-policies';
