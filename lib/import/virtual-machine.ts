// VirtualMachines as `kv.VirtualMachine`: profiles where the VM equals them, catalog
// instancetypes and preferences, `addDisk`/`addInterface` with references to imported objects.
import { KubeObject } from '../manifests';
import { catalogMember, COMMON_INSTANCETYPES, COMMON_PREFERENCES } from './catalog-names';
import { Code, code, literal } from './code';
import { mapDataVolumeSpec } from './data-volume';
import { diffToPatch, jsonEqual, countFields } from './json-patch';
import { enumOf, ImportedObject, ImportScope, isObject, sizeCode } from './model';
import { FLAVORS, OS_PROFILES, VM_FLAVOR_ANNOTATION, VM_OS_ANNOTATION, VM_WORKLOAD_ANNOTATION, WINDOWS_HYPERV, WORKLOAD_PROFILES } from './profiles';
import { baselineOf, resourcesOf, VmState } from './vm-baseline';

/** KubeVirt's inference failure policies, by the enum member that writes them. */
const FAILURE_POLICIES: Record<string, string> = { IgnoreInferFromVolumeFailure: 'IGNORE', RejectInferFromVolumeFailure: 'REJECT' };

/** One way of writing the VM: its props, the statements after it, and what they render. */
export interface VmWriting {
  readonly props: Record<string, unknown>;
  readonly after: (varName: string) => string[];
  readonly dependsOn: ImportedObject[];
  readonly rawFields: number;
}

/** The creation statement for these props (metadata included). */
export type VmCreate = (props: Record<string, unknown>) => string;

/** Where the VM spec is in the object (a VM's `spec`, a pool's `spec.virtualMachineTemplate.spec`). */
export type VmSpecOf = (obj: any) => any;

/**
 * Writes the VM both with its profiles (when its template names them) and without; keeps the
 * writing whose rendering (run with the constructs) needs the shorter escape hatch.
 */
export function mapVirtualMachine(io: ImportedObject, scope: ImportScope, create: VmCreate, vmSpecOf: VmSpecOf = (o) => o.spec): VmWriting {
  const plain = writeVm(io, scope, create, vmSpecOf, false);
  const ann = vmSpecOf(io.object)?.template?.metadata?.annotations ?? {};
  if (!(ann[VM_OS_ANNOTATION] in OS_PROFILES || ann[VM_WORKLOAD_ANNOTATION] in WORKLOAD_PROFILES || ann[VM_FLAVOR_ANNOTATION] in FLAVORS)) return plain;
  const profiled = writeVm(io, scope, create, vmSpecOf, true);
  const cost = (w: VmWriting) => {
    try {
      return countFields(diffToPatch(vmSpecOf(scope.trial(io, [create(w.props), ...w.after(io.varName)])), vmSpecOf(io.object))) + w.rawFields;
    } catch {
      return Infinity;
    }
  };
  return cost(profiled) <= cost(plain) ? profiled : plain;
}

