// Kind definitions carry their health spec (the controller's waits, Argo CD's Lua checks), but
// `validate` never reads one: the spec modules (lib/health/specs and its DSL, five modules) load
// when a definition's `health` is first read, not when the kind registry loads.
import type { HealthSpec } from '../health/types';

/* eslint-disable @typescript-eslint/no-require-imports */
export const genericSpecs = () => require('../health/specs/generic') as typeof import('../health/specs/generic');
export const kubernetesSpecs = () => require('../health/specs/kubernetes') as typeof import('../health/specs/kubernetes');
export const kubevirtSpecs = () => require('../health/specs/kubevirt') as typeof import('../health/specs/kubevirt');
export const platformSpecs = () => require('../health/specs/platform') as typeof import('../health/specs/platform');
/* eslint-enable @typescript-eslint/no-require-imports */

/** `def` with an enumerable `health` read from `spec` on first access (then kept as a plain value). */
export function withLazyHealth<T extends object>(def: T, spec: (() => HealthSpec) | undefined): T {
  if (spec === undefined) return def;
  return Object.defineProperty(def, 'health', {
    enumerable: true,
    configurable: true,
    get() {
      const health = spec();
      Object.defineProperty(def, 'health', { value: health, enumerable: true, writable: false, configurable: false });
      return health;
    },
  });
}
