// The GitOps layout against the real control plane: the README's commands bring the synthesized
// seed estate onto a cluster without its namespace, and a chart's ApplySet survives a renamed
// folder, an added chart and (with the label pinned) a renamed chart.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import { CHART_LABEL, GitOpsApp } from '../../lib';
import { main } from '../../lib/cli';
import { APPLYSET_PART_OF_LABEL, applySetId } from '../../lib/controller/inventory';
import { KubeClient } from '../../lib/controller/kube-client';
import { loadSourceFolder } from '../../lib/controller/objects';
import { fakeNmstate, freshEstate, kubeconfigPath, newClient, tempDir } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(240_000);

const root = path.resolve(__dirname, '..', '..');

async function cli(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--kubeconfig', kubeconfigPath()], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The `npx cdk8s-kubevirt ...` lines of the README's "Apply and enforce" block, minus the controller. */
function readmeApplyCommands(): string[][] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Apply and enforce'));
  const block = section.slice(section.indexOf('```sh') + 5, section.indexOf('```', section.indexOf('```sh') + 5));
  return block.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l.startsWith('npx cdk8s-kubevirt ') && !l.includes(' controller '))
    .map((l) => l.split(/\s+/).slice(2));
}

describeIfCluster('GitOps layout', () => {
  let client: KubeClient;
  const namespaces: string[] = [];
  const parents: string[] = [];
  beforeAll(async () => { client = await newClient(); });
  afterAll(async () => {
    for (const ns of namespaces) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined);
    for (const name of parents) await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name }).catch(() => undefined);
  });

  test("the seed estate applies to a cluster without the lab's namespace with the README's commands alone", async () => {
    const dir = tempDir('readme');
    execFileSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', path.join(dir, 'dist')], { cwd: root, stdio: 'pipe' });
    const sources = (await Promise.all(['namespaces', 'host-network', 'lab'].map((f) => loadSourceFolder(path.join(dir, 'dist', f))))).flat();
    // freshEstate deletes the Namespaces dist/namespaces emits (`vms`... left by another suite) and the NNCPs.
    namespaces.push(...await freshEstate(client, sources));
    expect(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'vms' })).toBeUndefined();
    parents.push('cdk8s-kubevirt-namespaces', 'cdk8s-kubevirt-host-network', 'cdk8s-kubevirt-lab');
    for (const name of parents) await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name }).catch(() => undefined);

    const commands = readmeApplyCommands();
    expect(commands.map((c) => c.slice(0, 2).join(' '))).toEqual(['apply dist/namespaces', 'apply dist/host-network', 'diff dist/lab', 'apply dist/lab']);
    const nncps = sources.filter((s) => s.object.kind === 'NodeNetworkConfigurationPolicy').map((s) => s.object.metadata.name);
    const stopNmstate = fakeNmstate(client, nncps);
    try {
      for (const args of commands) {
        const result = await cli(dir, args);
        // diff exits 1 when there are changes: on an empty cluster, every object is one. The lab
        // folder alone refers to what it does not hold (the bridge's NNCP, cloud-init Secrets): warnings.
        expect({ args, code: result.code }).toEqual({ args, code: args[0] === 'diff' ? 1 : 0 });
        expect(result.err).not.toMatch(/\berror/i);
      }
    } finally {
      await stopNmstate();
    }
    const vms = await client.get({ apiVersion: 'v1', kind: 'Namespace', name: 'vms' });
    expect(vms?.metadata.labels?.[CHART_LABEL]).toBe('namespaces');
    expect(vms?.metadata.labels?.[APPLYSET_PART_OF_LABEL]).toBe(applySetId({ name: 'cdk8s-kubevirt-namespaces', namespace: 'default' }));
    const rhel = await client.get({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'vms', name: 'rhel' });
    expect(rhel!.metadata.labels![APPLYSET_PART_OF_LABEL]).toBe(applySetId({ name: 'cdk8s-kubevirt-lab', namespace: 'default' }));
    expect((await cli(dir, ['diff', 'dist/lab'])).code).toBe(0);
  });

  test('a renamed folder, an added chart and a renamed chart (label pinned) keep the ApplySet', async () => {
    const chartId = uniqueName('shop');
    const ns = uniqueName('layout');
    namespaces.push(ns);
    // The chart holding the emitted Namespace gets its own unique ApplySet here (the shared control plane).
    const nsChart = `${chartId}-namespaces`;
    parents.push(`cdk8s-kubevirt-${chartId}`, `cdk8s-kubevirt-${nsChart}`);
    const synth = (dir: string, options: { addChart?: boolean; renameChart?: boolean } = {}) => {
      const app = new GitOpsApp({ outdir: path.join(dir, 'dist'), namespacesChart: nsChart });
      const early = options.addChart ? new Chart(app, 'early') : undefined;
      if (early) new plus.ConfigMap(early, 'settings', { metadata: { name: `${chartId}-settings`, namespace: ns } });
      const shop = options.renameChart
        ? new Chart(app, `${chartId}-v2`, { namespace: ns, labels: { [CHART_LABEL]: chartId } })
        : new Chart(app, chartId, { namespace: ns });
      for (const name of ['cart', 'catalog']) new plus.ConfigMap(shop, name, { metadata: { name }, data: { a: '1' } });
      if (early) shop.addDependency(early);
      app.synth();
    };
    const members = async () => Promise.all(['cart', 'catalog'].map(async (name) =>
      (await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name }))?.metadata.labels?.[APPLYSET_PART_OF_LABEL]));
    const setId = applySetId({ name: `cdk8s-kubevirt-${chartId}`, namespace: 'default' });

    const first = tempDir('layout-first');
    synth(first);
    expect(await cli(first, ['apply', `dist/${nsChart}`])).toMatchObject({ code: 0, err: '' });
    expect(await cli(first, ['apply', `dist/${chartId}`])).toMatchObject({ code: 0, err: '' });
    expect(await members()).toEqual([setId, setId]);

    // An added chart the shop depends on (plain cdk8s would now write 0001-<shop>), then the folder
    // moved and renamed: the same set, nothing owned by another.
    const second = tempDir('layout-second');
    synth(second, { addChart: true });
    expect(fs.existsSync(path.join(second, 'dist', chartId))).toBe(true);
    fs.mkdirSync(path.join(second, 'deploy'));
    fs.renameSync(path.join(second, 'dist', chartId), path.join(second, 'deploy', 'shop-renamed'));
    const moved = await cli(second, ['apply', 'deploy/shop-renamed', '--prune']);
    expect(moved).toMatchObject({ code: 0, err: '' });
    expect(moved.out).not.toContain('another ApplySet');
    expect(await members()).toEqual([setId, setId]);

    // What the chart label prevents: a set named after the renamed folder finds the objects owned by another.
    const byFolder = await cli(second, ['apply', 'deploy/shop-renamed', '--inventory-name', 'cdk8s-kubevirt-shop-renamed']);
    parents.push('cdk8s-kubevirt-shop-renamed');
    expect(byFolder.out).toContain(`ConfigMap/${ns}/cart skipped: belongs to another ApplySet (${setId})`);
    expect(await members()).toEqual([setId, setId]);

    // A renamed chart whose label keeps the old name: still the same set.
    const third = tempDir('layout-third');
    synth(third, { renameChart: true });
    expect(await cli(third, ['apply', `dist/${chartId}-v2`, '--prune'])).toMatchObject({ code: 0, err: '' });
    expect(await members()).toEqual([setId, setId]);
  });
});