function writeVm(io: ImportedObject, scope: ImportScope, create: VmCreate, vmSpecOf: VmSpecOf, useProfiles: boolean): VmWriting {
  const obj: KubeObject = io.object;
  const name = obj.metadata.name;
  const namespace = io.chart.namespace || undefined;
  const spec = isObject(vmSpecOf(obj)) ? vmSpecOf(obj) : {};
  const tpl = isObject(spec.template) ? spec.template : {};
  const tspec = isObject(tpl.spec) ? tpl.spec : {};
  const domain = isObject(tspec.domain) ? tspec.domain : {};
  const devices = isObject(domain.devices) ? domain.devices : {};
  const props: Record<string, unknown> = {};
  const dependsOn: ImportedObject[] = [];
  let rawFields = 0;

  if (useProfiles) {
    const ann = tpl.metadata?.annotations ?? {};
    const os = OS_PROFILES[ann[VM_OS_ANNOTATION]];
    const workload = WORKLOAD_PROFILES[ann[VM_WORKLOAD_ANNOTATION]];
    const flavor = FLAVORS[ann[VM_FLAVOR_ANNOTATION]];
    if (os) props.os = code(`kv.OsProfile.${os}`);
    if (workload) props.workload = code(`kv.WorkloadProfile.${workload}`);
    if (flavor) props.flavor = code(`kv.Flavor.${flavor}`);
  }
  // NICs written without a model keep it unset (KubeVirt then picks the preference's model, else virtio).
  if (Array.isArray(devices.interfaces) && devices.interfaces.some((i: unknown) => isObject(i) && i.model === undefined)) {
    props.explicitInterfaceModel = false;
  }
  const state = baselineOf(io, scope, create, vmSpecOf, props);
  const set = <K extends keyof VmState>(key: K, value: VmState[K], written: unknown, propName: string = key) => {
    if (jsonEqual(state[key], value)) return;
    state[key] = value;
    props[propName] = written;
  };

  // Instancetype and preference: catalog values where they are.
  for (const [key, catalog, cls, clusterKind, refClass] of [
    ['instancetype', COMMON_INSTANCETYPES, 'CommonInstancetype', 'VirtualMachineClusterInstancetype', 'InstancetypeRef'],
    ['preference', COMMON_PREFERENCES, 'CommonPreference', 'VirtualMachineClusterPreference', 'PreferenceRef'],
  ] as const) {
    const ref = spec[key];
    if (!isObject(ref)) continue;
    // Inferred from a volume's labels (with KubeVirt's failure policy when the input names one).
    const policy = FAILURE_POLICIES[ref.inferFromVolumeFailurePolicy];
    if (typeof ref.inferFromVolume === 'string' && (ref.inferFromVolumeFailurePolicy === undefined || policy)
      && Object.keys(ref).every((k) => k === 'inferFromVolume' || k === 'inferFromVolumeFailurePolicy')) {
      const options = policy ? `, { failurePolicy: kv.InferFromVolumeFailurePolicy.${policy} }` : '';
      set(key, { ...ref }, code(`kv.${refClass}.inferFromVolume(${literal(ref.inferFromVolume)}${options})`));
      continue;
    }
    if (typeof ref.name !== 'string' || Object.keys(ref).some((k) => !['kind', 'name', 'revisionName'].includes(k))) continue;
    if (ref.revisionName !== undefined && typeof ref.revisionName !== 'string') continue;
    const kind = typeof ref.kind === 'string' ? ref.kind : clusterKind;
    // Only the kinds' canonical spellings are typed; KubeVirt's lower-case aliases go through the escape hatch.
    if (kind !== clusterKind && kind !== clusterKind.replace('Cluster', '')) continue;
    // The catalog value, else the imported object (a construct reference: the VM is applied after it), else the name.
    const target = kind === clusterKind && catalog.includes(ref.name) ? undefined
      : scope.find('instancetype.kubevirt.io', kind, namespace, ref.name);
    const expr = target && scope.isL2(target) ? scope.reference(io, target) : undefined;
    if (target && expr) dependsOn.push(target);
    const named = kind === clusterKind && catalog.includes(ref.name) ? code(`kv.${cls}.${catalogMember(ref.name)}`) : expr ?? { kind, name: ref.name };
    // A pinned ControllerRevision: `InstancetypeRef.of(it, { revisionName })`.
    const written = ref.revisionName ? code(`kv.${refClass}.of(${literal(named)}, ${literal({ revisionName: ref.revisionName })})`) : named;
    set(key, JSON.parse(JSON.stringify({ kind, name: ref.name, revisionName: ref.revisionName })), written);
  }
  const runStrategy = enumOf('RunStrategy', spec.runStrategy);
  if (runStrategy) set('runStrategy', spec.runStrategy, runStrategy);

  // Hardware.
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

  // Pod-level settings.
  const eviction = enumOf('EvictionStrategy', tspec.evictionStrategy);
  if (eviction) set('evictionStrategy', tspec.evictionStrategy, eviction);
  if (Number.isInteger(tspec.terminationGracePeriodSeconds) && tspec.terminationGracePeriodSeconds >= 0) {
    set('terminationGracePeriodSeconds', tspec.terminationGracePeriodSeconds, code(`Duration.seconds(${tspec.terminationGracePeriodSeconds})`), 'terminationGracePeriod');
  }
  for (const k of ['priorityClassName', 'schedulerName', 'serviceAccountName', 'hostname', 'subdomain'] as const) {
    if (typeof tspec[k] === 'string') set(k, tspec[k], tspec[k]);
  }
  if (isObject(tspec.nodeSelector) && Object.values(tspec.nodeSelector).every((v) => typeof v === 'string') && Object.keys(tspec.nodeSelector).length > 0) {
    set('nodeSelector', { ...tspec.nodeSelector }, { ...tspec.nodeSelector });
  }

  // Template metadata: the construct writes the domain and VM name labels unless `select: false`
  // (then the labels are the input's, as written). A pool writes its own selector.
  const labels = { ...(isObject(tpl.metadata?.labels) ? tpl.metadata.labels : {}) };
  if (io.object.kind !== 'VirtualMachinePool' && !(labels['kubevirt.io/domain'] === name && labels['vm.kubevirt.io/name'] === name)) {
    props.select = false;
  } else {
    if (labels['kubevirt.io/domain'] === name) delete labels['kubevirt.io/domain'];
    if (labels['vm.kubevirt.io/name'] === name) delete labels['vm.kubevirt.io/name'];
  }
  if (!jsonEqual(labels, state.templateLabels ?? {})) set('templateLabels', labels, labels);
  const annotations = isObject(tpl.metadata?.annotations) ? { ...tpl.metadata.annotations } : {};
  if (!jsonEqual(annotations, state.templateAnnotations ?? {})) set('templateAnnotations', annotations, annotations);

  // Disks and their volumes, NICs and their networks.
  const after: Array<(v: string) => string> = [];
  const disks: any[] = Array.isArray(devices.disks) ? devices.disks : [];
  const volumes: any[] = Array.isArray(tspec.volumes) ? tspec.volumes : [];
  const dvts: any[] = Array.isArray(spec.dataVolumeTemplates) ? spec.dataVolumeTemplates : [];
  const defaultBus = state.defaultDiskBus ?? 'virtio';
  const diskOf = (volume: any) => disks.find((d) => isObject(d) && d.name === volume?.name);
  const filesystems = new Set((Array.isArray(devices.filesystems) ? devices.filesystems : []).map((f: any) => f?.name));
  // cloud-init: the last volume, with the last disk (on the default bus) or with no disk at all.
  const lastDisk = disks[disks.length - 1];
  const lastVolume = volumes[volumes.length - 1];
  const lastVolumeDisk = isObject(lastVolume) ? diskOf(lastVolume) : undefined;
  const cloudInit = !isObject(lastVolume) ? undefined
    : lastVolumeDisk ? (lastVolumeDisk === lastDisk && jsonEqual(lastDisk, { name: lastDisk.name, disk: { bus: defaultBus } }) ? mapCloudInit(lastVolume, false) : undefined)
      : filesystems.has(lastVolume.name) ? undefined : mapCloudInit(lastVolume, true);
  if (cloudInit) props.cloudInit = cloudInit.code;
  const ownVolumes = cloudInit ? volumes.slice(0, -1) : volumes;
  const ownDisks = cloudInit && lastVolumeDisk ? disks.slice(0, -1) : disks;
  const writeEntry = (volume: any, disk: any, hasDisk: boolean) => {
    const options = !hasDisk ? { written: {} } : isObject(disk) ? diskOptions(disk, defaultBus) : undefined;
    if (!isObject(volume) || !options) return;
    // A hot-plugged claim: the flag is an option of addDisk/addVolume.
    const kind = Object.keys(volume).find((k) => k !== 'name');
    const hot = (kind === 'dataVolume' || kind === 'persistentVolumeClaim') && isObject(volume[kind]) && volume[kind].hotpluggable === true;
    const { hotpluggable: _h, ...claim } = hot ? volume[kind!] : {};
    const source = mapVolume(hot ? { ...volume, [kind!]: claim } : volume, dvts, { io, scope, vmName: name, namespace });
    if (!source) return;
    dependsOn.push(...source.dependsOn);
    rawFields += source.rawFields;
    const written = hot ? { ...options.written, hotpluggable: true } : options.written;
    const opts = Object.keys(written).length > 0 ? `, ${literal(written)}` : '';
    after.push((v) => `${v}.${hasDisk ? 'addDisk' : 'addVolume'}(${literal(volume.name)}, ${source.code.text}${opts});`);
  };
  // Volumes without a disk (KubeVirt gives them one) are written in volume order when the disks
  // follow the same order; volumes a filesystem uses are the devices' (left to the escape hatch).
  const withDisk = ownVolumes.filter((v) => diskOf(v));
  const sameOrder = withDisk.length === ownDisks.length && withDisk.every((v, i) => diskOf(v) === ownDisks[i]);
  if (sameOrder) {
    for (const volume of ownVolumes) {
      if (!diskOf(volume) && filesystems.has(volume?.name)) continue;
      writeEntry(volume, diskOf(volume), diskOf(volume) !== undefined);
    }
  } else {
    for (const disk of ownDisks) writeEntry(volumes.find((v) => isObject(disk) && v?.name === disk.name), disk, true);
  }
  const ifaces: any[] = Array.isArray(devices.interfaces) ? devices.interfaces : [];
  const networks: any[] = Array.isArray(tspec.networks) ? tspec.networks : [];
  // The construct's own pod NIC (when the input has just that, nothing is written) and its model.
  const implicitDefault = jsonEqual(ifaces, state.interfaces ?? []) && jsonEqual(networks, state.networks ?? []);
  const model = props.explicitInterfaceModel === false ? undefined : (state.interfaces ?? []).find((i: any) => i.name === 'default')?.model ?? 'virtio';
  if (ifaces.length === 0 || !ifaces.every(isObject)) {
    set('podNetwork', false, false);
  } else if (!implicitDefault) {
    let written = 0;
    for (const iface of ifaces) {
      const network = networks.find((n) => n?.name === iface.name);
      const nic = network ? mapInterface(iface, network, { io, scope, namespace, model }) : undefined;
      if (!nic) continue;
      dependsOn.push(...nic.dependsOn);
      written++;
      const opts = Object.keys(nic.options).length > 0 ? `, ${literal(nic.options)}` : '';
      after.push((v) => `${v}.addInterface(${literal(iface.name)}, ${nic.code.text}${opts});`);
    }
    if (written === 0) set('podNetwork', false, false);
  }
  return {
    props, dependsOn, rawFields,
    after: (v) => after.map((f) => f(v)),
  };
}

