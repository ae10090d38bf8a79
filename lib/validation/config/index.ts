// The validation configuration: project file, plugin properties, platform profiles, feature
// gates, suppressions.
export * from './types';
export { CONFIG_SCHEMA, configSchemaProblems } from './schema';
export { ConfigError, CONFIG_FILE_NAMES, findConfigFile, readConfigFile, checkConfig, loadValidationSettings, type LoadSettingsOptions, mergeConfig, pluginProperties, projectValidationSettings } from './load';
export { type ValidationSettings, resolveSettings, withCluster, effectiveGates } from './settings';
export { type ExternalObject, type Profile, platformProfile } from './profiles';
export { FeatureGates, type GateSettings, type GateState, GATE_STATES, KUBEVIRT_GATES_VERSION, gatesFromKubeVirt, gatesFromHyperConverged, gatesFromObjects } from './feature-gates';
export { IGNORE_ANNOTATION, SUPPRESSION_WITHOUT_REASON, parseIgnoreAnnotation, settleFindings, annotationWarning, configIgnoreWarnings, type SuppressionSettings } from './suppression';
