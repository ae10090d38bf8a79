// What the cross-object rules read of each object, and nothing more. A streaming run validates
// one file at a time and keeps, per object, only these facts for the cross-object rules (names,
// references, access modes) instead of the whole document: 50,000 VMs with cloud-init user data
// would otherwise stay in memory to the end. The kinds per-object rules look up (feature gates,
// presets, instancetypes, preferences) and the storage kinds are kept whole (few, small).
// test/validation/cross-facts.test.ts runs every cross rule over facts and over whole objects.

/**
 * `true` keeps the value as written; a mapping keeps only its keys; `[shape]` maps list items;
 * `optional(mapping)`: a mapping whose presence alone no rule reads (left out when it keeps nothing).
 */
export type FactShape = true | { readonly [key: string]: FactShape } | readonly [FactShape];

const OPTIONAL = Symbol('optional');

/** A mapping shape left out when nothing of it is kept (no rule tests whether it is there). */
function optional(shape: { readonly [key: string]: FactShape }): FactShape {
  return Object.assign(Object.create(null), shape, { [OPTIONAL]: true });
}

const DV_SPEC: FactShape = {
  sourceRef: true,
  source: optional({ pvc: true, snapshot: true }),
  storage: { accessModes: true, storageClassName: true },
  pvc: { accessModes: true },
};

/** The DataVolume labels instancetype inference reads. */
const INFER_LABELS = ['instancetype.kubevirt.io/default-instancetype', 'instancetype.kubevirt.io/default-preference'];

const CLOUD_INIT_REFS: FactShape = optional({ secretRef: true, networkDataSecretRef: true });

const VMI_SPEC: FactShape = {
  evictionStrategy: true,
  networks: [{ name: true, multus: optional({ networkName: true }) }],
  accessCredentials: true,
  domain: { devices: { interfaces: [{ name: true, sriov: true }] } },
  volumes: [{
    name: true, dataVolume: true, persistentVolumeClaim: true, secret: true, configMap: true, sysprep: true,
    cloudInitNoCloud: CLOUD_INIT_REFS, cloudInitConfigDrive: CLOUD_INIT_REFS,
  }],
};

const SOURCE_REF: FactShape = { spec: { source: true } };
const FORKLIFT_PROVIDER: FactShape = { spec: { provider: true, map: true } };

/**
 * Per `group/kind`: the fields the cross-object rules read (besides apiVersion, kind, name,
 * namespace), and those the per-object rules a run judges at the end read of other objects.
 */
export const CROSS_FACTS: Readonly<Record<string, FactShape>> = {
  'kubevirt.io/VirtualMachine': {
    spec: {
      instancetype: true, preference: true,
      dataVolumeTemplates: [{ metadata: { name: true }, spec: DV_SPEC }],
      template: { spec: VMI_SPEC },
    },
  },
  'kubevirt.io/VirtualMachineInstance': { spec: VMI_SPEC },
  // vm-infer-volume-supported (judged at the end for a VM inferring from a standalone DataVolume)
  // reads its instancetype labels and which source it has.
  'cdi.kubevirt.io/DataVolume': {
    metadata: { labels: optional({ [INFER_LABELS[0]]: true, [INFER_LABELS[1]]: true }) },
    spec: { ...(DV_SPEC as Record<string, FactShape>), source: true },
  },
  'cdi.kubevirt.io/DataImportCron': { spec: { managedDataSource: true } },
  'cdi.kubevirt.io/DataSource': { spec: { source: { pvc: true, snapshot: true } } },
  '/PersistentVolumeClaim': { spec: { accessModes: true } },
  'k8s.cni.cncf.io/NetworkAttachmentDefinition': { spec: { config: true } },
  'nmstate.io/NodeNetworkConfigurationPolicy': {
    spec: { desiredState: { interfaces: [{ name: true, type: true, state: true }], ovn: { 'bridge-mappings': true } } },
  },
  'snapshot.kubevirt.io/VirtualMachineSnapshot': SOURCE_REF,
  'clone.kubevirt.io/VirtualMachineClone': SOURCE_REF,
  'export.kubevirt.io/VirtualMachineExport': SOURCE_REF,
  'snapshot.kubevirt.io/VirtualMachineRestore': { spec: { virtualMachineSnapshotName: true, target: true } },
  'forklift.konveyor.io/Plan': { spec: { provider: true, map: true, transferNetwork: true } },
  'forklift.konveyor.io/Migration': { spec: { plan: true } },
  'forklift.konveyor.io/NetworkMap': FORKLIFT_PROVIDER,
  'forklift.konveyor.io/StorageMap': FORKLIFT_PROVIDER,
};

