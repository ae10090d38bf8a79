// Public API of the offline validator. It works on plain objects and never imports constructs.
export * from './types';
export { validateSchema, validateObjectMeta, kindInfo, KindInfo, SCHEMA_RULE } from './schema';
export { validateObjects, validateLocal, constructValidationMessages, validateSources, validateSourcesDetailed, LocatedFinding, ValidateOptions } from './engine';
export { loadYaml, loadFile, loadPaths, expandPaths, parsePath } from '../manifests';
export type { LoadOptions, LoadResult, LoadedSource } from '../manifests';
export { formatJson, summarize, Summary } from './report/json';
export { formatText, TextOptions } from './report/text';
export { formatSarif, SarifOptions } from './report/sarif';
export { SourceObject, IndexedObject, ObjectIndex } from './object-index';
export { defaultVmiSpec, vcpuCount, guestMemory } from './defaults';
export { ALL_RULES, ruleById, Rule, RuleOptions } from './rules';
export { KubeVirtValidation, KubeVirtValidationProps, Cdk8sValidationContext } from './cdk8s-plugin';
