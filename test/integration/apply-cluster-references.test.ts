// `apply` validates a folder with what the cluster holds, as `validate --kubeconfig` does: after
// `apply dist/host-network` (an NNCP building a bridge), `apply dist/lab` (a NAD on that bridge)
// does not warn that no NNCP creates it. A NAD on a bridge no NNCP in the cluster builds still
// warns, and an identity that may not list NNCPs gets one note line, not a failure.
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject } from '../../lib/controller/objects';
import { kubeconfigPath, newClient, tempDir, writeFolder } from '../controller/support';
import { adminConfig, describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

const NNCP_WARNING = /\[xo-nad-bridge-has-nncp\]/;

function bridgeNncp(name: string, bridge: string): KubeObject {
  return {
    apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name },
    spec: { desiredState: { interfaces: [{ name: bridge, type: 'linux-bridge', state: 'up', bridge: { options: { stp: { enabled: false } }, port: [] } }] } },
  };
}

function bridgeNad(name: string, namespace: string, bridge: string): KubeObject {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', name, type: 'bridge', bridge }) },
  };
}

describeIfCluster('apply: references the folder does not contain are looked up in the cluster', () => {
  let admin: KubeClient;
  let ns: string;
  let root: string;
  const cleanup: KubeObject[] = [];

  /** `apply <folder>` as the CLI runs it (this kubeconfig, a fresh ApplySet per folder name). */
  const apply = async (folder: string, kubeconfig = kubeconfigPath(), extra: string[] = []) => {
    const out: string[] = [];
    const err: string[] = [];
    const inventory = `inv-${ns}-${folder}`;
    cleanup.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: inventory, namespace: 'default' } });
    const code = await main(['apply', folder, '--kubeconfig', kubeconfig, '--inventory-name', inventory, ...extra],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: root });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const folder = (name: string, objects: KubeObject[]) => {
    fs.mkdirSync(path.join(root, name), { recursive: true });
    writeFolder(path.join(root, name), objects);
    cleanup.push(...objects);
    return name;
  };

  beforeAll(async () => {
    admin = await newClient();
    ns = uniqueName('acr');
    await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    root = tempDir('apply-refs');
  });

  afterAll(async () => {
    for (const o of cleanup.reverse()) {
      await admin.delete({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }).catch(() => undefined);
    }
    await admin.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('a bridge NAD whose NNCP an earlier apply put in the cluster: no warning; a bridge no NNCP builds: the warning', async () => {
    const bridge = uniqueName('br'); // a Linux interface name (<= 15 characters)
    const hostNetwork = folder('host-network', [bridgeNncp(uniqueName('acr-nncp'), bridge)]);
    const lab = folder('lab', [bridgeNad('uplink', ns, bridge)]);

    const first = await apply(hostNetwork);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/NodeNetworkConfigurationPolicy\/acr-nncp-\w+ created/);

    const second = await apply(lab);
    expect(second.err).not.toMatch(NNCP_WARNING);
    expect(second.err).toBe('');
    expect(second.code).toBe(0);
    expect(second.out).toContain(`NetworkAttachmentDefinition/${ns}/uplink created`);

    // No NNCP in the cluster builds this one: the warning stays (and the NAD is applied, as before).
    const orphan = folder('orphan', [bridgeNad('isolated', ns, uniqueName('bx'))]);
    const third = await apply(orphan);
    expect(third.code).toBe(0);
    expect(third.err.split('\n')).toEqual([expect.stringMatching(/NetworkAttachmentDefinition\/.*\/isolated spec\.config: no NodeNetworkConfigurationPolicy creates bridge 'bx-\w+'.*\[xo-nad-bridge-has-nncp\]$/)]);
  });

  test('--output json counts the lookups among its reads', async () => {
    // Two folders of one new NAD each: one on a bridge (the cluster's NNCPs are listed), one that refers to nothing.
    const macvlan: KubeObject = {
      apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'standalone', namespace: ns },
      spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: 'standalone', type: 'macvlan', master: 'eth0' }) },
    };
    const reads = async (name: string, objects: KubeObject[]) => {
      const r = await apply(folder(name, objects), kubeconfigPath(), ['--output', 'json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.out).requests.reads as number;
    };
    const alone = await reads('json-alone', [macvlan]);
    const looked = await reads('json-bridge', [bridgeNad('counted', ns, uniqueName('bc'))]);
    expect(looked - alone).toBe(1); // the one LIST of NNCPs
  });

  test('an identity that may apply the NAD but not list NNCPs: one note line, the warning stays, the apply succeeds', async () => {
    // A user of its own (the admin impersonates it), granted what applying a NAD needs and nothing on NNCPs.
    const user = uniqueName('apply-no-nncp');
    const role: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: user },
      rules: [
        { apiGroups: ['k8s.cni.cncf.io'], resources: ['network-attachment-definitions'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'patch'] },
      ],
    } as KubeObject;
    const binding: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: user },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: user },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }],
    } as KubeObject;
    for (const o of [role, binding]) { await admin.create(o); cleanup.push(o); }
    const raw = JSON.parse(adminConfig().exportConfig());
    for (const u of raw.users) u.user.as = user;
    const kubeconfig = path.join(root, 'no-nncp.kubeconfig');
    fs.writeFileSync(kubeconfig, JSON.stringify(raw));

    const restricted = folder('restricted', [bridgeNad('forbidden-uplink', ns, uniqueName('by'))]);
    const r = await apply(restricted, kubeconfig);
    expect(r.err.split('\n')).toEqual([
      'cdk8s-kubevirt apply: note: nodenetworkconfigurationpolicies.nmstate.io: forbidden; references to them stay unresolved',
      expect.stringMatching(/forbidden-uplink spec\.config: no NodeNetworkConfigurationPolicy creates bridge .*\[xo-nad-bridge-has-nncp\]$/),
    ]);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`NetworkAttachmentDefinition/${ns}/forbidden-uplink created`);
  });

  test('a cluster that cannot be asked: a note, the folder judged alone (its errors first, as before), then the usual one line', async () => {
    const raw = JSON.parse(adminConfig().exportConfig());
    raw.clusters[0].cluster.server = 'https://127.0.0.1:1';
    const kubeconfig = path.join(root, 'unreachable.kubeconfig');
    fs.writeFileSync(kubeconfig, JSON.stringify(raw));
    const note = 'cdk8s-kubevirt apply: note: references not looked up in the cluster (cannot reach the cluster at https://127.0.0.1:1: ECONNREFUSED); the folder is validated alone';

    const invalid = folder('invalid', [bridgeNad('Not_A_Name', ns, uniqueName('bz'))]);
    const r = await apply(invalid, kubeconfig);
    expect(r.code).toBe(1);
    const lines = r.err.split('\n');
    expect(lines[0]).toBe(note);
    expect(lines[1]).toBe('cdk8s-kubevirt apply: validation failed, nothing applied:');
    expect(r.err).not.toMatch(/\n\s+at /);

    const valid = folder('valid', [bridgeNad('fine', ns, uniqueName('bz'))]);
    const v = await apply(valid, kubeconfig);
    expect(v.code).toBe(2);
    expect(v.err.split('\n')).toEqual([note, expect.stringMatching(/^cdk8s-kubevirt apply: cannot reach the cluster at https:\/\/127\.0\.0\.1:1: /)]);
  });
});