/**
 * Kinds the per-object rules look up in the input (feature gates and the cluster eviction
 * strategy, presets, instancetypes and preferences): every one must be known before the first
 * object is judged, so a streaming run reads the files holding them first.
 */
export const CONTEXT_KINDS: ReadonlySet<string> = new Set([
  'kubevirt.io/KubeVirt', 'hco.kubevirt.io/HyperConverged', 'kubevirt.io/VirtualMachineInstancePreset',
  'instancetype.kubevirt.io/VirtualMachineInstancetype', 'instancetype.kubevirt.io/VirtualMachineClusterInstancetype',
  'instancetype.kubevirt.io/VirtualMachinePreference', 'instancetype.kubevirt.io/VirtualMachineClusterPreference',
  // vm-persistent-state-storage: a default StorageClass stands in for vmStateStorageClass.
  'storage.k8s.io/StorageClass',
]);

/** Text every file holding a context kind contains (unless escaped, which a run detects and recovers from). */
export const CONTEXT_KIND_MARKERS: readonly string[] = ['KubeVirt', 'HyperConverged', 'VirtualMachineInstancePreset', 'Instancetype', 'Preference', 'StorageClass'];

/** Kinds the cross-object rules read whole (a StorageProfile's claim property sets; few per estate). */
export const WHOLE_KINDS: ReadonlySet<string> = new Set(['cdi.kubevirt.io/StorageProfile', 'storage.k8s.io/StorageClass', ...CONTEXT_KINDS]);

/** Strings as the run keeps them (see ownString): repeated ones shared. */
export type OwnString = (s: string) => string;

/** A mapping shape's field: its key, its shape, whether it is optional(). */
export type Field = readonly [key: string, shape: FactShape, optional: boolean];

/** A mapping shape's fields, listed once: `Object.entries` per object and shape was 30 of the 730 MB a 10,000-object validate allocated. */
const FIELDS = new WeakMap<object, readonly Field[]>();

export function fieldsOf(shape: Record<string, FactShape>): readonly Field[] {
  let fields = FIELDS.get(shape);
  if (fields === undefined) {
    fields = Object.entries(shape).map(([key, inner]): Field => [key, inner, isOptional(inner)]);
    FIELDS.set(shape, fields);
  }
  return fields;
}

function isOptional(shape: FactShape): boolean {
  return typeof shape === 'object' && (shape as { [OPTIONAL]?: boolean })[OPTIONAL] === true;
}

/** A deep copy of parsed JSON whose strings are the copy's own (see ownString). */
export function detached(value: unknown, own: OwnString = ownString): unknown {
  if (typeof value === 'string') return own(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => detached(v, own));
  const out: Record<string, unknown> = {};
  // for-in, not Object.entries: no pair arrays (a parsed object has no inherited enumerable keys).
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) out[key] = detached((value as Record<string, unknown>)[key], own);
  return out;
}

/**
 * The string as a copy of its own characters. V8 represents a substring of 13 or more characters
 * as a slice of its parent: a name parsed from a file would keep the whole file's text alive
 * for as long as the name is kept. Shorter strings are always copies.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : JSON.parse(JSON.stringify(s));
}

/** An OwnString that shares repeated strings (up to `limit` distinct ones, each at most 256 characters). */
export function stringPool(limit = 200_000): OwnString {
  const pool = new Map<string, string>();
  return (s) => {
    if (s.length > 256) return ownString(s);
    let kept = pool.get(s);
    if (kept === undefined) {
      kept = ownString(s);
      if (pool.size < limit) pool.set(kept, kept);
    }
    return kept;
  };
}
