// Controller at scale: the GitOps controller (the real CLI `controller` command, in its own
// process, so only its memory counts) managing N objects (default 10,000) on the real test
// control plane: first sync, a full re-sync of the unchanged set (time, API requests per object,
// both from the controller's /metrics), its RSS while managing them (from /proc), and drift
// correction latency under a steady stream of out-of-band edits (10 per second);
// `kubectl apply --server-side` on the same set side by side.
// Needs `npm run build` first and the control-plane binaries.
//   node bench/controller.js [objects] [edits/s] [seconds]
// While iterating: BENCH_KUBECONFIG=<a `npm run cluster:up` kubeconfig> reuses a running cluster,
// BENCH_KEEP=1 keeps the namespace (the next run re-uses its objects), BENCH_NO_KUBECTL=1 skips the peer,
// BENCH_CPU_PROF=<dir> writes the controller's CPU profile there, BENCH_LOG=<file> keeps its output,
// BENCH_HEAP_SNAPSHOT=<dir> takes a heap snapshot of it after the re-sync, BENCH_NODE_FLAGS more node flags for it.
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const controlPlane = require('../scripts/control-plane/cluster.js');
const ctl = require('../build/lib/controller');

const COUNT = Number(process.argv[2] || 10_000);
const RATE = Number(process.argv[3] || 10);
const SECONDS = Number(process.argv[4] || 20);
const KEEP = process.env.BENCH_KEEP === '1';
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

function kubectl(kubeconfig, dir) {
  const t0 = process.hrtime.bigint();
  const out = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--field-manager', 'bench-kubectl', '-R', '-f', dir],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`kubectl failed: ${out.stderr.split('\n').slice(-5).join('\n')}`);
  return round(Number(process.hrtime.bigint() - t0) / 1e6);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

/** The controller process's resident set and its peak so far, in MiB (Linux /proc). */
function rssOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: round(kib('VmRSS') / 1024), peakMiB: round(kib('VmHWM') / 1024) };
}

