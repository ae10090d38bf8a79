import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as YAML from 'yaml';
import { buildLab } from '../../examples/lab';
import { CHART_LABEL, ChartApplications, chartFolderName, GitOpsApp, GitOpsAppProps, SYNC_WAVE_ANNOTATION } from '../../lib';

let outdir: string;
beforeEach(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-app-')); });
afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

function folders(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory()).sort();
}

function read(dir: string, chart: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const file of fs.readdirSync(path.join(dir, chart)).sort()) out[file] = YAML.parse(fs.readFileSync(path.join(dir, chart, file), 'utf8'));
  return out;
}

/** The seed lab, optionally with a chart added in front of it that the lab depends on. */
function synthLab(dir: string, options: { addChart?: boolean; plain?: boolean } = {}): void {
  const app = options.plain
    ? new App({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE })
    : new GitOpsApp({ outdir: dir });
  const early = options.addChart ? new Chart(app, 'early') : undefined;
  if (early) new plus.ConfigMap(early, 'settings', { metadata: { name: 'settings' }, data: { a: '1' } });
  const lab = buildLab(app);
  if (early) lab.addDependency(early);
  app.synth();
}

describe('GitOpsApp: a stable folder per chart', () => {
  test('adding a chart renames no folder and changes no object of the others (plain cdk8s renumbers them)', () => {
    const before = path.join(outdir, 'before');
    const after = path.join(outdir, 'after');
    synthLab(before);
    synthLab(after, { addChart: true });
    expect(folders(before)).toEqual(['host-network', 'lab', 'namespaces']);
    expect(folders(after)).toEqual(['early', 'host-network', 'lab', 'namespaces']);
    for (const chart of ['host-network', 'lab', 'namespaces']) expect(read(after, chart)).toEqual(read(before, chart));

    // What the layout replaces: cdk8s's own App numbers folders in dependency order.
    const plainBefore = path.join(outdir, 'plain-before');
    const plainAfter = path.join(outdir, 'plain-after');
    synthLab(plainBefore, { plain: true });
    synthLab(plainAfter, { addChart: true, plain: true });
    expect(folders(plainBefore)).toEqual(['0000-host-network', '0001-lab']);
    expect(folders(plainAfter)).toEqual(['0000-early', '0001-host-network', '0002-lab']);
  });

  test('folders equal chartFolderName, the Application paths of ChartApplications', () => {
    const app = new GitOpsApp({ outdir });
    const lab = buildLab(app);
    const argo = new Chart(app, 'argocd-apps');
    const apps = new ChartApplications(argo, 'apps', { repoURL: 'https://git.example.com/estate.git', charts: [lab] });
    app.synth();
    expect(folders(outdir)).toEqual(['argocd-apps', 'host-network', 'lab', 'namespaces']);
    expect(chartFolderName(lab)).toBe('lab');
    const application = read(outdir, 'argocd-apps')['Application.lab.k8s.yaml'];
    expect(application.spec.source.path).toBe('dist/lab');
    // The chart holding the lab's Namespace deploys with it, one wave earlier.
    const namespaces = read(outdir, 'argocd-apps')['Application.namespaces.k8s.yaml'];
    expect(namespaces.spec.source.path).toBe('dist/namespaces');
    expect(Number(namespaces.metadata.annotations[SYNC_WAVE_ANNOTATION])).toBeLessThan(Number(application.metadata.annotations[SYNC_WAVE_ANNOTATION]));
    expect(apps.applicationFor(lab).node.path).toBe('argocd-apps/apps/lab');
  });

  test('every object carries its chart; a chart can pin the label (a renamed chart keeps its ApplySet)', () => {
    const app = new GitOpsApp({ outdir });
    buildLab(app);
    const renamed = new Chart(app, 'lab-east', { labels: { [CHART_LABEL]: 'lab-old' } });
    new plus.ConfigMap(renamed, 'cm', { metadata: { name: 'cm' } });
    app.synth();
    for (const chart of ['host-network', 'lab', 'namespaces']) {
      for (const obj of Object.values(read(outdir, chart))) expect(obj.metadata.labels[CHART_LABEL]).toBe(chart);
    }
    expect(read(outdir, 'lab-east')['ConfigMap.cm.k8s.yaml'].metadata.labels[CHART_LABEL]).toBe('lab-old');
  });
});

