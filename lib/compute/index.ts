// Public API of the compute family: the VirtualMachine construct and its value types.
export * from './access-credential';
export * from './cloud-config';
export * from './cloud-init';
export * from './disk';
export * from './disk-source';
export * from './domain';
export * from './interface';
export * from './lifecycle';
export * from './pool';
export * from './pool-strategy';
export * from './probe';
export * from './profile';
export * from './scheduling';
export * from './spec-builder';
export * from './spec-props';
export * from './virtual-machine';
export * from './vm-base';
