// What a VM's virt-launcher pod requests, estimated the way KubeVirt does: the pod's memory request
// is the guest's request plus `GetMemoryOverhead` (kubevirt/kubevirt
// pkg/virt-controller/services/renderresources.go; the current revision, also vendored by
// kubevirt/application-aware-quota's overhead calculator), and its CPU request is vCPUs divided by
// the CPU allocation ratio unless the CPUs are dedicated (`WithoutDedicatedCPU`, `WithCPUPinning`).
// Only the `compute` container is counted (init containers never add to a pod's quota charge); the
// optional guest-console-log container and hot-plug pods are not.
import { Size, SizeRoundingBehavior } from 'cdk8s';
import { VirtualMachine } from '../compute/virtual-machine';
import { namedInstancetype } from '../compute/flavor-ref';

const MI = 1024 * 1024;

/** What drives a VM's pod requests. */
export interface GuestShape {
  readonly vcpus: number;
  readonly guestMemory: Size;
  /** `resources.requests.memory` when set explicitly. @default - from the guest memory and overcommit */
  readonly memoryRequest?: Size;
  /** `resources.requests.cpu` in millicores when set explicitly. @default - from vCPUs and the allocation ratio */
  readonly cpuRequestMillis?: number;
  /** @default false */
  readonly dedicatedCpu?: boolean;
  /** @default false */
  readonly isolateEmulatorThread?: boolean;
  /** Hugepage size (`2Mi`, `1Gi`) when guest memory is backed by hugepages. @default - none */
  readonly hugepages?: string;
  /** Instancetype overcommit: the VM requests this percentage of its guest memory. @default 100 */
  readonly memoryOvercommitPercent?: number;
  /** A VGA/graphics device is attached. @default true */
  readonly graphics?: boolean;
  /** PCI host devices, GPUs or SR-IOV NICs (VFIO locks all guest RAM). @default false */
  readonly vfio?: boolean;
  /** @default false */
  readonly tpm?: boolean;
  /** @default false */
  readonly sev?: boolean;
  /** @default false */
  readonly downwardMetrics?: boolean;
  /** Exec probes (liveness, readiness). @default 0 */
  readonly execProbes?: number;
  /** QoS Guaranteed requested (`resources.limits` equal to requests). @default false */
  readonly guaranteedQos?: boolean;
}

/** Cluster-wide settings that change the estimate (HyperConverged / KubeVirt configuration). */
export interface LauncherClusterSettings {
  /** vCPUs per requested CPU. @default 10 */
  readonly cpuAllocationRatio?: number;
  /** Cluster memory overcommit in percent (`higherWorkloadDensity`). @default 100 */
  readonly memoryOvercommitPercentage?: number;
  /** `additionalGuestMemoryOverheadRatio` of the KubeVirt configuration. @default - none */
  readonly additionalOverheadRatio?: number;
}

/** A virt-launcher pod's requests. */
export interface LauncherRequests {
  readonly cpuMillis: number;
  /** Bytes of `memory` (the overhead alone when hugepages back the guest). */
  readonly memoryBytes: number;
  /** Bytes of `hugepages-<size>`, when used. */
  readonly hugepages?: { readonly size: string; readonly bytes: number };
}

function bytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/** KubeVirt's estimate of the memory a launcher pod needs beyond the guest's request. */
export function memoryOverheadBytes(shape: GuestShape, memoryRequestBytes: number, settings: LauncherClusterSettings = {}): number {
  // Page tables: one bit per 512 bytes of RAM, computed on the request scaled to kilobytes.
  let overhead = Math.floor((Math.ceil(memoryRequestBytes / 1000) * 1000) / 512);
  overhead += (25 + 100 + 25 + 40 + 30) * MI; // virt-launcher-monitor, virt-launcher, virtlogd, virtqemud, qemu
  overhead += 8 * MI * Math.max(1, shape.vcpus); // CPU tables
  overhead += 8 * MI; // the IO thread
  if (shape.graphics ?? true) overhead += 32 * MI; // video RAM
  if (shape.vfio) overhead += 1024 * MI;
  if (shape.downwardMetrics) overhead += 1 * MI;
  const probes = shape.execProbes ?? 0;
  if (probes > 0) overhead += probes * 10 * MI + 100 * MI;
  if (shape.sev) overhead += 256 * MI;
  if (shape.tpm) overhead += 53 * MI;
  if (shape.dedicatedCpu || shape.guaranteedQos) overhead += 100 * MI;
  const ratio = settings.additionalOverheadRatio;
  if (ratio !== undefined) overhead += Math.trunc(Math.ceil(overhead / 1000) * (ratio - 1)) * 1000;
  return overhead;
}

