import { Duration, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { IInstancetype, IPreference } from '../core';
import { AccessCredential } from './access-credential';
import { CloudInit } from './cloud-init';
import { VirtualMachineDeviceOptions } from './devices/options';
import { DiskBus } from './disk';
import { Clock, CpuModel, CpuTopology, DomainFeatures, Firmware, IoThreadsPolicy } from './domain';
import { InterfaceModel } from './interface';
import { InstancetypeRef, PreferenceRef } from './flavor-ref';
import { EvictionStrategy, RunStrategy } from './lifecycle';
import { UpdateVolumesStrategy } from './live-update';
import { VirtualMachinePodOptions } from './pod-options';
import { VmProbe } from './probe';

/** CPU and memory requests/limits of the VM's pod, with cdk8s-plus value types. */
export interface VmResources {
  /** @default - none */
  readonly cpu?: plus.CpuResources;
  /** @default - none */
  readonly memory?: plus.MemoryResources;
}

/** The VM's virtual hardware. Profiles change these through `configure()`. */
export interface VirtualMachineComputeOptions extends VirtualMachineDeviceOptions {
  /**
   * vCPU topology. Conflicts with an instancetype.
   * @default - one vCPU (KubeVirt's default)
   */
  readonly cpu?: CpuTopology;
  /** @default - KubeVirt's cluster default (host-model) */
  readonly cpuModel?: CpuModel | string;
  /**
   * Pin each vCPU to a dedicated host CPU (needs whole, equal CPU requests and limits when set).
   * @default false
   */
  readonly dedicatedCpuPlacement?: boolean;
  /**
   * Give the emulator thread its own host CPU (needs dedicated CPU placement).
   * @default false
   */
  readonly isolateEmulatorThread?: boolean;
  /**
   * Mirror the host NUMA topology into the guest (needs dedicated CPUs and hugepages).
   * @default false
   */
  readonly numaGuestMappingPassthrough?: boolean;
  /**
   * Upper bound of sockets for CPU hotplug.
   * @default - KubeVirt's default (4x sockets)
   */
  readonly maxSockets?: number;
  /**
   * Guest memory. Conflicts with an instancetype.
   * @default - none: set memory, `resources.memory.request`, `hugepages` or an instancetype
   */
  readonly memory?: Size;
  /**
   * Upper bound of guest memory for memory hotplug (`memory.maxGuest`); raising `memory` up to it
   * applies live under the LiveUpdate rollout strategy.
   * @default - KubeVirt's default (the cluster's maxHotplugRatio x guest memory)
   */
  readonly maxGuestMemory?: Size;
  /** @default - derived by KubeVirt from the guest memory and vCPUs */
  readonly resources?: VmResources;
  /**
   * Back guest memory with hugepages of this size (`Size.mebibytes(2)` or `Size.gibibytes(1)`).
   * @default - regular pages
   */
  readonly hugepages?: Size;
  /** @default - KubeVirt's default (one shared IO thread when a disk asks for it) */
  readonly ioThreadsPolicy?: IoThreadsPolicy;
  /**
   * Pool size for `IoThreadsPolicy.SUPPLEMENTAL_POOL`.
   * @default - none
   */
  readonly supplementalPoolThreadCount?: number;
  /** @default - the cluster's default (q35) */
  readonly machineType?: string;
  /**
   * `amd64`, `arm64` or `s390x`.
   * @default - the cluster's default architecture
   */
  readonly architecture?: string;
  /** @default - BIOS */
  readonly firmware?: Firmware;
  /** @default - KubeVirt's defaults; SMM on with Secure Boot */
  readonly features?: DomainFeatures;
  /**
   * Add a virtual TPM; `persistent` keeps its state (BitLocker, measured boot) across restarts.
   * @default - no TPM
   */
  readonly tpm?: { readonly persistent?: boolean };
  /** @default - UTC, KubeVirt's timers */
  readonly clock?: Clock;
  /**
   * Add a virtio RNG device (entropy for the guest).
   * @default false
   */
  readonly rng?: boolean;
  /**
   * Add a tablet input device on this bus (absolute pointer for VNC consoles).
   * @default - none
   */
  readonly tablet?: 'virtio' | 'usb';
  /**
   * One virtio-net queue per vCPU.
   * @default false
   */
  readonly networkInterfaceMultiqueue?: boolean;
  /** @default true */
  readonly autoattachGraphicsDevice?: boolean;
  /** @default true */
  readonly autoattachSerialConsole?: boolean;
  /**
   * Bus of disks added without one.
   * @default DiskBus.VIRTIO
   */
  readonly defaultDiskBus?: DiskBus;
  /**
   * Model of NICs added without one.
   * @default InterfaceModel.VIRTIO
   */
  readonly defaultInterfaceModel?: InterfaceModel;
  /**
   * Write a `model` on every NIC (`defaultInterfaceModel` on those added without one). False leaves
   * `model` unset on NICs added without one: KubeVirt then uses the preference's
   * `preferredInterfaceModel`, else virtio; `defaultInterfaceModel` is not used.
   * @default true
   */
  readonly explicitInterfaceModel?: boolean;
  /**
   * Give the boot disk (lowest boot order, else the first disk) a dedicated IO thread unless it says otherwise.
   * @default false
   */
  readonly bootDiskDedicatedIoThread?: boolean;
}

/** Everything that makes up `VirtualMachine.spec`, except the lists (disks, NICs) added with `addX()`. */
export interface VirtualMachineSpecProps extends VirtualMachineComputeOptions, VirtualMachinePodOptions {
  /**
   * Run strategy. The deprecated `running` field is never emitted.
   * @default RunStrategy.ALWAYS
   */
  readonly runStrategy?: RunStrategy;
  /**
   * Instancetype giving CPU and memory; then `cpu`, `memory` and CPU/memory `resources` must stay unset.
   * `InstancetypeRef.inferFromVolume('rootdisk')` infers it from the boot volume; `InstancetypeRef.of(it, { revisionName })` pins a revision.
   * @default - none
   */
  readonly instancetype?: IInstancetype | InstancetypeRef;
  /**
   * Preference (`PreferenceRef.inferFromVolume('rootdisk')` infers it from the boot volume).
   * @default - none
   */
  readonly preference?: IPreference | PreferenceRef;
  /**
   * cloud-init disk (named `cloudinitdisk` unless set otherwise), added after the other disks.
   * @default - none
   */
  readonly cloudInit?: CloudInit;
  /** @default - none */
  readonly accessCredentials?: AccessCredential[];
  /** @default - the cluster's default (LiveMigrate on OpenShift Virtualization) */
  readonly evictionStrategy?: EvictionStrategy;
  /**
   * How a change of the VM's volumes rolls out while it runs.
   * @default UpdateVolumesStrategy.REPLACEMENT (KubeVirt's default; the field is left unset)
   */
  readonly updateVolumesStrategy?: UpdateVolumesStrategy;
  /** @default - KubeVirt's default (30 seconds) */
  readonly terminationGracePeriod?: Duration;
  /** @default - none */
  readonly priorityClassName?: string;
  /** @default - the default scheduler */
  readonly schedulerName?: string;
  /** @default - none */
  readonly serviceAccountName?: string;
  /**
   * Labels a node must carry (shorthand for `vm.scheduling.selectNode()`).
   * @default - none
   */
  readonly nodeSelector?: Record<string, string>;
  /** @default - none */
  readonly readinessProbe?: VmProbe;
  /** @default - none */
  readonly livenessProbe?: VmProbe;
  /**
   * Guest hostname (RFC 1123 label).
   * @default - the VM name
   */
  readonly hostname?: string;
  /**
   * Subdomain; with a headless Service of that name, the VM gets `<hostname>.<subdomain>.<ns>.svc` DNS.
   * @default - none
   */
  readonly subdomain?: string;
  /** @default - only the selector labels */
  readonly templateLabels?: Record<string, string>;
  /**
   * Write the selector labels (`kubevirt.io/domain` and `vm.kubevirt.io/name` set to the VM name) on
   * the template, so Services and NetworkPolicies can select the VM's pod. False leaves the template's
   * labels to `templateLabels` / `addTemplateLabel()`; a VM then selects its pod by whichever of the two
   * labels those carry (set to its name), and refuses to be a selector without one. A VirtualMachinePool
   * always writes its own selector.
   * @default true
   */
  readonly select?: boolean;
  /** @default - none */
  readonly templateAnnotations?: Record<string, string>;
  /**
   * Add a masquerade NIC on the pod network (named `default`) when no interface is added.
   * False emits `autoattachPodInterface: false` instead (a VM without networking).
   * @default true
   */
  readonly podNetwork?: boolean;
}
