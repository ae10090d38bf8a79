// VirtualMachineInstancePresets (deprecated, still applied by KubeVirt's VMI mutating webhook):
// presets in the VMI's namespace whose selector matches its labels fill domain fields the VMI
// leaves unset, as KubeVirt v1.9.0 pkg/virt-api/webhooks/mutating-webhook/mutators/preset.go does.
import type { ObjectIndex } from './object-index';
import { JsonObject as KubeObject } from './types';

const PRESET = 'kubevirt.io/VirtualMachineInstancePreset';
const EXCLUDE = 'virtualmachineinstancepresets.admission.kubevirt.io/exclude';

/** A Kubernetes label selector (matchLabels + matchExpressions); an empty one matches everything. */
export function selectorMatches(selector: unknown, labels: Record<string, unknown>): boolean {
  const sel = (selector && typeof selector === 'object' ? selector : {}) as KubeObject;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values: unknown[] = Array.isArray(e?.values) ? e.values : [];
    switch (e?.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false; // an invalid selector never matches (the webhook errors out)
    }
  }
  return true;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const clockOffset = (c: KubeObject | undefined) => ({ utc: c?.utc, timezone: c?.timezone });

/** True when two preset domains set a field differently (upstream checkMergeConflicts). */
function conflicts(a: KubeObject, b: KubeObject): boolean {
  const ra = a.resources?.requests ?? {};
  const rb = b.resources?.requests ?? {};
  if (Object.keys(ra).some((k) => k in rb && String(ra[k]) !== String(rb[k]))) return true;
  for (const f of ['cpu', 'firmware', 'features', 'ioThreadsPolicy']) if (a[f] !== undefined && b[f] !== undefined && !same(a[f], b[f])) return true;
  if (a.clock && b.clock) {
    if (!same(clockOffset(a.clock), clockOffset(b.clock))) return true;
    if (a.clock.timer && b.clock.timer && !same(a.clock.timer, b.clock.timer)) return true;
  }
  return !!(a.devices?.watchdog && b.devices?.watchdog && !same(a.devices.watchdog, b.devices.watchdog));
}

/** Fills the fields a preset sets and the domain leaves unset (upstream mergeDomainSpec). */
function merge(preset: KubeObject, domain: KubeObject): void {
  const requests = preset.resources?.requests;
  if (requests && Object.keys(requests).length && domain.resources?.requests === undefined) {
    domain.resources = { ...(domain.resources ?? {}), requests: { ...requests } };
  }
  for (const f of ['cpu', 'firmware', 'features', 'ioThreadsPolicy']) if (preset[f] !== undefined && domain[f] === undefined) domain[f] = structuredClone(preset[f]);
  if (preset.clock) {
    if (domain.clock === undefined) domain.clock = { ...clockOffset(preset.clock) };
    if (preset.clock.timer && domain.clock.timer === undefined) domain.clock = { ...domain.clock, timer: structuredClone(preset.clock.timer) };
  }
  if (preset.devices?.watchdog && domain.devices?.watchdog === undefined) {
    domain.devices = { ...(domain.devices ?? {}), watchdog: structuredClone(preset.devices.watchdog) };
  }
}

/**
 * The VMI spec after the presets of `namespace` matching `labels` are applied; `spec` itself is
 * not changed. Presets that conflict with each other are not applied (the webhook refuses the VMI).
 */
export function applyPresets(spec: KubeObject, labels: Record<string, unknown>, annotations: Record<string, unknown> | undefined,
  namespace: string, index: ObjectIndex): KubeObject {
  if (annotations?.[EXCLUDE] === 'true') return spec;
  const all = index.ofKind(PRESET);
  // Most inputs hold no preset: nothing to filter (one VM's view at synth, every VM of an app).
  if (all.length === 0) return spec;
  const presets = all
    .filter((p) => p.namespace === namespace || p.namespace === '' || namespace === '')
    .filter((p) => selectorMatches(p.object.spec?.selector, labels))
    .map((p) => p.object.spec?.domain)
    .filter((d): d is KubeObject => !!d && typeof d === 'object');
  if (presets.length === 0) return spec;
  for (let i = 0; i < presets.length; i++) for (let j = 0; j < i; j++) if (conflicts(presets[i], presets[j])) return spec;
  const domain: KubeObject = { ...(spec.domain ?? {}) };
  for (const preset of presets) merge(preset, domain);
  return { ...spec, domain };
}
