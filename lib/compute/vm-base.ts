import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { KubeVirtResource, ResourceKind } from '../core';
import { AccessCredential } from './access-credential';
import { CloudInit } from './cloud-init';
import { FilesystemSource } from './devices/filesystem';
import { Gpu, HostDevice } from './devices/passthrough';
import { DiskOptions, VmDisk, VolumeOptions } from './disk';
import { DiskSource } from './disk-source';
import { flavorObjects } from './flavor-ref';
import { Interface, InterfaceOptions, VmInterface } from './interface';
import { buildSpec, IVirtualMachineProfile, VirtualMachineProfileOptions } from './profile';
import { VmScheduling } from './scheduling';
import { VirtualMachineSpecBuilder } from './spec-builder';
import { VirtualMachineSpecProps } from './spec-props';

/** What every construct holding a VM spec takes: the spec, the profiles, the object's metadata. */
export interface VirtualMachineBaseProps extends VirtualMachineSpecProps, VirtualMachineProfileOptions {
  /**
   * Metadata of the object.
   * @default - name: the construct path below the chart (`NameStyle.READABLE`: `rhel`, `web-db`), unique
   *   in its kind and namespace across the app; namespace from the chart
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * Base of the constructs that hold one VM spec (`VirtualMachine`, `VirtualMachinePool`): the typed
 * spec, its `addX()` mutators, and the construct dependencies the spec brings (DataVolumes, NADs...).
 */
export abstract class VirtualMachineBase extends KubeVirtResource {
  /** The typed spec state and its renderer (for profiles and templates). */
  public readonly spec: VirtualMachineSpecBuilder;

  protected constructor(scope: Construct, id: string, kind: ResourceKind, props: VirtualMachineBaseProps, ownProps: readonly string[] = []) {
    // The VM's name is its guest's hostname (a DNS label): readable, from the construct path.
    super(scope, id, { readableName: { maxLength: 63 }, ...kind }, props);
    this.spec = buildSpec(props as VirtualMachineBaseProps & Record<string, unknown>, ['metadata', ...ownProps]);
    this.addDependency(...this.spec.dependencies);
  }

  /** Node selector, tolerations and (anti-)affinity of the VM's pod. */
  public get scheduling(): VmScheduling { return this.spec.scheduling; }
  public get disks(): readonly VmDisk[] { return this.spec.disks; }
  public get interfaces(): readonly VmInterface[] { return this.spec.interfaces; }

  /** Adds a disk and its volume under one name; DataVolume, Secret... constructs are applied before the VM. */
  public addDisk(name: string, source: DiskSource, options: DiskOptions = {}): this {
    this.spec.addDisk(name, source, options);
    this.addDependency(...source.dependencies);
    return this;
  }

  /**
   * Adds a disk whose DataVolume or PVC is hot-plugged: KubeVirt attaches it to the running VM
   * (and detaches it when removed) without a restart. Hot-plugged disks use the scsi or virtio bus.
   */
  public addHotplugVolume(name: string, source: DiskSource, options: DiskOptions = {}): this {
    return this.addDisk(name, source, { ...options, hotpluggable: true });
  }

  /**
   * Adds a volume without a disk entry: KubeVirt gives it a disk of its name (virtio bus) when the
   * VM starts, as for any volume a manifest lists without a disk. `addDisk` says bus, boot order...;
   * this is the shape many existing manifests have. The name must be a DNS label (it names the disk).
   */
  public addVolume(name: string, source: DiskSource, options: VolumeOptions = {}): this {
    this.spec.addVolume(name, source, options);
    this.addDependency(...source.dependencies);
    return this;
  }

  /** Adds a NIC and its network under one name; a NAD construct is applied before the VM. */
  public addInterface(name: string, nic: Interface, options: InterfaceOptions = {}): this {
    this.spec.addInterface(name, nic, options);
    this.addDependency(...nic.dependencies);
    return this;
  }

  /** Adds (or replaces) a label of the VM's template, which its VMI and pod carry. */
  public addTemplateLabel(key: string, value: string): this {
    this.spec.addTemplateLabel(key, value);
    return this;
  }

  /** Adds (or replaces) an annotation of the VM's template, which its VMI and pod carry. */
  public addTemplateAnnotation(key: string, value: string): this {
    this.spec.addTemplateAnnotation(key, value);
    return this;
  }

  /** Adds credentials KubeVirt injects from a Secret. */
  public addAccessCredential(credential: AccessCredential): this {
    this.spec.addAccessCredential(credential);
    this.addDependency(...credential.dependencies);
    return this;
  }

  /** Sets (or replaces) the cloud-init disk. */
  public setCloudInit(cloudInit: CloudInit): void {
    this.spec.setCloudInit(cloudInit);
    this.addDependency(...cloudInit.dependencies);
  }

  /** Passes a GPU through to the guest. */
  public addGpu(gpu: Gpu): this {
    this.spec.devices.addGpu(gpu);
    return this;
  }

  /** Passes a PCI or USB host device through to the guest. */
  public addHostDevice(device: HostDevice): this {
    this.spec.devices.addHostDevice(device);
    return this;
  }

  /** Shares a folder with the guest over virtiofs; the guest mounts it by `name` (`mount -t virtiofs <name> /mnt`). */
  public addFilesystem(name: string, source: FilesystemSource): this {
    this.spec.devices.addFilesystem(name, source);
    this.addDependency(...source.dependencies);
    return this;
  }

  /** Overrides settings (see `VirtualMachineSpecBuilder.configure`). */
  public configure(options: VirtualMachineSpecProps): void {
    this.spec.configure(options);
    this.addDependency(...this.spec.dependencies);
  }

  /** The instancetype and preference objects as far as their content is known (see `KubeVirtResource.referencedObjects`). */
  protected referencedObjects(): Array<Record<string, unknown>> {
    return flavorObjects(this.spec.props, this.namespace);
  }

  /** Applies a workload or OS profile now. */
  public applyProfile(profile: IVirtualMachineProfile): void {
    profile.applyTo(this.spec);
    this.addDependency(...this.spec.dependencies);
  }
}
