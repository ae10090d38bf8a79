// Instancetype/preference matchers and inference from a volume: what KubeVirt's instancetype VM
// mutator checks (pkg/instancetype/webhooks/vm/mutator.go validateInstancetypeMatcher) and what its
// inference (pkg/instancetype/infer/volume.go) can resolve.
import type { ObjectIndex } from '../object-index';
import { ObjectRule } from './types';
import { arr, has, obj } from './util';

const VM = ['VirtualMachine'];

/** KubeVirt's failure policy values (virtv1.InferFromVolumeFailurePolicy). */
export const INFER_REJECT = 'RejectInferFromVolumeFailure';
export const INFER_IGNORE = 'IgnoreInferFromVolumeFailure';

const WHICH = ['instancetype', 'preference'] as const;
type Which = typeof WHICH[number];

function matcher(vm: Record<string, any>, which: Which): Record<string, any> | undefined {
  return obj(vm.spec?.[which]);
}

/** True when the matcher infers with the Ignore failure policy (inference failures clear the matcher). */
export function infersIgnoringFailure(m: Record<string, any> | undefined): boolean {
  return typeof m?.inferFromVolume === 'string' && m.inferFromVolume !== '' && m.inferFromVolumeFailurePolicy === INFER_IGNORE;
}

export const vmFlavorMatcherValid: ObjectRule = {
  id: 'vm-flavor-matcher-valid', severity: 'error', scope: 'object', kinds: VM,
  doc: 'An instancetype/preference matcher sets name or inferFromVolume (not both, no kind with inference) and a known failure policy.',
  check(vm, ctx) {
    for (const which of WHICH) {
      const m = matcher(vm, which);
      if (!m) continue;
      const infer = typeof m.inferFromVolume === 'string' && m.inferFromVolume !== '';
      const named = typeof m.name === 'string' && m.name !== '';
      if (!named && !infer) {
        ctx.report(`spec.${which}`, `either name or inferFromVolume must be set on the ${which} matcher`);
      }
      if (infer && named) {
        ctx.report(`spec.${which}.name`, 'name is set together with inferFromVolume; KubeVirt wants one or the other', { hint: 'remove name (the inferred one replaces it)' });
      }
      if (infer && typeof m.kind === 'string' && m.kind !== '') {
        ctx.report(`spec.${which}.kind`, 'kind is set together with inferFromVolume; the volume\'s labels give the kind', { hint: 'remove kind' });
      }
      const policy = m.inferFromVolumeFailurePolicy;
      if (has(policy) && policy !== INFER_REJECT && policy !== INFER_IGNORE) {
        ctx.report(`spec.${which}.inferFromVolumeFailurePolicy`, `invalid value ${JSON.stringify(policy)}; use ${INFER_REJECT} or ${INFER_IGNORE}`);
      }
      if (has(policy) && !infer) {
        ctx.report(`spec.${which}.inferFromVolumeFailurePolicy`, 'only meaningful with inferFromVolume; KubeVirt ignores it here', { severity: 'warning' });
      }
      if (infer && typeof m.revisionName === 'string' && m.revisionName !== '') {
        ctx.report(`spec.${which}.revisionName`, 'revisionName pins a revision of a named instancetype; with inferFromVolume the name is not known yet', { hint: 'remove revisionName or name the instancetype' });
      }
    }
  },
};

export const vmInferVolumeExists: ObjectRule = {
  id: 'vm-infer-volume-exists', severity: 'error', scope: 'object', kinds: VM,
  doc: 'inferFromVolume names a volume of the VM template (refused whatever the failure policy).',
  check(vm, ctx) {
    const names = new Set(arr(vm.spec?.template?.spec?.volumes).map((v) => v?.name));
    for (const which of WHICH) {
      const volume = matcher(vm, which)?.inferFromVolume;
      if (typeof volume === 'string' && volume !== '' && !names.has(volume)) {
        ctx.report(`spec.${which}.inferFromVolume`, `no volume named '${volume}' in spec.template.spec.volumes to infer the ${which} from`,
          { hint: `known volumes: ${[...names].filter((n) => typeof n === 'string').join(', ') || 'none'}` });
      }
    }
  },
};

