// Fault drill: a link that silently dies. A TCP proxy in front of the API server keeps every
// connection open and accepts new ones but forwards nothing (no reset, no answer). Without a
// per-request deadline a request waits undici's 300 s default; with one it fails in one line
// naming the request, the CLI prints that line (no stack trace), and the controller retries the
// sync like any transient failure and applies a source change once the link is back.
import { main } from '../../lib/cli';
import { GitOpsController } from '../../lib/controller/enforcer';
import { KubeClient, KubeRequestTimeoutError, createKubeClient } from '../../lib/controller/kube-client';
import { FlakyProxy, apiserverTarget, configMap, eventually, kubeconfigPath, newClient, sleep, tempDir, writeFolder } from '../controller/support';
import { describeIfCluster, uniqueName } from './cluster';

jest.setTimeout(180_000);

describeIfCluster('controller: requests on a silent link', () => {
  let client: KubeClient;
  let ns: string;
  let proxy: FlakyProxy;
  let proxied: string;
  beforeAll(async () => {
    client = await newClient();
    ns = uniqueName('hang');
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  });
  beforeEach(async () => {
    proxy = new FlakyProxy(apiserverTarget(kubeconfigPath()));
    await proxy.start();
    proxied = proxy.kubeconfig(kubeconfigPath(), tempDir('kc'));
  });
  afterEach(async () => { await proxy.stop(); });
  afterAll(async () => { await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns }).catch(() => undefined); });

  test('a request on a kept-alive connection that stops answering fails after the deadline, naming the request', async () => {
    await client.create(configMap('probe', ns));
    const behind = await createKubeClient({ kubeconfig: proxied, requestTimeoutMs: 1500 });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'probe' };
    expect(await behind.get(ref)).toBeDefined(); // the pooled connection is open
    proxy.blackhole();
    const err = await behind.get(ref).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(KubeRequestTimeoutError);
    expect((err as Error).message).toBe(`get ConfigMap/${ns}/probe: no response within 1.5s (request timeout)`);
    const listed = await behind.list('v1', 'ConfigMap', { namespace: ns }).then(() => undefined, (e: unknown) => e);
    expect((listed as Error).message).toBe(`list ConfigMap in ${ns}: no response within 1.5s (request timeout)`);
    const applied = await behind.apply(configMap('probe', ns, { b: '2' }), { fieldManager: 'test' }).then(() => undefined, (e: unknown) => e);
    expect((applied as Error).message).toBe(`apply ConfigMap/${ns}/probe: no response within 1.5s (request timeout)`);
    proxy.restore();
    // Back: a pooled connection the restore closed may fail once (transient), then a fresh one answers.
    await eventually('a request to succeed once the link is back', async () => !!(await behind.get(ref).catch(() => undefined)), 10_000);
  });

  test('discovery on a silent link fails as a timeout naming the kind, never as "not served"', async () => {
    const behind = await createKubeClient({ kubeconfig: proxied, requestTimeoutMs: 1000 });
    expect(await behind.isServed('v1', 'ConfigMap')).toBe(true);
    proxy.blackhole();
    const err = await behind.isServed('kubevirt.io/v1', 'VirtualMachine').then((served) => served, (e: unknown) => e);
    expect(err).toBeInstanceOf(KubeRequestTimeoutError);
    expect((err as Error).message).toBe('discover VirtualMachine in kubevirt.io/v1: no response within 1s (request timeout)');
  });

  test('apply --request-timeout: a silent cluster is one line naming the request, no stack trace', async () => {
    const dir = tempDir('hang-cli');
    writeFolder(dir, [configMap('cli', ns)]);
    proxy.blackhole();
    const out: string[] = [];
    const err: string[] = [];
    const inventory = uniqueName('inv');
    const code = await main(['apply', '.', '--kubeconfig', proxied, '--inventory-name', inventory, '--request-timeout', '2s'],
      { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: dir });
    expect(code).toBe(2);
    expect(err).toEqual([expect.stringMatching(new RegExp(
      `^cdk8s-kubevirt apply: cannot reach the cluster at https://127\\.0\\.0\\.1:${proxy.port}: get Secret/default/${inventory}: no response within 2s \\(request timeout\\)$`))]);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });

  test('the controller retries a sync whose requests timed out, and applies the source change once the link is back', async () => {
    const dir = tempDir('hang-controller');
    const objects = Array.from({ length: 3 }, (_, i) => configMap(`hang-${i}`, ns, { v: String(i) }));
    writeFolder(dir, objects);
    const behind = await createKubeClient({ kubeconfig: proxied, requestTimeoutMs: 1000 });
    const logs: string[] = [];
    const controller = new GitOpsController(behind, {
      source: dir, inventory: { name: uniqueName('inv'), namespace: 'default' }, validator: false, forceConflicts: true,
      debounceMs: 50, resyncIntervalMs: 600_000, sourcePollMs: 300, backoffMs: 500, maxBackoffMs: 2000, log: (line) => logs.push(line),
    });
    try {
      await controller.start();
      expect(controller.lastSync?.ok).toBe(true);
      proxy.blackhole();
      writeFolder(dir, objects.map((o) => (o.metadata.name === 'hang-2' ? configMap('hang-2', ns, { v: 'from-git' }) : o)));
      await eventually(`a sync to fail on the deadline (log: ${logs.slice(-4).join(' | ')})`,
        async () => logs.some((l) => /sync failed: .*no response within 1s \(request timeout\).*retrying/.test(l)), 60_000);
      await sleep(2000); // retries run into the silent link too
      const restored = Date.now();
      proxy.restore();
      // No re-sync is due for 10 minutes and no watch event comes: only the retry can apply it.
      await eventually(`the source change to be applied (log: ${logs.slice(-6).join(' | ')})`,
        async () => (await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'hang-2' }))?.data?.v === 'from-git', 60_000);
      console.log(`silent link: a source change was applied ${Date.now() - restored} ms after the link came back; `
        + `failed syncs logged: ${logs.filter((l) => l.startsWith('sync failed')).length}`);
    } finally {
      await controller.stop();
    }
  });
});
