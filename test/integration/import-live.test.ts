// `cdk8s-kubevirt import --kubeconfig --namespace` against the real control plane: the seed lab's
// namespaced objects are created in a fresh namespace, read back as an identity that may only LIST
// them, imported, compiled under strict TypeScript, synthesized and compared with the live objects.
import * as fs from 'fs';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { buildLab } from '../../examples/lab';
import { main } from '../../lib/cli';
import { loadPaths } from '../../lib/manifests';
import { createKubeClient, KubeClient } from '../../lib/controller/kube-client';
import { KubeObject } from '../../lib/controller/objects';
import { readNamespace } from '../../lib/import/live';
import { newClient, tempDir } from '../controller/support';
import { REPO_ROOT, roundTrip } from '../import/round-trip';
import { clusterState, describeIfCluster, uniqueName, unprivilegedConfig } from './cluster';

jest.setTimeout(180_000);

const RESOURCES = {
  'k8s.cni.cncf.io': ['network-attachment-definitions'],
  'instancetype.kubevirt.io': ['virtualmachineinstancetypes', 'virtualmachinepreferences'],
  'cdi.kubevirt.io': ['dataimportcrons', 'datasources', 'datavolumes'],
  'kubevirt.io': ['virtualmachines'],
  'template.openshift.io': ['templates'],
  'template.kubevirt.io': ['virtualmachinetemplates'],
};

