// OS profiles: the per-OS constants common-templates put in every VM of an OS
// (feature-anchors 3.1-3.4), applied to a VM's spec builder.
import { Duration, Size } from 'cdk8s';
import {
  Clock, CpuTopology, DiskBus, Firmware, HypervFeatures, InterfaceModel, IVirtualMachineProfile, VirtualMachineSpecBuilder,
} from '../compute';
import { CatalogPreference } from './catalog';
import { tagTemplate, VM_FLAVOR_ANNOTATION, VM_OS_ANNOTATION, VM_WORKLOAD_ANNOTATION } from './profile-tags';
import { Flavor } from './profiles';

/** Name of a workload in labels and annotations. */
export type WorkloadName = 'server' | 'desktop' | 'highperformance';

/** Everything common-templates know about one OS. */
export interface OsProfileDefinition {
  /** Template OS name and `vm.kubevirt.io/os` value: `rhel9`, `fedora`, `windows2k22`... */
  readonly name: string;
  /** Human name (`name.os.template.kubevirt.io/<id>`, template display name). */
  readonly displayName: string;
  readonly family: 'linux' | 'windows';
  /** libosinfo short ids, one `os.template.kubevirt.io/<id>` label each. */
  readonly osinfoIds: string[];
  /** Default golden image (`DATA_SOURCE_NAME`). */
  readonly dataSourceName: string;
  /** Minimum guest memory (the `minimal-required-memory` validation). */
  readonly minimumMemory: Size;
  /** Root disk size of the template's DataVolume. */
  readonly rootDiskSize: Size;
  /** Workloads common-templates offer for this OS. */
  readonly workloads: WorkloadName[];
  /** Flavors common-templates offer for this OS. */
  readonly flavors: string[];
  /** cloud-init default user (Linux only). */
  readonly cloudUser?: string;
  /** EFI with Secure Boot (RHEL 9, Fedora; every Windows). */
  readonly secureBoot?: boolean;
  /** Persistent TPM (Windows 11, 2k22, 2k25). */
  readonly tpm?: boolean;
  /** Minimum cores (Windows 11: 2). */
  readonly minimumCores?: number;
  /** Name of the matching common preference. */
  readonly preferenceName?: string;
  /** Deprecated OS (template annotation `template.kubevirt.io/deprecated`). */
  readonly deprecated?: boolean;
}

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const ALL_FLAVORS = ['tiny', 'small', 'medium', 'large'];
const NO_TINY = ['small', 'medium', 'large'];
const WINDOWS_FLAVORS = ['medium', 'large'];

/**
 * An OS profile: what common-templates set for every VM of the OS (firmware, buses, Hyper-V...),
 * plus the labels, annotations and defaults templates of that OS carry.
 */
