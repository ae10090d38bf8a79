import { Construct } from 'constructs';
import { NetworkAttachmentDefinition } from '../../imports/k8s.cni.cncf.io';
import { INetworkAttachment, KubeVirtResource, KubeVirtResourceProps, SecondaryBinding } from '../core';
import { Findings } from './checks';
import { DEFAULT_CNI_VERSION } from './cni';
import { NodeNetworkPolicy } from './node-network-policy';
import { addSynthWarning } from '../core/warnings';

/** Annotation through which KubeVirt adds a device-plugin resource to the VM pod's requests. */
export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

/** Settings every NetworkAttachmentDefinition construct shares. */
export interface NetworkAttachmentProps extends KubeVirtResourceProps {
  /**
   * CNI spec version of the config.
   * @default DEFAULT_CNI_VERSION ("0.3.1", understood by every plugin in use with KubeVirt)
   */
  readonly cniVersion?: string;
  /**
   * The network name inside the CNI config (`name`).
   * @default - the NAD's metadata name (OVN localnet: the bridge mapping's localnet)
   */
  readonly cniNetworkName?: string;
}

/**
 * Base of the Multus NetworkAttachmentDefinition constructs (`k8s.cni.cncf.io/v1`,
 * namespaced). Subclasses produce the CNI config; `spec.config` is its JSON text.
 * A VM interface joins the network through the `INetworkAttachment` contract.
 */
export abstract class NetworkAttachmentBase extends KubeVirtResource implements INetworkAttachment {
  /** The interface binding a VM uses on this network. */
  public abstract readonly supportedBinding: SecondaryBinding;
  public readonly cniVersion: string;
  private readonly explicitNetworkName?: string;

  protected constructor(scope: Construct, id: string, props: NetworkAttachmentProps) {
    super(scope, id, { gvk: NetworkAttachmentDefinition.GVK }, props);
    this.cniVersion = props.cniVersion ?? DEFAULT_CNI_VERSION;
    this.explicitNetworkName = props.cniNetworkName;
    this.node.addValidation({ validate: () => this.validateAttachment() });
  }

  /** The network name inside the CNI config. */
  public get cniNetworkName(): string {
    return this.explicitNetworkName ?? this.defaultCniNetworkName();
  }

  /** `<namespace>/<name>` when the NAD has a namespace, else its name: how VMs reference it. */
  public get qualifiedName(): string {
    return this.namespace ? `${this.namespace}/${this.name}` : this.name;
  }

  /** The CNI config as an object; `spec.config` is its JSON text. */
  public toCniConfig(): Record<string, unknown> {
    return { cniVersion: this.cniVersion, name: this.cniNetworkName, ...this.renderCniConfig() };
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: { config: JSON.stringify(this.toCniConfig(), undefined, 2) } };
  }

  /** The config without `cniVersion` and `name`: a `type` (one plugin) or `plugins` (a chain). */
  protected abstract renderCniConfig(): Record<string, unknown>;

  /**
   * The subclass's checks of what the rendered config cannot show (other constructs' state);
   * the shared NAD rules judge the rendered config. Paths are those of the CNI JSON.
   */
  protected abstract validateConfig(findings: Findings): void;

  protected defaultCniNetworkName(): string {
    return this.name;
  }

  /** The NodeNetworkPolicies of the whole app, for cross-object checks at validation time. */
  protected policiesInApp(): readonly NodeNetworkPolicy[] {
    return NodeNetworkPolicy.inApp(this);
  }

  private validateAttachment(): string[] {
    const f = new Findings();
    this.validateConfig(f);
    for (const w of f.warnings) addSynthWarning(this, w);
    return f.errors;
  }
}
