// `cdk8s-kubevirt import`: manifests or live objects in, construct code out (see generate.ts).
export { generateImport, ImportInputError } from './generate';
export type { GeneratedFile, ImportInput, ImportOptions, ImportResult } from './generate';
export type { ObjectReport } from './model';
export type { PatchOp } from './json-patch';
export { formatImportReport } from './report';
