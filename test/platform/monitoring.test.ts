import { parser } from '@prometheus-io/lezer-promql';
import { Chart, Duration, Testing } from 'cdk8s';
import {
  ControllerServiceMonitor, ControllerSource, Flavor, GrafanaDashboard, KubeVirtGitOpsController, RunStrategy,
  VirtualMachine, VirtualizationAlerts,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { synthError, synthYaml } from '../support/synth';

/** Parses PromQL with Prometheus's own Lezer grammar; returns the offset of the first syntax error. */
function promqlError(expr: string): number | undefined {
  let at: number | undefined;
  parser.parse(expr).iterate({ enter: (n) => { if (n.type.isError && at === undefined) at = n.from; } });
  return at;
}

describe('the PromQL check itself', () => {
  test.each(['sum by (namespace (kubevirt_vmi_info', 'rate(x[5m]', 'kubevirt_vmi_info{phase="running"', 'a unless on (name b'])(
    'finds the error in %s', (expr) => expect(promqlError(expr)).toBeDefined());
  test('accepts valid PromQL', () => expect(promqlError('(a{x="1"} or b) unless on (namespace, name) c{phase="running"}')).toBeUndefined());
});

describe('VirtualizationAlerts', () => {
  test('every alert parses; the not-running rule names exactly the VMs that should run', () => {
    const c = Testing.chart();
    const vm = (name: string, ns: string, runStrategy?: RunStrategy) =>
      new VirtualMachine(c, `${ns}-${name}`, { metadata: { name, namespace: ns }, flavor: Flavor.SMALL, runStrategy });
    const vms = [vm('rhel', 'vms'), vm('fedora01', 'vms', RunStrategy.RERUN_ON_FAILURE), vm('halted', 'vms', RunStrategy.HALTED),
      vm('db.primary', 'data'), vm('manual', 'data', RunStrategy.MANUAL)];
    const alerts = new VirtualizationAlerts(c, 'alerts', { metadata: { name: 'kubevirt-estate', namespace: 'monitoring' }, vms, extraLabels: { team: 'platform' } });
    alerts.addRule({ alert: 'TooManyVms', expr: 'sum(kubevirt_number_of_vms) > 100', summary: 'more than 100 VMs' });
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    const rule = objs.find((o) => o.kind === 'PrometheusRule');
    const rules = rule.spec.groups.flatMap((g: any) => g.rules);
    expect(rules.map((r: any) => r.alert)).toEqual([
      'VirtualMachineNotRunning', 'VirtualMachineNotMigratable', 'VirtualMachineGuestAgentMissing', 'VirtualMachineMigrationFailed',
      'DataVolumeImportFailing', 'GoldenImageOutdated', 'NodeNetworkPolicyDegraded', 'TooManyVms',
    ]);
    for (const r of rules) expect({ alert: r.alert, error: promqlError(r.expr) }).toEqual({ alert: r.alert, error: undefined });
    expect(rules[0].expr).toBe('(kubevirt_vm_info{namespace="vms", name=~"rhel|fedora01"} or kubevirt_vm_info{namespace="data", name="db.primary"})'
      + ' unless on (namespace, name) kubevirt_vmi_info{phase="running"}');
    expect(rules[0]).toMatchObject({ for: '10m', labels: { severity: 'critical', team: 'platform' } });
    expect(rules.find((r: any) => r.alert === 'VirtualMachineNotMigratable').expr).toBe('kubevirt_vmi_non_evictable > 0');
  });

  test('names with regex metacharacters are escaped for PromQL', () => {
    const c = Testing.chart();
    const vms = ['a.b', 'c'].map((n) => new VirtualMachine(c, n, { metadata: { name: n, namespace: 'vms' }, flavor: Flavor.SMALL }));
    const alerts = new VirtualizationAlerts(c, 'alerts', { vms, pendingFor: Duration.minutes(3) });
    const expr = alerts.expressions().VirtualMachineNotRunning;
    expect(expr).toContain('name=~"a\\\\.b|c"');
    expect(promqlError(expr)).toBeUndefined();
  });
});

describe('Grafana dashboards and the controller ServiceMonitor', () => {
  test('dashboards are Grafana JSON in sidecar-labelled ConfigMaps, every query parses', () => {
    const c = Testing.chart();
    const boards = [GrafanaDashboard.virtualMachines(c, 'vms', { folder: 'Virtualization' }), GrafanaDashboard.controller(c, 'ctl')];
    const objs = synthYaml(c);
    expectSchemaValid(objs);
    const maps = objs.filter((o) => o.kind === 'ConfigMap');
    expect(maps.map((m) => m.metadata.name)).toEqual(['grafana-dashboard-cdk8s-kubevirt-vms', 'grafana-dashboard-cdk8s-kubevirt-controller']);
    for (const m of maps) {
      expect(m.metadata.labels).toEqual({ grafana_dashboard: '1' });
      const [file, text] = Object.entries(m.data)[0] as [string, string];
      const board = JSON.parse(text);
      expect(file).toBe(`${board.uid}.json`);
      expect(board).toMatchObject({ schemaVersion: 39, title: expect.any(String), templating: { list: [{ type: 'datasource', query: 'prometheus' }] } });
      const ids = new Set<number>();
      for (const p of board.panels) {
        expect(['timeseries', 'stat']).toContain(p.type);
        expect(p.gridPos).toEqual({ h: 8, w: 12, x: expect.any(Number), y: expect.any(Number) });
        ids.add(p.id);
        for (const t of p.targets) {
          expect(t.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
          expect({ panel: p.title, error: promqlError(t.expr) }).toEqual({ panel: p.title, error: undefined });
        }
      }
      expect(ids.size).toBe(board.panels.length);
    }
    expect(maps[0].metadata.annotations).toEqual({ grafana_folder: 'Virtualization' });
    expect(boards[0].queries().length).toBeGreaterThan(8);
  });

  test('a bad uid or an empty dashboard is refused', () => {
    const c = Testing.chart();
    new GrafanaDashboard(c, 'bad', { title: 'x', uid: 'Has Spaces', panels: [] });
    const err = synthError(c);
    expect(err).toMatch(/uid: 'Has Spaces' must be 1-40 letters/);
    expect(err).toMatch(/a dashboard needs at least one panel/);
  });

  test('the ServiceMonitor selects the controller Service by a label it puts there, on the metrics port', () => {
    const c = new Chart(Testing.app(), 'test', { namespace: 'cdk8s-kubevirt' });
    const controller = new KubeVirtGitOpsController(c, 'controller', {
      source: ControllerSource.gitSync({ repo: 'https://git.example.com/estate.git' }), image: 'registry.example.com/cdk8s-kubevirt:0.1.0',
    });
    new ControllerServiceMonitor(c, 'sm', { metadata: { name: 'cdk8s-kubevirt-controller' }, controller });
    const objs = synthYaml(c);
    expectSchemaValid(objs.filter((o) => o.kind === 'ServiceMonitor'));
    const sm = objs.find((o) => o.kind === 'ServiceMonitor');
    const svc = objs.find((o) => o.kind === 'Service');
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(svc.metadata.labels[k]).toBe(v);
    expect(svc.spec.ports.map((p: any) => p.name)).toContain('metrics');
  });
});
