// Public API of the runtime controller: applier, ordering, health, inventory/prune, drift loop.
// A separate entry point from the constructs (which never import it).
export * from './applier';
export * from './changeset';
export * from './client-node-loader';
export * from './diff-plan';
export * from './drift';
export * from './health';
export * from './inventory';
export * from './kube-client';
export * from './objects';
export * from './ordering';
export * from './ownership';
export * from './events';
export * from './prune';
export * from './pruner';
export * from './set-status';
export * from './resource-manager';
export * from './validation-seam';
export * from './wait';
export * from './enforcer';
export * from './leader-election';
export * from './metrics';
export * from './watcher';
