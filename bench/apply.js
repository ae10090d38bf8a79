// Apply benchmark: 1,000 objects (VMs with template disks, DataVolumes, NADs, ConfigMaps)
// applied to the real test control plane, then re-synced unchanged; wall time and API requests
// per object, against `kubectl apply --server-side` on the same folder when kubectl is on PATH.
// Needs `npm run build` first (it loads build/lib) and the control-plane binaries.
//   node bench/apply.js [objects]        e.g. node bench/apply.js 1000
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const controlPlane = require('../scripts/control-plane/cluster.js');
const ctl = require('../build/lib/controller');

const COUNT = Number(process.argv[2] || 1000);

function objectsFor(namespace, count) {
  const objects = [];
  for (let i = 0; objects.length < count; i++) {
    const n = String(i).padStart(4, '0');
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${n}`, namespace }, data: { index: n } });
    objects.push({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: `nad-${n}`, namespace },
      spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: `nad-${n}`, plugins: [{ type: 'bridge', bridge: 'br1' }] }) } });
    objects.push({ apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: `dv-${n}`, namespace },
      spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } } });
    objects.push({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: `vm-${n}`, namespace }, spec: {
      runStrategy: 'Halted',
      dataVolumeTemplates: [{ metadata: { name: `vm-${n}-root` }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } } } } }],
      template: { spec: {
        domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] }, resources: { requests: { memory: '64Mi' } } },
        volumes: [{ name: 'root', dataVolume: { name: `vm-${n}-root` } }],
      } },
    } });
  }
  return objects.slice(0, count);
}

function writeFolder(dir, objects) {
  fs.mkdirSync(dir, { recursive: true });
  for (const o of objects) fs.writeFileSync(path.join(dir, `${o.kind}.${o.metadata.name}.yaml`), YAML.stringify(o));
}

async function ourRun(client, dir, inventory, applier = new ctl.Applier(client)) {
  const sources = await ctl.loadSourceFolder(dir);
  const before = { ...client.requests };
  const t0 = process.hrtime.bigint();
  const result = await applier.apply(sources, { inventory, validator: false });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!result.ok) throw new Error(`apply failed: ${result.message}`);
  const r = client.requests;
  const requests = { reads: r.reads - before.reads, dryRuns: r.dryRuns - before.dryRuns, writes: r.writes - before.writes };
  const total = requests.reads + requests.dryRuns + requests.writes;
  return { ms: round(ms), requests, requestsPerObject: round(total / sources.length, 2), counts: result.changes.counts() };
}

function kubectlRun(kubeconfig, dir) {
  const t0 = process.hrtime.bigint();
  const out = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--field-manager', 'bench-kubectl', '-R', '-f', dir, '-v=6'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (out.status !== 0) throw new Error(`kubectl failed: ${out.stderr.split('\n').filter((l) => !l.includes('] ')).slice(-5).join('\n')}`);
  const requestLines = out.stderr.split('\n').filter((l) => /"Response" verb="|\b(GET|PATCH|POST|PUT|DELETE) https:/.test(l));
  return { ms: round(ms), requests: requestLines.length, requestsPerObject: round(requestLines.length / COUNT, 2) };
}

const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function main() {
  const handle = await controlPlane.startForTests();
  const kubeconfig = handle.state.kubeconfig;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-bench-apply-'));
  try {
    const client = await ctl.createKubeClient({ kubeconfig });
    const ours = `bench-ours-${process.pid}`;
    const theirs = `bench-kubectl-${process.pid}`;
    for (const ns of [ours, theirs]) await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    writeFolder(path.join(work, 'ours'), objectsFor(ours, COUNT));
    writeFolder(path.join(work, 'kubectl'), objectsFor(theirs, COUNT));
    const inventory = { name: `bench-${process.pid}`, namespace: 'default' };

    const result = { benchmark: 'apply', objects: COUNT, node: process.version, date: new Date().toISOString(), concurrency: 8 };
    // The controller keeps one Applier: its re-syncs use what the server confirmed last time.
    const controller = new ctl.Applier(client);
    result.ours = { create: await ourRun(client, path.join(work, 'ours'), inventory, controller) };
    result.ours.resync = await ourRun(client, path.join(work, 'ours'), inventory);
    result.ours.controllerResync = await ourRun(client, path.join(work, 'ours'), inventory, controller);
    for (const run of [result.ours.resync, result.ours.controllerResync]) {
      if (run.requests.writes !== 0) throw new Error(`re-sync wrote ${run.requests.writes} times`);
    }
    let hasKubectl = false;
    try { execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' }); hasKubectl = true; } catch { /* absent */ }
    if (hasKubectl) {
      result.kubectl = { create: kubectlRun(kubeconfig, path.join(work, 'kubectl')) };
      result.kubectl.resync = kubectlRun(kubeconfig, path.join(work, 'kubectl'));
      result.ratio = {
        create: round(result.kubectl.create.ms / result.ours.create.ms, 2),
        resync: round(result.kubectl.resync.ms / result.ours.resync.ms, 2),
        controllerResync: round(result.kubectl.resync.ms / result.ours.controllerResync.ms, 2),
      };
    }
    for (const ns of [ours, theirs]) await client.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
    await client.delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: inventory.name });

    const file = path.join(__dirname, 'results', 'apply.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`apply ${COUNT} objects: create ${result.ours.create.ms} ms (${result.ours.create.requestsPerObject} req/object), ` +
      `re-sync ${result.ours.resync.ms} ms (${result.ours.resync.requestsPerObject} req/object, 0 writes), `
      + `controller re-sync ${result.ours.controllerResync.ms} ms (${result.ours.controllerResync.requestsPerObject} req/object)`);
    if (result.kubectl) {
      console.log(`kubectl apply --server-side: create ${result.kubectl.create.ms} ms (${result.kubectl.create.requestsPerObject} req/object), ` +
        `re-apply ${result.kubectl.resync.ms} ms (${result.kubectl.resync.requestsPerObject} req/object); speed-up ${result.ratio.create}x / ${result.ratio.resync}x / controller ${result.ratio.controllerResync}x`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await controlPlane.stopForTests(handle);
  }
}

if (require.main === module) {
  main().catch((err) => { console.error(err); process.exitCode = 1; });
}

module.exports = { main };
