// Public API of the offline validator. It works on plain objects and never imports constructs.
export * from './types';
export { validateSchema, validateObjectMeta, kindInfo, type KindInfo, SCHEMA_RULE } from './schema';
export { validateObjects, validateLocal, constructValidationMessages, validateSources, validateSourcesDetailed, type LocatedFinding, type ValidateOptions } from './engine';
export { loadYaml, loadFile, loadPaths, expandPaths, parsePath } from '../manifests';
export type { LoadOptions, LoadResult, LoadedSource } from '../manifests';
export { formatJson, summarize, type Summary } from './report/json';
export { formatText, type TextOptions } from './report/text';
export { formatSarif, type SarifOptions } from './report/sarif';
export { type SourceObject, type IndexedObject, ObjectIndex } from './object-index';
export { defaultVmiSpec, vcpuCount, guestMemory } from './defaults';
export { ALL_RULES, ruleById, type Rule, type RuleOptions } from './rules';
export { KubeVirtValidation, type KubeVirtValidationProps, type Cdk8sValidationContext } from './cdk8s-plugin';
export { classifyVmChanges, vmChangeVerdict, type VmChange, type VmChangeEffect, type VmChangeOptions } from './vm-changes';
