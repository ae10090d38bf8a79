// KubeVirt's defaulting, applied to a copy of a VMI spec before the rules see it, as the
// VM admission webhook does (catalog preamble): volumes without a disk get a disk, and a
// spec with neither networks nor interfaces gets the pod network with the default binding.
import { JsonObject } from './types';
import { arr, obj, quantity } from './rules/util';

export interface DefaultedSpec {
  readonly spec: JsonObject;
  readonly podInterfaceDefaulted: boolean;
}

/** Upstream KubeVirt's default pod binding (`DefaultNetworkInterface` in virt-config.go). */
export const DEFAULT_POD_BINDING = 'bridge';

export function defaultVmiSpec(raw: JsonObject | undefined): DefaultedSpec {
  const spec: JsonObject = { ...(raw ?? {}) };
  const domain: JsonObject = { ...(obj(spec.domain) ?? {}) };
  const devices: JsonObject = { ...(obj(domain.devices) ?? {}) };
  spec.domain = domain;
  domain.devices = devices;

  // SetDefaultVolumeDisk: every volume without a disk or filesystem gets a plain disk.
  const taken = new Set<string>();
  for (const d of [...arr(devices.disks), ...arr(devices.filesystems)]) if (typeof d?.name === 'string') taken.add(d.name);
  const added = arr(spec.volumes)
    .filter((v) => typeof v?.name === 'string' && !taken.has(v.name))
    .map((v) => ({ name: v.name, disk: {} }));
  if (added.length) devices.disks = [...arr(devices.disks), ...added];

  let podInterfaceDefaulted = false;
  const networks = arr(spec.networks);
  const interfaces = arr(devices.interfaces);
  if (networks.length === 0 && interfaces.length === 0 && devices.autoattachPodInterface !== false) {
    spec.networks = [{ name: 'default', pod: {} }];
    devices.interfaces = [{ name: 'default', [DEFAULT_POD_BINDING]: {} }];
    podInterfaceDefaulted = true;
  }
  return { spec, podInterfaceDefaulted };
}

/** The vCPU count KubeVirt derives: topology if any of sockets/cores/threads is set, else CPU requests/limits. */
export function vcpuCount(spec: JsonObject): number | undefined {
  const cpu = obj(spec.domain?.cpu) ?? {};
  if (cpu.sockets || cpu.cores || cpu.threads) {
    return (Number(cpu.sockets) || 1) * (Number(cpu.cores) || 1) * (Number(cpu.threads) || 1);
  }
  const res = obj(spec.domain?.resources) ?? {};
  const q = quantity(res.requests?.cpu) ?? quantity(res.limits?.cpu);
  return q === undefined || Number.isNaN(q) ? undefined : Math.max(1, Math.ceil(q));
}

/** Guest memory as KubeVirt derives it: memory.guest, else requests.memory, else limits.memory. */
export function guestMemory(spec: JsonObject): number | undefined {
  const domain = obj(spec.domain) ?? {};
  const q = quantity(domain.memory?.guest) ?? quantity(domain.resources?.requests?.memory) ?? quantity(domain.resources?.limits?.memory);
  return q === undefined || Number.isNaN(q) ? undefined : q;
}
