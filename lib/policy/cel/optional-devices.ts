// CEL for the VMI spec rules on optional devices and launcher annotations (rules/vmi-devices.ts)
// that need nothing but the object: the watchdog and sound device per architecture, and the
// virt-launcher annotations that act only together with a domain setting. `variables.*` are the
// compute family's (../scopes.ts). The other rules of that file read the cluster's KubeVirt or
// HyperConverged CR (../not-enforceable.ts).
import { CelTranslation } from '../types';
import { lit } from './helpers';

const watchdog = 'variables.devices.watchdog';
/** Exactly the watchdog model `model` (of the two KubeVirt knows). */
const onlyModel = (model: 'i6300esb' | 'diag288') =>
  `(has(${watchdog}.${model}) && !has(${watchdog}.${model === 'i6300esb' ? 'diag288' : 'i6300esb'}))`;

const PARITY = 'alpha.kubevirt.io/EmulatorThreadCompleteToEvenParity';
const MEMFD = 'kubevirt.io/memfd';

export const OPTIONAL_DEVICES_CEL: Readonly<Record<string, CelTranslation>> = {
  'vmi-arch-devices-valid': {
    // An unset (or empty) architecture is amd64, as the offline rule assumes; an architecture
    // KubeVirt has no validator for is left alone (the rule judges only amd64, s390x and arm64).
    expression: "[variables.spec.?architecture.orValue('')].map(a, a == '' ? 'amd64' : a).all(arch, "
      + `(!has(${watchdog}) || (arch == 'amd64' ? ${onlyModel('i6300esb')} : arch == 's390x' ? ${onlyModel('diag288')} : arch != 'arm64')) `
      + "&& (arch != 'arm64' || !has(variables.devices.sound)))",
  },
  'vmi-launcher-annotation-effect': {
    // Annotation values are strings; memfd is turned off only by exactly "false", and only with hugepages.
    expression: `(!(${lit(PARITY)} in variables.annotations) || variables.cpu.?isolateEmulatorThread.orValue(false) == true) `
      + `&& (!(${lit(MEMFD)} in variables.annotations) || (variables.annotations[${lit(MEMFD)}] == 'false' && variables.domain.?memory.?hugepages.hasValue()))`,
  },
};
