import { Chart, JsonPatch, Testing } from 'cdk8s';
import { buildCatalogExamples } from '../../examples/catalog';
import { buildArgoCd } from '../../examples/gitops';
import { buildLab } from '../../examples/lab';
import {
  AppProject, ApplicationSet, ApplicationSource, ArgoApplication, ChartApplications, ClusterGenerator, Destination,
  SyncPolicy, chartFolderName,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';

const REPO = 'https://git.example.com/platform/estate.git';

function estate() {
  const app = Testing.app();
  const lab = buildLab(app);
  buildCatalogExamples(app, lab);
  const ops = new Chart(app, 'argocd-apps');
  const apps = new ChartApplications(ops, 'apps', { repoURL: REPO, targetRevision: 'main' });
  return { app, lab, ops, apps };
}

const byName = (objects: any[]) => new Map(objects.map((o) => [o.metadata.name, o]));

describe('ChartApplications', () => {
  test('one Application per chart folder, schema-valid, with the folder as path', () => {
    const { ops } = estate();
    const objects = Testing.synth(ops);
    expectSchemaValid(objects);
    expect(objects.map((o) => o.kind)).toEqual(objects.map(() => 'Application'));
    const apps = byName(objects);
    expect([...apps.keys()].sort()).toEqual(['catalog', 'golden-images', 'host-network', 'lab', 'templated']);
    const lab = apps.get('lab');
    expect(lab.metadata.namespace).toBe('argocd');
    expect(lab.spec.source).toEqual({ repoURL: REPO, path: 'dist/lab', targetRevision: 'main' });
    expect(lab.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'vms' });
    // Cluster-scoped host networking: no default namespace.
    expect(apps.get('host-network').spec.destination).toEqual({ server: 'https://kubernetes.default.svc' });
    expect(lab.spec.project).toBe('default');
    expect(lab.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true, allowEmpty: false });
    expect(lab.spec.syncPolicy.syncOptions).toEqual(['ServerSideApply=true', 'RespectIgnoreDifferences=true']);
    // No resources finalizer: deleting an Application never cascades to VMs and disks.
    expect(lab.metadata.finalizers).toBeUndefined();
  });

  test('sync waves follow the chart dependency graph', () => {
    const { ops } = estate();
    const wave = (name: string) => byName(Testing.synth(ops)).get(name).metadata.annotations['argocd.argoproj.io/sync-wave'];
    // host-network: no dependency; lab: its NAD on the host bridge; templated: the lab's disk and network.
    expect(wave('host-network')).toBe('0');
    expect(wave('golden-images')).toBe('0');
    expect(wave('catalog')).toBe('0');
    expect(wave('lab')).toBe('1');
    expect(wave('templated')).toBe('2');
  });

  test('Chart.addDependency alone orders the Applications', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    const c = new Chart(app, 'c');
    c.addDependency(b);
    b.addDependency(a);
    const ops = new Chart(app, 'ops');
    const apps = new ChartApplications(ops, 'apps', { repoURL: REPO });
    expect(apps.applications.map((u) => [chartFolderName(u.charts[0]), u.wave])).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });

  test('a dependency cycle between charts is an error naming them', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    a.addDependency(b);
    b.addDependency(a);
    const ops = new Chart(app, 'ops');
    expect(() => new ChartApplications(ops, 'apps', { repoURL: REPO, charts: [a, b] })).toThrow(/cycle \(a -> b -> a\)/);
  });

  test('charts grouped into one Application are read together, ordered by their object waves', () => {
    const app = Testing.app();
    const lab = buildLab(app);
    const hostNetwork = app.charts.find((c) => c.node.id === 'host-network')!;
    const ops = new Chart(app, 'ops');
    new ChartApplications(ops, 'apps', { repoURL: REPO, outdir: 'dist/', groups: [[hostNetwork, lab]] });
    const [only] = Testing.synth(ops);
    expectSchemaValid(only);
    expect(only.metadata.name).toBe('host-network-lab');
    expect(only.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(only.spec.source).toEqual({
      repoURL: REPO, path: 'dist', targetRevision: 'HEAD',
      directory: { recurse: true, include: '{host-network/*,lab/*}' },
    });
  });

  test('the root Application syncs the folder of the Applications, from another chart', () => {
    const { app, apps, ops } = estate();
    expect(() => apps.rootApplication(ops, 'root')).toThrow(/another chart than 'argocd-apps'/);
    const bootstrap = new Chart(app, 'argocd-root');
    apps.rootApplication(bootstrap, 'root');
    const [root] = Testing.synth(bootstrap);
    expectSchemaValid(root);
    expect(root.metadata.name).toBe('argocd-apps');
    expect(root.spec.source.path).toBe('dist/argocd-apps');
    expect(root.spec.syncPolicy.automated.prune).toBe(true);
    // The bootstrap chart is not itself deployed as a child.
    expect(Testing.synth(ops).map((o) => o.metadata.name)).not.toContain('argocd-root');
  });

  test('charts holding Argo CD configuration are not deployed as children', () => {
    const app = Testing.app();
    new Chart(app, 'workloads');
    const argo = new Chart(app, 'argocd-config');
    new AppProject(argo, 'project', { sourceRepos: [REPO] });
    const ops = new Chart(app, 'ops');
    new ChartApplications(ops, 'apps', { repoURL: REPO });
    expect(Testing.synth(ops).map((o) => o.metadata.name)).toEqual(['workloads']);
  });
});

