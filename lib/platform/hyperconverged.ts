import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HyperConverged as L1HyperConverged } from '../../imports/hco.kubevirt.io';
import { EvictionStrategy } from '../compute/lifecycle';
import { withCheckId } from '../core/construct-checks';
import { IDataSource } from '../core/contracts';
import { isDnsLabel } from '../core/quantity';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';
import {
  DATA_IMPORT_CRON_ENABLE_ANNOTATION, HcoGoldenImageProps, HcoManagedDataSource, OPENSHIFT_OS_IMAGES_NAMESPACE,
  dataImportCronTemplateErrors, renderDataImportCronTemplate,
} from './golden-image-templates';
import { PermittedHostDevices, renderPermittedHostDevices } from './permitted-host-devices';
import { LiveMigrationLimits, liveMigrationErrors, renderLiveMigrationConfig } from './live-migration';
import { OperatorInstall } from './operator-install';

/** The only HyperConverged name HCO reconciles (`hcoutil.HyperConvergedName`). */
export const HYPERCONVERGED_NAME = 'kubevirt-hyperconverged';

/** HCO's annotation holding the rate limits of the `annotation` tuning policy. */
export const TUNING_POLICY_ANNOTATION = 'hco.kubevirt.io/tuningPolicy';

/** HyperConverged feature gates that are not deprecated (`spec.featureGates`); unset ones keep HCO's defaults. */
export interface HyperConvergedFeatureGates {
  /** @default false */
  readonly alignCPUs?: boolean;
  /** @default false */
  readonly containerPathVolumes?: boolean;
  /** @default true */
  readonly decentralizedLiveMigration?: boolean;
  /** @default false */
  readonly declarativeHotplugVolumes?: boolean;
  /** @default false */
  readonly deployKubeSecondaryDNS?: boolean;
  /** @default false */
  readonly disableMDevConfiguration?: boolean;
  /** @default false */
  readonly downwardMetrics?: boolean;
  /** @default false */
  readonly enableMultiArchBootImageImport?: boolean;
  /** @default false */
  readonly incrementalBackup?: boolean;
  /** @default false */
  readonly objectGraph?: boolean;
  /** @default false */
  readonly persistentReservation?: boolean;
  /** @default - HCO's default */
  readonly primaryUserDefinedNetworkBinding?: boolean;
  /** @default true */
  readonly videoConfig?: boolean;
}

/** Where a group of HCO's pods runs (`spec.infra` / `spec.workloads`). */
export interface NodePlacement {
  /** @default - any node */
  readonly nodeSelector?: Record<string, string>;
  /** @default - none */
  readonly tolerations?: plus.NodeTaintQuery[];
}

/** How KubeVirt's API rate limits are tuned. */
export enum TuningPolicy {
  /** QPS and burst from the `hco.kubevirt.io/tuningPolicy` annotation (see `rateLimits`). */
  ANNOTATION = 'annotation',
  /** Deprecated since HCO 1.16: accepted with a warning and ignored. */
  HIGH_BURST = 'highBurst',
}