/** The launcher pod's requests for a VM of this shape. */
export function launcherPodRequests(shape: GuestShape, settings: LauncherClusterSettings = {}): LauncherRequests {
  const guest = bytes(shape.guestMemory);
  const dedicated = shape.dedicatedCpu ?? false;
  const overcommit = settings.memoryOvercommitPercentage ?? 100;
  let request: number;
  if (shape.memoryRequest) request = bytes(shape.memoryRequest);
  else if (shape.memoryOvercommitPercent !== undefined && shape.memoryOvercommitPercent > 0) {
    request = Math.floor(guest * (100 - shape.memoryOvercommitPercent) / 100);
  } else if (overcommit === 100 || shape.hugepages || dedicated) request = guest;
  else request = Math.floor((guest * 100) / overcommit);
  const overhead = memoryOverheadBytes(shape, request, settings);

  let cpuMillis: number;
  if (dedicated) cpuMillis = (shape.vcpus + (shape.isolateEmulatorThread ? 1 : 0)) * 1000;
  else if (shape.cpuRequestMillis !== undefined) cpuMillis = shape.cpuRequestMillis;
  else cpuMillis = Math.ceil((Math.max(1, shape.vcpus) * 1000) / (settings.cpuAllocationRatio ?? 10));

  if (shape.hugepages) {
    return { cpuMillis, memoryBytes: Math.max(0, request - guest) + overhead, hugepages: { size: shape.hugepages, bytes: guest } };
  }
  return { cpuMillis, memoryBytes: request + overhead };
}

function quantityBytes(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(q.trim());
  if (!m) return undefined;
  const units: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };
  return Math.round(parseFloat(m[1]) * (m[2] ? units[m[2]] : 1));
}

function cpuMillis(q: unknown): number | undefined {
  if (typeof q === 'number') return q * 1000;
  if (typeof q !== 'string') return undefined;
  return q.endsWith('m') ? parseFloat(q) : parseFloat(q) * 1000;
}

interface SizedInstancetype { readonly cpu: number; readonly memory: Size; readonly dedicatedCpuPlacement?: boolean;
  readonly isolateEmulatorThread?: boolean; readonly hugepages?: string; readonly memoryOvercommitPercent?: number }

function isSized(x: unknown): x is SizedInstancetype {
  return typeof x === 'object' && x !== null && typeof (x as any).cpu === 'number' && (x as any).memory instanceof Size;
}

/** The shape of a VM construct, read from its rendered spec (and its instancetype, when it is a typed one). */
export function guestShapeOf(vm: VirtualMachine): GuestShape {
  const spec = vm.toSpec() as any;
  const tpl = spec.template?.spec ?? {};
  const domain = tpl.domain ?? {};
  const cpu = domain.cpu ?? {};
  const devices = domain.devices ?? {};
  const it = namedInstancetype(vm.spec.props.instancetype);
  const sized = isSized(it) ? it : undefined;
  const topologyCpus = (cpu.sockets ?? 1) * (cpu.cores ?? 1) * (cpu.threads ?? 1);
  const vcpus = sized?.cpu ?? (cpu.sockets || cpu.cores || cpu.threads ? topologyCpus
    : Math.ceil((cpuMillis(domain.resources?.limits?.cpu ?? domain.resources?.requests?.cpu) ?? 1000) / 1000));
  const guestBytes = sized ? bytes(sized.memory) : quantityBytes(domain.memory?.guest ?? domain.resources?.requests?.memory);
  if (guestBytes === undefined) throw new Error(`VirtualMachine '${vm.name}' has no guest memory to size a quota from (set memory, a flavor or a typed instancetype)`);
  const interfaces: any[] = devices.interfaces ?? [];
  const requestMemory = quantityBytes(domain.resources?.requests?.memory);
  return {
    vcpus,
    guestMemory: Size.kibibytes(guestBytes / 1024),
    memoryRequest: !sized && domain.memory?.guest !== undefined && requestMemory !== undefined ? Size.kibibytes(requestMemory / 1024) : undefined,
    cpuRequestMillis: cpuMillis(domain.resources?.requests?.cpu),
    dedicatedCpu: sized?.dedicatedCpuPlacement ?? cpu.dedicatedCpuPlacement ?? false,
    isolateEmulatorThread: sized?.isolateEmulatorThread ?? cpu.isolateEmulatorThread ?? false,
    hugepages: sized?.hugepages ?? domain.memory?.hugepages?.pageSize,
    memoryOvercommitPercent: sized?.memoryOvercommitPercent,
    graphics: devices.autoattachGraphicsDevice ?? true,
    vfio: (devices.hostDevices ?? []).length > 0 || (devices.gpus ?? []).length > 0 || interfaces.some((i) => i.sriov !== undefined),
    tpm: devices.tpm !== undefined && devices.tpm.enabled !== false,
    sev: domain.launchSecurity !== undefined,
    downwardMetrics: (tpl.volumes ?? []).some((v: any) => v.downwardMetrics !== undefined),
    execProbes: [tpl.livenessProbe, tpl.readinessProbe].filter((p) => p?.exec !== undefined).length,
  };
}
