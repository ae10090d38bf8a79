// `validate --kubeconfig` against the real control plane: what the folder refers to but does not
// contain is looked up (GET/LIST only) as a restricted identity; objects created in the cluster
// make the missing-reference warnings go away; the cluster's StorageProfile counts.
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { main } from '../../lib/cli';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject } from '../../lib/controller/objects';
import { kubeconfigPath, newClient, tempDir } from '../controller/support';
import { describeIfCluster, clusterState, eventually, uniqueName, unprivilegedConfig } from './cluster';

jest.setTimeout(120_000);

async function validate(cwd: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['validate', ...argv], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** The RBAC the README documents for `validate --kubeconfig`: get on referenced kinds, list on two. */
function readerRole(name: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name },
    rules: [
      { apiGroups: [''], resources: ['secrets', 'configmaps', 'persistentvolumeclaims'], verbs: ['get'] },
      { apiGroups: ['k8s.cni.cncf.io'], resources: ['network-attachment-definitions'], verbs: ['get'] },
      { apiGroups: ['cdi.kubevirt.io'], resources: ['datasources', 'datavolumes', 'storageprofiles'], verbs: ['get'] },
      { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['get'] },
      { apiGroups: ['instancetype.kubevirt.io'], resources: ['virtualmachineinstancetypes', 'virtualmachineclusterinstancetypes', 'virtualmachinepreferences', 'virtualmachineclusterpreferences'], verbs: ['get'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['list'] },
      { apiGroups: ['kubevirt.io'], resources: ['kubevirts'], verbs: ['list'] },
      { apiGroups: ['hco.kubevirt.io'], resources: ['hyperconvergeds'], verbs: ['list'] },
      { apiGroups: ['nmstate.io'], resources: ['nodenetworkconfigurationpolicies'], verbs: ['list'] },
    ],
  };
}