/** Why inference cannot use this volume, or undefined when it can (or cannot be judged offline). */
export function inferenceProblem(vm: Record<string, any>, volumeName: string, index?: ObjectIndex): string | undefined {
  const volume = arr(vm.spec?.template?.spec?.volumes).find((v) => v?.name === volumeName);
  if (!volume) return undefined;
  if (obj(volume.persistentVolumeClaim)) return undefined; // the claim's labels decide
  const dvName = volume.dataVolume?.name;
  if (!obj(volume.dataVolume)) {
    const kind = Object.keys(volume).find((k) => k !== 'name') ?? 'unknown';
    return `volume '${volumeName}' is a ${kind} volume; inference reads a PersistentVolumeClaim or DataVolume`;
  }
  const template = arr(vm.spec?.dataVolumeTemplates).find((t) => t?.metadata?.name === dvName);
  let spec = obj(template?.spec);
  if (!template && index) {
    const ns = typeof vm.metadata?.namespace === 'string' ? vm.metadata.namespace : '';
    const dv = index.get('cdi.kubevirt.io/DataVolume', ns, String(dvName));
    if (!dv) return undefined; // outside the input: its labels or the claim may still answer
    if (has(dv.object.metadata?.labels?.['instancetype.kubevirt.io/default-instancetype'])
      || has(dv.object.metadata?.labels?.['instancetype.kubevirt.io/default-preference'])) return undefined;
    spec = obj(dv.object.spec);
  }
  if (!spec) return undefined;
  if (obj(spec.source?.pvc) || obj(spec.source?.snapshot)) return undefined;
  const ref = obj(spec.sourceRef);
  if (ref) return ref.kind === 'DataSource' ? undefined : `DataVolume '${dvName}' clones a ${ref.kind}; inference follows a sourceRef of kind DataSource only`;
  const source = Object.keys(obj(spec.source) ?? {})[0] ?? 'none';
  return `DataVolume '${dvName}' imports from a ${source} source; inference reads a DataVolume cloning a PVC, a snapshot or a DataSource`;
}

export const vmInferVolumeSupported: ObjectRule = {
  id: 'vm-infer-volume-supported', severity: 'error', scope: 'object', kinds: VM,
  doc: 'inferFromVolume names a PVC, or a DataVolume cloning a PVC, snapshot or DataSource (Ignore policy: a warning).',
  check(vm, ctx) {
    for (const which of WHICH) {
      const m = matcher(vm, which);
      const volume = m?.inferFromVolume;
      if (typeof volume !== 'string' || volume === '') continue;
      const problem = inferenceProblem(vm, volume, ctx.index);
      if (!problem) continue;
      if (infersIgnoringFailure(m)) {
        ctx.report(`spec.${which}.inferFromVolume`, `${problem}: with ${INFER_IGNORE} KubeVirt drops the ${which} matcher and the VM runs without one`, { severity: 'warning' });
      } else {
        ctx.report(`spec.${which}.inferFromVolume`, `${problem}: the VM is refused`,
          { hint: `boot from a DataSource (DiskSource.dataSource) or a PVC, or set inferFromVolumeFailurePolicy: ${INFER_IGNORE}` });
      }
    }
  },
};

export const vmInferIgnoreMemoryFallback: ObjectRule = {
  id: 'vm-infer-ignore-memory-fallback', severity: 'warning', scope: 'object', kinds: VM,
  doc: 'An instancetype inferred with the Ignore policy keeps guest memory as a fallback for when inference fails.',
  check(vm, ctx) {
    if (!infersIgnoringFailure(matcher(vm, 'instancetype'))) return;
    const d = obj(vm.spec?.template?.spec?.domain) ?? {};
    if (has(d.memory?.guest) || has(d.resources?.requests?.memory) || has(d.resources?.limits?.memory)) return;
    ctx.report('spec.template.spec.domain.memory.guest', `without guest memory, a failed inference (${INFER_IGNORE}) leaves a VM that requests none and cannot start`,
      { hint: 'set memory.guest; KubeVirt clears it when inference succeeds' });
  },
};

export const VM_INFERENCE_RULES = [vmFlavorMatcherValid, vmInferVolumeExists, vmInferVolumeSupported, vmInferIgnoreMemoryFallback];
