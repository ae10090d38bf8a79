import { Duration } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { VirtualMachinePool as VirtualMachinePoolL1 } from '../../imports/pool.kubevirt.io';
import { addSynthWarning, NetworkPolicyPeerConfigLike, PodSelectorConfigLike } from '../core';
import { compact } from '../core/compact';
import { constructCheck } from '../core/construct-checks';
import { PoolScaleInStrategy, PoolUpdateStrategy } from './pool-strategy';
import { exposeService, VirtualMachineExposeOptions } from './service-ports';
import { VirtualMachineBase, VirtualMachineBaseProps } from './vm-base';

/** The label a pool's VMs and their pods carry, and its selector matches: `kubevirt.io/vmpool: <pool name>`. */
export const POOL_LABEL = 'kubevirt.io/vmpool';

/** When a pool replaces a VM that keeps failing to start. */
export interface PoolAutohealing {
  /**
   * Consecutive failed starts before the VM is replaced.
   * @default - KubeVirt's default
   */
  readonly startUpFailureThreshold?: number;
  /**
   * How long a VM must be failing (CrashLoopBackOff, Unschedulable) before it is replaced.
   * @default - KubeVirt's default
   */
  readonly minFailingToStart?: Duration;
}

/** Properties of a `VirtualMachinePool`: the VM spec every replica gets, and the pool's own settings. */
export interface VirtualMachinePoolProps extends VirtualMachineBaseProps {
  /**
   * Number of VMs.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Labels of every VM of the pool (besides `kubevirt.io/vmpool`).
   * @default - the pool label only
   */
  readonly vmLabels?: Record<string, string>;
  /**
   * Annotations of every VM of the pool.
   * @default - none
   */
  readonly vmAnnotations?: Record<string, string>;
  /**
   * Stop reconciling: VMs may be added or removed by hand.
   * @default false
   */
  readonly paused?: boolean;
  /**
   * VMs that may be unready at once during a proactive update: a count (> 0) or a percentage (`'25%'`).
   * @default '100%' (KubeVirt's default)
   */
  readonly maxUnavailable?: number | string;
  /**
   * Append `-<index>` to the ConfigMap names the VMs' volumes use (one ConfigMap per VM).
   * @default false
   */
  readonly appendIndexToConfigMapRefs?: boolean;
  /**
   * Append `-<index>` to the Secret names the VMs' volumes use, cloud-init Secrets included (one Secret per VM).
   * @default false
   */
  readonly appendIndexToSecretRefs?: boolean;
  /** @default - KubeVirt's default (proactive, random, state not preserved) */
  readonly scaleInStrategy?: PoolScaleInStrategy;
  /** @default - KubeVirt's default (proactive) */
  readonly updateStrategy?: PoolUpdateStrategy;
  /** @default - no autohealing */
  readonly autohealing?: PoolAutohealing;
}

const OWN_PROPS = ['replicas', 'vmLabels', 'vmAnnotations', 'paused', 'maxUnavailable', 'appendIndexToConfigMapRefs',
  'appendIndexToSecretRefs', 'scaleInStrategy', 'updateStrategy', 'autohealing'] as const;

/**
 * A KubeVirt VirtualMachinePool (`pool.kubevirt.io/v1beta1`): `replicas` VMs named `<pool>-<index>`
 * from one VM spec, built like a `VirtualMachine`'s (same props, profiles and `addX()` calls).
 * DataVolume templates get the index appended per VM; a claim that is not a template is shared by
 * every VM. It selects its VMs' pods, so Services and NetworkPolicies accept it.
 */
export class VirtualMachinePool extends VirtualMachineBase implements plus.IPodSelector, plus.INetworkPolicyPeer {
  private readonly poolProps: VirtualMachinePoolProps;

  constructor(scope: Construct, id: string, props: VirtualMachinePoolProps = {}) {
    // Its VMs are `<pool>-<index>`, hostnames of at most 63 characters: room for a 5-digit index.
    super(scope, id, { gvk: VirtualMachinePoolL1.GVK, readableName: { maxLength: 57 } }, props, OWN_PROPS);
    this.poolProps = props;
    this.node.addValidation({ validate: () => this.validatePool() });
  }

