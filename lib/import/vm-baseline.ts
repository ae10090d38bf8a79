// What `kv.VirtualMachine` writes by itself for a set of profiles, read back from its own
// rendering (the importer leaves out every prop the input has at that value).
import { ImportedObject, ImportScope, isObject } from './model';

/** A VM's settings in the writing's terms: what the input has, or what the construct writes unasked. */
export interface VmState {
  runStrategy?: string;
  /** The matcher as rendered: `{kind, name, revisionName}` or `{inferFromVolume, inferFromVolumeFailurePolicy}`. */
  instancetype?: Record<string, unknown>;
  preference?: Record<string, unknown>;
  /** The topology counts written (all three, or those a manifest gives). */
  cpu?: { sockets?: number; cores?: number; threads?: number };
  memory?: string;
  /** CPU and memory requests and limits (quantities). */
  resources?: { cpuRequest?: string; cpuLimit?: string; memoryRequest?: string; memoryLimit?: string };
  dedicatedCpuPlacement?: boolean;
  isolateEmulatorThread?: boolean;
  ioThreadsPolicy?: string;
  firmware?: Record<string, unknown>;
  firmwareSecureBoot?: boolean;
  features?: { acpi?: boolean; apic?: boolean; smm?: boolean; hyperv?: Record<string, unknown>; kvmHidden?: boolean };
  clock?: Record<string, unknown>;
  tpm?: { persistent?: boolean };
  rng?: boolean;
  tablet?: string;
  networkInterfaceMultiqueue?: boolean;
  autoattachGraphicsDevice?: boolean;
  autoattachSerialConsole?: boolean;
  /** The bus of a disk added without one. */
  defaultDiskBus?: string;
  evictionStrategy?: string;
  terminationGracePeriodSeconds?: number;
  priorityClassName?: string;
  schedulerName?: string;
  serviceAccountName?: string;
  hostname?: string;
  subdomain?: string;
  nodeSelector?: Record<string, string>;
  templateLabels?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
  podNetwork?: boolean;
  /** The NICs and networks the construct writes when none is added (its pod NIC). */
  interfaces?: any[];
  networks?: any[];
}

/** Records a prop the writing sets: `value` in the state's terms, `written` as the code writes it. */
export type Setter = <K extends keyof VmState>(key: K, value: VmState[K], written: unknown, propName?: string) => void;

/** The construct's rendering for these profiles alone, as state; a probe disk shows the default bus. */
export function baselineOf(io: ImportedObject, scope: ImportScope, create: (props: Record<string, unknown>) => string,
  vmSpecOf: (obj: any) => any, profiles: Record<string, unknown>): VmState {
  let spec: any;
  try {
    spec = vmSpecOf(scope.trial(io, [create(profiles), `${io.varName}.addDisk('probe', kv.DiskSource.containerDisk('probe'));`]));
  } catch {
    return {};
  }
  const tpl = spec?.template ?? {};
  const tspec = tpl.spec ?? {};
  const domain = tspec.domain ?? {};
  const devices = domain.devices ?? {};
  const cpu = domain.cpu ?? {};
  const state: VmState = {
    runStrategy: spec.runStrategy,
    cpu: [cpu.sockets, cpu.cores, cpu.threads].some((n) => n !== undefined) ? { sockets: cpu.sockets, cores: cpu.cores, threads: cpu.threads } : undefined,
    dedicatedCpuPlacement: cpu.dedicatedCpuPlacement,
    isolateEmulatorThread: cpu.isolateEmulatorThread,
    memory: domain.memory?.guest,
    resources: resourcesOf(domain.resources),
    ioThreadsPolicy: domain.ioThreadsPolicy,
    firmware: domain.firmware,
    firmwareSecureBoot: domain.firmware?.bootloader?.efi?.secureBoot,
    features: readFeatures(domain.features),
    clock: domain.clock,
    tpm: devices.tpm,
    rng: devices.rng ? true : undefined,
    tablet: Array.isArray(devices.inputs) && devices.inputs.length === 1 && devices.inputs[0].type === 'tablet' ? devices.inputs[0].bus : undefined,
    networkInterfaceMultiqueue: devices.networkInterfaceMultiqueue,
    autoattachGraphicsDevice: devices.autoattachGraphicsDevice,
    autoattachSerialConsole: devices.autoattachSerialConsole,
    defaultDiskBus: (devices.disks ?? []).find((d: any) => d.name === 'probe')?.disk?.bus,
    interfaces: devices.interfaces,
    networks: tspec.networks,
  };
  for (const k of ['evictionStrategy', 'terminationGracePeriodSeconds', 'priorityClassName', 'schedulerName', 'serviceAccountName', 'hostname', 'subdomain', 'nodeSelector'] as const) {
    (state as any)[k] = tspec[k];
  }
  const labels = { ...tpl.metadata?.labels };
  delete labels['kubevirt.io/domain'];
  delete labels['vm.kubevirt.io/name'];
  state.templateLabels = labels;
  state.templateAnnotations = { ...tpl.metadata?.annotations };
  return JSON.parse(JSON.stringify(state));
}

/** Domain features in the writing's terms. */
function readFeatures(features: any): VmState['features'] {
  if (!isObject(features)) return undefined;
  const out: NonNullable<VmState['features']> = {};
  for (const k of ['acpi', 'apic', 'smm'] as const) if (typeof features[k]?.enabled === 'boolean') out[k] = features[k].enabled;
  if (isObject(features.hyperv)) out.hyperv = features.hyperv;
  if (typeof features.kvm?.hidden === 'boolean') out.kvmHidden = features.kvm.hidden;
  return out;
}


/** The domain's CPU and memory requests and limits, undefined when there are none. */
export function resourcesOf(resources: any): VmState['resources'] {
  const out = JSON.parse(JSON.stringify({
    cpuRequest: resources?.requests?.cpu, cpuLimit: resources?.limits?.cpu,
    memoryRequest: resources?.requests?.memory, memoryLimit: resources?.limits?.memory,
  }));
  return Object.keys(out).length > 0 ? out : undefined;
}
