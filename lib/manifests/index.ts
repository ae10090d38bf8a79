// The one manifest loader every command uses (validate, apply, diff, controller, the cdk8s
// plugin) and the object types the layers share.
export * from './types';
export { loadYaml, loadFile, loadPaths, loadListedFile, loadListedFileEach, expandPaths, parsePath } from './loader';
export type { EachResult, LoadOptions, LoadResult, ScopeOf } from './loader';
export { requireIdentity } from './identity';
export { findTemplateAction, isRendererInput, KUSTOMIZATION_FILES } from './manifest-files';
export type { KustomizeInfo } from './manifest-files';
