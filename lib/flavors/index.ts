// Public API of the flavors family: instancetypes, preferences, the common catalog,
// legacy flavors, workload and OS profiles.
export * from './instancetype';
export * from './preference';
export * from './preference-options';
export * from './catalog';
export * from './common-instancetypes.generated';
export * from './common-preferences.generated';
export * from './profiles';
export { VM_FLAVOR_ANNOTATION, VM_OS_ANNOTATION, VM_SIZE_LABEL, VM_WORKLOAD_ANNOTATION } from './profile-tags';
export * from './os-profile';
