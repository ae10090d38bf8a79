import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { withCheckId } from '../core/construct-checks';
import { isDnsSubdomain } from '../core/quantity';

/** The label Grafana's dashboard sidecar (kiwigrid k8s-sidecar, as the Grafana Helm chart runs it) watches for. */
export const GRAFANA_DASHBOARD_LABEL = 'grafana_dashboard';

/** One time-series or stat panel. */
export interface DashboardPanel {
  readonly title: string;
  /** One PromQL query per series; `legend` uses Grafana's `{{label}}` syntax. */
  readonly queries: ReadonlyArray<{ readonly expr: string; readonly legend?: string }>;
  /** @default 'timeseries' */
  readonly type?: 'timeseries' | 'stat';
  /** Grafana unit id (`bytes`, `s`, `percentunit`, `short`). @default 'short' */
  readonly unit?: string;
}

/** Properties of a `GrafanaDashboard`. */
export interface GrafanaDashboardProps {
  readonly title: string;
  /** Stable dashboard uid (at most 40 characters). */
  readonly uid: string;
  readonly panels: readonly DashboardPanel[];
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Folder annotation for the sidecar (`grafana_folder`). @default - the sidecar's default folder */
  readonly folder?: string;
  /** @default ['cdk8s-kubevirt'] */
  readonly tags?: string[];
}

/**
 * A Grafana dashboard shipped as a ConfigMap the Grafana sidecar imports (label `grafana_dashboard: "1"`),
 * holding dashboard JSON (schemaVersion 39) with a Prometheus data-source variable and one panel per
 * entry, laid out two per row.
 */
export class GrafanaDashboard extends Construct {
  /** The dashboards for a KubeVirt estate's VMs, from KubeVirt's own metrics (docs/observability/metrics.md). */
  public static virtualMachines(scope: Construct, id: string, options: Partial<GrafanaDashboardProps> = {}): GrafanaDashboard {
    return new GrafanaDashboard(scope, id, {
      title: 'KubeVirt virtual machines', uid: 'cdk8s-kubevirt-vms', ...options,
      panels: [
        { title: 'Running VMs by namespace', queries: [{ expr: 'count by (namespace) (kubevirt_vmi_info{phase="running"})', legend: '{{namespace}}' }] },
        { title: 'vCPU usage (cores)', queries: [{ expr: 'sum by (namespace, name) (rate(kubevirt_vmi_cpu_usage_seconds_total[5m]))', legend: '{{namespace}}/{{name}}' }] },
        { title: 'Guest memory available', unit: 'bytes', queries: [{ expr: 'sum by (namespace, name) (kubevirt_vmi_memory_available_bytes)', legend: '{{namespace}}/{{name}}' }] },
        { title: 'Network traffic', unit: 'Bps', queries: [
          { expr: 'sum by (namespace, name) (rate(kubevirt_vmi_network_receive_bytes_total[5m]))', legend: 'rx {{namespace}}/{{name}}' },
          { expr: 'sum by (namespace, name) (rate(kubevirt_vmi_network_transmit_bytes_total[5m]))', legend: 'tx {{namespace}}/{{name}}' },
        ] },
        { title: 'Storage IOPS', queries: [
          { expr: 'sum by (namespace, name) (rate(kubevirt_vmi_storage_iops_read_total[5m]))', legend: 'read {{namespace}}/{{name}}' },
          { expr: 'sum by (namespace, name) (rate(kubevirt_vmi_storage_iops_write_total[5m]))', legend: 'write {{namespace}}/{{name}}' },
        ] },
        { title: 'Migrations running / pending', queries: [
          { expr: 'sum(kubevirt_vmi_migrations_in_running_phase)', legend: 'running' },
          { expr: 'sum(kubevirt_vmi_migrations_in_pending_phase)', legend: 'pending' },
        ] },
        { title: 'Non-migratable VMs with LiveMigrate eviction', type: 'stat', queries: [{ expr: 'sum(kubevirt_vmi_non_evictable) or vector(0)' }] },
        { title: 'VMs without a guest agent', type: 'stat', queries: [{ expr: 'count(kubevirt_vmi_info{phase="running", guest_os_name=""}) or vector(0)' }] },
      ],
    });
  }

