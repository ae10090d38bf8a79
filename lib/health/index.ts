// Health as data: per-kind specs (in the kind registry), one interpreter, one Lua emitter.
import { kindOf } from '../kinds';
import { evaluateHealth } from './evaluate';
import { GENERIC_HEALTH } from './specs/generic';
import { HealthContext, HealthSpec, HealthVerdict } from './types';

export * from './types';
export { evaluateHealth } from './evaluate';
export { GENERIC_HEALTH, EXISTS_HEALTH } from './specs/generic';
export { VM_ERROR_STATUSES } from './specs/kubevirt';
export { healthLuaScript, argoCdHealthCustomizations, argoCdHealthChecks, argoCdHealthKinds, ARGOCD_HEALTH_KEY_PREFIX } from './lua';

/** The spec judging objects of a kind: the registry's, else kstatus's generic rules. */
export function healthSpecOf(apiVersion: unknown, kind: unknown): HealthSpec {
  return kindOf(apiVersion, kind)?.health ?? GENERIC_HEALTH;
}

/** The verdict on a live object (undefined: Missing). */
export function assessHealth(obj: { apiVersion?: unknown; kind?: unknown } | undefined, context: HealthContext = {}): HealthVerdict {
  if (!obj) return { status: 'Missing', message: 'not found' };
  return evaluateHealth(healthSpecOf(obj.apiVersion, obj.kind), obj, context);
}
