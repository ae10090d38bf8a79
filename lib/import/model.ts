// The generator's working model: one planned construct per imported object, with the code that
// creates it and the object that code renders (the prediction the escape hatch is computed from).
import { KubeObject } from '../manifests';
import { Code, code, NameScope } from './code';
import { PatchOp } from './json-patch';

/** The annotation listing an object's dependencies (`group/Kind/namespace/name`, comma-separated). */
export const DEPENDS_ON_ANNOTATION = 'cdk8s-kubevirt.io/depends-on';

/** An object to import and where it came from. */
export interface ImportInput {
  readonly object: KubeObject;
  /** File (and position) or cluster, for messages. */
  readonly origin: string;
}

/** An object of the input, normalized, with the names the generated code gives it. */
export interface ImportedObject {
  readonly object: KubeObject;
  /** JSON pointers stripped as cluster-written. */
  readonly stripped: readonly string[];
  /** The chart (namespace) file it goes to. */
  readonly chart: ChartPlan;
  /** The construct id (unique in its chart). */
  readonly constructId: string;
  /** The variable holding the construct. */
  readonly varName: string;
  /** Where the input came from, for messages. */
  readonly origin: string;
}

/** One generated file: a Chart subclass per namespace (`''` for cluster-scoped and namespace-less objects). */
export interface ChartPlan {
  readonly namespace: string;
  readonly className: string;
  readonly fileName: string;
  readonly chartId: string;
  readonly objects: ImportedObject[];
  /** Order of the charts: a chart may only reference charts before it. */
  readonly index: number;
  /** Variable names taken in the chart's constructor. */
  readonly vars: NameScope;
}

/** A dependency the generated code creates (construct reference or `addDependency`). */
export interface DependencyTarget {
  readonly target: ImportedObject;
}

/** What a kind's mapper produced for one object. */
export interface MappedObject {
  /** The L2 class used (`kv.VirtualMachine`), or `ApiObject` for objects no L2 construct covers. */
  readonly construct: string;
  /** The TypeScript type of the variable. */
  readonly type: string;
  /** The expression creating it (may span lines), without `const x = `. */
  readonly create: string;
  /** Statements after creation (`vm.addDisk(...)`), each one line or more, using the variable name. */
  readonly after: string[];
  /** The object the code renders, before any escape-hatch patch. */
  readonly rendered: KubeObject;
  /** Objects the construct code depends on (through references). */
  readonly dependsOn: ImportedObject[];
  /** True when the kind has an L2 construct here (else it is a plain ApiObject). */
  readonly l2: boolean;
  /** Variables that other objects may reference (e.g. the bridges of a policy), by key. */
  readonly members?: Record<string, { readonly varName: string; readonly type: string; readonly create: string }>;
  /** Fields carried by an L2 escape hatch inside the API (`DiskSource.fromVolume`, `addRawInterface`). */
  readonly rawFields?: number;
}

/** The result of importing one object. */
export interface ObjectReport {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly construct: string;
  readonly patch: readonly PatchOp[];
  readonly patchFields: number;
  readonly rawFields: number;
  readonly stripped: readonly string[];
  /** Why an object of a kind with a construct was written as a plain ApiObject. */
  readonly note?: string;
}

/** How the generator finds other imported objects and references them from code. */
export interface ImportScope {
  /** The imported object of that identity, if any. */
  find(apiVersionGroup: string, kind: string, namespace: string | undefined, name: string): ImportedObject | undefined;
  /**
   * An expression for `target` usable from `from`'s chart, or undefined when it cannot be
   * referenced from there (a later chart); the caller then writes the name instead.
   */
  reference(from: ImportedObject, target: ImportedObject, member?: string): Code | undefined;
  /** True when `target` is written with an L2 construct (not a plain ApiObject). */
  isL2(target: ImportedObject): boolean;
  /** True when `target` is written as a NAD construct (a VM interface can take it). */
  isAttachment(target: ImportedObject): boolean;
  /** The imported policy's linux bridge `name`, as an expression usable from `from`'s chart. */
  bridge(from: ImportedObject, name: string): { expr: Code; policy: ImportedObject } | undefined;
  /**
   * Runs a trial writing of `from` (its creation statement first, then the statements after it,
   * `from.varName` the variable) with the constructs, in a throwaway chart: what it renders.
   */
  trial(from: ImportedObject, statements: readonly string[]): KubeObject;
}

