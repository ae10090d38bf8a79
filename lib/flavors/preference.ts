import { compactOrOmit } from '../core/compact';
import { constructCheck } from '../core/construct-checks';
import { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { VirtualMachineClusterPreference, VirtualMachinePreference } from '../../imports/instancetype.kubevirt.io';
import { IPreference, KubeVirtResource, KubeVirtResourceProps } from '../core';
import { catalogQuantity } from './quantity';
import {
  PreferenceClock, PreferenceDevices, PreferenceFeatures, PreferenceFirmware, renderPreferenceDevices,
  renderPreferenceFeatures,
} from './preference-options';

/** How the guest vCPUs are laid out (`spec.cpu.preferredCPUTopology`). */
export enum PreferredCpuTopology {
  SOCKETS = 'sockets',
  CORES = 'cores',
  THREADS = 'threads',
  /** Spread across sockets/cores/threads by `spreadOptions`. */
  SPREAD = 'spread',
  /** Let KubeVirt keep whatever the VM sets. */
  ANY = 'any',
}

/** The topology axes a spread topology distributes vCPUs across. */
export enum SpreadAcross {
  SOCKETS_CORES = 'SocketsCores',
  CORES_THREADS = 'CoresThreads',
  SOCKETS_CORES_THREADS = 'SocketsCoresThreads',
}

/** Options of `PreferredCpuTopology.SPREAD`. */
export interface SpreadOptions {
  /**
   * Axes to spread across.
   * @default SpreadAcross.SOCKETS_CORES
   */
  readonly across?: SpreadAcross;
  /**
   * vCPUs per unit of the outer axis.
   * @default 2
   */
  readonly ratio?: number;
}

/** Minimum resources a preference demands from the instancetype or the VM (`spec.requirements`). */
export interface PreferenceRequirements {
  /**
   * Minimum guest vCPUs.
   * @default - no requirement
   */
  readonly cpu?: number;
  /**
   * Minimum guest memory.
   * @default - no requirement
   */
  readonly memory?: Size;
  /**
   * Required VM architecture (`amd64`, `arm64`, `s390x`).
   * @default - any
   */
  readonly architecture?: string;
}

/** What a preference suggests for a VM; every field only applies where the VM leaves it unset. */
export interface PreferenceSpecProps {
  /**
   * Preferred guest CPU topology.
   * @default - KubeVirt's default (sockets)
   */
  readonly cpuTopology?: PreferredCpuTopology;
  /**
   * Spread options; only with `PreferredCpuTopology.SPREAD`.
   * @default - KubeVirt's default (SocketsCores, ratio 2)
   */
  readonly spreadOptions?: SpreadOptions;
  /**
   * Preferred devices: buses, models, autoattach switches, TPM...
   * @default - VM defaults
   */
  readonly devices?: PreferenceDevices;
  /**
   * Preferred firmware.
   * @default - BIOS
   */
  readonly firmware?: PreferenceFirmware;
  /**
   * Preferred domain features (ACPI, APIC, Hyper-V, SMM...).
   * @default - VM defaults
   */
  readonly features?: PreferenceFeatures;
  /**
   * Preferred clock.
   * @default - VM defaults
   */
  readonly clock?: PreferenceClock;
  /**
   * Preferred machine type, e.g. `pc-q35-rhel9.4.0`.
   * @default - the cluster's default machine type
   */
  readonly machineType?: string;
  /**
   * Preferred architecture (`amd64`, `arm64`, `s390x`).
   * @default - the cluster's default architecture
   */
  readonly architecture?: string;
  /**
   * Preferred storage class for the VM's data volume templates.
   * @default - the cluster default
   */
  readonly storageClassName?: string;
  /**
   * Preferred hostname subdomain.
   * @default - none
   */
  readonly subdomain?: string;
  /**
   * Preferred termination grace period in seconds.
   * @default - KubeVirt's default
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Preferred launch security; `{}` selects the architecture's default (IBM Secure Execution on s390x).
   * @default - none
   */
  readonly launchSecurity?: Record<string, unknown>;
  /**
   * Minimum resources the VM must have; enforced by KubeVirt at VM admission.
   * @default - none
   */
  readonly requirements?: PreferenceRequirements;
  /**
   * Annotations put on the VM's launcher pod.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Renders the v1beta1 preference spec. Shared by the constructs and the common catalog. */
export function renderPreferenceSpec(props: PreferenceSpecProps): Record<string, unknown> {
  const req = props.requirements;
  return compactOrOmit({
    annotations: props.annotations && Object.keys(props.annotations).length > 0 ? { ...props.annotations } : undefined,
    clock: props.clock?._render(),
    cpu: compactOrOmit({
      preferredCPUTopology: props.cpuTopology,
      spreadOptions: props.spreadOptions ? compactOrOmit({ ...props.spreadOptions }) ?? {} : undefined,
    }),
    devices: props.devices ? renderPreferenceDevices(props.devices) : undefined,
    features: props.features ? renderPreferenceFeatures(props.features) : undefined,
    firmware: props.firmware?._render(),
    machine: props.machineType ? { preferredMachineType: props.machineType } : undefined,
    preferredArchitecture: props.architecture,
    preferredLaunchSecurity: props.launchSecurity,
    preferredSubdomain: props.subdomain,
    preferredTerminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
    requirements: req ? compactOrOmit({
      architecture: req.architecture,
      cpu: req.cpu !== undefined ? { guest: req.cpu } : undefined,
      memory: req.memory ? { guest: catalogQuantity(req.memory) } : undefined,
    }) : undefined,
    volumes: props.storageClassName ? { preferredStorageClassName: props.storageClassName } : undefined,
  }) ?? {};
}


/** The preference admission rules (validation-rules.md section 7) checkable from the props alone. */
export function validatePreferenceSpec(props: PreferenceSpecProps): string[] {
  // Topology values and spread options that KubeVirt refuses are the validator's rules (pref-*),
  // run on the rendered object. These pass admission but are ignored or leave no VM satisfying them.
  const id = 'construct-preference-values';
  const errors: string[] = [];
  if (props.spreadOptions && props.cpuTopology !== PreferredCpuTopology.SPREAD) {
    errors.push(constructCheck('spec.cpu.spreadOptions', "only used with preferredCPUTopology 'spread'", id));
  }
  const ratio = props.spreadOptions?.ratio;
  if (ratio !== undefined && (!Number.isInteger(ratio) || ratio < 1)) {
    errors.push(constructCheck('spec.cpu.spreadOptions.ratio', `${ratio} must be a positive integer`, id));
  }
  const req = props.requirements;
  if (req?.cpu !== undefined && (!Number.isInteger(req.cpu) || req.cpu < 1)) {
    errors.push(constructCheck('spec.requirements.cpu.guest', `${req.cpu} must be a positive integer`, id));
  }
  if (req?.memory !== undefined && !(req.memory.toKibibytes() > 0)) {
    errors.push(constructCheck('spec.requirements.memory.guest', `${catalogQuantity(req.memory)} must be greater than zero`, id));
  }
  if (props.terminationGracePeriodSeconds !== undefined && props.terminationGracePeriodSeconds < 0) {
    errors.push(constructCheck('spec.preferredTerminationGracePeriodSeconds', `${props.terminationGracePeriodSeconds} must not be negative`, id));
  }
  return errors;
}

/** Properties of `Preference` and `ClusterPreference`. */
export interface PreferenceProps extends KubeVirtResourceProps, PreferenceSpecProps {}

/** Shared behaviour of the namespaced and cluster-wide preference constructs. */
export abstract class PreferenceBase extends KubeVirtResource implements IPreference {
  /** The preference's minimum requirements, for offline checks against instancetypes. */
  public readonly requirements?: PreferenceRequirements;
  private readonly spec: PreferenceSpecProps;

  protected constructor(scope: Construct, id: string, clusterScoped: boolean, props: PreferenceProps) {
    super(scope, id, clusterScoped
      ? { gvk: VirtualMachineClusterPreference.GVK }
      : { gvk: VirtualMachinePreference.GVK }, props);
    this.spec = props;
    this.requirements = props.requirements;
    this.node.addValidation({ validate: () => validatePreferenceSpec(this.spec) });
  }

  /** The API kind, as a VM's `spec.preference.kind` names it. */
  public get kind(): 'VirtualMachinePreference' | 'VirtualMachineClusterPreference' {
    return this.clusterScoped ? 'VirtualMachineClusterPreference' : 'VirtualMachinePreference';
  }

  /** The rendered `spec` (what VMs using this preference are checked against at synth). */
  public renderSpec(): Record<string, unknown> {
    return renderPreferenceSpec(this.spec);
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: this.renderSpec() };
  }
}

/** A namespaced `VirtualMachinePreference`. */
export class Preference extends PreferenceBase {
  constructor(scope: Construct, id: string, props: PreferenceProps = {}) {
    super(scope, id, false, props);
  }
}

/** A cluster-wide `VirtualMachineClusterPreference`. */
export class ClusterPreference extends PreferenceBase {
  constructor(scope: Construct, id: string, props: PreferenceProps = {}) {
    super(scope, id, true, props);
  }
}
