// Public API of the templates family: OpenShift Templates for VMs, their validation rules,
// golden images.
export * from './validation-rule';
export * from './common-validations';
export * from './virtual-machine-template';
export * from './golden-image';
