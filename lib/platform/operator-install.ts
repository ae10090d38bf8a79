import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { OperatorGroup as L1OperatorGroup, Subscription as L1Subscription } from '../../imports/operators.coreos.com';
import { withCheckId } from '../core/construct-checks';
import { isDnsLabel, isDnsSubdomain } from '../core/quantity';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';

/** Whether OLM installs new operator versions by itself or waits for an approved InstallPlan. */
export enum InstallPlanApproval {
  /** OLM upgrades within the channel as soon as a new version appears. */
  AUTOMATIC = 'Automatic',
  /** Every InstallPlan waits for a person (or a pipeline) to approve it. */
  MANUAL = 'Manual',
}

/** Where an OLM operator comes from: its package in a catalog, and its usual namespace and channel. */
export interface OperatorCatalogOptions {
  /** The package name in the catalog, e.g. `kubevirt-hyperconverged`. */
  readonly packageName: string;
  /** The CatalogSource name, e.g. `redhat-operators`. */
  readonly source: string;
  /** The CatalogSource namespace, e.g. `openshift-marketplace`. */
  readonly sourceNamespace: string;
  /** The channel subscribed to unless the install names another, e.g. `stable`. */
  readonly defaultChannel: string;
  /** The namespace the operator is usually installed into, e.g. `openshift-cnv`. */
  readonly defaultNamespace: string;
}

/** A catalog package an `OperatorInstall` subscribes to. */
export class OperatorCatalog {
  /** OpenShift Virtualization from the Red Hat catalog of OperatorHub, installed into `openshift-cnv`. */
  public static readonly OPENSHIFT_VIRTUALIZATION = new OperatorCatalog({
    packageName: 'kubevirt-hyperconverged', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace',
    defaultChannel: 'stable', defaultNamespace: 'openshift-cnv',
  });

  /** The upstream KubeVirt HyperConverged operator from OperatorHub's community catalog on OpenShift. */
  public static readonly COMMUNITY_HCO = new OperatorCatalog({
    packageName: 'community-kubevirt-hyperconverged', source: 'community-operators', sourceNamespace: 'openshift-marketplace',
    defaultChannel: 'stable', defaultNamespace: 'kubevirt-hyperconverged',
  });

  /** The upstream HyperConverged operator from the operatorhub.io catalog of a plain OLM install (namespace `olm`). */
  public static readonly COMMUNITY_HCO_UPSTREAM_OLM = new OperatorCatalog({
    packageName: 'community-kubevirt-hyperconverged', source: 'operatorhubio-catalog', sourceNamespace: 'olm',
    defaultChannel: 'stable', defaultNamespace: 'kubevirt-hyperconverged',
  });

  /** Any other package (a mirrored catalog, Forklift's `mtv-operator`...). */
  public static of(options: OperatorCatalogOptions): OperatorCatalog {
    return new OperatorCatalog(options);
  }

  private constructor(public readonly options: OperatorCatalogOptions) {}
}

/** Properties of an OLM `OperatorGroup`. */
export interface OperatorGroupProps extends KubeVirtResourceProps {
  /**
   * Namespaces the operators of the group watch.
   * @default - the group's own namespace (OwnNamespace mode, what HCO supports)
   */
  readonly targetNamespaces?: string[];
  /**
   * Let the group's operators watch every namespace (AllNamespaces mode; `targetNamespaces` is then not written).
   * @default false
   */
  readonly allNamespaces?: boolean;
}

/** An OLM `OperatorGroup` (`operators.coreos.com/v1`): the namespaces an operator installed next to it serves. */
export class OperatorGroup extends KubeVirtResource {
  private readonly props: OperatorGroupProps;

  constructor(scope: Construct, id: string, props: OperatorGroupProps = {}) {
    super(scope, id, { gvk: L1OperatorGroup.GVK }, props);
    this.props = props;
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-operator-install') });
  }

  protected renderBody(): Record<string, unknown> {
    if (this.props.allNamespaces) return { spec: {} };
    const targets = this.props.targetNamespaces ?? (this.namespace ? [this.namespace] : undefined);
    return { spec: targets ? { targetNamespaces: targets } : {} };
  }

  private validate(): string[] {
    const errors: string[] = [];
    if (this.props.allNamespaces && this.props.targetNamespaces) {
      errors.push('spec.targetNamespaces: set targetNamespaces or allNamespaces, not both');
    }
    for (const ns of this.props.targetNamespaces ?? []) {
      if (!isDnsLabel(ns)) errors.push(`spec.targetNamespaces: '${ns}' is not a namespace name (RFC 1123 label)`);
    }
    if (!this.props.allNamespaces && !this.props.targetNamespaces && !this.namespace) {
      errors.push('metadata.namespace: an OperatorGroup without targetNamespaces needs a namespace (set it or use a namespaced chart)');
    }
    return errors;
  }
}

/** Properties of an OLM `Subscription`. */
export interface SubscriptionProps extends KubeVirtResourceProps {
  /** The package and catalog. */
  readonly catalog: OperatorCatalog;
  /**
   * The update channel.
   * @default - the catalog's default channel
   */
  readonly channel?: string;
  /**
   * Automatic or manual approval of InstallPlans.
   * @default InstallPlanApproval.AUTOMATIC
   */
  readonly approval?: InstallPlanApproval;
  /**
   * The exact CSV to install first, e.g. `kubevirt-hyperconverged-operator.v4.18.3` (pin it with manual approval).
   * @default - the channel head
   */
  readonly startingCSV?: string;
  /**
   * Node selector of the operator's own pods (OLM's `spec.config.nodeSelector`).
   * @default - none
   */
  readonly operatorNodeSelector?: Record<string, string>;
}