describe('ArgoApplication, AppProject, ApplicationSet', () => {
  test('an Application with every option is schema-valid', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'argo', { namespace: 'vms' });
    const project = new AppProject(chart, 'estate', {
      metadata: { name: 'estate' },
      description: 'KubeVirt estate',
      sourceRepos: [REPO],
      destinations: [Destination.inCluster('vms')],
    });
    project.addClusterResource({ group: 'cdi.kubevirt.io', kind: 'StorageProfile' });
    project.addNamespaceResource({ group: 'kubevirt.io', kind: 'VirtualMachine' });
    const application = new ArgoApplication(chart, 'lab', {
      metadata: { name: 'lab' },
      source: ApplicationSource.git(REPO, 'dist/lab', { targetRevision: 'v1.2.0' }),
      destination: Destination.clusterName('edge-1', 'vms'),
      project,
      syncPolicy: SyncPolicy.manual(),
      retry: { limit: 3 },
      syncWave: -1,
    });
    application.addSyncOption('PruneLast=true');
    application.addIgnoreDifferences({ group: 'kubevirt.io', kind: 'VirtualMachine', jsonPointers: ['/spec/runStrategy'] });
    const objects = Testing.synth(chart);
    expectSchemaValid(objects);
    const [proj, appl] = [objects.find((o) => o.kind === 'AppProject'), objects.find((o) => o.kind === 'Application')];
    // Argo CD objects live in Argo CD's namespace, whatever the chart's.
    expect(proj.metadata.namespace).toBe('argocd');
    expect(proj.spec.clusterResourceWhitelist).toContainEqual({ group: 'nmstate.io', kind: 'NodeNetworkConfigurationPolicy' });
    expect(proj.spec.clusterResourceWhitelist).toContainEqual({ group: 'cdi.kubevirt.io', kind: 'StorageProfile' });
    expect(proj.spec.namespaceResourceWhitelist).toEqual([{ group: 'kubevirt.io', kind: 'VirtualMachine' }]);
    expect(proj.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'vms' }]);
    expect(appl.spec.project).toBe('estate');
    expect(appl.spec.syncPolicy).toEqual({
      retry: { limit: 3, backoff: { duration: '5s', factor: 2, maxDuration: '180s' } },
      syncOptions: ['ServerSideApply=true', 'RespectIgnoreDifferences=true', 'PruneLast=true'],
    });
    expect(appl.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  });

  test('an ApplicationSet with a cluster generator deploys the folder to every matching cluster', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'fleet');
    new ApplicationSet(chart, 'edge-lab', {
      metadata: { name: 'edge-lab' },
      generator: ClusterGenerator.matchingLabels({ fleet: 'edge' }),
      source: ApplicationSource.git(REPO, 'dist/lab'),
      namespace: 'vms',
    });
    new ApplicationSet(chart, 'everywhere', { generator: ClusterGenerator.all(), source: ApplicationSource.git(REPO, 'dist/catalog') });
    const objects = Testing.synth(chart);
    expectSchemaValid(objects);
    const [edge, all] = objects;
    expect(edge.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { fleet: 'edge' } } } }]);
    expect(edge.spec.template.metadata.name).toBe('{{.name}}-edge-lab');
    expect(edge.spec.template.spec.destination).toEqual({ server: '{{.server}}', namespace: 'vms' });
    expect(edge.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    expect(all.spec.generators).toEqual([{ clusters: { selector: {} } }]);
    expect(() => ClusterGenerator.matchingLabels({})).toThrow(/at least one label/);
  });

  test('a schema violation through the escape hatch is caught by the validator', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'argo');
    const application = new ArgoApplication(chart, 'x', {
      source: ApplicationSource.git(REPO, 'dist/x'), destination: Destination.inCluster(),
    });
    application.apiObject.addJsonPatch(JsonPatch.replace('/spec/syncPolicy/automated/prune', 'yes'));
    expect(() => expectSchemaValid(Testing.synth(chart))).toThrow(/prune/);
  });
});

describe('examples/gitops.ts: the seed lab synced by Argo CD', () => {
  test('bootstrap folder (project, root, argocd-cm) and one child per workload chart, waves from the graph', () => {
    const app = Testing.app();
    const lab = buildLab(app);
    buildCatalogExamples(app, lab);
    buildArgoCd(app, app.node.children.filter(Chart.isChart));
    const chart = (id: string) => app.charts.find((c) => c.node.id === id)!;
    const bootstrap = Testing.synth(chart('argocd-bootstrap'));
    const children = Testing.synth(chart('argocd-apps'));
    expectSchemaValid([...bootstrap, ...children]);
    expect(bootstrap.map((o) => `${o.kind}/${o.metadata.name}`).sort())
      .toEqual(['AppProject/kubevirt-estate', 'Application/argocd-apps', 'ConfigMap/argocd-cm']);
    const waves = Object.fromEntries(children.map((o) => [o.metadata.name, o.metadata.annotations['argocd.argoproj.io/sync-wave']]));
    expect(waves).toEqual({ 'host-network': '0', 'catalog': '0', 'golden-images': '0', 'lab': '1', 'templated': '2' });
    for (const child of children) {
      expect(child.spec.project).toBe('kubevirt-estate');
      expect(child.spec.source.path).toBe(`dist/${child.metadata.name}`);
    }
  });
});
