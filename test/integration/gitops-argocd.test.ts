// The Argo CD objects of lib/gitops against a real kube-apiserver with the pinned argoproj.io CRDs:
// they are created as synthesized (strict field validation, nothing pruned), argocd-cm keys merge
// with the install's under server-side apply, and the ignored KubeVirt-written fields are what
// keeps a server-side re-apply from clearing a VM's firmware identity.
import * as k8s from '@kubernetes/client-node';
import { Chart, Testing } from 'cdk8s';
import { buildCatalogExamples } from '../../examples/catalog';
import { buildArgoCd } from '../../examples/gitops';
import { buildLab } from '../../examples/lab';
import {
  ApplicationSet, ApplicationSource, CdkSynthPlugin, ClusterGenerator, ignoreDifferencesFor, valueAtPointer,
} from '../../lib/gitops';
import { adminConfig, createNamespace, deleteNamespace, describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

const SSA = k8s.PatchStrategy.ServerSideApply;
type Obj = Record<string, any>;

/** Sets `value` at a JSON pointer, creating the parents (what RespectIgnoreDifferences does with live values). */
function setAtPointer(obj: Obj, pointer: string, value: unknown): void {
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {});
  cur[keys[keys.length - 1]] = value;
}

describeIfCluster('lib/gitops on a real kube-apiserver', () => {
  let kc: k8s.KubeConfig;
  let api: k8s.KubernetesObjectApi;
  let ns: string;

  beforeAll(async () => {
    kc = adminConfig();
    api = k8s.KubernetesObjectApi.makeApiClient(kc);
    ns = await createNamespace(kc, 'argocd-it');
  });

  afterAll(async () => {
    if (ns) await deleteNamespace(kc, ns);
  });

  test('every Application, AppProject, ApplicationSet and ConfigMap is stored exactly as synthesized', async () => {
    const app = Testing.app();
    const lab = buildLab(app);
    buildCatalogExamples(app, lab);
    buildArgoCd(app, app.node.children.filter(Chart.isChart));
    const fleet = new Chart(app, 'fleet');
    new ApplicationSet(fleet, 'edge', { generator: ClusterGenerator.matchingLabels({ fleet: 'edge' }), source: ApplicationSource.git('https://git.example.com/e.git', 'dist/lab'), namespace: 'vms' });
    new CdkSynthPlugin(fleet, 'cmp', { image: 'registry.example.com/node:22' });
    const objects: Obj[] = ['argocd-bootstrap', 'argocd-apps', 'fleet']
      .flatMap((id) => Testing.synth(app.charts.find((c) => c.node.id === id)!))
      .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } }));
    expect(objects.map((o) => o.kind).sort()).toEqual([
      'AppProject', 'Application', 'Application', 'Application', 'Application', 'Application', 'Application',
      'ApplicationSet', 'ConfigMap', 'ConfigMap',
    ]);
    for (const obj of objects) {
      // Read back and compared: anything the structural schema pruned would show as a difference.
      const created = await api.create(obj as k8s.KubernetesObject, undefined, undefined, 'cdk8s-kubevirt')
        .catch((e) => { throw new Error(`${obj.kind} ${obj.metadata.name}: ${e.body ?? e.message}`); }) as Obj;
      const body = created.spec ?? created.data;
      expect([obj.kind, obj.metadata.name, body]).toEqual([obj.kind, obj.metadata.name, obj.spec ?? obj.data]);
    }
  });

  test("argocd-cm: our keys merge with the install's under server-side apply", async () => {
    const cmNs = await createNamespace(kc, 'argocd-cm-it');
    try {
      await mergeCheck(cmNs);
    } finally {
      await deleteNamespace(kc, cmNs);
    }
  });

  async function mergeCheck(ns: string): Promise<void> {
    await api.patch({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: ns },
      data: { 'url': 'https://argocd.example.com', 'resource.customizations.health.apps_Deployment': 'return {status="Healthy"}' },
    } as k8s.KubernetesObject, undefined, undefined, 'argocd-install', false, SSA);
    const app = Testing.app();
    buildArgoCd(app, []);
    const cm = Testing.synth(app.charts.find((c) => c.node.id === 'argocd-bootstrap')!).find((o) => o.kind === 'ConfigMap');
    await api.patch({ ...cm, metadata: { ...cm.metadata, namespace: ns } }, undefined, undefined, 'cdk8s-kubevirt', false, SSA);
    const live = await api.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: ns } }) as Obj;
    expect(Object.keys(live.data).sort()).toEqual([
      ...Object.keys(cm.data), 'resource.customizations.health.apps_Deployment', 'url',
    ].sort());
  }

  test('re-applying a VM without its seeded firmware identity clears it; with the ignored fields kept from live it stays', async () => {
    const app = Testing.app();
    buildLab(app);
    const vm: Obj = Testing.synth(app.charts.find((c) => c.node.id === 'lab')!).find((o) => o.kind === 'VirtualMachine' && o.metadata.name === 'fedora01');
    vm.metadata = { ...vm.metadata, name: uniqueName('fedora'), namespace: ns };
    const pointers = ignoreDifferencesFor([vm])[0].jsonPointers!;
    // The test control plane runs no KubeVirt webhook: the first apply carries what virt-api's VM
    // mutator adds to the same request, so the applying manager owns those fields, as in a real cluster.
    const seeded = JSON.parse(JSON.stringify(vm));
    setAtPointer(seeded, '/spec/template/spec/domain/firmware/uuid', '0b6a5f5e-2f6c-4bbf-9a4b-6f5e0c2d9f11');
    setAtPointer(seeded, '/spec/template/spec/domain/firmware/serial', 'a4d4c1a8-8f0b-4c57-9c6e-3c2fd4e1c0aa');
    setAtPointer(seeded, '/spec/template/spec/architecture', 'amd64');
    setAtPointer(seeded, '/spec/template/spec/domain/machine/type', 'q35');
    setAtPointer(seeded, '/spec/template/metadata/annotations/kubevirt.io~1pci-topology-version', 'v3');
    await api.patch(seeded, undefined, undefined, 'argocd-controller', true, SSA);
    const read = async () => await api.read({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: vm.metadata.name, namespace: ns } }) as Obj;

    // RespectIgnoreDifferences: the desired object takes the live value of every ignored field.
    const live = await read();
    const respected = JSON.parse(JSON.stringify(vm));
    for (const p of pointers) {
      const value = valueAtPointer(live, p);
      if (value !== undefined) setAtPointer(respected, p, value);
    }
    await api.patch(respected, undefined, undefined, 'argocd-controller', true, SSA);
    const kept = await read();
    for (const p of pointers) expect([p, valueAtPointer(kept, p)]).toEqual([p, valueAtPointer(live, p)]);
    expect(valueAtPointer(kept, '/spec/template/spec/domain/firmware/uuid')).toBe('0b6a5f5e-2f6c-4bbf-9a4b-6f5e0c2d9f11');

    // Without it, the same manager's apply drops the identity the guest was created with.
    await api.patch(vm, undefined, undefined, 'argocd-controller', true, SSA);
    const cleared = await read();
    expect(valueAtPointer(cleared, '/spec/template/spec/domain/firmware/uuid')).toBeUndefined();
    expect(valueAtPointer(cleared, '/spec/template/spec/domain/firmware/serial')).toBeUndefined();
  });
});
