// Instancetypes and preferences (namespaced and cluster-wide) as `kv.Instancetype`,
// `kv.ClusterInstancetype`, `kv.Preference`, `kv.ClusterPreference`. Fields the props do not
// carry are left to the escape hatch, which is computed from the constructs' own rendering.
import { code, Code, literal } from './code';
import { isObject, sizeCode } from './model';

/** The construct class of each kind. */
export const FLAVOR_CONSTRUCTS: Record<string, string> = {
  VirtualMachineInstancetype: 'kv.Instancetype',
  VirtualMachineClusterInstancetype: 'kv.ClusterInstancetype',
  VirtualMachinePreference: 'kv.Preference',
  VirtualMachineClusterPreference: 'kv.ClusterPreference',
};

const HUGEPAGES: Record<string, string> = { '2Mi': 'TWO_MEBIBYTES', '1Gi': 'ONE_GIBIBYTE' };
const IO_THREADS = ['shared', 'auto', 'supplementalPool'];

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every(isString);
const isInt = (v: unknown): v is number => Number.isInteger(v);

/** Instancetype props, or undefined when the required guest CPU and memory are not expressible. */
export function mapInstancetype(spec: any): Record<string, unknown> | undefined {
  if (!isObject(spec) || !isObject(spec.cpu) || !isObject(spec.memory)) return undefined;
  const cpu = spec.cpu;
  const memory = spec.memory;
  const guestMemory = sizeCode(memory.guest);
  if (!isInt(cpu.guest) || !guestMemory) return undefined;
  const props: Record<string, unknown> = { cpu: cpu.guest, memory: guestMemory };
  if (isString(cpu.model)) props.cpuModel = cpu.model;
  if (typeof cpu.dedicatedCPUPlacement === 'boolean') props.dedicatedCpuPlacement = cpu.dedicatedCPUPlacement;
  if (typeof cpu.isolateEmulatorThread === 'boolean') props.isolateEmulatorThread = cpu.isolateEmulatorThread;
  if (isObject(cpu.numa) && isObject(cpu.numa.guestMappingPassthrough)) props.numaPassthrough = true;
  if (isObject(cpu.realtime)) props.realtime = isString(cpu.realtime.mask) ? cpu.realtime.mask : true;
  if (isInt(cpu.maxSockets)) props.maxSockets = cpu.maxSockets;
  const pageSize = isObject(memory.hugepages) ? HUGEPAGES[memory.hugepages.pageSize] : undefined;
  if (pageSize) props.hugepages = code(`kv.HugepageSize.${pageSize}`);
  if (isInt(memory.overcommitPercent)) props.memoryOvercommitPercent = memory.overcommitPercent;
  const maxGuest = sizeCode(memory.maxGuest);
  if (maxGuest) props.maxGuestMemory = maxGuest;
  if (IO_THREADS.includes(spec.ioThreadsPolicy)) props.ioThreadsPolicy = spec.ioThreadsPolicy;
  if (isInt(spec.ioThreads?.supplementalPoolThreadCount)) props.supplementalPoolThreadCount = spec.ioThreads.supplementalPoolThreadCount;
  for (const k of ['gpus', 'hostDevices'] as const) {
    const list = spec[k];
    if (Array.isArray(list) && list.every((d) => isObject(d) && isString(d.name) && isString(d.deviceName) && (d.tag === undefined || isString(d.tag)))) {
      props[k] = list.map((d) => ({ name: d.name, deviceName: d.deviceName, tag: d.tag }));
    }
  }
  if (isStringMap(spec.nodeSelector)) props.nodeSelector = { ...spec.nodeSelector };
  if (isString(spec.schedulerName)) props.schedulerName = spec.schedulerName;
  if (isStringMap(spec.annotations)) props.annotations = { ...spec.annotations };
  return props;
}

