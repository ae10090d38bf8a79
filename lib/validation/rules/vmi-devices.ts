// VMI spec rules on optional devices: watchdog and sound per architecture, passthrough devices the
// cluster permits, VM-state storage for persistent TPM/EFI, and launcher annotations that need a setting.
import type { ObjectIndex } from '../object-index';
import { VmiSpecRule } from './types';
import { arr, has, obj } from './util';

/** Watchdog models KubeVirt accepts per architecture (`KV pkg/virt-api/webhooks` per-arch validators). */
const WATCHDOG_MODELS: Record<string, readonly string[]> = { amd64: ['i6300esb'], s390x: ['diag288'], arm64: [] };

export const vmiArchDevicesValid: VmiSpecRule = {
  id: 'vmi-arch-devices-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'The watchdog suits the architecture (amd64: i6300esb only, s390x: diag288 only, arm64: none) and arm64 has no sound device.',
  check(v, ctx) {
    // An unset architecture is the cluster default: amd64 unless the KubeVirt CR says otherwise.
    const arch = v.spec.architecture || 'amd64';
    const allowed = WATCHDOG_MODELS[arch];
    const dev = v.spec.domain?.devices ?? {};
    const wd = obj(dev.watchdog);
    if (wd && allowed) {
      const models = ['i6300esb', 'diag288'].filter((m) => has(wd[m]));
      if (allowed.length === 0) ctx.report(v.at('domain.devices.watchdog'), `${arch} supports no watchdog device`);
      else if (models.length !== 1 || models[0] !== allowed[0]) ctx.report(v.at('domain.devices.watchdog'), `${arch} only supports the ${allowed[0]} watchdog, found ${models.join(' and ') || 'none'}`);
    }
    if (arch === 'arm64' && obj(dev.sound)) ctx.report(v.at('domain.devices.sound'), 'arm64 supports no sound device');
  },
};

/** Resource names a KubeVirt or HyperConverged CR in the input permits, or undefined when none is there. */
function permittedDevices(index: ObjectIndex): Set<string> | undefined {
  const lists: any[] = [];
  for (const kv of index.ofKind('kubevirt.io/KubeVirt')) lists.push(kv.object.spec?.configuration?.permittedHostDevices ?? {});
  for (const hco of index.ofKind('hco.kubevirt.io/HyperConverged')) lists.push(hco.object.spec?.permittedHostDevices ?? {});
  if (lists.length === 0) return undefined;
  const names = new Set<string>();
  for (const p of lists) {
    for (const key of ['pciHostDevices', 'mediatedDevices', 'usb', 'usbHostDevices']) {
      for (const d of arr(p?.[key])) if (typeof d?.resourceName === 'string') names.add(d.resourceName);
    }
  }
  return names;
}

export const vmPermittedHostDevice: VmiSpecRule = {
  id: 'vm-permitted-host-device', severity: 'error', scope: 'vmiSpec',
  doc: "With the cluster's KubeVirt or HyperConverged CR in the input, every gpus/hostDevices deviceName is one of its permittedHostDevices.",
  check(v, ctx) {
    const dev = v.spec.domain?.devices ?? {};
    if (arr(dev.gpus).length === 0 && arr(dev.hostDevices).length === 0) return;
    const permitted = permittedDevices(ctx.index);
    if (!permitted) return;
    for (const list of ['gpus', 'hostDevices']) {
      arr(dev[list]).forEach((d, i) => {
        const name = d?.deviceName;
        if (typeof name === 'string' && name !== '' && !permitted.has(name)) {
          ctx.report(v.at(`domain.devices.${list}[${i}].deviceName`), `device '${name}' is not in the cluster's permittedHostDevices, so the VM cannot be scheduled`,
            { hint: `add {resourceName: ${name}, ...} to permittedHostDevices (pciHostDevices, mediatedDevices or usb)` });
        }
      });
    }
  },
};

const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubevirt.io/is-default-virt-class', 'storageclass.kubernetes.io/is-default-class'];

