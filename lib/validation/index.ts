// Public API of the offline validator. It works on plain objects and never imports constructs.
export * from './types';
export { validateSchema, validateObjectMeta, kindInfo, KindInfo, SCHEMA_RULE } from './schema';
