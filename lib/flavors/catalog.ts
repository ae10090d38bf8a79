// Bases of the common-instancetypes catalog values (`CommonInstancetype`, `CommonPreference`,
// generated into *.generated.ts). A catalog value is a plain reference a VM can use as is;
// `emit()` synthesizes it for clusters where virt-operator does not deploy the catalog.
import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { IInstancetype, IPreference } from '../core';
import { ClusterInstancetype, HugepageSize, InstancetypeSpecProps, IoThreadsPolicyValue, renderInstancetypeSpec } from './instancetype';
import { ClusterPreference, PreferenceRequirements, PreferenceSpecProps, renderPreferenceSpec } from './preference';
import { catalogQuantity } from './quantity';

const VENDOR_LABELS = { 'instancetype.kubevirt.io/vendor': 'kubevirt.io', 'instancetype.kubevirt.io/version': '1' };

/** Class label and display name of each series (feature-anchors 2.1). */
const SERIES_CLASS: Record<string, { readonly class: string; readonly displayName: string }> = {
  u1: { class: 'general.purpose', displayName: 'General Purpose' },
  o1: { class: 'overcommitted', displayName: 'Overcommitted' },
  d1: { class: 'dedicated.vcpu', displayName: 'Dedicated vCPU' },
  cx1: { class: 'compute.exclusive', displayName: 'Compute Exclusive' },
  m1: { class: 'memory.intensive', displayName: 'Memory Intensive' },
  n1: { class: 'network', displayName: 'Network' },
  rt1: { class: 'realtime', displayName: 'Realtime' },
};

/** One entry of the instancetype catalog. */
export interface CatalogInstancetypeDefinition extends InstancetypeSpecProps {
  /** Catalog name, e.g. `u1.medium`. */
  readonly name: string;
  /** Series, e.g. `u1`. */
  readonly series: string;
  /** Size, e.g. `medium` or `large1gi`. */
  readonly size: string;
}

/** A common instancetype: referenced by name, its size known at compile time. */
export abstract class CatalogInstancetype implements IInstancetype {
  private static readonly entries: CatalogInstancetype[] = [];

  /** Every catalog entry, in the upstream order. */
  public static all(): CatalogInstancetype[] {
    return [...CatalogInstancetype.entries];
  }

  /** The entry of that name (`u1.medium`), or undefined. */
  public static byName(name: string): CatalogInstancetype | undefined {
    return CatalogInstancetype.entries.find((e) => e.name === name);
  }

  public readonly kind = 'VirtualMachineClusterInstancetype' as const;
  public readonly name: string;
  public readonly series: string;
  public readonly size: string;
  /** Guest vCPUs. */
  public readonly cpu: number;
  /** Guest memory. */
  public readonly memory: Size;
  /** Hugepage size backing the memory, if any. */
  public readonly hugepages?: HugepageSize;
  public readonly dedicatedCpuPlacement: boolean;
  public readonly isolateEmulatorThread: boolean;
  public readonly numaPassthrough: boolean;
  public readonly realtime: boolean;
  public readonly ioThreadsPolicy?: IoThreadsPolicyValue;
  public readonly maxSockets?: number;
  public readonly memoryOvercommitPercent?: number;
  /** Annotations the instancetype puts on the launcher pod. */
  public readonly podAnnotations: Readonly<Record<string, string>>;
  private readonly definition: CatalogInstancetypeDefinition;

  protected constructor(definition: CatalogInstancetypeDefinition) {
    this.definition = definition;
    this.name = definition.name;
    this.series = definition.series;
    this.size = definition.size;
    this.cpu = definition.cpu;
    this.memory = definition.memory;
    this.hugepages = definition.hugepages;
    this.dedicatedCpuPlacement = definition.dedicatedCpuPlacement ?? false;
    this.isolateEmulatorThread = definition.isolateEmulatorThread ?? false;
    this.numaPassthrough = definition.numaPassthrough ?? false;
    this.realtime = definition.realtime === true;
    this.ioThreadsPolicy = definition.ioThreadsPolicy;
    this.maxSockets = definition.maxSockets;
    this.memoryOvercommitPercent = definition.memoryOvercommitPercent;
    this.podAnnotations = { ...(definition.annotations ?? {}) };
    CatalogInstancetype.entries.push(this);
  }

  /** The spec the catalog deploys, for building a variant (`new Instancetype(..., { ...it.spec, cpu: 3 })`). */
  public get spec(): InstancetypeSpecProps {
    const { name: _n, series: _s, size: _z, ...spec } = this.definition;
    return spec;
  }

  /** The `spec` the catalog deploys, rendered (what VMs using this entry are checked against at synth). */
  public renderSpec(): Record<string, unknown> {
    return renderInstancetypeSpec(this.spec);
  }

  /** The labels the catalog puts on the object (common-instancetypes docs/labels.md). */
  public get labels(): Record<string, string> {
    const labels: Record<string, string> = {
      ...VENDOR_LABELS,
      'instancetype.kubevirt.io/class': SERIES_CLASS[this.series]?.class ?? this.series,
      'instancetype.kubevirt.io/cpu': String(this.cpu),
      'instancetype.kubevirt.io/memory': catalogQuantity(this.memory),
      'instancetype.kubevirt.io/size': this.size,
    };
    if (this.dedicatedCpuPlacement) labels['instancetype.kubevirt.io/dedicatedCPUPlacement'] = 'true';
    if (this.isolateEmulatorThread) labels['instancetype.kubevirt.io/isolateEmulatorThread'] = 'true';
    if (this.numaPassthrough) labels['instancetype.kubevirt.io/numa'] = 'true';
    if (this.hugepages) labels['instancetype.kubevirt.io/hugepages'] = this.hugepages;
    if (this.realtime) labels['instancetype.kubevirt.io/realtime'] = 'true';
    return labels;
  }