/** The controller CLI as a child process, read through its /metrics. */
class ControllerProcess {
  constructor(args, port, logFile) {
    this.port = port;
    this.logFile = logFile;
    // Output straight to a file, as a container runtime takes it: a pipe read by this busy process
    // would block the controller's writes (pipes are synchronous on Linux).
    const out = fs.openSync(logFile, 'a');
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
    if (process.env.BENCH_NODE_FLAGS) profile.push(...process.env.BENCH_NODE_FLAGS.split(' '));
    if (process.env.BENCH_HEAP_SNAPSHOT) profile.push('--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${process.env.BENCH_HEAP_SNAPSHOT}`);
    this.child = spawn(process.execPath, [...profile, path.join(__dirname, '..', 'bin', 'cdk8s-kubevirt.js'), 'controller', ...args, '--metrics-port', String(port)],
      { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  tail(lines = 20) {
    return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  async get(route) {
    const res = await fetch(`http://127.0.0.1:${this.port}${route}`).catch(() => undefined);
    return res ? { status: res.status, text: await res.text() } : undefined;
  }

  /** Sums of the sync-duration histogram and the request gauges. */
  async counters() {
    const text = (await this.get('/metrics'))?.text ?? '';
    const sum = (prefix) => text.split('\n').filter((l) => l.startsWith(prefix)).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    return {
      syncs: sum('cdk8s_kubevirt_sync_duration_seconds_count'),
      syncSeconds: sum('cdk8s_kubevirt_sync_duration_seconds_sum'),
      requests: sum('cdk8s_kubevirt_api_requests{type="reads"}') + sum('cdk8s_kubevirt_api_requests{type="dryRuns"}') + sum('cdk8s_kubevirt_api_requests{type="writes"}'),
      writes: sum('cdk8s_kubevirt_api_requests{type="writes"}'),
      unchanged: sum('cdk8s_kubevirt_objects_total{action="unchanged"'),
    };
  }

  async until(check, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`controller exited (${this.child.exitCode}) while waiting for ${what}:\n${this.tail()}`);
      const value = await check();
      if (value) return value;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}:\n${this.tail()}`);
  }

  async stop() {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** Edits random ConfigMaps at `rate`/s for `seconds`; resolves with the time each took to be reverted. */
async function driftDrill(client, namespace, configMaps, rate, seconds, sampleRss) {
  const pending = new Map();
  const latencies = [];
  // Watch from the current resourceVersion: without one the server first replays every ConfigMap
  // as ADDED, and handling thousands of those here would delay the first reverts seen.
  const { resourceVersion } = await client.list('v1', 'ConfigMap', { namespace });
  const watch = await client.watch('v1', 'ConfigMap', { namespace, resourceVersion }, (type, obj) => {
    const started = pending.get(obj.metadata.name);
    if (started !== undefined && obj.data?.index !== 'drifted') { latencies.push(Date.now() - started); pending.delete(obj.metadata.name); }
  }, () => undefined);
  const edits = [];
  const t0 = Date.now();
  for (let i = 0; i < rate * seconds; i++) {
    const name = configMaps[Math.floor(Math.random() * configMaps.length)].metadata.name;
    if (!pending.has(name)) {
      pending.set(name, Date.now());
      edits.push(client.mergePatch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { index: 'drifted' } }, { fieldManager: 'kubectl-edit' }));
    }
    sampleRss();
    // A steady rate: the next edit is due at t0 + (i+1)/rate, whatever this loop's own delays.
    await sleep(Math.max(0, t0 + ((i + 1) * 1000) / rate - Date.now()));
  }
  await Promise.all(edits);
  const deadline = Date.now() + 30_000;
  while (pending.size > 0 && Date.now() < deadline) { sampleRss(); await sleep(50); }
  watch.abort();
  return { edits: edits.length, reverted: latencies.length, notReverted: pending.size, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
}

async function main() {
  const reuse = process.env.BENCH_KUBECONFIG;
  const handle = reuse ? undefined : await controlPlane.startForTests();
  const kubeconfig = reuse ?? handle.state.kubeconfig;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-bench-controller-'));
  let controller;
  try {
    const client = await ctl.createKubeClient({ kubeconfig });
    const ours = KEEP ? `bench-ctl-${COUNT}` : `bench-ctl-${process.pid}`;
    const theirs = `bench-ctl-kubectl-${process.pid}`;
    const existing = Boolean(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: ours }));
    if (!existing) await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ours } });
    const objects = objectsFor(ours, COUNT);
    writeFolder(path.join(work, 'ours'), objects);
    const result = { benchmark: 'controller', objects: COUNT, node: process.version, date: new Date().toISOString(), loadAverage: os.loadavg().map((l) => round(l, 2)) };
    if (existing) result.reusedObjects = true;

    const port = await freePort();
    let t0 = Date.now();
    controller = new ControllerProcess(['--source', path.join(work, 'ours'), '--kubeconfig', kubeconfig, '--inventory-name', ours, '--inventory-namespace', 'default', '--resync', '24h'], port, process.env.BENCH_LOG ?? path.join(work, 'controller.log'));
    let peak = 0;
    const sampleRss = () => { try { peak = Math.max(peak, rssOf(controller.child.pid).rssMiB); } catch { /* exited */ } };
    await controller.until(async () => (await controller.get('/readyz'))?.status === 200, 3_600_000, 'the first sync');
    result.firstSyncMs = Date.now() - t0;
    const afterFirst = await controller.counters();
    result.firstSync = { syncMs: round(afterFirst.syncSeconds * 1000, 0), requests: afterFirst.requests, writes: afterFirst.writes };
    await sleep(3000); // the watches' initial lists fill the cache

    // A full re-sync of the unchanged set, on SIGHUP.
    const before = await controller.counters();
    controller.child.kill('SIGHUP');
    const after = await controller.until(async () => { const c = await controller.counters(); return c.syncs > before.syncs ? c : undefined; }, 600_000, 'the re-sync');
    const requests = after.requests - before.requests;
    result.resync = { ms: round((after.syncSeconds - before.syncSeconds) * 1000, 0), requests, requestsPerObject: round(requests / COUNT, 4), writes: after.writes - before.writes, unchanged: after.unchanged - before.unchanged };
    await sleep(2000);
    result.rssManaging = rssOf(controller.child.pid);
    const metrics = (await controller.get('/metrics'))?.text ?? '';
    const gauge = (name) => round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metrics)?.[1]) / 1024 / 1024);
    Object.assign(result.rssManaging, { heapUsedMiB: gauge('nodejs_heap_size_used_bytes'), heapTotalMiB: gauge('nodejs_heap_size_total_bytes'), externalMiB: gauge('nodejs_external_memory_bytes') });
    if (process.env.BENCH_HEAP_SNAPSHOT) { controller.child.kill('SIGUSR2'); await sleep(20_000); }

    result.drift = await driftDrill(client, ours, objects.filter((o) => o.kind === 'ConfigMap'), RATE, SECONDS, sampleRss);
    result.drift.rate = RATE;
    result.rssDuringDriftMaxMiB = peak;
    result.rssAfterDrift = rssOf(controller.child.pid);
    await controller.stop();
    controller = undefined;
    // Ours first: the kubectl runs that follow take minutes at this size.
    console.log(`controller, ${COUNT} objects: ${JSON.stringify({ firstSyncMs: result.firstSyncMs, resync: result.resync, rssManaging: result.rssManaging, drift: result.drift })}`);

    let hasKubectl = false;
    try { execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' }); hasKubectl = process.env.BENCH_NO_KUBECTL !== '1'; } catch { /* absent */ }
    if (hasKubectl) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: theirs } });
      writeFolder(path.join(work, 'kubectl'), objectsFor(theirs, COUNT));
      result.kubectl = { createMs: kubectl(kubeconfig, path.join(work, 'kubectl')) };
      result.kubectl.reapplyMs = kubectl(kubeconfig, path.join(work, 'kubectl'));
      result.ratio = { create: round(result.kubectl.createMs / result.firstSyncMs, 2), resync: round(result.kubectl.reapplyMs / result.resync.ms, 2) };
      await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: theirs });
    }
    if (!KEEP) {
      await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ours });
      await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: ours });
    }
    result.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));

    const file = path.join(__dirname, 'results', 'controller.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    if (controller) await controller.stop().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
    if (handle) await controlPlane.stopForTests(handle);
  }
}

if (require.main === module) {
  main().catch((err) => { console.error(err); process.exitCode = 1; });
}

module.exports = { main };