/** An OLM `Subscription` (`operators.coreos.com/v1alpha1`): installs and upgrades one operator package. */
export class Subscription extends KubeVirtResource {
  /** The subscribed package. */
  public readonly catalog: OperatorCatalog;
  private readonly props: SubscriptionProps;

  constructor(scope: Construct, id: string, props: SubscriptionProps) {
    super(scope, id, { gvk: L1Subscription.GVK }, props);
    this.props = props;
    this.catalog = props.catalog;
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-operator-install') });
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.props;
    const c = p.catalog.options;
    const spec: Record<string, unknown> = {
      name: c.packageName,
      source: c.source,
      sourceNamespace: c.sourceNamespace,
      channel: p.channel ?? c.defaultChannel,
      installPlanApproval: p.approval ?? InstallPlanApproval.AUTOMATIC,
    };
    if (p.startingCSV) spec.startingCSV = p.startingCSV;
    if (p.operatorNodeSelector) spec.config = { nodeSelector: p.operatorNodeSelector };
    return { spec };
  }

  private validate(): string[] {
    const p = this.props;
    const c = p.catalog?.options;
    const errors: string[] = [];
    if (!c) return ['spec: a Subscription needs a catalog (OperatorCatalog.OPENSHIFT_VIRTUALIZATION, OperatorCatalog.of(...))'];
    if (!isDnsSubdomain(c.packageName)) errors.push(`spec.name: '${c.packageName}' is not a package name`);
    if (!isDnsSubdomain(c.source)) errors.push(`spec.source: '${c.source}' is not a CatalogSource name`);
    if (!isDnsLabel(c.sourceNamespace)) errors.push(`spec.sourceNamespace: '${c.sourceNamespace}' is not a namespace name`);
    const channel = p.channel ?? c.defaultChannel;
    if (channel.trim() === '') errors.push('spec.channel: the channel may not be empty');
    if (p.startingCSV !== undefined && !isDnsSubdomain(p.startingCSV)) {
      errors.push(`spec.startingCSV: '${p.startingCSV}' is not a ClusterServiceVersion name`);
    }
    if (p.approval !== undefined && !Object.values(InstallPlanApproval).includes(p.approval)) {
      errors.push(`spec.installPlanApproval: '${p.approval}' is not one of ${Object.values(InstallPlanApproval).join(', ')}`);
    }
    if (!this.namespace) errors.push('metadata.namespace: a Subscription is namespaced; set its namespace or use a namespaced chart');
    return errors;
  }
}

/** Properties of an `OperatorInstall`. */
export interface OperatorInstallProps {
  /**
   * The package to install.
   * @default OperatorCatalog.OPENSHIFT_VIRTUALIZATION
   */
  readonly catalog?: OperatorCatalog;
  /**
   * Namespace the operator is installed into (created here).
   * @default - the catalog's default namespace (`openshift-cnv` for OpenShift Virtualization)
   */
  readonly namespace?: string;
  /**
   * The update channel.
   * @default - the catalog's default channel (`stable`)
   */
  readonly channel?: string;
  /**
   * Automatic or manual approval of InstallPlans.
   * @default InstallPlanApproval.AUTOMATIC
   */
  readonly approval?: InstallPlanApproval;
  /**
   * The CSV to start from (pin a version together with manual approval).
   * @default - the channel head
   */
  readonly startingCSV?: string;
  /**
   * Node selector of the operator's own pods.
   * @default - none
   */
  readonly operatorNodeSelector?: Record<string, string>;
  /**
   * Emit the Namespace (turn off when the namespace is managed elsewhere).
   * @default true
   */
  readonly createNamespace?: boolean;
}

/**
 * An operator installed through OLM, as OperatorHub does it: the operator's Namespace, an
 * OperatorGroup targeting it, and a Subscription to the package. Objects of the kinds the
 * operator provides (a `HyperConverged`) depend on `subscription`, so they apply after it.
 */
export class OperatorInstall extends Construct {
  /** The operator's namespace. */
  public readonly namespaceName: string;
  /** The Namespace object (undefined when `createNamespace` is false). */
  public readonly namespace?: plus.Namespace;
  public readonly operatorGroup: OperatorGroup;
  public readonly subscription: Subscription;

  constructor(scope: Construct, id: string, props: OperatorInstallProps = {}) {
    super(scope, id);
    const catalog = props.catalog ?? OperatorCatalog.OPENSHIFT_VIRTUALIZATION;
    const ns = this.namespaceName = props.namespace ?? catalog.options.defaultNamespace;
    if (props.createNamespace ?? true) {
      this.namespace = new plus.Namespace(this, 'Namespace', { metadata: { name: ns } });
    }
    const name = catalog.options.packageName;
    this.operatorGroup = new OperatorGroup(this, 'OperatorGroup', { metadata: { name: `${name}-group`, namespace: ns } });
    this.subscription = new Subscription(this, 'Subscription', {
      metadata: { name: `${name}`, namespace: ns },
      catalog,
      channel: props.channel,
      approval: props.approval,
      startingCSV: props.startingCSV,
      operatorNodeSelector: props.operatorNodeSelector,
    });
    if (this.namespace) this.operatorGroup.addDependency(this.namespace);
    this.subscription.addDependency(this.operatorGroup);
    this.node.addValidation({ validate: () => (isDnsLabel(ns) ? [] : [`namespace: '${ns}' is not a namespace name (RFC 1123 label) [construct-operator-install]`]) });
  }
}