export class OsProfile implements IVirtualMachineProfile {
  public static readonly RHEL_9 = new OsProfile({
    name: 'rhel9', displayName: 'Red Hat Enterprise Linux 9.0 or higher', family: 'linux', osinfoIds: range('rhel9.', 0, 8),
    dataSourceName: 'rhel9', cloudUser: 'cloud-user', minimumMemory: Size.mebibytes(1536), rootDiskSize: Size.gibibytes(30),
    workloads: ['server', 'desktop', 'highperformance'], flavors: ALL_FLAVORS, secureBoot: true, preferenceName: 'rhel.9',
  });
  public static readonly RHEL_8 = new OsProfile({
    name: 'rhel8', displayName: 'Red Hat Enterprise Linux 8.0 or higher', family: 'linux', osinfoIds: range('rhel8.', 0, 10),
    dataSourceName: 'rhel8', cloudUser: 'cloud-user', minimumMemory: Size.mebibytes(1536), rootDiskSize: Size.gibibytes(30),
    workloads: ['server', 'desktop', 'highperformance'], flavors: ALL_FLAVORS, preferenceName: 'rhel.8',
  });
  public static readonly RHEL_7 = new OsProfile({
    name: 'rhel7', displayName: 'Red Hat Enterprise Linux 7.0 or higher', family: 'linux', osinfoIds: range('rhel7.', 0, 9),
    dataSourceName: 'rhel7', cloudUser: 'cloud-user', minimumMemory: Size.gibibytes(1), rootDiskSize: Size.gibibytes(30),
    workloads: ['server', 'desktop', 'highperformance'], flavors: ALL_FLAVORS, preferenceName: 'rhel.7',
  });
  public static readonly CENTOS_STREAM_9 = new OsProfile({
    name: 'centos-stream9', displayName: 'CentOS Stream 9', family: 'linux', osinfoIds: ['centos-stream9'],
    dataSourceName: 'centos-stream9', cloudUser: 'centos', minimumMemory: Size.mebibytes(1536), rootDiskSize: Size.gibibytes(30),
    workloads: ['server', 'desktop'], flavors: ALL_FLAVORS, preferenceName: 'centos.stream9',
  });
  public static readonly CENTOS_6 = new OsProfile({
    name: 'centos6', displayName: 'CentOS 6', family: 'linux', osinfoIds: ['centos6.10'], dataSourceName: 'centos6',
    cloudUser: 'centos', minimumMemory: Size.mebibytes(512), rootDiskSize: Size.gibibytes(30), workloads: ['server'],
    flavors: ALL_FLAVORS, deprecated: true,
  });
  public static readonly FEDORA = new OsProfile({
    name: 'fedora', displayName: 'Fedora', family: 'linux', osinfoIds: ['fedora'], dataSourceName: 'fedora',
    cloudUser: 'fedora', minimumMemory: Size.gibibytes(2), rootDiskSize: Size.gibibytes(30),
    workloads: ['server', 'desktop', 'highperformance'], flavors: NO_TINY, secureBoot: true, preferenceName: 'fedora',
  });
  public static readonly OPENSUSE = new OsProfile({
    name: 'opensuse', displayName: 'openSUSE Leap', family: 'linux', osinfoIds: ['opensuse15.6'], dataSourceName: 'opensuse',
    cloudUser: 'opensuse', minimumMemory: Size.gibibytes(1), rootDiskSize: Size.gibibytes(30), workloads: ['server'],
    flavors: NO_TINY, preferenceName: 'opensuse.leap',
  });
  public static readonly UBUNTU = new OsProfile({
    name: 'ubuntu', displayName: 'Ubuntu', family: 'linux', osinfoIds: ['ubuntu22.04', 'ubuntu24.04'], dataSourceName: 'ubuntu',
    cloudUser: 'ubuntu', minimumMemory: Size.gibibytes(2), rootDiskSize: Size.gibibytes(30), workloads: ['server', 'desktop'],
    flavors: NO_TINY, preferenceName: 'ubuntu',
  });
  public static readonly WINDOWS_10 = OsProfile.windows('windows10', 'Microsoft Windows 10', 'win10', ['desktop', 'highperformance'],
    { minimumMemory: Size.gibibytes(2), preferenceName: 'windows.10' });
  public static readonly WINDOWS_11 = OsProfile.windows('windows11', 'Microsoft Windows 11', 'win11', ['desktop', 'highperformance'],
    { minimumMemory: Size.gibibytes(4), rootDiskSize: Size.gibibytes(64), tpm: true, minimumCores: 2, preferenceName: 'windows.11' });
  public static readonly WINDOWS_2K16 = OsProfile.windows('windows2k16', 'Microsoft Windows Server 2016', 'win2k16',
    ['server', 'highperformance'], { preferenceName: 'windows.2k16' });
  public static readonly WINDOWS_2K19 = OsProfile.windows('windows2k19', 'Microsoft Windows Server 2019', 'win2k19',
    ['server', 'highperformance'], { preferenceName: 'windows.2k19' });
  public static readonly WINDOWS_2K22 = OsProfile.windows('windows2k22', 'Microsoft Windows Server 2022', 'win2k22',
    ['server', 'highperformance'], { tpm: true, preferenceName: 'windows.2k22' });
  public static readonly WINDOWS_2K25 = OsProfile.windows('windows2k25', 'Microsoft Windows Server 2025', 'win2k25',
    ['server', 'highperformance'], { tpm: true, rootDiskSize: Size.gibibytes(64), preferenceName: 'windows.2k25' });

  /** Every built-in OS profile. */
  public static all(): OsProfile[] {
    return [OsProfile.RHEL_9, OsProfile.RHEL_8, OsProfile.RHEL_7, OsProfile.CENTOS_STREAM_9, OsProfile.CENTOS_6,
      OsProfile.FEDORA, OsProfile.OPENSUSE, OsProfile.UBUNTU, OsProfile.WINDOWS_10, OsProfile.WINDOWS_11,
      OsProfile.WINDOWS_2K16, OsProfile.WINDOWS_2K19, OsProfile.WINDOWS_2K22, OsProfile.WINDOWS_2K25];
  }

