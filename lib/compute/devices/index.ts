// Public API of the VM's optional devices.
export * from './filesystem';
export * from './options';
export * from './passthrough';
export * from './vm-devices';
export * from './watchdog';