/** Properties of a `HyperConverged`. */
export interface HyperConvergedProps extends KubeVirtResourceProps {
  /**
   * The operator install this configures: sets the namespace and applies after the Subscription.
   * @default - none; set `metadata.namespace` to the operator's namespace
   */
  readonly install?: OperatorInstall;
  /** @default - HCO's defaults */
  readonly featureGates?: HyperConvergedFeatureGates;
  /** @default - HCO's defaults, with one outbound migration per node and 20 s/GiB written explicitly */
  readonly liveMigration?: LiveMigrationLimits;
  /** Placement of infrastructure pods (virt-api, virt-controller, CDI, ...). @default - any node */
  readonly infra?: NodePlacement;
  /** Placement of the VM workload pods (virt-handler, virt-launcher). @default - any node */
  readonly workloads?: NodePlacement;
  /** Registries CDI may pull from without TLS. @default - none */
  readonly insecureRegistries?: string[];
  /** Storage class of CDI's scratch space. @default - the cluster default */
  readonly scratchSpaceStorageClass?: string;
  /** Storage class of persisted VM state (TPM, EFI). @default - the cluster default */
  readonly vmStateStorageClass?: string;
  /**
   * Host devices (GPUs, vGPUs, other PCI devices) VMs may pass through.
   * @default - none
   */
  readonly permittedHostDevices?: PermittedHostDevices;
  /** Import HCO's common golden images. @default true */
  readonly enableCommonBootImageImport?: boolean;
  /** Namespace of the golden images HCO imports. @default - 'openshift-virtualization-os-images' (SSP's) */
  readonly commonBootImageNamespace?: string;
  /**
   * Memory a VM sees, in percent of what its pod requests (`higherWorkloadDensity`); over 100 overcommits.
   * @default 100
   */
  readonly memoryOvercommitPercentage?: number;
  /** The cluster's default VM eviction strategy. @default - LiveMigrate on multi-node clusters, None on one node */
  readonly evictionStrategy?: EvictionStrategy;
  /** Deploy the common-instancetypes catalog (u1.medium, ...). @default true */
  readonly commonInstancetypesDeployment?: boolean;
  /** @default - KubeVirt's built-in rate limits */
  readonly tuningPolicy?: TuningPolicy;
  /** QPS and burst of KubeVirt's clients, with `TuningPolicy.ANNOTATION`. @default - none */
  readonly rateLimits?: { readonly qps: number; readonly burst: number };
  /** vCPUs per requested CPU (`resourceRequirements.vmiCPUAllocationRatio`). @default 10 */
  readonly cpuAllocationRatio?: number;
}

/**
 * OpenShift Virtualization's (or upstream HCO's) one configuration object, `HyperConverged`
 * (`hco.kubevirt.io/v1beta1`): feature gates, live-migration limits, placement, storage import,
 * golden images, memory overcommit, eviction, instancetype deployment and tuning. HCO copies it
 * into the KubeVirt, CDI, CNAO and SSP objects and reverts changes made to those directly.
 */
export class HyperConverged extends KubeVirtResource {
  private readonly props: HyperConvergedProps;
  private readonly goldenImages: HcoGoldenImageProps[] = [];
  private readonly disabledImages: string[] = [];

  constructor(scope: Construct, id: string, props: HyperConvergedProps = {}) {
    super(scope, id, { gvk: L1HyperConverged.GVK }, {
      ...props,
      metadata: {
        ...props.metadata,
        name: props.metadata?.name ?? HYPERCONVERGED_NAME,
        namespace: props.metadata?.namespace ?? props.install?.namespaceName,
      },
    });
    this.props = props;
    if (props.install) this.addDependency(props.install.subscription);
    if (props.tuningPolicy === TuningPolicy.ANNOTATION && props.rateLimits) {
      this.apiObject.metadata.addAnnotation(TUNING_POLICY_ANNOTATION, JSON.stringify({ qps: props.rateLimits.qps, burst: props.rateLimits.burst }));
    }
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-hco-values') });
  }

  /** Namespace of the golden images HCO imports. */
  public get goldenImageNamespace(): string {
    return this.props.commonBootImageNamespace ?? OPENSHIFT_OS_IMAGES_NAMESPACE;
  }

  /**
   * Hands a golden image to HCO (a `dataImportCronTemplates` entry, rendered as `GoldenImage` renders
   * its cron) and returns the DataSource SSP keeps for it, for `DiskSource.dataSource(...)`.
   */
  public addGoldenImage(image: HcoGoldenImageProps): IDataSource {
    this.goldenImages.push(image);
    return new HcoManagedDataSource(this, `GoldenImage${this.goldenImages.length}`, image.name, () => this.goldenImageNamespace, this);
  }