/** `kv.X.Y` for an enum value, when the value is one of the enum's. */
export function enumCode(enumName: string, members: Record<string, string>, value: unknown): Code | undefined {
  if (typeof value !== 'string') return undefined;
  const member = members[value];
  return member ? code(`kv.${enumName}.${member}`) : undefined;
}

export const ENUMS = {
  RunStrategy: { Always: 'ALWAYS', RerunOnFailure: 'RERUN_ON_FAILURE', Manual: 'MANUAL', Halted: 'HALTED', Once: 'ONCE' },
  EvictionStrategy: { LiveMigrate: 'LIVE_MIGRATE', LiveMigrateIfPossible: 'LIVE_MIGRATE_IF_POSSIBLE', External: 'EXTERNAL', None: 'NONE' },
  DiskBus: { virtio: 'VIRTIO', sata: 'SATA', scsi: 'SCSI', usb: 'USB' },
  DiskDevice: { disk: 'DISK', cdrom: 'CDROM', lun: 'LUN' },
  DiskCache: { none: 'NONE', writethrough: 'WRITETHROUGH', writeback: 'WRITEBACK' },
  DiskIo: { native: 'NATIVE', threads: 'THREADS' },
  InterfaceModel: { virtio: 'VIRTIO', e1000: 'E1000', e1000e: 'E1000E', igb: 'IGB', rtl8139: 'RTL8139', pcnet: 'PCNET', ne2k_pci: 'NE2K_PCI' },
  PortProtocol: { TCP: 'TCP', UDP: 'UDP' },
  AccessMode: { ReadWriteOnce: 'READ_WRITE_ONCE', ReadWriteMany: 'READ_WRITE_MANY', ReadOnlyMany: 'READ_ONLY_MANY', ReadWriteOncePod: 'READ_WRITE_ONCE_POD' },
  VolumeMode: { Filesystem: 'FILESYSTEM', Block: 'BLOCK' },
  StorageForm: { storage: 'STORAGE', pvc: 'PVC' },
  DataVolumeContentType: { kubevirt: 'KUBEVIRT', archive: 'ARCHIVE' },
  RegistryPullMethod: { pod: 'POD', node: 'NODE' },
  BondMode: {
    'balance-rr': 'BALANCE_RR', 'active-backup': 'ACTIVE_BACKUP', 'balance-xor': 'BALANCE_XOR', broadcast: 'BROADCAST',
    '802.3ad': 'LACP', 'balance-tlb': 'BALANCE_TLB', 'balance-alb': 'BALANCE_ALB',
  },
  NodeInterfaceState: { up: 'UP', down: 'DOWN', absent: 'ABSENT', ignore: 'IGNORE' },
} as const;

export function enumOf(name: keyof typeof ENUMS, value: unknown): Code | undefined {
  return enumCode(name, ENUMS[name] as Record<string, string>, value);
}

const BINARY = [['Pi', 'pebibytes'], ['Ti', 'tebibytes'], ['Gi', 'gibibytes'], ['Mi', 'mebibytes']] as const;

/**
 * `Size.gibibytes(20)` for `20Gi`, when the quantity is one the constructs render back
 * identically (the shortest exact binary unit); undefined otherwise.
 */
export function sizeCode(quantity: unknown): Code | undefined {
  if (typeof quantity !== 'string') return undefined;
  const m = /^([1-9][0-9]*)(Pi|Ti|Gi|Mi|Ki)$/.exec(quantity);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n)) return undefined;
  if (m[2] === 'Ki') {
    // Rendered in Ki only when no larger unit divides it.
    if (n % 1024 === 0) return undefined;
    return code(`Size.kibibytes(${n})`);
  }
  const idx = BINARY.findIndex(([u]) => u === m[2]);
  // Rendered in this unit only when the next larger one does not divide it.
  if (idx > 0 && n % 1024 === 0) return undefined;
  return code(`Size.${BINARY[idx][1]}(${n})`);
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The keys of `obj` outside `known`. */
export function unknownKeys(obj: unknown, known: readonly string[]): string[] {
  return isObject(obj) ? Object.keys(obj).filter((k) => !known.includes(k)) : [];
}

/** Group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The `depends-on` entry of an object. */
export function dependencyRef(obj: KubeObject, clusterScoped: boolean): string {
  return `${groupOf(obj.apiVersion)}/${obj.kind}/${clusterScoped ? '' : obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}