  /** The GitOps controller's dashboard, from the metrics it serves on /metrics. */
  public static controller(scope: Construct, id: string, options: Partial<GrafanaDashboardProps> = {}): GrafanaDashboard {
    return new GrafanaDashboard(scope, id, {
      title: 'cdk8s-kubevirt GitOps controller', uid: 'cdk8s-kubevirt-controller', ...options,
      panels: [
        { title: 'Sync duration (p95)', unit: 's', queries: [{ expr: 'histogram_quantile(0.95, sum by (le, result) (rate(cdk8s_kubevirt_sync_duration_seconds_bucket[15m])))', legend: '{{result}}' }] },
        { title: 'Objects handled', queries: [{ expr: 'sum by (action) (rate(cdk8s_kubevirt_objects_total[5m]))', legend: '{{action}}' }] },
        { title: 'Drift corrections', queries: [{ expr: 'sum by (kind) (increase(cdk8s_kubevirt_drift_corrections_total[1h]))', legend: '{{kind}}' }] },
        { title: 'Prunes kept (disk data, opt-outs)', queries: [{ expr: 'sum by (kind) (increase(cdk8s_kubevirt_prune_skipped_total[1h]))', legend: '{{kind}}' }] },
        { title: 'Leader', type: 'stat', queries: [{ expr: 'max(cdk8s_kubevirt_leader)' }] },
        { title: 'Last sync succeeded', type: 'stat', queries: [{ expr: 'min(cdk8s_kubevirt_last_sync_success)' }] },
      ],
    });
  }

  /** The ConfigMap holding the dashboard. */
  public readonly configMap: ApiObject;
  private readonly props: GrafanaDashboardProps;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    this.props = props;
    this.configMap = new ApiObject(this, 'ConfigMap', {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: `grafana-dashboard-${props.uid}`,
        namespace: props.namespace,
        labels: { [GRAFANA_DASHBOARD_LABEL]: '1' },
        annotations: props.folder ? { grafana_folder: props.folder } : undefined,
      },
      data: { [`${props.uid}.json`]: JSON.stringify(this.toJson(), undefined, 2) },
    });
    this.node.addValidation({ validate: () => withCheckId(this.validate(), 'construct-grafana-dashboard') });
  }

  /** Every PromQL query of the dashboard. */
  public queries(): string[] {
    return this.props.panels.flatMap((p) => p.queries.map((q) => q.expr));
  }

  /** The dashboard model Grafana imports. */
  public toJson(): Record<string, unknown> {
    const ds = { type: 'prometheus', uid: '${datasource}' };
    return {
      title: this.props.title,
      uid: this.props.uid,
      schemaVersion: 39,
      version: 1,
      editable: true,
      tags: this.props.tags ?? ['cdk8s-kubevirt'],
      time: { from: 'now-6h', to: 'now' },
      refresh: '1m',
      templating: {
        list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 }],
      },
      panels: this.props.panels.map((p, i) => ({
        id: i + 1,
        type: p.type ?? 'timeseries',
        title: p.title,
        datasource: ds,
        gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
        fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
        options: {},
        targets: p.queries.map((q, j) => ({
          refId: String.fromCharCode(65 + j), datasource: ds, expr: q.expr, ...(q.legend ? { legendFormat: q.legend } : {}),
        })),
      })),
    };
  }

  private validate(): string[] {
    const errors: string[] = [];
    if (!/^[a-zA-Z0-9_-]{1,40}$/.test(this.props.uid)) errors.push(`uid: '${this.props.uid}' must be 1-40 letters, digits, '-' or '_' (Grafana's uid rule)`);
    if (!isDnsSubdomain(`grafana-dashboard-${this.props.uid}`)) errors.push(`uid: '${this.props.uid}' does not make a valid ConfigMap name`);
    if (this.props.panels.length === 0) errors.push('panels: a dashboard needs at least one panel');
    this.props.panels.forEach((p, i) => { if (p.queries.length === 0) errors.push(`panels[${i}]: '${p.title}' has no query`); });
    return errors;
  }
}