  /** Turns off one of HCO's common golden images, e.g. `centos-stream9-image-cron`. */
  public disableCommonGoldenImage(cronName: string): void {
    this.disabledImages.push(cronName);
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.props;
    const spec: Record<string, unknown> = {};
    if (p.featureGates && Object.keys(p.featureGates).length > 0) spec.featureGates = { ...p.featureGates };
    spec.liveMigrationConfig = renderLiveMigrationConfig(p.liveMigration);
    if (p.infra) spec.infra = { nodePlacement: renderPlacement(p.infra) };
    if (p.workloads) spec.workloads = { nodePlacement: renderPlacement(p.workloads) };
    if (p.insecureRegistries) spec.storageImport = { insecureRegistries: [...p.insecureRegistries] };
    if (p.scratchSpaceStorageClass) spec.scratchSpaceStorageClass = p.scratchSpaceStorageClass;
    if (p.vmStateStorageClass) spec.vmStateStorageClass = p.vmStateStorageClass;
    if (p.permittedHostDevices) spec.permittedHostDevices = renderPermittedHostDevices(p.permittedHostDevices);
    if (p.enableCommonBootImageImport !== undefined) spec.enableCommonBootImageImport = p.enableCommonBootImageImport;
    if (p.commonBootImageNamespace) spec.commonBootImageNamespace = p.commonBootImageNamespace;
    const dicts = [
      ...this.goldenImages.map(renderDataImportCronTemplate),
      ...this.disabledImages.map((name) => ({ metadata: { name, annotations: { [DATA_IMPORT_CRON_ENABLE_ANNOTATION]: 'false' } } })),
    ];
    if (dicts.length > 0) spec.dataImportCronTemplates = dicts;
    if (p.memoryOvercommitPercentage !== undefined) spec.higherWorkloadDensity = { memoryOvercommitPercentage: p.memoryOvercommitPercentage };
    if (p.evictionStrategy) spec.evictionStrategy = p.evictionStrategy;
    if (p.commonInstancetypesDeployment !== undefined) spec.CommonInstancetypesDeployment = { enabled: p.commonInstancetypesDeployment };
    if (p.tuningPolicy) spec.tuningPolicy = p.tuningPolicy;
    if (p.cpuAllocationRatio !== undefined) spec.resourceRequirements = { vmiCPUAllocationRatio: p.cpuAllocationRatio };
    return { spec };
  }

  private validate(): string[] {
    const p = this.props;
    const errors: string[] = [];
    if (!this.namespace) errors.push('metadata.namespace: a HyperConverged lives in the operator\'s namespace; pass `install` or set the namespace');
    errors.push(...liveMigrationErrors(p.liveMigration ?? {}, this.namespace));
    if (p.memoryOvercommitPercentage !== undefined && !(Number.isInteger(p.memoryOvercommitPercentage) && p.memoryOvercommitPercentage >= 10)) {
      errors.push(`spec.higherWorkloadDensity.memoryOvercommitPercentage: must be a whole number >= 10, got ${p.memoryOvercommitPercentage}`);
    }
    if (p.cpuAllocationRatio !== undefined && !(Number.isInteger(p.cpuAllocationRatio) && p.cpuAllocationRatio > 0)) {
      errors.push(`spec.resourceRequirements.vmiCPUAllocationRatio: must be a whole number > 0, got ${p.cpuAllocationRatio}`);
    }
    if (p.rateLimits && p.tuningPolicy !== TuningPolicy.ANNOTATION) {
      errors.push('spec.tuningPolicy: rateLimits are read only with TuningPolicy.ANNOTATION');
    }
    if (p.tuningPolicy === TuningPolicy.ANNOTATION && !p.rateLimits) {
      errors.push(`metadata.annotations: the annotation tuning policy needs rateLimits (written to ${TUNING_POLICY_ANNOTATION})`);
    }
    if (p.rateLimits && !(p.rateLimits.qps > 0 && p.rateLimits.burst > 0)) errors.push('metadata.annotations: rateLimits qps and burst must be > 0');
    if (p.commonBootImageNamespace !== undefined && !isDnsLabel(p.commonBootImageNamespace)) {
      errors.push(`spec.commonBootImageNamespace: '${p.commonBootImageNamespace}' is not a namespace name`);
    }
    const names = new Set<string>();
    for (const image of this.goldenImages) {
      const cronName = `${image.name}-image-cron`;
      if (names.has(cronName)) errors.push(`spec.dataImportCronTemplates: the golden image '${image.name}' is added twice`);
      names.add(cronName);
      errors.push(...dataImportCronTemplateErrors(image).map((e) => `spec.dataImportCronTemplates[${cronName}]: ${e}`));
    }
    for (const name of this.disabledImages) {
      if (names.has(name)) errors.push(`spec.dataImportCronTemplates: '${name}' is both added and disabled`);
    }
    return errors;
  }
}

function renderPlacement(placement: NodePlacement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (placement.nodeSelector) out.nodeSelector = { ...placement.nodeSelector };
  if (placement.tolerations && placement.tolerations.length > 0) out.tolerations = placement.tolerations.map((t) => t._toKube());
  return out;
}