type Setter = <K extends keyof VmState>(key: K, value: VmState[K], written: unknown, propName?: string) => void;

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

function mapCloudInit(volume: any, volumeOnly: boolean): { code: Code } | undefined {
  const key = volume.cloudInitNoCloud ? 'cloudInitNoCloud' : volume.cloudInitConfigDrive ? 'cloudInitConfigDrive' : undefined;
  if (!key || Object.keys(volume).length !== 2) return undefined;
  const body = volume[key];
  if (!isObject(body) || Object.keys(body).some((k) => !['userData', 'secretRef', 'networkData', 'networkDataSecretRef'].includes(k))) return undefined;
  const options: Record<string, unknown> = {};
  if (typeof body.userData === 'string' && body.secretRef === undefined) {
    // Inline data above the construct's limit belongs in a Secret: carried as a raw volume instead.
    if (body.userData.length > 2048) return undefined;
    options.userData = code(`kv.UserData.raw(${literal(body.userData)})`);
  } else if (isObject(body.secretRef) && typeof body.secretRef.name === 'string' && Object.keys(body.secretRef).length === 1 && body.userData === undefined) {
    options.userData = code(`kv.UserData.fromSecret(${literal(body.secretRef.name)})`);
  } else if (body.userData !== undefined || body.secretRef !== undefined) {
    return undefined;
  }
  if (typeof body.networkData === 'string' && body.networkDataSecretRef === undefined) {
    if (body.networkData.length > 2048) return undefined;
    options.networkData = code(`kv.NetworkData.raw(${literal(body.networkData)})`);
  } else if (isObject(body.networkDataSecretRef) && typeof body.networkDataSecretRef.name === 'string'
    && Object.keys(body.networkDataSecretRef).length === 1 && body.networkData === undefined) {
    options.networkData = code(`kv.NetworkData.fromSecret(${literal(body.networkDataSecretRef.name)})`);
  } else if (body.networkData !== undefined || body.networkDataSecretRef !== undefined) {
    return undefined;
  }
  if (Object.keys(options).length === 0) return undefined;
  if (volume.name !== 'cloudinitdisk') options.diskName = volume.name;
  if (volumeOnly) options.volumeOnly = true;
  return { code: code(`kv.CloudInit.${key === 'cloudInitNoCloud' ? 'noCloud' : 'configDrive'}(${literal(options)})`) };
}

