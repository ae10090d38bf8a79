// The argocd-cm keys an estate needs: Lua health checks per kind (the Application check an
// app-of-apps waits on, and the KubeVirt kinds'), and cluster-wide ignoreDifferences for the
// bookkeeping fields KubeVirt writes. Only these keys are rendered: apply the ConfigMap with
// server-side apply (`kubectl apply --server-side`, or Argo CD with ServerSideApply=true) so the
// install's own keys of argocd-cm stay untouched.
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { argoCdHealthChecks } from '../health';
import { APPLICATION_HEALTH_LUA } from './application-health';
import { ARGOCD_NAMESPACE } from './application';
import { markArgoCdConstruct } from './chart-folder';
import { KUBEVIRT_WRITTEN_FIELDS } from './kubevirt-written-fields';

/** A Lua health check for one kind. */
export interface LuaHealthCheck {
  /** API group (`''` for the core group). */
  readonly group: string;
  readonly kind: string;
  /** The Lua 5.1 script: reads `obj`, returns `{ status = ..., message = ... }`. */
  readonly lua: string;
}

/** Fields of one kind Argo CD ignores everywhere, with why. */
export interface CustomIgnoreDifferences {
  readonly group: string;
  readonly kind: string;
  /** JSON pointers. */
  readonly jsonPointers: string[];
  /**
   * One comment line per pointer (e.g. the upstream file that writes it).
   * @default - none
   */
  readonly comments?: string[];
}

export interface ArgoCdCustomizationsProps {
  /**
   * Argo CD's namespace.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * Include the Application health check that app-of-apps sync waves need.
   * @default true
   */
  readonly applicationHealth?: boolean;
  /**
   * Include the health checks generated from this project's health specs (VirtualMachine,
   * VirtualMachineInstance, DataVolume, DataImportCron, NNCP, NAD, Template, HyperConverged,
   * snapshots... every CRD kind with a spec in the kind registry): every intended steady state
   * is Healthy, so no sync wave waits on a stopped VM or an NNCP matching no node.
   * @default true
   */
  readonly kindHealth?: boolean;
  /**
   * Health checks per kind (they replace a generated check of the same kind).
   * @default - none besides the Application's and the generated ones
   */
  readonly healthChecks?: LuaHealthCheck[];
  /**
   * Ignore, cluster-wide, the bookkeeping fields KubeVirt and CDI write that no user declares
   * (PCI topology annotations, clone tokens). The other written fields are ignored per
   * Application, only where the object leaves them to KubeVirt.
   * @default true
   */
  readonly ignoreKubeVirtBookkeeping?: boolean;
}

/** The `resource.customizations.<type>.<group>_<kind>` key (`<kind>` alone for the core group). */
export function customizationKey(type: 'health' | 'ignoreDifferences', group: string, kind: string): string {
  return `resource.customizations.${type}.${group ? `${group}_${kind}` : kind}`;
}

/** The argocd-cm ConfigMap carrying only this estate's customization keys. */
export class ArgoCdCustomizations extends Construct {
  /** Escape hatch: the ConfigMap object. */
  public readonly apiObject: ApiObject;
  private readonly health = new Map<string, string>();
  private readonly ignores = new Map<string, { pointers: string[]; comments: string[] }>();

  constructor(scope: Construct, id: string, props: ArgoCdCustomizationsProps = {}) {
    super(scope, id);
    markArgoCdConstruct(this);
    if (props.applicationHealth ?? true) this.addHealthCheck({ group: 'argoproj.io', kind: 'Application', lua: APPLICATION_HEALTH_LUA });
    if (props.kindHealth ?? true) for (const check of argoCdHealthChecks()) this.addHealthCheck(check);
    for (const check of props.healthChecks ?? []) this.addHealthCheck(check);
    if (props.ignoreKubeVirtBookkeeping ?? true) {
      for (const f of KUBEVIRT_WRITTEN_FIELDS.filter((w) => w.internal)) {
        this.addIgnoreDifferences({
          group: f.group, kind: f.kind, jsonPointers: [f.field],
          comments: [`${f.field}: ${f.reason}; written by ${f.writtenBy.join(', ')}`],
        });
      }
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'argocd-cm',
        namespace: props.namespace ?? ARGOCD_NAMESPACE,
        labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
      },
      data: Lazy.any({ produce: () => this.renderData() }),
    });
  }

  /** Adds (or replaces) the health check of a kind. */
  public addHealthCheck(check: LuaHealthCheck): this {
    if (!check.lua.trim()) throw new Error(`ArgoCdCustomizations: empty Lua health check for ${check.group}/${check.kind}`);
    this.health.set(customizationKey('health', check.group, check.kind), check.lua);
    return this;
  }

  /** Adds fields Argo CD ignores on every object of a kind. */
  public addIgnoreDifferences(entry: CustomIgnoreDifferences): this {
    const key = customizationKey('ignoreDifferences', entry.group, entry.kind);
    const cur = this.ignores.get(key) ?? { pointers: [], comments: [] };
    for (const p of entry.jsonPointers) if (!cur.pointers.includes(p)) cur.pointers.push(p);
    cur.comments.push(...(entry.comments ?? []));
    this.ignores.set(key, cur);
    return this;
  }

  private renderData(): Record<string, string> {
    const data: Record<string, string> = {};
    for (const key of [...this.health.keys()].sort()) data[key] = this.health.get(key)!;
    for (const key of [...this.ignores.keys()].sort()) {
      const { pointers, comments } = this.ignores.get(key)!;
      // Argo CD reads the value as YAML, so the justification travels with it as comments.
      data[key] = [...comments.map((c) => `# ${c}`), 'jsonPointers:', ...pointers.map((p) => `- ${JSON.stringify(p)}`), ''].join('\n');
    }
    return data;
  }
}
