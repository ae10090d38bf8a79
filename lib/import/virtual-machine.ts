// VirtualMachines as `kv.VirtualMachine`: profiles where the VM equals them, catalog
// instancetypes and preferences, `addDisk`/`addInterface` with references to imported objects.
import { KubeObject } from '../manifests';
import { catalogMember, COMMON_INSTANCETYPES, COMMON_PREFERENCES } from './catalog-names';
import { code, literal } from './code';
import { diffToPatch, jsonEqual, countFields } from './json-patch';
import { enumOf, ImportedObject, ImportScope, isObject } from './model';
import { FLAVORS, OS_PROFILES, VM_FLAVOR_ANNOTATION, VM_OS_ANNOTATION, VM_WORKLOAD_ANNOTATION, WORKLOAD_PROFILES } from './profiles';
import { baselineOf, VmState } from './vm-baseline';
import { mapDisks } from './vm-disks';
import { mapHardware } from './vm-hardware';
import { mapInterfaces } from './vm-interfaces';

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
  mapHardware(domain, state, set);

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
  const disks = mapDisks(spec, tspec, devices, state.defaultDiskBus ?? 'virtio', { io, scope, vmName: name, namespace });
  if (disks.cloudInit) props.cloudInit = disks.cloudInit;
  const nics = mapInterfaces(tspec, devices, state, set, { io, scope, namespace, explicitModel: props.explicitInterfaceModel !== false });
  dependsOn.push(...disks.dependsOn, ...nics.dependsOn);
  const after = [...disks.after, ...nics.after];
  return {
    props, dependsOn, rawFields: disks.rawFields,
    after: (v) => after.map((f) => f(v)),
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