  /** A profile for an OS not built in. */
  public static custom(definition: OsProfileDefinition): OsProfile {
    return new OsProfile(definition);
  }

  private static windows(name: string, displayName: string, id: string, workloads: WorkloadName[],
    extra: Partial<OsProfileDefinition>): OsProfile {
    return new OsProfile({
      name, displayName, family: 'windows', osinfoIds: [id], dataSourceName: id, minimumMemory: Size.mebibytes(512),
      rootDiskSize: Size.gibibytes(60), workloads, flavors: WINDOWS_FLAVORS, secureBoot: true, ...extra,
    });
  }

  private constructor(public readonly definition: OsProfileDefinition) {}

  public get name(): string { return this.definition.name; }
  public get displayName(): string { return this.definition.displayName; }
  public get isWindows(): boolean { return this.definition.family === 'windows'; }

  /** `os.template.kubevirt.io/<id>: "true"` for each supported OS version. */
  public get labels(): Record<string, string> {
    return Object.fromEntries(this.definition.osinfoIds.map((id) => [`os.template.kubevirt.io/${id}`, 'true']));
  }

  /** `name.os.template.kubevirt.io/<id>: <display name>` for each supported OS version. */
  public get nameAnnotations(): Record<string, string> {
    return Object.fromEntries(this.definition.osinfoIds.map((id) => [`name.os.template.kubevirt.io/${id}`, this.displayName]));
  }

  /** The icon class the console shows (`icon-rhel`, `icon-windows`...). */
  public get iconClass(): string {
    return `icon-${this.isWindows ? 'windows' : this.name.replace(/[-\d].*$/, '')}`;
  }

  /** The workload and flavor of the OS's default template variant. */
  public get defaultVariant(): { workload: WorkloadName; flavor: string } {
    if (!this.isWindows) return { workload: 'server', flavor: 'small' };
    return this.definition.workloads.includes('desktop') ? { workload: 'desktop', flavor: 'medium' } : { workload: 'server', flavor: 'medium' };
  }

  /** The matching common preference, for VMs sized by instancetypes instead. */
  public get preference(): CatalogPreference | undefined {
    return this.definition.preferenceName ? CatalogPreference.byName(this.definition.preferenceName) : undefined;
  }

  public applyTo(spec: VirtualMachineSpecBuilder): void {
    const d = this.definition;
    tagTemplate(spec, { [VM_OS_ANNOTATION]: d.name });
    if (d.secureBoot) {
      spec.configure({ firmware: Firmware.efi({ secureBoot: true, persistent: this.isWindows ? true : undefined }) });
    }
    if (!this.isWindows) return;
    const workload = spec.props.templateAnnotations?.[VM_WORKLOAD_ANNOTATION];
    const highPerformance = workload === 'highperformance';
    if (workload) {
      // A workload profile applied first used Linux semantics; Windows templates have no RNG and no IO-thread settings.
      spec.configure({ rng: undefined, ioThreadsPolicy: undefined, bootDiskDedicatedIoThread: undefined });
    }
    spec.configure({
      // Plain Windows images have no virtio drivers; high performance assumes they are installed.
      defaultDiskBus: highPerformance ? DiskBus.VIRTIO : DiskBus.SATA,
      defaultInterfaceModel: highPerformance ? InterfaceModel.VIRTIO : InterfaceModel.E1000E,
      tablet: 'usb',
      features: { acpi: true, apic: true, smm: true, hyperv: HypervFeatures.windows() },
      clock: Clock.windows(),
      terminationGracePeriod: Duration.seconds(3600),
      ...(d.tpm ? { tpm: { persistent: true } } : {}),
    });
    const flavorName = spec.props.templateAnnotations?.[VM_FLAVOR_ANNOTATION];
    const vcpus = spec.props.cpu?.vcpus;
    if (d.minimumCores && vcpus !== undefined && flavorName) {
      // Windows 11 templates count cores, two per flavor vCPU (medium: 2 cores, large: 4).
      spec.configure({ cpu: CpuTopology.cores(Math.max(d.minimumCores, vcpus * 2)) });
    }
  }

  /** Whether common-templates offer this OS with that workload and flavor. */
  public supports(workload: WorkloadName, flavor: Flavor): boolean {
    return this.definition.workloads.includes(workload) && (flavor.name === 'custom' || this.definition.flavors.includes(flavor.name));
  }
}
