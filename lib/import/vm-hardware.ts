// A VM's hardware as `kv.VirtualMachine` props: CPU topology and placement, memory, requests and
// limits, firmware, features, clock and the domain's simple devices (rng, tablet, TPM, flags).
import { Code, code, literal } from './code';
import { jsonEqual } from './json-patch';
import { isObject, sizeCode } from './model';
import { WINDOWS_HYPERV } from './profiles';
import { resourcesOf, Setter, VmState } from './vm-baseline';

/** Sets (through `set`) the props the VM's `domain` has and the construct would not write by itself. */
export function mapHardware(domain: Record<string, any>, state: VmState, set: Setter): void {
  const devices = isObject(domain.devices) ? domain.devices : {};
  const cpu = domain.cpu;
  if (isObject(cpu)) {
    if ([cpu.sockets, cpu.cores, cpu.threads].every((n) => Number.isInteger(n) && n > 0)) {
      const topo = { sockets: cpu.sockets, cores: cpu.cores, threads: cpu.threads };
      const written = topo.sockets === 1 && topo.threads === 1 ? code(`kv.CpuTopology.cores(${topo.cores})`)
        : topo.cores === 1 && topo.threads === 1 ? code(`kv.CpuTopology.sockets(${topo.sockets})`) : code(`kv.CpuTopology.of(${literal(topo)})`);
      set('cpu', topo, written);
    } else {
      // Some of the counts (`cores: 2`): KubeVirt takes 1 for the others.
      const given = Object.fromEntries((['sockets', 'cores', 'threads'] as const).filter((k) => cpu[k] !== undefined).map((k) => [k, cpu[k]]));
      if (Object.keys(given).length > 0 && Object.values(given).every((n) => Number.isInteger(n) && n > 0)) {
        set('cpu', given, code(`kv.CpuTopology.only(${literal(given)})`));
      }
    }
    for (const k of ['dedicatedCpuPlacement', 'isolateEmulatorThread'] as const) {
      if (typeof cpu[k] === 'boolean') set(k, cpu[k], cpu[k]);
    }
  }
  const memory = sizeCode(domain.memory?.guest);
  if (memory) set('memory', domain.memory.guest, memory);
  // CPU and memory requests and limits (CPU as cdk8s-plus's Cpu, as the props take it).
  const requestMemory = sizeCode(domain.resources?.requests?.memory);
  const limitMemory = sizeCode(domain.resources?.limits?.memory);
  const requestCpu = cpuCode(domain.resources?.requests?.cpu);
  const limitCpu = cpuCode(domain.resources?.limits?.cpu);
  if (requestMemory || limitMemory || requestCpu || limitCpu) {
    const r = domain.resources;
    const value = resourcesOf({
      requests: { cpu: requestCpu ? r.requests.cpu : undefined, memory: requestMemory ? r.requests.memory : undefined },
      limits: { cpu: limitCpu ? r.limits.cpu : undefined, memory: limitMemory ? r.limits.memory : undefined },
    });
    const written: Record<string, unknown> = {};
    if (requestCpu || limitCpu) written.cpu = { request: requestCpu, limit: limitCpu };
    if (requestMemory || limitMemory) written.memory = { request: requestMemory, limit: limitMemory };
    set('resources', value, written);
  }
  mapFirmware(domain.firmware, state, set);
  mapFeatures(domain.features, state, set);
  const clock = domain.clock;
  if (isObject(clock)) {
    const keys = Object.keys(clock).sort().join(',');
    const timer = isObject(clock.timer) ? clock.timer : undefined;
    if ((keys === 'utc' || keys === 'timer,utc') && jsonEqual(clock.utc, {})) {
      set('clock', { ...clock }, code(`kv.Clock.utc(${timer ? literal(timer) : ''})`));
    } else if ((keys === 'timezone' || keys === 'timer,timezone') && typeof clock.timezone === 'string') {
      set('clock', { ...clock }, code(`kv.Clock.timezone(${literal(clock.timezone)}${timer ? `, ${literal(timer)}` : ''})`));
    }
  }
  if (jsonEqual(devices.rng, {})) set('rng', true, true);
  const inputs = devices.inputs;
  if (Array.isArray(inputs) && inputs.length === 1 && jsonEqual(inputs[0], { type: 'tablet', bus: inputs[0]?.bus, name: 'tablet' })
    && (inputs[0].bus === 'virtio' || inputs[0].bus === 'usb')) set('tablet', inputs[0].bus, inputs[0].bus);
  if (isObject(devices.tpm) && Object.keys(devices.tpm).every((k) => k === 'persistent') && devices.tpm.persistent !== false) {
    set('tpm', { ...devices.tpm }, { ...devices.tpm });
  }
  for (const k of ['networkInterfaceMultiqueue', 'autoattachGraphicsDevice', 'autoattachSerialConsole'] as const) {
    if (typeof devices[k] === 'boolean') set(k, devices[k], devices[k]);
  }
}

