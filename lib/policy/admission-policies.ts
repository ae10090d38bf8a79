// The construct: the catalog's in-cluster form for the chosen rule families, so `kubectl edit`
// and the console meet the same rules as `cdk8s synth`.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AdmissionPolicyOptions, buildAdmissionPolicies } from './build';
import { PolicyFamily } from './types';

export interface KubeVirtAdmissionPoliciesProps extends Omit<AdmissionPolicyOptions, 'families'> {
  /** The rule families to enforce (opt-in: nothing is enforced that is not named here). */
  readonly families: readonly PolicyFamily[];
}

/**
 * ValidatingAdmissionPolicies (CEL) and their bindings for the catalog rules of the chosen
 * families that can be judged on one object, plus the params ConfigMap they read.
 */
export class KubeVirtAdmissionPolicies extends Construct {
  /** The emitted objects (escape hatch: `apiObjects[i].addJsonPatch(...)`). */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: KubeVirtAdmissionPoliciesProps) {
    super(scope, id);
    if (props.families.length === 0) throw new Error(`${this.node.path}: families must name at least one rule family`);
    this.apiObjects = buildAdmissionPolicies(props).map((o) => new ApiObject(this, `${o.kind}-${o.metadata?.name}`, o as any));
  }
}