function diskOptions(disk: any, defaultBus: string): { written: Record<string, unknown> } | undefined {
  const devices = ['disk', 'cdrom', 'lun'].filter((d) => disk[d] !== undefined);
  if (devices.length > 1) return undefined;
  const device = devices[0] ?? 'disk';
  const target = isObject(disk[device]) ? disk[device] : {};
  const written: Record<string, unknown> = {};
  if (device !== 'disk') {
    written.device = enumOf('DiskDevice', device);
  }
  const implied = device === 'cdrom' ? 'sata' : device === 'lun' ? undefined : defaultBus;
  const bus = enumOf('DiskBus', target.bus);
  if (bus && target.bus !== implied) {
    written.bus = bus;
  }
  if (Number.isInteger(disk.bootOrder)) { written.bootOrder = disk.bootOrder; }
  if (typeof disk.serial === 'string') { written.serial = disk.serial; }
  const cache = enumOf('DiskCache', disk.cache);
  if (cache) { written.cache = cache; }
  const ioMode = enumOf('DiskIo', disk.io);
  if (ioMode) { written.io = ioMode; }
  if (typeof disk.dedicatedIOThread === 'boolean') { written.dedicatedIoThread = disk.dedicatedIOThread; }
  if (target.readonly === true) { written.readOnly = true; }
  if (device === 'disk' && typeof target.pciAddress === 'string') { written.pciAddress = target.pciAddress; }
  if (typeof disk.shareable === 'boolean') { written.shareable = disk.shareable; }
  return { written };
}

