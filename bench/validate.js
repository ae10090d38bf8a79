#!/usr/bin/env node
// Validation benchmark, side by side with kubeconform v0.8.0 (the schema validator GitOps CI
// uses): the same generated objects (VMs with DataVolumes, NADs, NNCPs) in the same YAML
// files, at 100, 1,000, 10,000 and 50,000 objects, each tool run as a child process
// (`cdk8s-kubevirt validate --output json` and `kubeconform -strict` with the CRDs of
// ../shared/crds converted to its schema layout). Paired rounds, alternating which tool goes
// first; prints the median wall time of each, their ratio and each child's peak RSS, plus the
// start-up time on a 10-object folder and our default report (text, with line numbers) alone. Writes bench/results/validate.json. Measures; never
// fails on a number. Runs the compiled build (npm run build first).
//   BENCH_SIZES=100,1000  BENCH_ROUNDS=3
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const { kubeconformBinary, convertCrds, VERSION } = require('./kubeconform');

const root = path.resolve(__dirname, '..');
const BIN = path.join(root, 'bin', 'cdk8s-kubevirt.js');
const SIZES = (process.env.BENCH_SIZES || '100,1000,10000,50000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const PER_FILE = 50;

function vm(i) {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: `vm-${i}`, namespace: `team-${i % 20}`, labels: { app: `app-${i % 50}` } },
    spec: {
      runStrategy: 'Always',
      dataVolumeTemplates: [{ metadata: { name: `vm-${i}-data` }, spec: { source: { blank: {} }, storage: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } } } } }],
      template: {
        metadata: { labels: { 'kubevirt.io/domain': `vm-${i}` } },
        spec: {
          evictionStrategy: 'LiveMigrate',
          domain: {
            cpu: { cores: 2, sockets: 1, threads: 1 },
            memory: { guest: '4Gi' },
            resources: { requests: { memory: '4Gi' } },
            devices: {
              disks: [{ name: 'root', disk: { bus: 'virtio' }, bootOrder: 1 }, { name: 'data', disk: { bus: 'virtio' } }, { name: 'cloudinit', disk: { bus: 'virtio' } }],
              interfaces: [{ name: 'default', masquerade: {} }, { name: 'public', bridge: {}, model: 'virtio' }],
            },
          },
          networks: [{ name: 'default', pod: {} }, { name: 'public', multus: { networkName: `br1-vlan${i % 10}` } }],
          volumes: [
            { name: 'root', dataVolume: { name: `vm-${i}-root` } },
            { name: 'data', dataVolume: { name: `vm-${i}-data` } },
            { name: 'cloudinit', cloudInitNoCloud: { userData: '#cloud-config\nuser: fedora\npassword: changeme\nchpasswd: { expire: False }\n' } },
          ],
        },
      },
    },
  };
}

function dv(i) {
  return {
    apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume', metadata: { name: `vm-${i}-root`, namespace: `team-${i % 20}` },
    spec: { source: { http: { url: `https://images.example.com/fedora-${i % 5}.qcow2` } }, storage: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '30Gi' } } } },
  };
}

function nad(i) {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition',
    metadata: { name: `br1-vlan${Math.floor(i / 20)}`, namespace: `team-${i % 20}`, annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'bridge.network.kubevirt.io/br1' } },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: `br1-vlan${i % 10}-${i}`, type: 'cnv-bridge', bridge: 'br1', vlan: 100 + (i % 10), macspoofchk: true }) },
  };
}

function nncp(i) {
  return {
    apiVersion: 'nmstate.io/v1', kind: 'NodeNetworkConfigurationPolicy', metadata: { name: `worker-${i}-br1` },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': `worker-${i}` },
      desiredState: {
        interfaces: [
          { name: 'bond1', type: 'bond', state: 'up', ipv4: { enabled: false }, 'link-aggregation': { mode: '802.3ad', options: { miimon: '100' }, port: ['eth2', 'eth3'] } },
          { name: 'br1', type: 'linux-bridge', state: 'up', bridge: { options: { stp: { enabled: false } }, port: [{ name: 'bond1', vlan: { mode: 'trunk', 'trunk-tags': [{ 'id-range': { min: 100, max: 109 } }] } }] } },
        ],
      },
    },
  };
}

/** 40% VMs, 40% DataVolumes, 10% NADs, 10% NNCPs. */
function generate(total) {
  const out = [];
  const units = Math.floor(total * 0.4);
  for (let i = 0; i < units; i++) out.push(vm(i), dv(i));
  for (let i = 0; out.length < total - Math.floor(total * 0.1); i++) out.push(nad(i));
  for (let i = 0; out.length < total; i++) out.push(nncp(i));
  return out;
}

