// @kubernetes/client-node 2.x is ESM-only and this package compiles to CommonJS. TypeScript
// rewrites `import()` into `require()` under module=commonjs, so the import is hidden in a
// Function body where tsc cannot touch it; Node and jest (with --experimental-vm-modules)
// both resolve it as a real dynamic import.
export type ClientNodeModule = typeof import('@kubernetes/client-node');

// The source is unique per module instance: V8 caches `new Function` code by its source text and
// the cached code keeps the host options of its first caller, so in a jest --runInBand run a later
// test file's import() would go to an earlier, torn-down file's module loader (jest issue 11438).
const dynamicImport = new Function('specifier', `return import(specifier); // ${Date.now()}-${Math.random()}`) as (s: string) => Promise<unknown>;

let loading: Promise<ClientNodeModule> | undefined;

/** Loads @kubernetes/client-node once per process. */
export function loadClientNode(): Promise<ClientNodeModule> {
  loading ??= dynamicImport('@kubernetes/client-node') as Promise<ClientNodeModule>;
  return loading;
}
