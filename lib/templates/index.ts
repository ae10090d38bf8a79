// Public API of the templates family: OpenShift Templates for VMs, their validation rules,
// golden images.
export * from './validation-rule';
export * from './common-validations';
export type { TemplateParameter } from './template-parameter';
export type { TemplateConsoleOptions, TemplateOperatingSystem } from './template-metadata';
export * from './virtual-machine-template';
export * from './golden-image';
