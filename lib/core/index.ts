export * from './contracts';
export * from './dependencies';
export * from './resource';
export * from './warnings';
export * from './quantity';
export * from './ordering';
export * from './plus-interop';
export * from './validation-config';