  /**
   * Synthesizes this entry as a `ClusterInstancetype` under `scope`, for clusters that do not
   * deploy the catalog. Idempotent per scope: a second call returns the first object.
   */
  public emit(scope: Construct): ClusterInstancetype {
    const existing = scope.node.tryFindChild(this.name);
    if (existing instanceof ClusterInstancetype) return existing;
    const display = SERIES_CLASS[this.series]?.displayName ?? this.series;
    return new ClusterInstancetype(scope, this.name, {
      ...this.spec,
      metadata: {
        name: this.name,
        labels: this.labels,
        annotations: { 'instancetype.kubevirt.io/displayName': display },
      },
    });
  }
}

/** One entry of the preference catalog. */
export interface CatalogPreferenceDefinition {
  /** Catalog name, e.g. `rhel.9`. */
  readonly name: string;
  /** Human name, e.g. `Red Hat Enterprise Linux 9 (amd64)`. */
  readonly displayName: string;
  /** `linux`, `windows` or `legacy`. */
  readonly osType: string;
  readonly spec: PreferenceSpecProps;
}

/** A common preference: referenced by name; its requirements known at compile time. */
export abstract class CatalogPreference implements IPreference {
  private static readonly entries: CatalogPreference[] = [];

  /** Every catalog entry, in the upstream order. */
  public static all(): CatalogPreference[] {
    return [...CatalogPreference.entries];
  }

  /** The entry of that name (`rhel.9`), or undefined. */
  public static byName(name: string): CatalogPreference | undefined {
    return CatalogPreference.entries.find((e) => e.name === name);
  }

  public readonly kind = 'VirtualMachineClusterPreference' as const;
  public readonly name: string;
  public readonly displayName: string;
  public readonly osType: string;
  /** What the preference suggests, in the typed form the `Preference` constructs take. */
  public readonly spec: PreferenceSpecProps;

  protected constructor(definition: CatalogPreferenceDefinition) {
    this.name = definition.name;
    this.displayName = definition.displayName;
    this.osType = definition.osType;
    this.spec = definition.spec;
    CatalogPreference.entries.push(this);
  }

  /** Minimum resources this preference demands. */
  public get requirements(): PreferenceRequirements | undefined {
    return this.spec.requirements;
  }

  /** The `spec` the catalog deploys, rendered (what VMs using this entry are checked against at synth). */
  public renderSpec(): Record<string, unknown> {
    return renderPreferenceSpec(this.spec);
  }

  /** The labels the catalog puts on the object. */
  public get labels(): Record<string, string> {
    const labels: Record<string, string> = { ...VENDOR_LABELS, 'instancetype.kubevirt.io/os-type': this.osType };
    const req = this.spec.requirements;
    if (req?.architecture) labels['instancetype.kubevirt.io/arch'] = req.architecture;
    if (req?.cpu !== undefined) labels['instancetype.kubevirt.io/required-cpu'] = String(req.cpu);
    if (req?.memory) labels['instancetype.kubevirt.io/required-memory'] = catalogQuantity(req.memory);
    return labels;
  }

  /** Synthesizes this entry as a `ClusterPreference` under `scope`; idempotent per scope. */
  public emit(scope: Construct): ClusterPreference {
    const existing = scope.node.tryFindChild(this.name);
    if (existing instanceof ClusterPreference) return existing;
    return new ClusterPreference(scope, this.name, {
      ...this.spec,
      metadata: {
        name: this.name,
        labels: this.labels,
        annotations: { 'openshift.io/display-name': this.displayName },
      },
    });
  }
}

/** Which parts of the catalog `emitCommonCatalog` synthesizes. */
export interface EmitCommonCatalogOptions {
  /**
   * Instancetype series to emit (`['u1', 'cx1']`); an empty list emits none.
   * @default - every series
   */
  readonly series?: string[];
  /**
   * Preferences to emit, by name (`['rhel.9', 'fedora']`); an empty list emits none.
   * @default - every preference
   */
  readonly preferences?: string[];
}

/** Synthesizes the common catalog (or a subset) under `scope`, for clusters that do not deploy it. */
export function emitCommonCatalog(scope: Construct, options: EmitCommonCatalogOptions = {}): {
  instancetypes: ClusterInstancetype[]; preferences: ClusterPreference[];
} {
  const series = options.series ? new Set(options.series) : undefined;
  const prefs = options.preferences ? new Set(options.preferences) : undefined;
  const unknownSeries = [...(series ?? [])].filter((s) => !SERIES_CLASS[s]);
  const unknownPrefs = [...(prefs ?? [])].filter((p) => !CatalogPreference.byName(p));
  if (unknownSeries.length > 0 || unknownPrefs.length > 0) {
    throw new Error(`emitCommonCatalog: unknown ${[...unknownSeries.map((s) => `series '${s}'`), ...unknownPrefs.map((p) => `preference '${p}'`)].join(', ')}`);
  }
  return {
    instancetypes: CatalogInstancetype.all().filter((it) => !series || series.has(it.series)).map((it) => it.emit(scope)),
    preferences: CatalogPreference.all().filter((p) => !prefs || prefs.has(p.name)).map((p) => p.emit(scope)),
  };
}