/** `PreferenceDevices` props by API field (`preferredDiskBus` -> `diskBus`); values checked by type. */
const DEVICE_FIELDS: Record<string, { prop: string; type: 'string' | 'boolean' | 'marker' | 'tpm' }> = {};
for (const k of ['diskBus', 'cdromBus', 'lunBus', 'interfaceModel', 'inputBus', 'inputType', 'diskCache', 'videoType', 'soundModel', 'panicDeviceModel']) {
  DEVICE_FIELDS[`preferred${k[0].toUpperCase()}${k.slice(1)}`] = { prop: k, type: 'string' };
}
DEVICE_FIELDS.preferredDiskIO = { prop: 'diskIO', type: 'string' };
for (const k of ['autoattachGraphicsDevice', 'autoattachInputDevice', 'autoattachMemBalloon', 'autoattachPodInterface', 'autoattachSerialConsole',
  'blockMultiQueue', 'networkInterfaceMultiQueue', 'diskDedicatedIoThread', 'useVirtioTransitional', 'disableHotplug']) {
  DEVICE_FIELDS[`preferred${k[0].toUpperCase()}${k.slice(1)}`] = { prop: k, type: 'boolean' };
}
DEVICE_FIELDS.preferredRng = { prop: 'rng', type: 'marker' };
DEVICE_FIELDS.preferredInterfaceMasquerade = { prop: 'interfaceMasquerade', type: 'marker' };
DEVICE_FIELDS.preferredTPM = { prop: 'tpm', type: 'tpm' };

const TOPOLOGIES: Record<string, string> = { sockets: 'SOCKETS', cores: 'CORES', threads: 'THREADS', spread: 'SPREAD', any: 'ANY' };
const SPREAD: Record<string, string> = { SocketsCores: 'SOCKETS_CORES', CoresThreads: 'CORES_THREADS', SocketsCoresThreads: 'SOCKETS_CORES_THREADS' };

/** Preference props (every field is optional: fields outside the props are patched). */
export function mapPreference(spec: any): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  if (!isObject(spec)) return props;
  if (isStringMap(spec.annotations)) props.annotations = { ...spec.annotations };
  const topology = TOPOLOGIES[spec.cpu?.preferredCPUTopology];
  if (topology) props.cpuTopology = code(`kv.PreferredCpuTopology.${topology}`);
  const spread = spec.cpu?.spreadOptions;
  if (isObject(spread) && Object.keys(spread).every((k) => k === 'across' || k === 'ratio')
    && (spread.across === undefined || SPREAD[spread.across]) && (spread.ratio === undefined || isInt(spread.ratio))) {
    props.spreadOptions = { across: spread.across ? code(`kv.SpreadAcross.${SPREAD[spread.across]}`) : undefined, ratio: spread.ratio };
  }
  if (isObject(spec.devices)) {
    const devices: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(spec.devices)) {
      const f = DEVICE_FIELDS[field];
      if (!f) continue;
      if (f.type === 'string' && isString(value)) devices[f.prop] = value;
      else if (f.type === 'boolean' && typeof value === 'boolean') devices[f.prop] = value;
      else if (f.type === 'marker' && isObject(value) && Object.keys(value).length === 0) devices[f.prop] = true;
      else if (f.type === 'tpm' && isObject(value)) {
        if (Object.keys(value).length === 0) devices.tpm = true;
        else if (value.enabled === false && Object.keys(value).length === 1) devices.tpm = false;
        else if (Object.keys(value).join() === 'persistent' && typeof value.persistent === 'boolean') devices.tpm = { persistent: value.persistent };
      }
    }
    if (Object.keys(devices).length > 0) props.devices = devices;
  }
  const features = mapFeatures(spec.features);
  if (features) props.features = features;
  const firmware = mapFirmware(spec.firmware);
  if (firmware) props.firmware = firmware;
  const clock = mapClock(spec.clock);
  if (clock) props.clock = clock;
  if (isString(spec.machine?.preferredMachineType)) props.machineType = spec.machine.preferredMachineType;
  if (isString(spec.preferredArchitecture)) props.architecture = spec.preferredArchitecture;
  if (isObject(spec.preferredLaunchSecurity)) props.launchSecurity = spec.preferredLaunchSecurity;
  if (isString(spec.preferredSubdomain)) props.subdomain = spec.preferredSubdomain;
  if (isInt(spec.preferredTerminationGracePeriodSeconds)) props.terminationGracePeriodSeconds = spec.preferredTerminationGracePeriodSeconds;
  if (isString(spec.volumes?.preferredStorageClassName)) props.storageClassName = spec.volumes.preferredStorageClassName;
  const req = spec.requirements;
  if (isObject(req)) {
    const requirements: Record<string, unknown> = {};
    if (isString(req.architecture)) requirements.architecture = req.architecture;
    if (isInt(req.cpu?.guest)) requirements.cpu = req.cpu.guest;
    const memory = sizeCode(req.memory?.guest);
    if (memory) requirements.memory = memory;
    if (Object.keys(requirements).length > 0) props.requirements = requirements;
  }
  return props;
}

