// The seed estate grown by the platform chart (operator install, HyperConverged, MigrationPolicy,
// snapshot and clone, monitoring, VMware import) applied to the real kube-apiserver with every
// pinned CRD installed: every object is accepted, and a second apply writes nothing.
import { App, Chart, YamlOutputType } from 'cdk8s';
import { buildGitOps } from '../../examples/gitops';
import { buildLab } from '../../examples/lab';
import { buildPlatform } from '../../examples/platform';
import { Flavor, RouteTermination, VirtualMachine, VirtualMachineRoute, VmNamespace } from '../../lib';
import { Applier } from '../../lib/controller/applier';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject, loadSourceFolder } from '../../lib/controller/objects';
import { fakeNmstate, freshEstate, newClient, sleep, tempDir } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(240_000);

/** Plays HCO: once the HyperConverged exists, reports it Available (the applier gates on that). */
function fakeHco(client: KubeClient): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const live = await client.get({ apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', namespace: 'openshift-cnv', name: 'kubevirt-hyperconverged' })
        .catch(() => undefined);
      if (live) {
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        await client.applyStatus({
          apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'openshift-cnv' },
          status: { conditions: ['Available', 'Progressing', 'Degraded'].map((type) => ({
            type, status: type === 'Available' ? 'True' : 'False', reason: 'Simulated', message: '', lastTransitionTime: now,
          })) },
        } as KubeObject, 'hyperconverged-cluster-operator');
        return;
      }
      await sleep(100);
    }
  })();
  return async () => { stopped = true; await loop; };
}

describeIfCluster('the seed estate with its platform chart on the real kube-apiserver', () => {
  let client: KubeClient;
  const created: string[] = [];

  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    for (const ns of created) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
  });

  test('every object is accepted; the second apply is all unchanged with zero writes', async () => {
    const out = tempDir('platform');
    const app = new App({ outdir: out, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    const lab = buildLab(app);
    buildPlatform(app, lab, buildGitOps(app));
    app.synth();
    const sources = await loadSourceFolder(out);
    const kinds = new Set(sources.map((s) => s.object.kind));
    for (const k of ['Subscription', 'OperatorGroup', 'HyperConverged', 'MigrationPolicy', 'VirtualMachineSnapshot', 'VirtualMachineClone',
      'PrometheusRule', 'ServiceMonitor', 'Provider', 'NetworkMap', 'StorageMap', 'Plan']) expect(kinds).toContain(k);

    created.push(...await freshEstate(client, sources));
    const stopNmstate = fakeNmstate(client, sources.filter((s) => s.object.kind === 'NodeNetworkConfigurationPolicy').map((s) => s.object.metadata.name));
    const stopHco = fakeHco(client);
    const inventory = { name: uniqueName('platform'), namespace: 'default' };
    const first = await new Applier(client).apply(sources, { inventory, waitIntervalMs: 200, timeoutMs: 60_000 });
    await stopNmstate();
    await stopHco();
    expect(first.message).toBeUndefined();
    expect(first.ok).toBe(true);
    expect(first.changes.counts()).toMatchObject({ created: sources.length, failed: 0 });

    const hc = await client.get({ apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', namespace: 'openshift-cnv', name: 'kubevirt-hyperconverged' });
    expect((hc as any).spec.liveMigrationConfig).toMatchObject({ parallelOutboundMigrationsPerNode: 2, completionTimeoutPerGiB: 800, bandwidthPerMigration: '64Mi' });

    const second = await newClient();
    const again = await new Applier(second).apply(sources, { inventory, waitIntervalMs: 200, timeoutMs: 60_000 });
    expect(again.ok).toBe(true);
    expect(again.changes.counts()).toMatchObject({ unchanged: sources.length, created: 0, configured: 0, failed: 0 });
    expect(second.requests.writes).toBe(0);
  });

  test('a VmNamespace quota and LimitRange sized from two VMs, and Routes to their Services, are accepted as synthesized', async () => {
    const out = tempDir('vmns');
    const app = new App({ outdir: out, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    const name = uniqueName('vmns');
    const chart = new Chart(app, 'tenant', { namespace: name });
    const ns = new VmNamespace(chart, 'ns', { name, spareVirtualMachines: 1 });
    for (const vm of ['a', 'b']) {
      const v = new VirtualMachine(chart, vm, { metadata: { name: vm }, flavor: Flavor.SMALL });
      v.addDependency(ns.namespace);
      ns.addVirtualMachine(v);
      // Routes to the VM's Service, plain, edge and passthrough: the API server judges the CRD's TLS rules.
      // Two ports need names (the API server requires them; expose() with bare numbers leaves them unnamed).
      const svc = v.expose({ name: `${vm}-web`, ports: [{ port: 80, targetPort: 80, name: 'http' }, { port: 443, targetPort: 443, name: 'https' }] });
      new VirtualMachineRoute(chart, `${vm}-edge`, { metadata: { name: `${vm}-edge` }, service: svc, host: `${vm}.apps.lab.example.com`, termination: RouteTermination.EDGE });
      new VirtualMachineRoute(chart, `${vm}-tls`, { metadata: { name: `${vm}-tls` }, service: svc, port: 443, termination: RouteTermination.PASSTHROUGH, host: `${vm}-tls.apps.lab.example.com` });
    }
    app.synth();
    created.push(name);
    const sources = await loadSourceFolder(out);
    // validator: false: the offline schema validator wrongly rejects Routes with spec.tls (see notes); the server judges here.
    const result = await new Applier(client).apply(sources, { inventory: { name: uniqueName('vmns-inv'), namespace: 'default' }, waitIntervalMs: 200, timeoutMs: 60_000, validator: false });
    expect(result.message).toBeUndefined();
    expect(result.ok).toBe(true);
    // The test control plane runs no resource-quota controller, so usage is not counted here;
    // the API server accepting and storing the quota (with the CR object-count key) is what this checks.
    const q = await client.get({ apiVersion: 'v1', kind: 'ResourceQuota', namespace: name, name: 'virtual-machines' }) as any;
    expect(q.spec.hard).toEqual(ns.quota());
    expect(q.spec.hard['count/virtualmachines.kubevirt.io']).toBe('3');
    const edge = await client.get({ apiVersion: 'route.openshift.io/v1', kind: 'Route', namespace: name, name: 'a-edge' }) as any;
    expect(edge.spec.tls).toEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
    const tls = await client.get({ apiVersion: 'route.openshift.io/v1', kind: 'Route', namespace: name, name: 'b-tls' }) as any;
    expect(tls.spec.tls).toEqual({ termination: 'passthrough' });
    const lr = await client.get({ apiVersion: 'v1', kind: 'LimitRange', namespace: name, name: 'virtual-machines' }) as any;
    expect(lr.spec.limits[0].defaultRequest).toEqual({ cpu: '100m', memory: '128Mi' });
  });
});
