// How a VM names its instancetype and preference (`spec.instancetype` / `spec.preference`): an
// instancetype or preference (construct or catalog value), a pinned revision of one, or inference
// from one of the VM's volumes (the labels of its DataSource, DataVolume or PVC).
import { compact } from '../core/compact';
import { IInstancetype, IPreference } from '../core';

/** What KubeVirt does when it cannot infer from the volume. */
export enum InferFromVolumeFailurePolicy {
  /** Refuse the VM (KubeVirt's default). */
  REJECT = 'RejectInferFromVolumeFailure',
  /**
   * Drop the matcher and run the VM without one. KubeVirt clears the template's guest memory when
   * inference succeeds, so `memory` can stay set as the fallback.
   */
  IGNORE = 'IgnoreInferFromVolumeFailure',
}

/** Options of `InstancetypeRef.inferFromVolume()` and `PreferenceRef.inferFromVolume()`. */
export interface InferFromVolumeOptions {
  /** @default InferFromVolumeFailurePolicy.REJECT (KubeVirt's default; the field is left unset) */
  readonly failurePolicy?: InferFromVolumeFailurePolicy;
}

/** Options of `InstancetypeRef.of()` and `PreferenceRef.of()`. */
export interface FlavorRevisionOptions {
  /**
   * Name of the ControllerRevision holding the copy of the instancetype/preference to use. KubeVirt
   * records one at first start; pinning it keeps the VM on that copy when the object changes.
   * @default - the revision KubeVirt captures at first start
   */
  readonly revisionName?: string;
}

/** One matcher, before it is rendered: named or inferred. */
export abstract class FlavorMatcher<T extends { name: string; kind: string }> {
  protected constructor(
    /** The instancetype/preference, when named. */
    public readonly target: T | undefined,
    /** The volume inferred from, when inferred. */
    public readonly inferFromVolume: string | undefined,
    public readonly failurePolicy: InferFromVolumeFailurePolicy | undefined,
    public readonly revisionName: string | undefined,
  ) {}

  /** True when the instancetype/preference is inferred from a volume. */
  public get inferred(): boolean {
    return this.inferFromVolume !== undefined;
  }

  /** The matcher object (`{kind, name, revisionName}` or `{inferFromVolume, inferFromVolumeFailurePolicy}`). */
  public render(): Record<string, unknown> {
    if (this.inferFromVolume !== undefined) {
      return compact({ inferFromVolume: this.inferFromVolume, inferFromVolumeFailurePolicy: this.failurePolicy });
    }
    return compact({ kind: this.target!.kind, name: this.target!.name, revisionName: this.revisionName });
  }
}

/** The VM's instancetype: `InstancetypeRef.of(it)`, a pinned revision, or `InstancetypeRef.inferFromVolume('rootdisk')`. */
export class InstancetypeRef extends FlavorMatcher<IInstancetype> {
  /** A named instancetype (construct or catalog value), optionally pinned to a revision. */
  public static of(instancetype: IInstancetype, options: FlavorRevisionOptions = {}): InstancetypeRef {
    return new InstancetypeRef(instancetype, undefined, undefined, options.revisionName);
  }

  /**
   * The instancetype the volume's labels name (`instancetype.kubevirt.io/default-instancetype` on its
   * DataSource, DataVolume or PVC). `volume` is the name of one of the VM's disks, backed by a PVC or by
   * a DataVolume cloning a PVC, snapshot or DataSource (`DiskSource.dataSource`).
   */
  public static inferFromVolume(volume: string, options: InferFromVolumeOptions = {}): InstancetypeRef {
    return new InstancetypeRef(undefined, volume, options.failurePolicy, undefined);
  }

  private constructor(target: IInstancetype | undefined, volume: string | undefined, policy: InferFromVolumeFailurePolicy | undefined, revision: string | undefined) {
    super(target, volume, policy, revision);
  }

  /** The named instancetype, if any. */
  public get instancetype(): IInstancetype | undefined {
    return this.target;
  }
}

/** The VM's preference: `PreferenceRef.of(pref)`, a pinned revision, or `PreferenceRef.inferFromVolume('rootdisk')`. */
export class PreferenceRef extends FlavorMatcher<IPreference> {
  /** A named preference (construct or catalog value), optionally pinned to a revision. */
  public static of(preference: IPreference, options: FlavorRevisionOptions = {}): PreferenceRef {
    return new PreferenceRef(preference, undefined, undefined, options.revisionName);
  }

  /** The preference the volume's labels name (`instancetype.kubevirt.io/default-preference`); see `InstancetypeRef.inferFromVolume`. */
  public static inferFromVolume(volume: string, options: InferFromVolumeOptions = {}): PreferenceRef {
    return new PreferenceRef(undefined, volume, options.failurePolicy, undefined);
  }

  private constructor(target: IPreference | undefined, volume: string | undefined, policy: InferFromVolumeFailurePolicy | undefined, revision: string | undefined) {
    super(target, volume, policy, revision);
  }

  /** The named preference, if any. */
  public get preference(): IPreference | undefined {
    return this.target;
  }
}

/** The `spec.instancetype` object of a VM for a prop value. */
export function renderInstancetypeMatcher(value: IInstancetype | InstancetypeRef | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  return value instanceof InstancetypeRef ? value.render() : { kind: value.kind, name: value.name };
}

/** The `spec.preference` object of a VM for a prop value. */
export function renderPreferenceMatcher(value: IPreference | PreferenceRef | undefined): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  return value instanceof PreferenceRef ? value.render() : { kind: value.kind, name: value.name };
}

/** The named instancetype behind a prop value (undefined when inferred). */
export function namedInstancetype(value: IInstancetype | InstancetypeRef | undefined): IInstancetype | undefined {
  return value instanceof InstancetypeRef ? value.instancetype : value;
}

/** The named preference behind a prop value (undefined when inferred). */
export function namedPreference(value: IPreference | PreferenceRef | undefined): IPreference | undefined {
  return value instanceof PreferenceRef ? value.preference : value;
}

/**
 * The named instancetype and preference as objects, for those whose spec is known (constructs and
 * catalog values). Namespaced kinds are looked up in the VM's namespace, as KubeVirt does.
 */
export function flavorObjects(props: { instancetype?: IInstancetype | InstancetypeRef; preference?: IPreference | PreferenceRef }, namespace: string | undefined): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const target of [namedInstancetype(props.instancetype), namedPreference(props.preference)]) {
    if (!target?.renderSpec) continue;
    const namespaced = !target.kind.startsWith('VirtualMachineCluster');
    out.push({
      apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: target.kind,
      metadata: compact({ name: target.name, namespace: namespaced ? namespace : undefined }),
      spec: target.renderSpec(),
    });
  }
  return out;
}