function writeFiles(objects) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-bench-'));
  for (let f = 0; f * PER_FILE < objects.length; f++) {
    const docs = objects.slice(f * PER_FILE, (f + 1) * PER_FILE).map((o) => YAML.stringify(o));
    fs.writeFileSync(path.join(dir, `objects-${String(f).padStart(4, '0')}.yaml`), docs.join('---\n'));
  }
  return dir;
}

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a child process; wall time (ms) and its peak RSS (MiB) from /usr/bin/time, else from /proc polling. */
function measure(command, args) {
  if (TIME) {
    const r = spawnSync(TIME, ['-f', '%e %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const m = /(\d+\.\d+) (\d+)\s*$/.exec(r.stderr);
    if (!m) throw new Error(`${command} did not run: ${r.stderr.slice(-500)}`);
    return { ms: Math.round(Number(m[1]) * 1000), rssMiB: Math.round(Number(m[2]) / 1024), status: r.status, stdout: r.stdout };
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { ms: Math.round(Number(process.hrtime.bigint() - start) / 1e6), rssMiB: undefined, status: r.status, stdout: r.stdout };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function ours(dir, output = 'json') {
  const r = measure(process.execPath, [BIN, 'validate', dir, '--output', output]);
  if (r.status !== 0 && r.status !== 1) throw new Error(`cdk8s-kubevirt validate exited ${r.status}`);
  if (output === 'text') return { ...r, objects: Number(/(\d+) objects? checked/.exec(r.stdout)?.[1]) };
  const summary = JSON.parse(r.stdout).summary;
  return { ...r, objects: summary.objects };
}

function theirs(kc, schemas, dir) {
  const r = measure(kc, ['-strict', '-summary', '-output', 'json', '-schema-location', `${schemas}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`, dir]);
  if (r.status !== 0 && r.status !== 1) throw new Error(`kubeconform exited ${r.status}`);
  const summary = JSON.parse(r.stdout).summary ?? {};
  return { ...r, objects: (summary.valid ?? 0) + (summary.invalid ?? 0) + (summary.errors ?? 0) };
}

function main() {
  const kc = kubeconformBinary();
  const schemas = kc.bin ? convertCrds(path.resolve(root, '..', 'shared', 'crds')) : undefined;
  if (!kc.bin) console.log(`kubeconform: skipped (${kc.reason}); measuring cdk8s-kubevirt alone`);
  const sizes = [];

  // Start-up: a 10-object folder.
  const small = writeFiles(generate(10));
  try {
    ours(small);
    const runs = Array.from({ length: Math.max(ROUNDS, 5) }, () => ours(small).ms);
    const kcRuns = kc.bin ? Array.from({ length: Math.max(ROUNDS, 5) }, () => theirs(kc.bin, schemas, small).ms) : [];
    var startup = { objects: 10, ms: median(runs), kubeconformMs: kc.bin ? median(kcRuns) : undefined, target: 300 };
    console.log(`start-up, 10 objects: cdk8s-kubevirt ${startup.ms} ms${kc.bin ? `, kubeconform ${startup.kubeconformMs} ms` : ''} (target < 300 ms)`);
  } finally {
    fs.rmSync(small, { recursive: true, force: true });
  }

  for (const size of SIZES) {
    const dir = writeFiles(generate(size));
    try {
      const a = [];
      const b = [];
      const text = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate which tool runs first, so neither always gets the warm page cache.
        if (r % 2 === 0) { a.push(ours(dir)); if (kc.bin) b.push(theirs(kc.bin, schemas, dir)); } else { if (kc.bin) b.push(theirs(kc.bin, schemas, dir)); a.push(ours(dir)); }
        text.push(ours(dir, 'text'));
      }
      const row = {
        objects: size,
        ours: { ms: median(a.map((x) => x.ms)), rssMiB: median(a.map((x) => x.rssMiB ?? 0)), objectsSeen: a[0].objects },
        oursText: { ms: median(text.map((x) => x.ms)), rssMiB: median(text.map((x) => x.rssMiB ?? 0)), objectsSeen: text[0].objects },
        kubeconform: kc.bin ? { ms: median(b.map((x) => x.ms)), rssMiB: median(b.map((x) => x.rssMiB ?? 0)), objectsSeen: b[0].objects } : undefined,
      };
      if (row.kubeconform) {
        row.timeRatio = +(row.ours.ms / row.kubeconform.ms).toFixed(2);
        row.rssRatio = +(row.ours.rssMiB / row.kubeconform.rssMiB).toFixed(2);
      }
      sizes.push(row);
      console.log(`${String(size).padStart(6)} objects: cdk8s-kubevirt ${row.ours.ms} ms, ${row.ours.rssMiB} MiB`
        + (row.kubeconform ? ` | kubeconform ${row.kubeconform.ms} ms, ${row.kubeconform.rssMiB} MiB | time ratio ${row.timeRatio}x (< 1 = faster), RSS ratio ${row.rssRatio}x` : '')
        + ` | text report ${row.oursText.ms} ms, ${row.oursText.rssMiB} MiB`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const result = {
    date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: os.loadavg().map((l) => +l.toFixed(2)),
    kubeconform: kc.bin ? VERSION : `skipped: ${kc.reason}`, rounds: ROUNDS, filesOf: PER_FILE, startup, sizes,
    targets: { startupMs: 300, rssMiBAt50k: 150, timeRatio: '< 1 at every size' },
  };
  const outDir = path.join(root, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'validate.json'), `${JSON.stringify(result, null, 2)}\n`);
}

if (require.main === module) main();
module.exports = { generate, writeFiles };