function mapFirmware(fw: unknown, state: VmState, set: Setter): void {
  if (!isObject(fw) || !isObject(fw.bootloader)) return;
  const extra = Object.keys(fw).filter((k) => k !== 'bootloader' && k !== 'uuid' && k !== 'serial');
  if (extra.length > 0 || Object.keys(fw.bootloader).length !== 1) return;
  const identity: Record<string, unknown> = {};
  for (const k of ['uuid', 'serial']) if (typeof fw[k] === 'string') identity[k] = fw[k];
  const efi = fw.bootloader.efi;
  const bios = fw.bootloader.bios;
  let written: Code | undefined;
  let secureBoot = false;
  if (isObject(efi) && typeof efi.secureBoot === 'boolean' && Object.keys(efi).every((k) => k === 'secureBoot' || k === 'persistent')
    && (efi.persistent === undefined || typeof efi.persistent === 'boolean')) {
    written = code(`kv.Firmware.efi(${literal({ secureBoot: efi.secureBoot, persistent: efi.persistent, ...identity })})`);
    secureBoot = efi.secureBoot;
  } else if (isObject(bios) && Object.keys(bios).every((k) => k === 'useSerial') && (bios.useSerial === undefined || typeof bios.useSerial === 'boolean')) {
    const options = { useSerial: bios.useSerial, ...identity };
    written = code(`kv.Firmware.bios(${Object.values(options).some((v) => v !== undefined) ? literal(options) : ''})`);
  }
  if (!written) return;
  if (jsonEqual(state.firmware, fw)) return;
  set('firmware', fw as Record<string, unknown>, written);
  state.firmwareSecureBoot = secureBoot;
}

function mapFeatures(features: unknown, state: VmState, set: Setter): void {
  if (!isObject(features)) return;
  const out: NonNullable<VmState['features']> = {};
  const written: Record<string, unknown> = {};
  for (const k of ['acpi', 'apic', 'smm'] as const) {
    const f = features[k];
    if (isObject(f) && Object.keys(f).length === 1 && typeof f.enabled === 'boolean') {
      out[k] = f.enabled;
      written[k] = f.enabled;
    }
  }
  if (isObject(features.hyperv)) {
    out.hyperv = { ...features.hyperv };
    written.hyperv = code(`kv.HypervFeatures.${jsonEqual(features.hyperv, WINDOWS_HYPERV) ? 'windows()' : `of(${literal(features.hyperv)})`}`);
  }
  if (isObject(features.kvm) && Object.keys(features.kvm).length === 1 && typeof features.kvm.hidden === 'boolean') {
    out.kvmHidden = features.kvm.hidden;
    written.kvmHidden = features.kvm.hidden;
  }
  if (Object.keys(out).length === 0) return;
  // The construct enables SMM by itself under secure boot.
  const effective = { ...state.features };
  if (effective.smm === undefined && state.firmwareSecureBoot) effective.smm = true;
  if (jsonEqual(effective, out)) return;
  set('features', out, written);
}

/** `plus.Cpu.millis(500)` for `500m`, `plus.Cpu.units(2)` for `2`, when it renders back identically. */
function cpuCode(quantity: unknown): Code | undefined {
  if (typeof quantity !== 'string') return undefined;
  const millis = /^([1-9][0-9]*)m$/.exec(quantity);
  if (millis && Number.isSafeInteger(Number(millis[1]))) return code(`plus.Cpu.millis(${millis[1]})`);
  if (/^[0-9]+(\.[0-9]+)?$/.test(quantity) && String(Number(quantity)) === quantity && Number(quantity) > 0) return code(`plus.Cpu.units(${quantity})`);
  return undefined;
}
