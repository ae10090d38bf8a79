// js-yaml's event parser, loaded on first use: the fast path (fast-yaml.ts, fast-locate.ts)
// reads most manifests without it, and loading it was ~10 ms of a ~200 ms validate of a small
// folder. Only documents outside the fast path's subset (and their positions) load it.
import type * as JsYaml from 'js-yaml';

export type { Event, ScalarEvent } from 'js-yaml';

let loaded: typeof JsYaml | undefined;

/** js-yaml, required on the first call. */
export function jsYaml(): typeof JsYaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('js-yaml') as typeof JsYaml);
}
