import { Construct } from 'constructs';
import { Migration as L1Migration, Plan as L1Plan } from '../../imports/forklift.konveyor.io';
import { withCheckId } from '../core/construct-checks';
import { INetworkAttachment } from '../core/contracts';
import { isDnsLabel } from '../core/quantity';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import { ForkliftProvider, NetworkMap, ProviderType, StorageMap } from './forklift';
import { VmNamespace } from './vm-namespace';

/** How VMs are moved. */
export enum MigrationType {
  /** Shut the source VM down, then copy its disks. */
  COLD = 'cold',
  /** Copy disks while the source runs (changed-block tracking), cut over later (vSphere, oVirt). */
  WARM = 'warm',
}

/** A source VM in a plan. */
export interface PlanVm {
  /** The source VM's inventory id (vSphere `vm-1234`, oVirt UUID). @default - by name */
  readonly id?: string;
  /** The source VM's name. @default - by id */
  readonly name?: string;
  /** Name of the KubeVirt VM created. @default - the source name, made DNS-1123 by Forklift */
  readonly targetName?: string;
  /** @default 'auto' (as the source was) */
  readonly targetPowerState?: 'on' | 'off' | 'auto';
  /** The boot disk, e.g. `/dev/sda` (multi-boot guests). @default - detected */
  readonly rootDisk?: string;
}

/** Properties of a `ForkliftPlan`. */
export interface ForkliftPlanProps extends KubeVirtResourceProps {
  readonly provider: ForkliftProvider;
  readonly networkMap: NetworkMap;
  readonly storageMap: StorageMap;
  /** Namespace the VMs are created in (a `VmNamespace` construct or its name). */
  readonly targetNamespace: VmNamespace | string;
  /** @default MigrationType.COLD */
  readonly type?: MigrationType;
  /** @default - add them with addVm() */
  readonly vms?: PlanVm[];
  /** A NAD the disk transfer uses instead of the pod network (must exist in the target namespace). @default - the pod network */
  readonly transferNetwork?: INetworkAttachment;
  /** Keep the guests' static IPs (vSphere; needs VMware Tools reporting the IPs). @default false */
  readonly preserveStaticIPs?: boolean;
  /** Labels on the created VMs. @default - none */
  readonly targetLabels?: Record<string, string>;
  /** @default - none */
  readonly description?: string;
}

/** A Forklift `Plan`: which VMs move from a provider, through which maps, into which namespace. */
export class ForkliftPlan extends KubeVirtResource {
  public readonly targetNamespace: string;
  public readonly type: MigrationType;
  private readonly props: ForkliftPlanProps;
  private readonly vms: PlanVm[];

  constructor(scope: Construct, id: string, props: ForkliftPlanProps) {
    super(scope, id, { gvk: L1Plan.GVK }, props);
    this.props = props;
    this.vms = [...(props.vms ?? [])];
    this.type = props.type ?? MigrationType.COLD;
    this.targetNamespace = typeof props.targetNamespace === 'string' ? props.targetNamespace : props.targetNamespace.name;
    this.addDependency(props.provider, props.networkMap, props.storageMap);
    if (typeof props.targetNamespace !== 'string') this.addDependency(props.targetNamespace);
    if (props.transferNetwork) this.addDependency(props.transferNetwork);
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-forklift-plan') });
  }

  public addVm(vm: PlanVm): this {
    this.vms.push(vm);
    return this;
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.props;
    const spec: Record<string, unknown> = {
      provider: {
        source: { name: p.provider.name, namespace: p.provider.namespace },
        destination: { ...p.networkMap.destinationProvider },
      },
      map: {
        network: { name: p.networkMap.name, namespace: p.networkMap.namespace },
        storage: { name: p.storageMap.name, namespace: p.storageMap.namespace },
      },
      targetNamespace: this.targetNamespace,
      type: this.type,
      vms: this.vms.map((v) => ({ ...v })),
    };
    if (p.transferNetwork) spec.transferNetwork = { name: p.transferNetwork.name, namespace: p.transferNetwork.namespace ?? this.targetNamespace };
    if (p.preserveStaticIPs !== undefined) spec.preserveStaticIPs = p.preserveStaticIPs;
    if (p.targetLabels) spec.targetLabels = { ...p.targetLabels };
    if (p.description) spec.description = p.description;
    return { spec };
  }

  private validate(): string[] {
    const p = this.props;
    const errors: string[] = [];
    // Target namespace syntax, VM references and duplicates are the shared rule forklift-plan-valid.
    if (this.vms.length === 0) errors.push('spec.vms: the plan moves no VM; add VMs (vms or addVm())');
    this.vms.forEach((v, i) => {
      if (v.targetName !== undefined && !isDnsLabel(v.targetName)) errors.push(`spec.vms[${i}].targetName: '${v.targetName}' is not a DNS-1123 label`);
    });
    if (p.type === MigrationType.WARM && ![ProviderType.VSPHERE, ProviderType.OVIRT].includes(p.provider.type)) {
      errors.push(`spec.type: warm migration is supported from vSphere and oVirt providers, not ${p.provider.type} (Forklift: WarmMigrationNotReady)`);
    }
    if (p.preserveStaticIPs && p.provider.type !== ProviderType.VSPHERE) {
      errors.push(`spec.preserveStaticIPs: static IPs are preserved for vSphere sources only, not ${p.provider.type}`);
    }
    for (const [kind, m] of [['network', p.networkMap], ['storage', p.storageMap]] as const) {
      const src = m.sourceProvider;
      if (src !== p.provider) errors.push(`spec.map.${kind}: the ${kind} map '${m.name}' maps provider '${src.name}', not the plan's '${p.provider.name}'`);
    }
    const t = p.transferNetwork;
    if (t?.namespace && t.namespace !== this.targetNamespace) {
      errors.push(`spec.transferNetwork: the transfer network '${t.namespace}/${t.name}' must be in the target namespace '${this.targetNamespace}'`);
    }
    for (const nad of p.networkMap.attachments) {
      if (nad.namespace && nad.namespace !== this.targetNamespace) {
        errors.push(`spec.map.network: NetworkAttachmentDefinition '${nad.namespace}/${nad.name}' is outside the target namespace '${this.targetNamespace}'; the imported VMs cannot attach to it`);
      }
    }
    return errors;
  }
}

/** Properties of a `ForkliftMigration`. */
export interface ForkliftMigrationProps extends KubeVirtResourceProps {
  readonly plan: ForkliftPlan;
  /** Warm migrations: when to cut over. @default - not set (cold plans start at once; warm ones keep copying) */
  readonly cutover?: Date;
}

/** A Forklift `Migration`: runs a plan (applying it starts the import). */
export class ForkliftMigration extends KubeVirtResource {
  private readonly props: ForkliftMigrationProps;

  constructor(scope: Construct, id: string, props: ForkliftMigrationProps) {
    super(scope, id, { gvk: L1Migration.GVK }, props);
    this.props = props;
    this.addDependency(props.plan);
    this.node.addValidation({
      validate: () => (props.cutover && props.plan.type !== MigrationType.WARM
        ? ['spec.cutover: a cut-over time applies to warm plans only [construct-forklift-plan]'] : []),
    });
  }

  protected renderBody(): Record<string, unknown> {
    const spec: Record<string, unknown> = { plan: { name: this.props.plan.name, namespace: this.props.plan.namespace } };
    if (this.props.cutover) spec.cutover = this.props.cutover.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { spec };
  }
}
