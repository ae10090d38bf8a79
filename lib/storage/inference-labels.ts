import { IInstancetype, IPreference } from '../core/contracts';

/** Labels on a boot source from which KubeVirt infers a VM's instancetype and preference. */
export const DEFAULT_INSTANCETYPE_LABEL = 'instancetype.kubevirt.io/default-instancetype';
export const DEFAULT_INSTANCETYPE_KIND_LABEL = 'instancetype.kubevirt.io/default-instancetype-kind';
export const DEFAULT_PREFERENCE_LABEL = 'instancetype.kubevirt.io/default-preference';
export const DEFAULT_PREFERENCE_KIND_LABEL = 'instancetype.kubevirt.io/default-preference-kind';

/** Defaults a boot volume suggests to VMs that infer their instancetype and preference from it. */
export interface InferenceDefaults {
  /**
   * Instancetype VMs booting from this volume get with `inferFromVolume`.
   * @default - none
   */
  readonly defaultInstancetype?: IInstancetype;
  /**
   * Preference VMs booting from this volume get with `inferFromVolume`.
   * @default - none
   */
  readonly defaultPreference?: IPreference;
}

/** The labels for `defaults`; kind labels only for namespaced kinds (cluster-scoped is the default). */
export function inferenceLabels(defaults: InferenceDefaults): Record<string, string> {
  const labels: Record<string, string> = {};
  const { defaultInstancetype: it, defaultPreference: pref } = defaults;
  if (it) {
    labels[DEFAULT_INSTANCETYPE_LABEL] = it.name;
    if (it.kind === 'VirtualMachineInstancetype') labels[DEFAULT_INSTANCETYPE_KIND_LABEL] = it.kind;
  }
  if (pref) {
    labels[DEFAULT_PREFERENCE_LABEL] = pref.name;
    if (pref.kind === 'VirtualMachinePreference') labels[DEFAULT_PREFERENCE_KIND_LABEL] = pref.kind;
  }
  return labels;
}
