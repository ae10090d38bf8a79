// `apply` with and without --wait against the real control plane, with NNCPs no nmstate ever
// answers (no handler runs here): without --wait nothing holds the end of the run (the last wave's
// gating objects are listed, not waited for), a gating wave still holds the waves after it, and
// --wait reports its timeout naming the object.
import { main } from '../../lib/cli';
import { KubeClient } from '../../lib/controller/kube-client';
import { KubeObject } from '../../lib/controller/objects';
import { kubeconfigPath, newClient, nncp, tempDir, vm, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(120_000);

describeIfCluster('apply: health waits', () => {
  let client: KubeClient;
  const policies: string[] = [];
  const namespaces: string[] = [];

  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    for (const name of policies) await client.delete({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name }).catch(() => undefined);
    for (const name of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name }).catch(() => undefined);
  });

  /** A folder with these objects, and the CLI run on it. */
  const folder = (objects: KubeObject[]) => {
    const dir = tempDir('wait');
    writeFolder(dir, objects);
    const inventory = uniqueName('inv');
    return async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['apply', '.', ...args, '--kubeconfig', kubeconfigPath(), '--inventory-name', inventory],
        { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: dir });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
  };
  const policy = () => { const name = uniqueName('br'); policies.push(name); return name; };

  test('without --wait, NNCPs alone are applied and listed as not waited for; the run does not hold on their health', async () => {
    const [a, b] = [policy(), policy()];
    const apply = folder([nncp(a), nncp(b)]);
    // Before: the NNCP wave gated the end of the run too, and this ended "wave 20 not healthy: timed out".
    const first = await apply('--timeout', '20s');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    for (const name of [a, b]) {
      expect(first.out).toContain(`NodeNetworkConfigurationPolicy/${name} created`);
      expect(first.out).toMatch(new RegExp(`NodeNetworkConfigurationPolicy/${name} not waited for \\(InProgress: [^)]+\\): nothing later in this run depends on it; --wait waits`));
    }
    expect(await client.get({ apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', name: a })).toBeDefined();

    const again = await apply('--timeout', '20s', '--output', 'json');
    expect(again.code).toBe(0);
    const report = JSON.parse(again.out) as { ok: boolean; notWaited: Array<{ subject: string; status: string }> };
    expect(report.ok).toBe(true);
    expect(report.notWaited.map((n) => n.subject).sort()).toEqual([a, b].map((n) => `NodeNetworkConfigurationPolicy/${n}`).sort());
    expect(report.notWaited.every((n) => n.status === 'InProgress')).toBe(true);
  });

  test('without --wait, an NNCP still holds the VM of a later wave: the timeout names it and the VM is not created', async () => {
    const ns = uniqueName('wait');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    namespaces.push(ns);
    const name = policy();
    const apply = folder([nncp(name), vm('behind', ns)]);
    const run = await apply('--timeout', '3s');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(new RegExp(`wave \\d+ not healthy: timed out waiting for NodeNetworkConfigurationPolicy/${name} \\(InProgress: `));
    expect(run.out).not.toContain('not waited for');
    expect(await client.get({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: ns, name: 'behind' })).toBeUndefined();
  });

  test('with --wait and a short timeout, the run ends with the timeout naming the NNCP, saying what it waits for meanwhile', async () => {
    const name = policy();
    const apply = folder([nncp(name)]);
    const run = await apply('--wait', '--timeout', '6s');
    expect(run.code).toBe(1);
    // A heartbeat every quarter of the timeout (at most 30 s): an NNCP nobody answers never changes its health line.
    const beats = run.out.split('\n').filter((l) => l.startsWith('still waiting after '));
    expect(beats.length).toBeGreaterThanOrEqual(2);
    expect(beats[0]).toMatch(new RegExp(`^still waiting after [12]s of 6s: NodeNetworkConfigurationPolicy/${name} \\(InProgress: waiting for the policy to be applied\\)$`));
    const json = await apply('--wait', '--timeout', '3s', '--output', 'json');
    expect(json.code).toBe(1);
    expect(json.out).not.toContain('still waiting');
    expect(run.err).toMatch(new RegExp(`cdk8s-kubevirt apply: wave \\d+ not healthy: timed out waiting for NodeNetworkConfigurationPolicy/${name} \\(InProgress: `));
    expect(run.out).toContain(`NodeNetworkConfigurationPolicy/${name} created`);
    expect(run.out).not.toContain('not waited for');
  });
});