interface VolumeContext { io: ImportedObject; scope: ImportScope; vmName: string; namespace?: string }

function mapVolume(volume: any, dvts: any[], ctx: VolumeContext): {
  code: Code; volume: Record<string, unknown>; dependsOn: ImportedObject[]; rawFields: number;
} | undefined {
  const { name: _name, ...body } = volume;
  const keys = Object.keys(body);
  const raw = () => ({
    code: code(`kv.DiskSource.fromVolume(${literal(body)})`), volume: body, dependsOn: [],
    rawFields: countFields([{ op: 'add', path: '', value: body }]),
  });
  if (keys.length !== 1 || !isObject(body[keys[0]])) return raw();
  const kind = keys[0];
  const v = body[kind];
  const only = (...allowed: string[]) => Object.keys(v).every((k) => allowed.includes(k));
  switch (kind) {
    case 'dataVolume': {
      if (!only('name') || typeof v.name !== 'string') return raw();
      const dvt = dvts.find((t) => t?.metadata?.name === v.name);
      if (dvt) return mapDataVolumeTemplate(dvt, volume.name, ctx) ?? raw();
      const target = ctx.scope.find('cdi.kubevirt.io', 'DataVolume', ctx.namespace, v.name);
      const ref = target ? ctx.scope.reference(ctx.io, target) : undefined;
      return {
        code: code(`kv.DiskSource.dataVolume(${ref ? ref.text : literal(v.name)})`), volume: body,
        dependsOn: ref && target ? [target] : [], rawFields: 0,
      };
    }
    case 'containerDisk': {
      if (typeof v.image !== 'string' || !only('image', 'path', 'imagePullPolicy', 'imagePullSecret')) return raw();
      const { image, ...options } = v;
      return { code: code(`kv.DiskSource.containerDisk(${literal(image)}${Object.keys(options).length ? `, ${literal(options)}` : ''})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'persistentVolumeClaim': {
      if (typeof v.claimName !== 'string' || !only('claimName', 'readOnly') || (v.readOnly !== undefined && typeof v.readOnly !== 'boolean')) return raw();
      const options = v.readOnly !== undefined ? `, ${literal({ readOnly: v.readOnly })}` : '';
      return { code: code(`kv.DiskSource.persistentVolumeClaim(${literal(v.claimName)}${options})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'emptyDisk': {
      const size = sizeCode(v.capacity);
      if (!size || !only('capacity')) return raw();
      return { code: code(`kv.DiskSource.emptyDisk(${size.text})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'configMap':
    case 'secret': {
      const nameKey = kind === 'secret' ? 'secretName' : 'name';
      if (typeof v[nameKey] !== 'string' || !only(nameKey, 'volumeLabel', 'optional')) return raw();
      const { [nameKey]: ref, ...options } = v;
      return { code: code(`kv.DiskSource.${kind}(${literal(ref)}${Object.keys(options).length ? `, ${literal(options)}` : ''})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'serviceAccount': {
      if (typeof v.serviceAccountName !== 'string' || !only('serviceAccountName')) return raw();
      return { code: code(`kv.DiskSource.serviceAccount(${literal(v.serviceAccountName)})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'sysprep': {
      const which = Object.keys(v);
      if (which.length !== 1 || !['configMap', 'secret'].includes(which[0]) || !isObject(v[which[0]]) || Object.keys(v[which[0]]).join() !== 'name') return raw();
      const factory = which[0] === 'configMap' ? 'sysprepConfigMap' : 'sysprepSecret';
      return { code: code(`kv.DiskSource.${factory}(${literal(v[which[0]].name)})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    default:
      return raw();
  }
}

function mapDataVolumeTemplate(dvt: any, diskName: string, ctx: VolumeContext) {
  const meta = isObject(dvt.metadata) ? dvt.metadata : {};
  const mapped = mapDataVolumeSpec(dvt.spec, meta.annotations, { namespace: ctx.namespace, from: ctx.io, scope: ctx.scope });
  if (!mapped || typeof meta.name !== 'string') return undefined;
  const props: Record<string, unknown> = {};
  if (meta.name !== `${ctx.vmName}-${diskName}`) props.name = meta.name;
  const { source, ...rest } = mapped.props;
  const src = source as Code;
  const viaDataSource = /^kv\.DataVolumeSource\.dataSource\((.*)\)$/s.exec(src.text);
  const cloneKeys = ['size', 'storageClass', 'accessModes'];
  let text: string;
  if (viaDataSource && Object.keys(rest).every((k) => cloneKeys.includes(k))) {
    const options = { ...props, ...rest };
    text = `kv.DiskSource.dataSource(${viaDataSource[1]}${Object.keys(options).length > 0 ? `, ${literal(options)}` : ''})`;
  } else {
    text = `kv.DiskSource.dataVolumeTemplate(${literal({ ...props, source: src, ...rest })})`;
  }
  return {
    code: code(text), volume: { dataVolume: { name: meta.name } },
    dependsOn: mapped.dependsOn, rawFields: 0,
  };
}

function mapInterface(iface: any, network: any, ctx: { io: ImportedObject; scope: ImportScope; namespace?: string; model?: string }): {
  code: Code; options: Record<string, unknown>; dependsOn: ImportedObject[];
} | undefined {
  const binding = ['masquerade', 'bridge', 'sriov'].find((b) => iface[b] !== undefined);
  if (!binding || !jsonEqual(iface[binding], {})) return undefined;
  const dependsOn: ImportedObject[] = [];
  let nicCode: string;
  const ports = Array.isArray(iface.ports) && iface.ports.every((p: any) => isObject(p) && Number.isInteger(p.port)
    && Object.keys(p).every((k) => ['name', 'port', 'protocol'].includes(k)) && (p.protocol === undefined || enumOf('PortProtocol', p.protocol)))
    ? iface.ports as Array<{ name?: string; port: number; protocol?: string }> : undefined;
  const portsCode = ports ? ports.map((p) => ({ port: p.port, protocol: enumOf('PortProtocol', p.protocol), name: p.name })) : undefined;
  if (jsonEqual(network, { name: network.name, pod: {} })) {
    if (binding === 'masquerade') nicCode = `kv.Interface.masquerade(${portsCode ? literal({ ports: portsCode }) : ''})`;
    else if (binding === 'bridge' && !ports) nicCode = 'kv.Interface.podBridge()';
    else nicCode = `kv.Interface.of(${literal({ binding: code(`kv.InterfaceBinding.${binding.toUpperCase()}`), network: code('kv.VmNetwork.pod()'), ports: portsCode })})`;
  } else if (isObject(network.multus) && typeof network.multus.networkName === 'string'
    && Object.keys(network).length === 2 && Object.keys(network.multus).every((k) => k === 'networkName' || k === 'default')) {
    const networkName: string = network.multus.networkName;
    const [ns, nadName] = networkName.includes('/') ? networkName.split('/', 2) : [ctx.namespace, networkName];
    const target = ctx.scope.find('k8s.cni.cncf.io', 'NetworkAttachmentDefinition', ns, nadName);
    const ref = target && ctx.scope.isAttachment(target) ? ctx.scope.reference(ctx.io, target) : undefined;
    const attachment = ref ? ref.text : literal(networkName);
    if (ref && target) dependsOn.push(target);
    const isDefault = network.multus.default;
    if (isDefault === undefined && binding !== 'masquerade' && !ports) nicCode = `kv.Interface.${binding}(${attachment})`;
    else {
      nicCode = `kv.Interface.of(${literal({
        binding: code(`kv.InterfaceBinding.${binding.toUpperCase()}`),
        network: code(`kv.VmNetwork.multus(${attachment}${isDefault !== undefined ? `, ${literal({ default: isDefault })}` : ''})`),
        ports: portsCode,
      })})`;
    }
  } else {
    return undefined;
  }
  const options: Record<string, unknown> = {};
  const model = enumOf('InterfaceModel', iface.model);
  if (model && iface.model !== ctx.model) options.model = model;
  for (const k of ['macAddress', 'pciAddress'] as const) if (typeof iface[k] === 'string') options[k] = iface[k];
  if (Number.isInteger(iface.bootOrder)) options.bootOrder = iface.bootOrder;
  return {
    code: code(nicCode), options, dependsOn,
  };
}

/** A pool's own props (its VM template is written like a VM); what they do not carry is patched. */
export function mapPoolProps(spec: any): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  if (Number.isInteger(spec.replicas)) props.replicas = spec.replicas;
  if (typeof spec.paused === 'boolean') props.paused = spec.paused;
  if (Number.isInteger(spec.maxUnavailable) || typeof spec.maxUnavailable === 'string') props.maxUnavailable = spec.maxUnavailable;
  for (const k of ['appendIndexToConfigMapRefs', 'appendIndexToSecretRefs'] as const) {
    if (typeof spec.nameGeneration?.[k] === 'boolean') props[k] = spec.nameGeneration[k];
  }
  const meta = isObject(spec.virtualMachineTemplate?.metadata) ? spec.virtualMachineTemplate.metadata : {};
  // The selector label is the construct's own (`kubevirt.io/vmpool: <name>`).
  const labels = Object.fromEntries(Object.entries(isObject(meta.labels) ? meta.labels : {}).filter(([k]) => k !== 'kubevirt.io/vmpool'));
  if (Object.keys(labels).length > 0) props.vmLabels = labels;
  if (isObject(meta.annotations) && Object.keys(meta.annotations).length > 0) props.vmAnnotations = { ...meta.annotations };
  return props;
}

/** `plus.Cpu.millis(500)` for `500m`, `plus.Cpu.units(2)` for `2`, when it renders back identically. */
function cpuCode(quantity: unknown): Code | undefined {
  if (typeof quantity !== 'string') return undefined;
  const millis = /^([1-9][0-9]*)m$/.exec(quantity);
  if (millis && Number.isSafeInteger(Number(millis[1]))) return code(`plus.Cpu.millis(${millis[1]})`);
  if (/^[0-9]+(\.[0-9]+)?$/.test(quantity) && String(Number(quantity)) === quantity && Number(quantity) > 0) return code(`plus.Cpu.units(${quantity})`);
  return undefined;
}