describe('GitOpsApp: namespaces, cluster scope, sync waves', () => {
  test('emitted Namespaces live in the namespaces chart (wave 0), whatever the construction order; charts using them depend on it', () => {
    const synthNamespaces = (dir: string, order: 'lab-first' | 'more-first') => {
      const app = new GitOpsApp({ outdir: dir });
      const more = () => {
        const chart = new Chart(app, 'more-vms', { namespace: 'vms' });
        new plus.ConfigMap(chart, 'cm', { metadata: { name: 'cm' } });
        return chart;
      };
      const first = order === 'more-first' ? more() : undefined;
      const lab = buildLab(app);
      const moreVms = first ?? more();
      app.synth();
      return { lab, moreVms };
    };
    const { lab, moreVms } = synthNamespaces(outdir, 'lab-first');
    expect(folders(outdir)).toEqual(['host-network', 'lab', 'more-vms', 'namespaces']);
    expect(read(outdir, 'namespaces')).toEqual({
      'Namespace.vms.k8s.yaml': {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: { name: 'vms', labels: { [CHART_LABEL]: 'namespaces' }, annotations: { [SYNC_WAVE_ANNOTATION]: '0' } },
      },
    });
    expect(Object.keys(read(outdir, 'lab')).filter((f) => f.startsWith('Namespace.'))).toEqual([]);
    expect(Object.keys(read(outdir, 'more-vms'))).toEqual(['ConfigMap.cm.k8s.yaml']);
    for (const chart of [lab, moreVms]) expect(chart.node.dependencies.map((d) => d.node.path)).toContain('namespaces');
    // The chart that uses the namespace first no longer decides where its Namespace lives.
    const reordered = path.join(outdir, 'reordered');
    synthNamespaces(reordered, 'more-first');
    for (const folder of ['namespaces', 'lab', 'more-vms']) expect(read(reordered, folder)).toEqual(read(outdir, folder));
  });

  test('namespacesChart names the chart; an existing chart of that id is used; another construct of that id is an error', () => {
    const app = new GitOpsApp({ outdir, namespacesChart: 'ns' });
    buildLab(app);
    app.synth();
    expect(Object.keys(read(outdir, 'ns'))).toEqual(['Namespace.vms.k8s.yaml']);

    const own = new GitOpsApp({ outdir: path.join(outdir, 'own') });
    const mine = new Chart(own, 'namespaces');
    new plus.ConfigMap(mine, 'marker', { metadata: { name: 'marker', namespace: 'default' } });
    buildLab(own);
    own.synth();
    expect(Object.keys(read(path.join(outdir, 'own'), 'namespaces'))).toEqual(['ConfigMap.marker.k8s.yaml', 'Namespace.vms.k8s.yaml']);

    const clash = new GitOpsApp({ outdir: path.join(outdir, 'clash') });
    new Construct(clash, 'namespaces');
    buildLab(clash);
    expect(() => clash.synth()).toThrow("'namespaces' is the id of the chart holding the emitted Namespaces, but the app has another construct of that id: pass namespacesChart");
  });

  test('no Namespace when the app declares it, when it is external, or when namespaces are off', () => {
    const declared = new GitOpsApp({ outdir: path.join(outdir, 'declared') });
    const lab = buildLab(declared);
    new ApiObject(new Chart(declared, 'namespaces'), 'vms', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vms' } });
    declared.synth();
    expect(Object.keys(read(path.join(outdir, 'declared'), 'lab')).filter((f) => f.startsWith('Namespace.'))).toEqual([]);
    expect(lab.node.dependencies.map((d) => d.node.path)).toEqual(['host-network']);
    expect(Object.keys(read(path.join(outdir, 'declared'), 'namespaces'))).toContain('Namespace.vms.k8s.yaml');

    for (const [name, props] of [['external', { externalNamespaces: ['vms'] }], ['off', { namespaces: false }]] as Array<[string, GitOpsAppProps]>) {
      const app = new GitOpsApp({ outdir: path.join(outdir, name), ...props });
      buildLab(app);
      app.synth();
      expect(Object.keys(read(path.join(outdir, name), 'lab')).filter((f) => f.startsWith('Namespace.'))).toEqual([]);
    }
  });

  test('cluster-scoped objects of other libraries lose the chart namespace; every object gets a wave', () => {
    const app = new GitOpsApp({ outdir });
    const chart = new Chart(app, 'ops', { namespace: 'ops' });
    const sa = new plus.ServiceAccount(chart, 'sa', { metadata: { name: 'sa' } });
    const role = new plus.ClusterRole(chart, 'role', { metadata: { name: 'reader' } });
    role.allowRead(plus.ApiResource.PODS);
    role.bind(sa);
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'raw', annotations: { [SYNC_WAVE_ANNOTATION]: '7' } } });
    app.synth();
    const objects = [...Object.values(read(outdir, 'ops')), ...Object.values(read(outdir, 'namespaces'))];
    const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
    expect(byKind('ClusterRoleBinding')).toHaveLength(1);
    for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'Namespace']) expect(byKind(kind)[0].metadata.namespace).toBeUndefined();
    expect(byKind('ServiceAccount')[0].metadata.namespace).toBe('ops');
    for (const obj of objects) expect(obj.metadata.annotations?.[SYNC_WAVE_ANNOTATION]).toMatch(/^\d+$/);
    expect(byKind('Namespace')[0].metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('0');
    expect(byKind('ConfigMap')[0].metadata.annotations[SYNC_WAVE_ANNOTATION]).toBe('7');
  });
});
