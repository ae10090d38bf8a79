#!/usr/bin/env node
// Validation benchmark: 10,000 generated objects (VMs with DataVolumes, NADs, NNCPs) written
// as YAML files to a temp folder, validated the way `cdk8s-kubevirt validate` does.
// Prints objects/s end to end and the share of time in YAML parsing, schema and rules;
// writes JSON to bench/results/. Runs the compiled build (npm run build first).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..');
const v = require(path.join(root, 'build', 'lib', 'validation'));

const TOTAL = Number(process.env.BENCH_OBJECTS || 10000);
const PER_FILE = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);

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

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

function round(dir) {
  let t = process.hrtime.bigint();
  const { sources, problems } = v.loadPaths([dir]);
  const parse = ms(t);
  if (problems.length) throw new Error(`bench input has problems: ${problems[0].message}`);
  t = process.hrtime.bigint();
  let schemaFindings = 0;
  for (const s of sources) schemaFindings += v.validateSchema(s.object).length;
  const schema = ms(t);
  t = process.hrtime.bigint();
  const ruleFindings = v.validateSourcesDetailed(sources, { schema: false });
  const rules = ms(t);
  return { objects: sources.length, parse, schema, rules, total: parse + schema + rules, findings: schemaFindings + ruleFindings.length };
}

function main() {
  const objects = generate(TOTAL);
  const dir = writeFiles(objects);
  try {
    const rounds = [];
    for (let r = 0; r < ROUNDS; r++) rounds.push(round(dir));
    const best = rounds.reduce((a, b) => (b.total < a.total ? b : a));
    const share = (x) => `${((100 * x) / best.total).toFixed(0)}%`;
    const result = {
      date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, objects: best.objects, files: Math.ceil(best.objects / PER_FILE),
      ms: { parse: +best.parse.toFixed(1), schema: +best.schema.toFixed(1), rules: +best.rules.toFixed(1), total: +best.total.toFixed(1) },
      objectsPerSecond: Math.round((best.objects * 1000) / best.total), findings: best.findings,
      target: 5000, rounds: rounds.map((r) => +r.total.toFixed(1)),
    };
    console.log(`validate: ${result.objects} objects in ${result.files} files, ${result.ms.total} ms (best of ${ROUNDS}): ${result.objectsPerSecond} objects/s (target >= ${result.target})`);
    console.log(`  YAML parsing ${share(best.parse)}, schema ${share(best.schema)}, rules ${share(best.rules)}; ${best.findings} findings`);
    const outDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'validate.json'), `${JSON.stringify(result, null, 2)}\n`);
    if (result.objectsPerSecond < result.target) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