describeIfCluster('validate --kubeconfig (read-only cluster lookups)', () => {
  let admin: KubeClient;
  let ns: string;
  let dir: string;
  let restricted: string;
  const cleanup: KubeObject[] = [];
  const create = async (o: KubeObject) => { const made = await admin.create(o); cleanup.push(o); return made; };

  beforeAll(async () => {
    admin = await newClient();
    ns = uniqueName('vc');
    await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    dir = tempDir('validate-cluster');
    const role = uniqueName('vc-reader');
    await create(readerRole(role));
    await create({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: role },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: clusterState().unprivileged.user }],
    });
    restricted = path.join(dir, 'restricted.kubeconfig');
    fs.writeFileSync(restricted, unprivilegedConfig().exportConfig());
  });

  afterAll(async () => {
    for (const o of cleanup.reverse()) {
      await admin.delete({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }).catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeVm(extraDisks: KubeObject[] = []) {
    const vm: KubeObject = {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'db', namespace: ns },
      spec: {
        runStrategy: 'Halted',
        instancetype: { kind: 'VirtualMachineInstancetype', name: 'small' },
        dataVolumeTemplates: [{ metadata: { name: 'db-root' }, spec: { sourceRef: { kind: 'DataSource', name: 'fedora' }, storage: { resources: { requests: { storage: '10Gi' } } } } }],
        template: {
          spec: {
            domain: {
              devices: {
                disks: [{ name: 'root', disk: { bus: 'virtio' } }, { name: 'cloudinit', disk: { bus: 'virtio' } }, ...extraDisks],
                interfaces: [{ name: 'default', masquerade: {} }, { name: 'storage', bridge: {} }],
              },
            },
            networks: [{ name: 'default', pod: {} }, { name: 'storage', multus: { networkName: 'storage-net' } }],
            volumes: [
              { name: 'root', dataVolume: { name: 'db-root' } },
              { name: 'cloudinit', cloudInitNoCloud: { secretRef: { name: 'db-cloud-init' } } },
            ],
          },
        },
      },
    };
    fs.mkdirSync(path.join(dir, 'manifests'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'manifests', 'vm.yaml'), stringify(vm));
  }

  test('objects created in the cluster make the missing-reference warnings go away', async () => {
    writeVm();
    const before = await validate(dir, 'manifests', '--kubeconfig', restricted, '--output', 'json');
    expect(before.stderr).toBe('');
    expect(JSON.parse(before.stdout).findings.map((f: any) => f.rule).sort())
      .toEqual(['xo-datasource-exists', 'xo-instancetype-exists', 'xo-multus-nad-exists', 'xo-secret-configmap-exists']);

    await create({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'storage-net', namespace: ns },
      spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: 'storage-net', type: 'bridge', bridge: 'br1' }) } });
    await create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-cloud-init', namespace: ns }, stringData: { userdata: '#cloud-config\n' } });
    await create({ apiVersion: 'instancetype.kubevirt.io/v1beta1', kind: 'VirtualMachineInstancetype', metadata: { name: 'small', namespace: ns },
      spec: { cpu: { guest: 1 }, memory: { guest: '2Gi' } } });
    await create({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataSource', metadata: { name: 'fedora', namespace: ns },
      spec: { source: { pvc: { name: 'fedora-golden', namespace: ns } } } });

    const after = await validate(dir, 'manifests', '--kubeconfig', restricted, '--assume-complete', '--output', 'json');
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout).findings).toEqual([]);
    expect(after.code).toBe(0);
    // Without the cluster the same folder still fails under --assume-complete.
    expect((await validate(dir, 'manifests', '--assume-complete')).code).toBe(1);
  });

  test('a bridge NAD whose NNCP is in the cluster (applied from another folder) is not reported as isolated', async () => {
    const bridge = uniqueName('br').slice(0, 15); // a Linux interface name
    const nad: KubeObject = { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'uplink', namespace: ns },
      spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: 'uplink', type: 'bridge', bridge }) } };
    fs.mkdirSync(path.join(dir, 'nets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'nets', 'nad.yaml'), stringify(nad));
    const before = await validate(dir, 'nets', '--kubeconfig', restricted, '--output', 'json');
    expect(before.stderr).toBe('');
    expect(JSON.parse(before.stdout).findings.map((f: any) => f.rule)).toEqual(['xo-nad-bridge-has-nncp']);

    await create({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: uniqueName('vc-nncp') },
      spec: { desiredState: { interfaces: [{ name: bridge, type: 'linux-bridge', state: 'up', bridge: { options: { stp: { enabled: false } }, port: [] } }] } } });
    const after = await validate(dir, 'nets', '--kubeconfig', restricted, '--output', 'json');
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout).findings).toEqual([]);
    // Without the cluster the folder alone still cannot tell.
    expect(JSON.parse((await validate(dir, 'nets', '--output', 'json')).stdout).findings.map((f: any) => f.rule)).toEqual(['xo-nad-bridge-has-nncp']);
  });

  test("a DataVolume without access modes gets its StorageProfile's; RWO under LiveMigrate is a warning", async () => {
    const sc = uniqueName('vc-sc');
    await create({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: sc }, provisioner: 'example.com/none' });
    await create({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'StorageProfile', metadata: { name: sc }, spec: {} });
    await admin.applyStatus({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'StorageProfile', metadata: { name: sc },
      status: { storageClass: sc, claimPropertySets: [{ accessModes: ['ReadWriteOnce'], volumeMode: 'Block' }] } } as KubeObject, 'validate-cluster-test');
    const vm: KubeObject = {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'mig', namespace: ns },
      spec: {
        runStrategy: 'Halted',
        dataVolumeTemplates: [{ metadata: { name: 'mig-root' }, spec: { source: { blank: {} }, storage: { storageClassName: sc, resources: { requests: { storage: '1Gi' } } } } }],
        template: { spec: {
          evictionStrategy: 'LiveMigrate',
          domain: { memory: { guest: '1Gi' }, devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }], interfaces: [{ name: 'default', masquerade: {} }] } },
          networks: [{ name: 'default', pod: {} }],
          volumes: [{ name: 'root', dataVolume: { name: 'mig-root' } }],
        } },
      },
    };
    fs.mkdirSync(path.join(dir, 'mig'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'mig', 'vm.yaml'), stringify(vm));
    expect(JSON.parse((await validate(dir, 'mig', '--output', 'json')).stdout).findings).toEqual([]);
    // A warning (the guest runs; it cannot migrate), the same severity as at construct time.
    const r = await validate(dir, 'mig', '--kubeconfig', restricted, '--output', 'json', '--fail-on', 'warning');
    const findings = JSON.parse(r.stdout).findings;
    expect(findings.map((f: any) => [f.rule, f.severity])).toEqual([['vm-livemigrate-storage-rwx', 'warning']]);
    expect(findings[0].message).toContain('ReadWriteOnce');
    expect(r.code).toBe(1);
  });

  test('the restricted identity only ever reads, and Secrets are asked for as metadata', async () => {
    // The reader records its requests; an identity with no write verbs proves none is needed.
    const { readClusterFacts } = await import('../../lib/cli/validate-cluster');
    const facts = await readClusterFacts([{ apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'db-cloud-init' }], restricted);
    expect(facts.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(facts.externals).toHaveLength(1);
    const secret = facts.externals[0].object!;
    expect(secret.kind).toBe('Secret');
    expect(secret.metadata.name).toBe('db-cloud-init');
    expect(secret.data).toBeUndefined();
    expect(secret.stringData).toBeUndefined();
  });

  test('an unreachable cluster is one line and exit 2', async () => {
    const kc = unprivilegedConfig();
    const file = path.join(dir, 'unreachable.kubeconfig');
    const raw = JSON.parse(kc.exportConfig());
    raw.clusters[0].cluster.server = 'https://127.0.0.1:1';
    fs.writeFileSync(file, JSON.stringify(raw));
    writeVm();
    const r = await validate(dir, 'manifests', '--kubeconfig', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^cdk8s-kubevirt validate: cannot reach the cluster at https:\/\/127\.0\.0\.1:1: ECONNREFUSED$/);
    const missing = await validate(dir, 'manifests', '--kubeconfig', path.join(dir, 'nope'));
    expect(missing.stderr).toBe(`cdk8s-kubevirt validate: kubeconfig ${path.join(dir, 'nope')}: no such file`);
    expect(missing.code).toBe(2);
    expect(kubeconfigPath()).toBeTruthy();
  });
  test("the cluster's feature gates (HyperConverged, then the KubeVirt CR that wins over it) change a gated rule's verdict", async () => {
    // An empty CD-ROM is fine while DeclarativeHotplugVolumes is on (Beta in v1.9); a hostDisk needs HostDisk (Alpha).
    const vm: KubeObject = {
      apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'gated', namespace: ns },
      spec: { runStrategy: 'Halted', template: { spec: {
        domain: { memory: { guest: '1Gi' }, devices: {
          disks: [{ name: 'root', disk: { bus: 'virtio' } }, { name: 'installer', cdrom: { bus: 'sata' } }],
          interfaces: [{ name: 'default', masquerade: {} }],
        } },
        networks: [{ name: 'default', pod: {} }],
        volumes: [{ name: 'root', hostDisk: { path: '/var/lib/images/root.img', type: 'Disk' } }],
      } } },
    };
    fs.mkdirSync(path.join(dir, 'gated'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'gated', 'vm.yaml'), stringify(vm));
    const verdict = async (...argv: string[]) => {
      const r = await validate(dir, 'gated', '--output', 'json', ...argv);
      return { code: r.code, stderr: r.stderr, findings: JSON.parse(r.stdout).findings.map((f: any) => `${f.severity} ${f.rule} ${f.path}`).sort() };
    };
    const HOSTDISK = 'warning vmi-feature-gated-field spec.template.spec.volumes[0].hostDisk';
    const EMPTY_CDROM = 'error vmi-disk-volume-match spec.template.spec.domain.devices.disks[1].name';
    expect(await verdict()).toEqual({ code: 0, stderr: '', findings: [HOSTDISK] });

    // The identity's context names the HyperConverged's namespace (another suite may have its own elsewhere).
    const hcoNs = uniqueName('vc-hco');
    await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: hcoNs } });
    await create({ apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: hcoNs },
      spec: { featureGates: { declarativeHotplugVolumes: false } } });
    const raw = JSON.parse(unprivilegedConfig().exportConfig());
    for (const c of raw.contexts) c.context.namespace = hcoNs;
    const inHcoNs = path.join(dir, 'hco-ns.kubeconfig');
    fs.writeFileSync(inHcoNs, JSON.stringify(raw));
    expect(await verdict('--kubeconfig', inHcoNs)).toEqual({ code: 1, stderr: '', findings: [EMPTY_CDROM, HOSTDISK] });

    // A KubeVirt CR (what virt-api reads; HCO writes it on a real cluster) wins over the HyperConverged.
    // Its CRD is not among the pinned ones: a stand-in with the fields of KubeVirt's that carry the gates
    // (declared, not preserve-unknown-fields, which the client's serializer does not pass on).
    const crd = 'kubevirts.kubevirt.io';
    const crdRef = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: crd };
    const strings = { type: 'array', items: { type: 'string' } };
    const object = (properties: Record<string, unknown>) => ({ type: 'object', properties });
    const gatesSchema = object({ spec: object({ configuration: object({ developerConfiguration: object({ featureGates: strings, disabledFeatureGates: strings }) }) }) });
    if (!(await admin.get(crdRef))) {
      await create({
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: crd },
        spec: {
          group: 'kubevirt.io', scope: 'Namespaced', names: { plural: 'kubevirts', singular: 'kubevirt', kind: 'KubeVirt', listKind: 'KubeVirtList' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: gatesSchema } }],
        },
      } as KubeObject);
    }
    const kubevirt: KubeObject = {
      apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: hcoNs },
      spec: { configuration: { developerConfiguration: { featureGates: ['HostDisk'] } } },
    };
    await eventually('the KubeVirt kind to be served', async () => {
      try {
        await create(kubevirt);
        return true;
      } catch {
        return false;
      }
    });
    const stored = await admin.get({ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', namespace: hcoNs, name: 'kubevirt' });
    expect(stored?.spec?.configuration?.developerConfiguration?.featureGates).toEqual(['HostDisk']);
    expect(await verdict('--kubeconfig', inHcoNs)).toEqual({ code: 0, stderr: '', findings: [] });
    // Without the cluster, the configured defaults again.
    expect(await verdict()).toEqual({ code: 0, stderr: '', findings: [HOSTDISK] });
  });
});
