// Small interfaces through which constructs of different families wire to each other
// (a VM disk to a DataVolume, a VM NIC to a NetworkAttachmentDefinition...). Each
// family implements its side; none imports another family's classes to reference it.
import { IConstruct } from 'constructs';

/** A namespaced object referenced by name. */
export interface ObjectReference {
  readonly name: string;
  /** @default - the referencing object's namespace */
  readonly namespace?: string;
}

/** A CDI DataVolume a VM disk can use. */
export interface IDataVolume extends IConstruct {
  readonly name: string;
  readonly namespace?: string;
  /** Access modes requested; empty when CDI's StorageProfile chooses. */
  readonly accessModes: readonly string[];
}

/** A CDI DataSource (golden image) a VM disk can clone from. */
export interface IDataSource extends IConstruct {
  readonly name: string;
  readonly namespace?: string;
}

/** How a VM interface binds to a secondary network. */
export type SecondaryBinding = 'bridge' | 'sriov' | 'passt' | 'binding-plugin';

/** A Multus NetworkAttachmentDefinition a VM interface can join. */
export interface INetworkAttachment extends IConstruct {
  readonly name: string;
  readonly namespace?: string;
  /** The interface binding this network supports (a Linux bridge NAD takes `bridge`). */
  readonly supportedBinding: SecondaryBinding;
}

/** An instancetype (namespaced or cluster-wide) a VM can reference. */
export interface IInstancetype {
  readonly name: string;
  readonly kind: 'VirtualMachineInstancetype' | 'VirtualMachineClusterInstancetype';
  /** The instancetype's `spec`, when known (constructs, catalog values): VMs check their conflicts with it at synth. */
  renderSpec?(): Record<string, unknown>;
}

/** A preference (namespaced or cluster-wide) a VM can reference. */
export interface IPreference {
  readonly name: string;
  readonly kind: 'VirtualMachinePreference' | 'VirtualMachineClusterPreference';
  /** The preference's `spec`, when known (constructs, catalog values): VMs check its requirements at synth. */
  renderSpec?(): Record<string, unknown>;
}

/**
 * A construct that stands for another one when something depends on it (e.g. the DataSource
 * a DataImportCron manages is a reference whose real dependency is the cron).
 */
export interface IDependencyProxy extends IConstruct {
  /** The construct to depend on instead. */
  readonly dependencyTarget: IConstruct;
}

/** The construct a dependency on `c` really means (follows `IDependencyProxy`). */
export function dependencyTargetOf(c: IConstruct): IConstruct {
  const proxy = c as Partial<IDependencyProxy>;
  return proxy.dependencyTarget ?? c;
}