export const vmPersistentStateStorage: VmiSpecRule = {
  id: 'vm-persistent-state-storage', severity: 'warning', scope: 'vmiSpec',
  doc: "Persistent TPM or EFI needs a VM-state storage class: the KubeVirt/HyperConverged CR's vmStateStorageClass or a default StorageClass.",
  check(v, ctx) {
    const d = v.spec.domain ?? {};
    const path = d.devices?.tpm?.persistent === true ? 'domain.devices.tpm.persistent'
      : d.firmware?.bootloader?.efi?.persistent === true ? 'domain.firmware.bootloader.efi.persistent' : undefined;
    if (!path) return;
    const crs = [
      ...ctx.index.ofKind('kubevirt.io/KubeVirt').map((e) => e.object.spec?.configuration?.vmStateStorageClass),
      ...ctx.index.ofKind('hco.kubevirt.io/HyperConverged').map((e) => e.object.spec?.vmStateStorageClass),
    ];
    // Only judged when the cluster's configuration is in the input.
    if (crs.length === 0 || crs.some((c) => typeof c === 'string' && c !== '')) return;
    const hasDefault = ctx.index.ofKind('storage.k8s.io/StorageClass')
      .some((sc) => DEFAULT_CLASS_ANNOTATIONS.some((a) => sc.object.metadata?.annotations?.[a] === 'true'));
    if (hasDefault) return;
    ctx.report(v.at(path), 'persistent VM state (TPM/EFI) is kept on a PVC, but no vmStateStorageClass is set and no default StorageClass is in the input',
      { hint: 'set vmStateStorageClass on the HyperConverged (or KubeVirt) CR' });
  },
};

export const vmiLauncherAnnotationEffect: VmiSpecRule = {
  id: 'vmi-launcher-annotation-effect', severity: 'warning', scope: 'vmiSpec',
  doc: 'alpha.kubevirt.io/EmulatorThreadCompleteToEvenParity only acts with isolateEmulatorThread; kubevirt.io/memfd only acts as "false" with hugepages.',
  check(v, ctx) {
    const annotations = v.ownerKind === 'VirtualMachine' ? v.owner.spec?.template?.metadata?.annotations : v.owner.metadata?.annotations;
    if (!obj(annotations)) return;
    const base = v.ownerKind === 'VirtualMachine' ? 'spec.template.metadata.annotations' : 'metadata.annotations';
    const parity = 'alpha.kubevirt.io/EmulatorThreadCompleteToEvenParity';
    if (has(annotations[parity]) && v.spec.domain?.cpu?.isolateEmulatorThread !== true) {
      ctx.report(`${base}["${parity}"]`, 'has no effect without domain.cpu.isolateEmulatorThread');
    }
    const memfd = annotations['kubevirt.io/memfd'];
    // virt-launcher turns memfd off only for the exact value "false", and only with hugepages.
    if (has(memfd) && memfd !== 'false') ctx.report(`${base}["kubevirt.io/memfd"]`, `value ${JSON.stringify(memfd)} has no effect; only "false" turns memfd off`);
    else if (memfd === 'false' && !has(v.spec.domain?.memory?.hugepages)) ctx.report(`${base}["kubevirt.io/memfd"]`, 'has no effect without domain.memory.hugepages');
  },
};

export const vmBindingPluginRegistered: VmiSpecRule = {
  id: 'vm-binding-plugin-registered', severity: 'error', scope: 'vmiSpec',
  doc: "With the cluster's KubeVirt CR in the input, every interface binding plugin is registered in its network.binding.",
  check(v, ctx) {
    const ifaces = arr(v.spec.domain?.devices?.interfaces);
    if (!ifaces.some((i) => has(i?.binding))) return;
    const crs = ctx.index.ofKind('kubevirt.io/KubeVirt');
    if (crs.length === 0) return;
    const registered = new Set(crs.flatMap((kv) => Object.keys(obj(kv.object.spec?.configuration?.network?.binding) ?? {})));
    ifaces.forEach((iface, i) => {
      const name = iface?.binding?.name;
      if (typeof name === 'string' && name !== '' && !registered.has(name)) {
        ctx.report(v.at(`domain.devices.interfaces[${i}].binding.name`), `binding plugin '${name}' is not registered in the KubeVirt CR (spec.configuration.network.binding)`);
      }
    });
  },
};

export const VMI_DEVICE_RULES = [vmiArchDevicesValid, vmPermittedHostDevice, vmPersistentStateStorage, vmiLauncherAnnotationEffect, vmBindingPluginRegistered];
