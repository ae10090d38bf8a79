// Alerts for a KubeVirt estate. Metric names are KubeVirt's, CDI's and kubernetes-nmstate's own
// (kubevirt/kubevirt docs/observability/metrics.md; kubevirt/monitoring docs/metrics.md for CDI;
// the OpenShift NMState operator docs for kubernetes_nmstate_policies_status).
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PrometheusRule as L1PrometheusRule } from '../../imports/monitoring.coreos.com';
import { VirtualMachine } from '../compute/virtual-machine';
import { KubeVirtResource, KubeVirtResourceProps } from '../core/resource';

/** One alerting rule. */
export interface AlertRule {
  readonly alert: string;
  /** PromQL. */
  readonly expr: string;
  /** @default - fires at once */
  readonly for?: Duration;
  /** @default 'warning' */
  readonly severity?: 'critical' | 'warning' | 'info';
  readonly summary: string;
  /** @default - the summary */
  readonly description?: string;
}

/** Properties of `VirtualizationAlerts`. */
export interface VirtualizationAlertsProps extends KubeVirtResourceProps {
  /**
   * VMs whose run strategy says they run (Always, RerunOnFailure): an alert fires when one has no running instance.
   * @default - none (the rule is left out)
   */
  readonly vms?: VirtualMachine[];
  /**
   * How long a condition lasts before the alert fires.
   * @default Duration.minutes(10)
   */
  readonly pendingFor?: Duration;
  /** Labels added to every alert (routing). @default - none */
  readonly extraLabels?: Record<string, string>;
}

const RUNNING_STRATEGIES = ['Always', 'RerunOnFailure'];

/**
 * A PrometheusRule (`monitoring.coreos.com/v1`) with the estate's alerts: VMs not running while
 * their run strategy says they should, non-migratable VMs with LiveMigrate eviction, VMs without a
 * guest agent, failed migrations, failing DataVolume imports, outdated golden images and degraded
 * NodeNetworkConfigurationPolicies. `addRule()` adds more.
 */
export class VirtualizationAlerts extends KubeVirtResource {
  private readonly props: VirtualizationAlertsProps;
  private readonly extra: AlertRule[] = [];

  constructor(scope: Construct, id: string, props: VirtualizationAlertsProps = {}) {
    super(scope, id, { gvk: L1PrometheusRule.GVK }, props);
    this.props = props;
  }

  /** Adds an alert to the bundle (group `cdk8s-kubevirt.custom`). */
  public addRule(rule: AlertRule): this {
    this.extra.push(rule);
    return this;
  }

  /** Every rule's PromQL, by alert name (for tests and dashboards). */
  public expressions(): Record<string, string> {
    return Object.fromEntries(this.groups().flatMap((g) => g.rules).map((r) => [r.alert, r.expr]));
  }

  protected renderBody(): Record<string, unknown> {
    const labels = this.props.extraLabels ?? {};
    return {
      spec: {
        groups: this.groups().filter((g) => g.rules.length > 0).map((g) => ({
          name: g.name,
          rules: g.rules.map((r) => ({
            alert: r.alert,
            expr: r.expr,
            ...(r.for ? { for: promDuration(r.for) } : {}),
            labels: { severity: r.severity ?? 'warning', ...labels },
            annotations: { summary: r.summary, description: r.description ?? r.summary },
          })),
        })),
      },
    };
  }

  private groups(): Array<{ name: string; rules: AlertRule[] }> {
    const pending = this.props.pendingFor ?? Duration.minutes(10);
    const vmRules: AlertRule[] = [];
    const selectors = runningVmSelectors(this.props.vms ?? []);
    if (selectors.length > 0) {
      vmRules.push({
        alert: 'VirtualMachineNotRunning', for: pending, severity: 'critical',
        expr: `(${selectors.join(' or ')}) unless on (namespace, name) kubevirt_vmi_info{phase="running"}`,
        summary: 'VM {{ $labels.namespace }}/{{ $labels.name }} has no running instance although its run strategy keeps it running',
      });
    }
    vmRules.push(
      {
        alert: 'VirtualMachineNotMigratable', for: pending, severity: 'warning',
        expr: 'kubevirt_vmi_non_evictable > 0',
        summary: 'VM {{ $labels.namespace }}/{{ $labels.name }} has LiveMigrate eviction but cannot migrate: node drains block on it',
      },
      {
        alert: 'VirtualMachineGuestAgentMissing', for: pending, severity: 'info',
        expr: 'kubevirt_vmi_info{phase="running", guest_os_name=""}',
        summary: 'VM {{ $labels.namespace }}/{{ $labels.name }} runs without a connected guest agent (no IPs, no fs freeze for snapshots)',
      },
      {
        alert: 'VirtualMachineMigrationFailed', severity: 'warning',
        expr: 'kubevirt_vmi_migration_failed > 0',
        summary: 'A live migration in namespace {{ $labels.namespace }} failed',
      },
    );
    const storage: AlertRule[] = [
      {
        alert: 'DataVolumeImportFailing', for: Duration.minutes(5), severity: 'warning',
        expr: 'cluster:kubevirt_cdi_import_pods_high_restart:count > 0',
        summary: 'CDI import pods keep restarting: a DataVolume import is failing',
      },
      {
        alert: 'GoldenImageOutdated', for: Duration.hours(1), severity: 'info',
        expr: 'kubevirt_cdi_dataimportcron_outdated > 0',
        summary: 'A DataImportCron has an outdated import: a golden image is not being refreshed',
      },
    ];
    const network: AlertRule[] = [{
      alert: 'NodeNetworkPolicyDegraded', for: Duration.minutes(5), severity: 'critical',
      expr: 'kubernetes_nmstate_policies_status{status="Degraded"} > 0',
      summary: 'A NodeNetworkConfigurationPolicy failed to configure node networking',
    }];
    return [
      { name: 'cdk8s-kubevirt.virtual-machines', rules: vmRules },
      { name: 'cdk8s-kubevirt.storage', rules: storage },
      { name: 'cdk8s-kubevirt.node-network', rules: network },
      { name: 'cdk8s-kubevirt.custom', rules: this.extra },
    ];
  }
}

/** `kubevirt_vm_info` selectors, one per namespace, for the VMs whose run strategy keeps them running. */
function runningVmSelectors(vms: VirtualMachine[]): string[] {
  const byNs = new Map<string, string[]>();
  for (const vm of vms) {
    if (!RUNNING_STRATEGIES.includes(vm.spec.props.runStrategy ?? 'Always')) continue;
    const ns = vm.namespace ?? '';
    byNs.set(ns, [...(byNs.get(ns) ?? []), vm.name]);
  }
  return [...byNs].map(([ns, names]) => {
    const nsSel = ns ? `namespace="${ns}", ` : '';
    const nameSel = names.length === 1 ? `name="${names[0]}"` : `name=~"${names.map(escapeRegex).join('|')}"`;
    return `kubevirt_vm_info{${nsSel}${nameSel}}`;
  });
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&');
}

/** A Prometheus duration (`10m`, `1h`, `90s`). */
export function promDuration(d: Duration): string {
  const s = d.toSeconds();
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
