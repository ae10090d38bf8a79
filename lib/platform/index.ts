// Public API of the platform family: constructs that install and run the toolkit itself, and
// the cluster's own set-up (operator install, HyperConverged, migration, data protection, ...).
export * from './gitops-controller';
export * from './operator-install';
export * from './live-migration';
export * from './golden-image-templates';
export * from './hyperconverged';
export * from './permitted-host-devices';
export * from './migration-policy';
export * from './vmi-migration';
export * from './snapshot';
export * from './clone';
export * from './export';
export * from './launcher-overhead';
export * from './vm-namespace';
export * from './estate-alerts';
export * from './controller-monitoring';
export * from './grafana-dashboard';
export * from './forklift';
export * from './forklift-plan';
export * from './route';
