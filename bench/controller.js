// Controller at scale: the GitOps controller managing N objects (default 10,000) on the real test
// control plane: first sync, a full re-sync of the unchanged set (time, API requests per object),
// the process's RSS while managing them, and drift correction latency under a steady stream of
// out-of-band edits (10 per second); `kubectl apply --server-side` on the same set side by side.
// Needs `npm run build` first and the control-plane binaries.
//   node --expose-gc bench/controller.js [objects] [edits/s] [seconds]
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const controlPlane = require('../scripts/control-plane/cluster.js');
const ctl = require('../build/lib/controller');

const COUNT = Number(process.argv[2] || 10_000);
const RATE = Number(process.argv[3] || 10);
const SECONDS = Number(process.argv[4] || 20);
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

/** ConfigMaps (the edited ones) and NetworkAttachmentDefinitions, one namespace. */
function objectsFor(namespace, count) {
  const objects = [];
  for (let i = 0; objects.length < count; i++) {
    const n = String(i).padStart(5, '0');
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${n}`, namespace }, data: { index: n } });
    objects.push({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: `nad-${n}`, namespace },
      spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: `nad-${n}`, plugins: [{ type: 'bridge', bridge: 'br1' }] }) } });
  }
  return objects.slice(0, count);
}

function writeFolder(dir, objects) {
  fs.mkdirSync(dir, { recursive: true });
  for (const o of objects) fs.writeFileSync(path.join(dir, `${o.kind}.${o.metadata.name}.yaml`), YAML.stringify(o));
}

function rssMiB() {
  if (global.gc) global.gc();
  return round(process.memoryUsage().rss / 1024 / 1024);
}

function kubectl(kubeconfig, dir) {
  const t0 = process.hrtime.bigint();
  const out = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--field-manager', 'bench-kubectl', '-R', '-f', dir],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`kubectl failed: ${out.stderr.split('\n').slice(-5).join('\n')}`);
  return round(Number(process.hrtime.bigint() - t0) / 1e6);
}

/** Edits random ConfigMaps at `rate`/s for `seconds`; resolves with the time each took to be reverted. */
async function driftDrill(client, namespace, configMaps, rate, seconds) {
  const pending = new Map();
  const latencies = [];
  const watch = await client.watch('v1', 'ConfigMap', { namespace }, (type, obj) => {
    const started = pending.get(obj.metadata.name);
    if (started !== undefined && obj.data?.index !== 'drifted') { latencies.push(Date.now() - started); pending.delete(obj.metadata.name); }
  }, () => undefined);
  const edits = [];
  for (let i = 0; i < rate * seconds; i++) {
    const name = configMaps[Math.floor(Math.random() * configMaps.length)].metadata.name;
    if (!pending.has(name)) {
      pending.set(name, Date.now());
      edits.push(client.mergePatch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { index: 'drifted' } }, { fieldManager: 'kubectl-edit' }));
    }
    await sleep(1000 / rate);
  }
  await Promise.all(edits);
  const deadline = Date.now() + 30_000;
  while (pending.size > 0 && Date.now() < deadline) await sleep(50);
  watch.abort();
  return { edits: edits.length, reverted: latencies.length, notReverted: pending.size, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
}

async function main() {
  const handle = await controlPlane.startForTests();
  const kubeconfig = handle.state.kubeconfig;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-bench-controller-'));
  let controller;
  try {
    const client = await ctl.createKubeClient({ kubeconfig });
    const ours = `bench-ctl-${process.pid}`;
    const theirs = `bench-ctl-kubectl-${process.pid}`;
    for (const ns of [ours, theirs]) await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const objects = objectsFor(ours, COUNT);
    writeFolder(path.join(work, 'ours'), objects);
    writeFolder(path.join(work, 'kubectl'), objectsFor(theirs, COUNT));
    const result = { benchmark: 'controller', objects: COUNT, node: process.version, date: new Date().toISOString(), rssBeforeMiB: rssMiB() };

    controller = new ctl.GitOpsController(client, {
      source: path.join(work, 'ours'), inventory: { name: `bench-ctl-${process.pid}`, namespace: 'default' }, validator: false, forceConflicts: true,
      resyncIntervalMs: 3_600_000, sourcePollMs: 3_600_000, debounceMs: 50,
    });
    let t0 = Date.now();
    await controller.start();
    result.firstSyncMs = Date.now() - t0;
    if (!controller.lastSync?.ok) throw new Error(`first sync failed: ${controller.lastSync?.message}`);
    await sleep(3000); // the watches' initial lists fill the cache
    const before = { ...client.requests };
    t0 = Date.now();
    const resync = await controller.syncNow();
    result.resync = { ms: Date.now() - t0 };
    const r = client.requests;
    const requests = r.reads - before.reads + r.dryRuns - before.dryRuns + r.writes - before.writes;
    Object.assign(result.resync, { requests, requestsPerObject: round(requests / COUNT, 3), writes: r.writes - before.writes, counts: resync.changes.counts() });
    result.rssManagingMiB = rssMiB();
    result.drift = await driftDrill(client, ours, objects.filter((o) => o.kind === 'ConfigMap'), RATE, SECONDS);
    result.drift.rate = RATE;
    result.rssAfterDriftMiB = rssMiB();
    await controller.stop();
    controller = undefined;
    // Ours first: the kubectl runs that follow take minutes at this size.
    console.log(`controller, ${COUNT} objects: ${JSON.stringify({ firstSyncMs: result.firstSyncMs, resync: result.resync, rssManagingMiB: result.rssManagingMiB, drift: result.drift })}`);

    let hasKubectl = false;
    try { execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' }); hasKubectl = true; } catch { /* absent */ }
    if (hasKubectl) {
      result.kubectl = { createMs: kubectl(kubeconfig, path.join(work, 'kubectl')) };
      result.kubectl.reapplyMs = kubectl(kubeconfig, path.join(work, 'kubectl'));
      result.ratio = { create: round(result.kubectl.createMs / result.firstSyncMs, 2), resync: round(result.kubectl.reapplyMs / result.resync.ms, 2) };
    }
    for (const ns of [ours, theirs]) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
    await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: `bench-ctl-${process.pid}` });

    const file = path.join(__dirname, 'results', 'controller.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    if (controller) await controller.stop().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
    await controlPlane.stopForTests(handle);
  }
}

if (require.main === module) {
  main().catch((err) => { console.error(err); process.exitCode = 1; });
}

module.exports = { main };
