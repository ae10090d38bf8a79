import { ApiObject, Lazy, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { VirtualMachine } from '../compute/virtual-machine';
import { withCheckId } from '../core/construct-checks';
import { isDnsLabel, sizeToQuantity } from '../core/quantity';
import { GuestShape, LauncherClusterSettings, LauncherRequests, guestShapeOf, launcherPodRequests } from './launcher-overhead';

/** The quota key that counts VirtualMachine objects (object-count quota on a custom resource). */
export const VM_COUNT_QUOTA = 'count/virtualmachines.kubevirt.io';

/** Properties of a `VmNamespace`. */
export interface VmNamespaceProps extends LauncherClusterSettings {
  /** The namespace name. */
  readonly name: string;
  /** @default - none */
  readonly labels?: Record<string, string>;
  /**
   * How many VMs may live-migrate at once: each migration runs a second launcher pod in the namespace,
   * charged to the quota, so the quota keeps room for that many copies of the largest VM.
   * @default 1
   */
  readonly migrationHeadroom?: number;
  /**
   * VMs beyond those added that the namespace may hold (counted like the largest added VM).
   * @default 0
   */
  readonly spareVirtualMachines?: number;
  /**
   * Default requests of containers that set none (helper pods: CDI importers, exporters), via a LimitRange.
   * @default - cpu 100m, memory 128Mi
   */
  readonly containerDefaultRequest?: { readonly cpuMillis: number; readonly memory: Size };
  /**
   * Also cap `requests.storage` (PVCs, including CDI's scratch space during imports).
   * @default - no storage quota
   */
  readonly storage?: Size;
}

/**
 * A namespace meant for VMs: the Namespace, a ResourceQuota sized from the VMs it must fit
 * (their virt-launcher pods' CPU and memory requests as KubeVirt computes them, the live-migration
 * headroom, and `count/virtualmachines.kubevirt.io`) and a LimitRange giving helper pods requests.
 */
export class VmNamespace extends Construct {
  public readonly namespace: plus.Namespace;
  public readonly resourceQuota: ApiObject;
  public readonly limitRange: ApiObject;
  public readonly name: string;
  private readonly props: VmNamespaceProps;
  private readonly shapes: Array<{ label: string; shape: GuestShape | (() => GuestShape) }> = [];

  constructor(scope: Construct, id: string, props: VmNamespaceProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name;
    this.namespace = new plus.Namespace(this, 'Namespace', { metadata: { name: props.name, labels: props.labels } });
    this.resourceQuota = new ApiObject(this, 'ResourceQuota', {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'virtual-machines', namespace: props.name },
      spec: Lazy.any({ produce: () => ({ hard: this.quota() }) }),
    });
    const def = props.containerDefaultRequest ?? { cpuMillis: 100, memory: Size.mebibytes(128) };
    this.limitRange = new ApiObject(this, 'LimitRange', {
      apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'virtual-machines', namespace: props.name },
      spec: { limits: [{ type: 'Container', defaultRequest: { cpu: `${def.cpuMillis}m`, memory: sizeToQuantity(def.memory) } }] },
    });
    this.resourceQuota.node.addDependency(this.namespace);
    this.limitRange.node.addDependency(this.namespace);
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-vm-namespace-values') });
  }

  /** Sizes the quota for this VM construct (read at synth, so later changes to the VM count). */
  public addVirtualMachine(vm: VirtualMachine): this {
    this.shapes.push({ label: `VirtualMachine '${vm.name}'`, shape: () => guestShapeOf(vm) });
    return this;
  }

  /** Sizes the quota for `count` VMs of this shape (a flavor or instancetype: `{ vcpus, guestMemory }`). */
  public addCapacity(shape: GuestShape, count = 1): this {
    for (let i = 0; i < count; i++) this.shapes.push({ label: `capacity ${this.shapes.length}`, shape });
    return this;
  }

  /** Each fitted VM's launcher pod requests, in the order added. */
  public launcherRequests(): LauncherRequests[] {
    return this.shapes.map((s) => launcherPodRequests(typeof s.shape === 'function' ? s.shape() : s.shape, this.props));
  }

  /** The `hard` limits of the quota. */
  public quota(): Record<string, string> {
    const pods = this.launcherRequests();
    const largest = (key: (r: LauncherRequests) => number) => pods.reduce((m, r) => Math.max(m, key(r)), 0);
    const extra = (this.props.migrationHeadroom ?? 1) + (this.props.spareVirtualMachines ?? 0);
    const cpu = pods.reduce((s, r) => s + r.cpuMillis, 0) + extra * largest((r) => r.cpuMillis);
    const memory = pods.reduce((s, r) => s + r.memoryBytes, 0) + extra * largest((r) => r.memoryBytes);
    const hard: Record<string, string> = {
      'requests.cpu': `${cpu}m`,
      'requests.memory': bytesQuantity(memory),
      [VM_COUNT_QUOTA]: String(pods.length + (this.props.spareVirtualMachines ?? 0)),
    };
    const hugepages = new Map<string, number[]>();
    for (const r of pods) if (r.hugepages) hugepages.set(r.hugepages.size, [...(hugepages.get(r.hugepages.size) ?? []), r.hugepages.bytes]);
    for (const [size, all] of hugepages) {
      hard[`requests.hugepages-${size}`] = bytesQuantity(all.reduce((a, b) => a + b, 0) + extra * Math.max(...all));
    }
    if (this.props.storage) hard['requests.storage'] = sizeToQuantity(this.props.storage);
    return hard;
  }

  private validate(): string[] {
    const errors: string[] = [];
    if (!isDnsLabel(this.props.name)) errors.push(`metadata.name: '${this.props.name}' is not a namespace name (RFC 1123 label)`);
    if (this.shapes.length === 0 && !this.props.spareVirtualMachines) {
      errors.push('spec.hard: the quota fits no VM; add VMs (addVirtualMachine) or capacity (addCapacity)');
    }
    for (const [field, v] of [['migrationHeadroom', this.props.migrationHeadroom], ['spareVirtualMachines', this.props.spareVirtualMachines]] as const) {
      if (v !== undefined && !(Number.isInteger(v) && v >= 0)) errors.push(`${field}: must be a whole number >= 0, got ${v}`);
    }
    for (const s of this.shapes) {
      if (typeof s.shape === 'function') {
        try { s.shape(); } catch (e) { errors.push(`spec.hard: ${(e as Error).message}`); }
      }
    }
    return errors;
  }
}

/** Bytes as the shortest exact quantity (`2Gi`, `2308Mi`, `123456Ki`, or plain bytes). */
function bytesQuantity(n: number): string {
  if (n % 1024 !== 0) return String(n);
  return sizeToQuantity(Size.kibibytes(n / 1024));
}