function mapFeatures(features: unknown): Record<string, unknown> | undefined {
  if (!isObject(features)) return undefined;
  const out: Record<string, unknown> = {};
  const toggles: Array<[string, string]> = [['preferredAcpi', 'acpi'], ['preferredApic', 'apic'], ['preferredSmm', 'smm'], ['preferredPvspinlock', 'pvspinlock']];
  for (const [field, prop] of toggles) {
    const f = features[field];
    // `{}` and `{ enabled: true }` both mean on; the construct writes one of them (the patch keeps the other).
    if (isObject(f) && (Object.keys(f).length === 0 || (Object.keys(f).join() === 'enabled' && typeof f.enabled === 'boolean'))) out[prop] = f.enabled ?? true;
  }
  if (typeof features.preferredKvm?.hidden === 'boolean') out.kvmHidden = features.preferredKvm.hidden;
  if (isObject(features.preferredHyperv)) out.hyperv = code(`kv.HypervEnlightenments.custom(${literal(features.preferredHyperv)})`);
  return Object.keys(out).length > 0 ? out : undefined;
}

function mapFirmware(firmware: unknown): Code | undefined {
  if (!isObject(firmware)) return undefined;
  const keys = Object.keys(firmware).sort().join();
  if (keys === 'preferredUseBios' && firmware.preferredUseBios === true) return code('kv.PreferenceFirmware.bios()');
  if (keys === 'preferredUseBios,preferredUseBiosSerial' && firmware.preferredUseBios === true && firmware.preferredUseBiosSerial === true) {
    return code('kv.PreferenceFirmware.biosWithSerialOutput()');
  }
  const efi = firmware.preferredEfi;
  if (keys === 'preferredEfi' && isObject(efi) && Object.keys(efi).every((k) => k === 'secureBoot' || k === 'persistent')) {
    const options = { secureBoot: efi.secureBoot === true ? undefined : efi.secureBoot, persistent: efi.persistent };
    return code(`kv.PreferenceFirmware.efi(${Object.values(options).some((v) => v !== undefined) ? literal(options) : ''})`);
  }
  return undefined;
}

function mapClock(clock: unknown): Code | undefined {
  if (!isObject(clock)) return undefined;
  const timers = clock.preferredTimer;
  const typed = (t: unknown) => isObject(t) && Object.entries(t).every(([k, v]) => ['hpet', 'pit', 'rtc', 'hyperv', 'kvm'].includes(k)
    && isObject(v) && Object.keys(v).every((x) => ['present', 'tickPolicy', 'track'].includes(x)));
  if (timers !== undefined && !typed(timers)) return undefined;
  const timer = timers !== undefined ? `, ${literal(timers)}` : '';
  if (isObject(clock.preferredClockOffset) && isObject(clock.preferredClockOffset.utc)) return code(`kv.PreferenceClock.utc(${timer.slice(2)})`);
  if (isString(clock.preferredClockOffset?.timezone)) return code(`kv.PreferenceClock.timezone(${literal(clock.preferredClockOffset.timezone)}${timer})`);
  return undefined;
}
