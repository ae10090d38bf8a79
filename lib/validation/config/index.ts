// The validation configuration: project file, plugin properties, platform profiles, feature
// gates, suppressions.
export * from './types';
export { CONFIG_SCHEMA, configSchemaProblems } from './schema';
export { ConfigError, CONFIG_FILE_NAMES, findConfigFile, readConfigFile, checkConfig, loadValidationSettings, LoadSettingsOptions, mergeConfig, pluginProperties, projectValidationSettings } from './load';
export { ValidationSettings, resolveSettings, withCluster, effectiveGates } from './settings';
export { ExternalObject, Profile, platformProfile } from './profiles';
export { FeatureGates, GateSettings, GateState, GATE_STATES, KUBEVIRT_GATES_VERSION, gatesFromKubeVirt, gatesFromHyperConverged, gatesFromObjects } from './feature-gates';
export { IGNORE_ANNOTATION, SUPPRESSION_WITHOUT_REASON, parseIgnoreAnnotation, settleFindings, annotationWarning, configIgnoreWarnings, SuppressionSettings } from './suppression';
