// Fields KubeVirt and CDI write into objects after we apply them. Argo CD must neither report them
// as drift nor clear them: a mutating webhook's additions during Argo CD's server-side apply are
// owned by Argo CD's field manager, so the next apply without them would remove them (a new
// firmware UUID and serial for the guest). Ignored here and synced with
// `RespectIgnoreDifferences=true`, Argo CD writes the live value back instead.
//
// Each entry names the upstream files that write the field (kubevirt/kubevirt at d923fdb,
// 2026-08-22; kubevirt/containerized-data-importer at c07cdb6, 2026-08-20). A field the object
// declares itself is the user's intent and is never ignored.
//
// Read and deliberately left out:
// - `spec.instancetype.revisionName` / `spec.preference.revisionName`: current KubeVirt records
//   the ControllerRevision in `status.instancetypeRef` / `status.preferenceRef`
//   (pkg/instancetype/revision/patch.go, pkg/instancetype/upgrade/handler.go use PatchStatus).
// - `metadata.annotations[kubevirt.io/latest-observed-api-version|storage-observed-api-version]`
//   and `metadata.finalizers`: written by virt-controller with an Update
//   (pkg/virt-controller/watch/vm/vm.go, pkg/controller/controller.go), so owned by virt-controller:
//   Argo CD's diff skips fields its manifest lacks and server-side apply keeps them.
// - DataVolume spec: no CDI webhook or controller writes it; the storage class CDI chooses goes
//   into the PVC (pkg/controller/datavolume), which our constructs do not synthesize.
import { IgnoreDifference } from './application';

/** One field a KubeVirt component writes. */
export interface WrittenField {
  readonly group: string;
  readonly kind: string;
  /** The field, as a JSON pointer (`*` stands for a list index). */
  readonly field: string;
  /** Upstream files that write it, `owner/repo:path`. */
  readonly writtenBy: readonly string[];
  /** When and why it is written. */
  readonly reason: string;
  /**
   * Bookkeeping no user declares: safe to ignore cluster-wide (argocd-cm) as well as per Application.
   */
  readonly internal: boolean;
  /** The concrete pointers of this field in `obj` that KubeVirt may write (before the declared check). */
  readonly pointersIn: (obj: any) => string[];
  /** True when the object declaring the field is what triggers the write (matcher inference). */
  readonly writtenOverDeclared?: boolean;
}

const KV = 'kubevirt/kubevirt:';
const CDI = 'kubevirt/containerized-data-importer:';
const VM_MUTATOR = `${KV}pkg/virt-api/webhooks/mutating-webhook/mutators/vm-mutator.go`;
const VM_DEFAULTS = `${KV}pkg/defaults/defaults.go`;
const INSTANCETYPE_MUTATOR = `${KV}pkg/instancetype/webhooks/vm/mutator.go`;
const INFER = `${KV}pkg/instancetype/infer/handler.go`;
const VM_CONTROLLER = `${KV}pkg/virt-controller/watch/vm/vm.go`;

const always = (pointer: string) => (): string[] => [pointer];