describeIfCluster('import from a live namespace', () => {
  let admin: KubeClient;
  let ns: string;
  let role: string;
  let restricted: string;
  let applied: KubeObject[];
  let policies: KubeObject[];

  beforeAll(async () => {
    admin = await newClient();
    ns = uniqueName('import');
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    role = uniqueName('import-lister');
    await admin.create({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role },
      rules: Object.entries(RESOURCES).map(([group, resources]) => ({ apiGroups: [group], resources, verbs: ['list'] })),
    });
    await admin.create({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: role, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: clusterState().unprivileged.user }],
    });
    // Policies are cluster-scoped: listing them takes a cluster-wide binding (to the same user).
    await admin.create({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `${role}-nncp` },
      rules: [{ apiGroups: ['nmstate.io'], resources: ['nodenetworkconfigurationpolicies'], verbs: ['list'] }],
    });
    await admin.create({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: `${role}-nncp` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `${role}-nncp` },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: clusterState().unprivileged.user }],
    });
    restricted = path.join(tempDir('import-live'), 'lister.kubeconfig');
    fs.writeFileSync(restricted, unprivilegedConfig().exportConfig());
    // The seed lab's workloads (NAD, DataVolume, three VMs), moved into the test's namespace.
    const app = new App({ yamlOutputType: YamlOutputType.FILE_PER_CHART });
    const lab = buildLab(app);
    // The host network's policies under names (and a bridge name) no other suite uses: the bond
    // policy, and the bridge policy that depends on it.
    const bridge = `br${Math.random().toString(36).slice(2, 8)}`;
    const rename = (o: unknown) => JSON.stringify(o).split('worker-bond1').join(`${ns}-bond1`).split('br1').join(bridge);
    const hostNetwork = app.node.findChild('host-network') as unknown as { toJson(): KubeObject[] };
    policies = hostNetwork.toJson().filter((o) => o.kind === 'NodeNetworkConfigurationPolicy').map((o) => JSON.parse(rename(o)) as KubeObject);
    expect(policies).toHaveLength(2);
    for (const p of policies) await admin.create(p);
    applied = lab.toJson().filter((o: KubeObject) => o.kind !== 'Service').map((o: KubeObject) => {
      const copy = JSON.parse(rename(o).split('"vms/').join(`"${ns}/`)) as KubeObject;
      copy.metadata.namespace = ns;
      delete copy.metadata.annotations?.['cdk8s-kubevirt.io/depends-on'];
      return copy;
    });
    // What KubeVirt seeds on create: a firmware UUID and serial (this control plane runs no KubeVirt).
    const rhel = applied.find((o) => o.kind === 'VirtualMachine' && o.metadata.name === 'rhel')!;
    rhel.spec.template.spec.domain.firmware.uuid = '6a1a24a1-4061-4607-8bf4-a3963d0c5895';
    rhel.spec.template.spec.domain.firmware.serial = 'e3d2a4f2-8a53-4a0c-8c3f-0123456789ab';
    // VM templates: the common-templates-like Fedora Template (parameters in its VM) and the template.kubevirt.io form.
    const templates = loadPaths([path.join(REPO_ROOT, 'test/fixtures/import/templates')]).sources.map((src) => src.object)
      .filter((o) => ['fedora-server-small', 'cirros-tiny'].includes(o.metadata.name));
    expect(templates).toHaveLength(2);
    applied.push(...templates.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: ns } })));
    for (const o of applied) await admin.create(o);
  });

  afterAll(async () => {
    await admin.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
    await admin.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: role }).catch(() => undefined);
    await admin.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `${role}-nncp` }).catch(() => undefined);
    await admin.delete({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: `${role}-nncp` }).catch(() => undefined);
    for (const p of policies ?? []) await admin.delete({ apiVersion: p.apiVersion, kind: p.kind, name: p.metadata.name }).catch(() => undefined);
  });

  test('the CLI writes the charts and reports, as an identity that may only list', async () => {
    const out = path.join(tempDir('import-live-out'), 'estate');
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(['import', '--kubeconfig', restricted, '--namespace', ns, '--out', out],
      { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t), isTTY: false, cwd: REPO_ROOT });
    expect({ code, stderr: stderr.filter((l) => !l.includes('note:')) }).toEqual({ code: 0, stderr: [] });
    expect(fs.readdirSync(out).sort()).toEqual(['cluster.ts', 'main.ts', `${ns}.ts`].sort());
    const report = stdout.join('\n');
    expect(report).toMatch(/VirtualMachine\s+3\s+3\s+0\s+0\s+\d+/);
    expect(report).toContain(`VirtualMachine ${ns}/rhel: stripped`);
    expect(report).toContain('/spec/template/spec/domain/firmware/uuid');
    expect(report).toContain('/metadata/managedFields');
  });

  test('the imported code round-trips to the live objects, with no writes', async () => {
    const lister = await createKubeClient({ kubeconfig: restricted });
    const live = await readNamespace(lister, ns);
    expect(lister.requests.writes).toBe(0);
    expect(lister.requests.dryRuns).toBe(0);
    expect(live.inputs.map((i) => `${i.object.kind}/${i.object.metadata.name}`).sort()).toEqual(
      [...applied, ...policies].map((o) => `${o.kind}/${o.metadata.name}`).sort());
    const { outcomes, diagnostics } = roundTrip([{ name: 'live', inputs: live.inputs }], path.join(REPO_ROOT, 'build', 'import-round-trip-live'));
    expect(diagnostics).toEqual([]);
    const [outcome] = outcomes;
    expect(outcome.compared.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(outcome.compared).toHaveLength(applied.length + policies.length);
    expect(outcome.extra).toEqual([]);
    expect(outcome.result.objects.filter((o) => o.construct === 'ApiObject')).toEqual([]);
    // The seeded firmware identity is gone; the VM is written with its profiles again.
    const code = fs.readFileSync(path.join(REPO_ROOT, 'build', 'import-round-trip-live', 'live', `${ns}.ts`), 'utf8');
    expect(code).not.toContain('6a1a24a1');
    expect(code).toContain('os: kv.OsProfile.RHEL_9');
    expect(code).toContain("new kv.VirtualMachineTemplate(this, 'fedora-server-small', {");
    expect(code).toContain('format: kv.VmTemplateFormat.KUBEVIRT');
    // The live NAD's bridge is a reference to the imported policy's bridge.
    expect(code).toMatch(/new kv\.BridgeNetwork\([^;]*bridge: cluster\.\w+/);
  });
});
