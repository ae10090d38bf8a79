// Public API of the flavors family: instancetypes, preferences, the common catalog,
// legacy flavors, workload and OS profiles.
export * from './instancetype';
export * from './preference';
export * from './preference-options';
export * from './catalog';
export * from './common-instancetypes.generated';
export * from './common-preferences.generated';
export * from './profiles';
export * from './os-profile';