/** JSON pointer segment escaping (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function dataVolumeTemplateClassPointers(vm: any): string[] {
  if (!vm?.spec?.preference) return []; // only a preference's preferredStorageClassName is copied in
  return (vm.spec.dataVolumeTemplates ?? []).flatMap((t: any, i: number) => {
    const form = t?.spec?.storage ? 'storage' : t?.spec?.pvc ? 'pvc' : undefined;
    return form ? [`/spec/dataVolumeTemplates/${i}/spec/${form}/storageClassName`] : [];
  });
}

/** Every field KubeVirt's components write into objects our constructs synthesize. */
export const KUBEVIRT_WRITTEN_FIELDS: readonly WrittenField[] = [
  {
    group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/template/spec/domain/firmware/uuid',
    // setFirmwareDefaultsIfEmpty on CREATE; FirmwareController.Sync gives VMs without one the legacy name-based UUID.
    writtenBy: [VM_MUTATOR, `${KV}pkg/virt-controller/watch/vm/firmware.go`],
    reason: 'a random SMBIOS UUID on create (the legacy name-derived one for older VMs)',
    internal: false, pointersIn: always('/spec/template/spec/domain/firmware/uuid'),
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/template/spec/domain/firmware/serial',
    // setFirmwareDefaultsIfEmpty, CREATE only.
    writtenBy: [VM_MUTATOR],
    reason: 'a random SMBIOS serial on create',
    internal: false, pointersIn: always('/spec/template/spec/domain/firmware/serial'),
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/template/spec/architecture',
    // SetVirtualMachineDefaults -> setDefaultArchitectureFromDataSource / setDefaultArchitecture on every
    // request; the instancetype mutator's mutateArch applies a preference's preferredArchitecture first.
    writtenBy: [VM_DEFAULTS, VM_MUTATOR, INSTANCETYPE_MUTATOR],
    reason: "the cluster's default architecture (or the DataSource's / preference's) on every create and update",
    internal: false, pointersIn: always('/spec/template/spec/architecture'),
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/template/spec/domain/machine/type',
    // setVMDefaultMachineType on every request; mutateMachineType copies a preference's preferredMachineType first.
    writtenBy: [VM_DEFAULTS, VM_MUTATOR, INSTANCETYPE_MUTATOR],
    reason: "the architecture's default machine type (e.g. q35) on every create and update",
    internal: false, pointersIn: always('/spec/template/spec/domain/machine/type'),
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine',
    field: '/spec/template/metadata/annotations/kubevirt.io~1pci-topology-version',
    // setDefaultPciTopologyVersion (defined in vmi-mutator.go) called by the VM mutator on CREATE;
    // syncPCITopologyAnnotationsToVM copies the running VMI's version back into the template.
    writtenBy: [VM_MUTATOR, `${KV}pkg/virt-api/webhooks/mutating-webhook/mutators/vmi-mutator.go`, VM_CONTROLLER],
    reason: 'the PCI topology scheme the VM was created with, kept across reboots',
    internal: true, pointersIn: always('/spec/template/metadata/annotations/kubevirt.io~1pci-topology-version'),
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine',
    field: '/spec/template/metadata/annotations/kubevirt.io~1pci-interface-slot-count',
    // syncPCITopologyAnnotationsToVM copies it with the version for VMs virt-handler detected as v2.
    writtenBy: [VM_CONTROLLER],
    reason: 'the frozen PCI placeholder count of v2-topology VMs',
    internal: true, pointersIn: always('/spec/template/metadata/annotations/kubevirt.io~1pci-interface-slot-count'),
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/dataVolumeTemplates/*/spec/{storage,pvc}/storageClassName',
    // mutateDataVolumeTemplates: a preference's preferredStorageClassName fills templates that name no class.
    writtenBy: [INSTANCETYPE_MUTATOR],
    reason: "the preference's preferred storage class, in DataVolume templates that name none",
    internal: false, pointersIn: dataVolumeTemplateClassPointers,
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/instancetype',
    // inferMatchers -> infer.Instancetype replaces an inferFromVolume matcher by the inferred name and kind.
    writtenBy: [INSTANCETYPE_MUTATOR, INFER],
    reason: 'an inferFromVolume matcher replaced by the inferred instancetype name and kind',
    internal: false, writtenOverDeclared: true,
    pointersIn: (vm) => (vm?.spec?.instancetype?.inferFromVolume ? ['/spec/instancetype'] : []),
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/template/spec/domain/memory',
    // infer.Instancetype clears domain.memory when inference may fail silently (failure policy Ignore).
    writtenBy: [INFER],
    reason: 'guest memory cleared when the instancetype is inferred with inferFromVolumeFailurePolicy IgnoreInferFromVolumeFailure',
    internal: false, writtenOverDeclared: true,
    pointersIn: (vm) => (vm?.spec?.instancetype?.inferFromVolume && vm.spec.instancetype.inferFromVolumeFailurePolicy === 'IgnoreInferFromVolumeFailure'
      ? ['/spec/template/spec/domain/memory'] : []),
  },
  {
    group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/preference',
    // inferMatchers -> infer.Preference, as for the instancetype.
    writtenBy: [INSTANCETYPE_MUTATOR, INFER],
    reason: 'an inferFromVolume matcher replaced by the inferred preference name and kind',
    internal: false, writtenOverDeclared: true,
    pointersIn: (vm) => (vm?.spec?.preference?.inferFromVolume ? ['/spec/preference'] : []),
  },
  {
    group: 'cdi.kubevirt.io', kind: 'DataVolume', field: '/metadata/annotations/cdi.kubevirt.io~1storage.clone.token',
    // dataVolumeMutatingWebhook.Admit adds the clone authorization token on CREATE for clone sources.
    writtenBy: [`${CDI}pkg/apiserver/webhooks/datavolume-mutate.go`],
    reason: 'the clone authorization token of a DataVolume cloning a PVC, snapshot or DataSource',
    internal: true,
    pointersIn: (dv) => (dv?.spec?.source?.pvc || dv?.spec?.source?.snapshot || dv?.spec?.sourceRef
      ? ['/metadata/annotations/cdi.kubevirt.io~1storage.clone.token'] : []),
  },
];

/**
 * Fields people change through KubeVirt rather than Git: `virtctl start/stop/restart` patch
 * `spec.runStrategy` (pkg/virt-api/rest/lifecycle.go), and a start request on a Halted VM makes
 * virt-controller set it to Always (pkg/virt-controller/watch/vm/vm.go). Ignored only on request.
 */
export const OPERATED_RUN_STRATEGY: WrittenField = {
  group: 'kubevirt.io', kind: 'VirtualMachine', field: '/spec/runStrategy',
  writtenBy: [`${KV}pkg/virt-api/rest/lifecycle.go`, VM_CONTROLLER],
  reason: 'start/stop by operators through the VM subresources',
  internal: false, writtenOverDeclared: true, pointersIn: always('/spec/runStrategy'),
};

/** Options of `ignoreDifferencesFor`. */
export interface KubeVirtIgnoreOptions {
  /**
   * Also ignore `spec.runStrategy` of VMs (people start and stop them with virtctl; Argo CD's
   * self-heal would otherwise undo it).
   * @default false
   */
  readonly operatedRunStrategy?: boolean;
}

/** The value at a JSON pointer, or undefined. */
export function valueAtPointer(obj: any, pointer: string): unknown {
  let cur = obj;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function groupOf(apiVersion: string | undefined): string {
  const slash = apiVersion?.indexOf('/') ?? -1;
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

/** The pointers KubeVirt may write into `obj` that `obj` does not declare itself. */
export function writtenPointers(obj: any, options: KubeVirtIgnoreOptions = {}): string[] {
  const fields = options.operatedRunStrategy ? [...KUBEVIRT_WRITTEN_FIELDS, OPERATED_RUN_STRATEGY] : KUBEVIRT_WRITTEN_FIELDS;
  const group = groupOf(obj?.apiVersion);
  return fields
    .filter((f) => f.group === group && f.kind === obj?.kind)
    .flatMap((f) => f.pointersIn(obj).filter((p) => f.writtenOverDeclared || valueAtPointer(obj, p) === undefined));
}

/**
 * The Application `ignoreDifferences` for a set of synthesized objects: exactly the fields KubeVirt
 * writes that the objects leave to it. One entry per kind when every object of the kind has the
 * same fields ignored, else one entry per object (by name and namespace).
 */
export function ignoreDifferencesFor(objects: readonly any[], options: KubeVirtIgnoreOptions = {}): IgnoreDifference[] {
  const byKind = new Map<string, Array<{ obj: any; pointers: string[] }>>();
  for (const obj of objects) {
    if (!obj || typeof obj !== 'object') continue;
    const key = `${groupOf(obj.apiVersion)}/${obj.kind}`;
    const list = byKind.get(key) ?? [];
    list.push({ obj, pointers: writtenPointers(obj, options) });
    byKind.set(key, list);
  }
  const out: IgnoreDifference[] = [];
  for (const [key, list] of [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (list.every((e) => e.pointers.length === 0)) continue;
    const slash = key.indexOf('/');
    const group = key.slice(0, slash);
    const kind = key.slice(slash + 1);
    const first = list[0].pointers.join('\n');
    if (list.every((e) => e.pointers.join('\n') === first)) {
      out.push({ group, kind, jsonPointers: list[0].pointers });
      continue;
    }
    for (const { obj, pointers } of list) {
      if (pointers.length === 0) continue;
      out.push({ group, kind, name: obj.metadata?.name, namespace: obj.metadata?.namespace, jsonPointers: pointers });
    }
  }
  return out;
}
