// The kind registry: pure data about kinds, importable by every layer (constructs, validation,
// controller, health) because it imports none of them. prune-fence.ts (the prune's fence
// annotation and admission policy, shared by the controller and its install construct) is pure
// data too, imported by path.
export * from './stage';
export * from './types';
export * from './registry';
export { KUBERNETES_KINDS } from './kubernetes';
export { KUBEVIRT_KINDS } from './kubevirt';
