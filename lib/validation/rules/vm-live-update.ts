// Hotplug and live update rules: what the VM admission webhook checks when the cluster's VM rollout
// strategy is LiveUpdate (vms-admitter.go validateLiveUpdateFeatures -> pkg/liveupdate/memory
// ValidateLiveUpdateMemory), and the disk a hot-plugged volume needs (pkg/storage/admitters/
// storagehotplug.go ValidateHotplugDiskConfiguration, run when KubeVirt plugs the volume in).
import type { ObjectIndex } from '../object-index';
import { VmiSpecRule } from './types';
import { arr, bytes, obj, quantity } from './util';

/** KubeVirt's memory hotplug block alignment (2Mi; 1Gi with 1Gi hugepages) and minimum guest memory (1Gi). */
const BLOCK_2MI = 2 * 2 ** 20;
const BLOCK_1GI = 2 ** 30;
const MIN_GUEST = 2 ** 30;

/**
 * The cluster's VM rollout strategy from a KubeVirt CR in the input (`spec.configuration.vmRolloutStrategy`);
 * KubeVirt treats an unset value as LiveUpdate (virt-config.go IsVMRolloutStrategyLiveUpdate).
 */
export function vmRolloutStrategy(index: ObjectIndex | undefined): 'LiveUpdate' | 'Stage' {
  for (const kv of index?.ofKind('kubevirt.io/KubeVirt') ?? []) {
    if (kv.object.spec?.configuration?.vmRolloutStrategy === 'Stage') return 'Stage';
  }
  return 'LiveUpdate';
}

/** Why memory hotplug cannot work for this VMI spec with this maxGuest (ValidateLiveUpdateMemory), or undefined. */
export function memoryHotplugProblem(spec: Record<string, any>, maxGuest: number | undefined): { path: string; message: string } | undefined {
  const d = obj(spec.domain) ?? {};
  if (obj(d.cpu?.realtime)) return { path: 'domain.cpu.realtime', message: 'memory hotplug is not compatible with realtime VMs' };
  if (obj(d.cpu?.numa?.guestMappingPassthrough)) return { path: 'domain.cpu.numa', message: 'memory hotplug is not compatible with guest mapping passthrough' };
  if (obj(d.launchSecurity)) return { path: 'domain.launchSecurity', message: 'memory hotplug is not compatible with encrypted VMs' };
  const guest = quantity(d.memory?.guest);
  if (guest === undefined || Number.isNaN(guest)) return { path: 'domain.memory.guest', message: 'guest memory must be set when memory hotplug is enabled (memory.maxGuest)' };
  if (maxGuest === undefined || Number.isNaN(maxGuest)) return { path: 'domain.memory.maxGuest', message: 'maxGuest must be set when memory hotplug is enabled' };
  if (guest > maxGuest) return { path: 'domain.memory.guest', message: `guest memory ${d.memory.guest} is greater than maxGuest ${d.memory.maxGuest ?? bytes(maxGuest)}` };
  const block = d.memory?.hugepages?.pageSize === '1Gi' ? BLOCK_1GI : BLOCK_2MI;
  if (guest % block !== 0) return { path: 'domain.memory.guest', message: `guest memory ${d.memory.guest} must be ${bytes(block)} aligned for memory hotplug` };
  if (maxGuest % block !== 0) return { path: 'domain.memory.maxGuest', message: `maxGuest ${d.memory?.maxGuest ?? bytes(maxGuest)} must be ${bytes(block)} aligned` };
  const arch = spec.architecture ?? 'amd64';
  if (arch !== 'amd64') return { path: 'architecture', message: `memory hotplug is only available for amd64 VMs, not ${arch}` };
  if (guest < MIN_GUEST) return { path: 'domain.memory.guest', message: `memory hotplug needs at least 1Gi of guest memory, not ${d.memory.guest}` };
  return undefined;
}

export const vmMemoryHotplugValid: VmiSpecRule = {
  id: 'vm-memory-hotplug-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'With memory.maxGuest under the LiveUpdate rollout: guest memory set, <= maxGuest, 2Mi aligned, >= 1Gi, amd64, no realtime/NUMA/SEV.',
  check(v, ctx) {
    if (v.ownerKind !== 'VirtualMachine') return;
    const maxGuestRaw = v.spec.domain?.memory?.maxGuest;
    if (maxGuestRaw === undefined || vmRolloutStrategy(ctx.index) === 'Stage') return;
    const problem = memoryHotplugProblem(v.spec, quantity(maxGuestRaw));
    if (problem) ctx.report(v.at(problem.path), problem.message, { hint: 'fix the memory settings, or drop memory.maxGuest' });
  },
};

export const vmHotplugDiskValid: VmiSpecRule = {
  id: 'vm-hotplug-disk-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'A hotpluggable volume has a disk on the scsi or virtio bus, or a LUN on scsi (KubeVirt refuses to plug it otherwise).',
  check(v, ctx) {
    const disks = arr(v.spec.domain?.devices?.disks);
    for (const volume of arr(v.spec.volumes)) {
      const plugged = volume?.dataVolume?.hotpluggable === true || volume?.persistentVolumeClaim?.hotpluggable === true;
      if (!plugged) continue;
      const i = disks.findIndex((d) => d?.name === volume.name);
      const disk = disks[i];
      if (!disk || obj(disk.cdrom)) continue; // an empty or ejected CD-ROM is the declarative CD-ROM flow
      const at = (rel: string) => v.at(`domain.devices.disks[${i}].${rel}`);
      if (obj(disk.lun)) {
        if ((disk.lun.bus ?? 'scsi') !== 'scsi') ctx.report(at('lun.bus'), `hot-plugged LUN '${volume.name}' needs the scsi bus, not ${disk.lun.bus}`);
        continue;
      }
      const bus = obj(disk.disk)?.bus ?? 'virtio';
      if (bus !== 'scsi' && bus !== 'virtio') {
        ctx.report(at('disk.bus'), `hot-plugged disk '${volume.name}' needs the scsi or virtio bus, not ${bus}`, { hint: 'use bus: scsi (or virtio)' });
      }
    }
  },
};

export const VM_LIVE_UPDATE_RULES = [vmMemoryHotplugValid, vmHotplugDiskValid];
