// The public API of cdk8s-kubevirt. The validator and the controller are separate entry
// points (lib/validation, lib/controller): constructs never import them.
export * from './core';
export * from './compute';
export * from './flavors';
export * from './templates';
export * from './storage';
export * from './network';
export * from './platform';
export * from './gitops';