  /** The desired number of VMs. */
  public get replicas(): number { return this.poolProps.replicas ?? 1; }

  /** The labels the pool's selector matches. */
  public get selectorLabels(): Record<string, string> { return { [POOL_LABEL]: this.name }; }

  /** Creates a cdk8s-plus Service balancing over the pool's VMs. */
  public expose(options: VirtualMachineExposeOptions): plus.Service {
    return exposeService(this, options);
  }

  /** @see plus.IPodSelector.toPodSelectorConfig */
  public toPodSelectorConfig(): PodSelectorConfigLike {
    return {
      labelSelector: plus.LabelSelector.of({ labels: this.selectorLabels }),
      namespaces: this.namespace ? { names: [this.namespace] } : undefined,
    };
  }

  /** @see plus.INetworkPolicyPeer.toNetworkPolicyPeerConfig */
  public toNetworkPolicyPeerConfig(): NetworkPolicyPeerConfigLike {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** @see plus.INetworkPolicyPeer.toPodSelector */
  public toPodSelector(): VirtualMachinePool {
    return this;
  }

  protected renderBody(): Record<string, unknown> {
    const p = this.poolProps;
    const selector = this.selectorLabels;
    const vmSpec = this.spec.toSpec({ name: this.name, namespace: this.namespace, podLabels: selector });
    const nameGeneration = compact({ appendIndexToConfigMapRefs: p.appendIndexToConfigMapRefs, appendIndexToSecretRefs: p.appendIndexToSecretRefs });
    const autohealing = p.autohealing ? compact({
      startUpFailureThreshold: p.autohealing.startUpFailureThreshold,
      minFailingToStartDuration: p.autohealing.minFailingToStart ? `${p.autohealing.minFailingToStart.toSeconds()}s` : undefined,
    }) : undefined;
    return {
      spec: compact({
        replicas: p.replicas ?? 1,
        selector: { matchLabels: { ...selector } },
        paused: p.paused,
        maxUnavailable: p.maxUnavailable,
        nameGeneration: Object.keys(nameGeneration).length > 0 ? nameGeneration : undefined,
        scaleInStrategy: p.scaleInStrategy?.render(),
        updateStrategy: p.updateStrategy?.render(),
        autohealing,
        virtualMachineTemplate: {
          metadata: compact({
            labels: { ...p.vmLabels, ...selector },
            annotations: p.vmAnnotations && Object.keys(p.vmAnnotations).length > 0 ? { ...p.vmAnnotations } : undefined,
          }),
          spec: vmSpec,
        },
      }),
    };
  }

  private validatePool(): string[] {
    const p = this.poolProps;
    const errors = this.spec.validate({ name: this.name, namespace: this.namespace });
    for (const warning of this.spec.warnings()) addSynthWarning(this, warning);
    const replicas = p.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0) {
      errors.push(constructCheck('spec.replicas', `replicas must be a whole number >= 0, not ${replicas}`, 'construct-pool-values'));
    }
    const threshold = p.autohealing?.startUpFailureThreshold;
    if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1)) {
      errors.push(constructCheck('spec.autohealing.startUpFailureThreshold', `startUpFailureThreshold must be a whole number >= 1, not ${threshold}`, 'construct-pool-values'));
    }
    if (replicas > 1) {
      this.spec.disks.forEach((d, i) => {
        const modes = d.source.template ? undefined : d.source.accessModes;
        if (d.source.claimBacked && !d.source.template && !(modes ?? []).includes('ReadWriteMany')) {
          addSynthWarning(this, constructCheck(`spec.virtualMachineTemplate.spec.template.spec.volumes[${i}]`,
            `disk '${d.name}' is one claim shared by all ${replicas} VMs${modes && modes.length > 0 ? ` but it is ${modes.join(', ')}` : ''}: use a DataVolume template (one disk per VM) or a ReadWriteMany claim`,
            'construct-pool-shared-claim'));
        }
      });
    }
    return errors;
  }
}
