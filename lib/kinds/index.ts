// The kind registry: pure data about kinds, importable by every layer (constructs, validation,
// controller, health) because it imports none of them.
export * from './stage';
export * from './types';
export * from './registry';
export { KUBERNETES_KINDS } from './kubernetes';
export { KUBEVIRT_KINDS } from './kubevirt';
