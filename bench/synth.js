// Synth benchmark: N seed-like VMs (inline DataVolume template, bridge NIC on a NAD, cloud-init
// from a Secret) through the VirtualMachine L2, against the identical YAML through raw cdk8s
// ApiObjects, in the same process. Needs `npm run build` first (it loads build/lib).
//   node bench/synth.js [sizes...]      e.g. node bench/synth.js 1000 10000
const fs = require('fs');
const path = require('path');
const { ApiObject, App, Chart, Size, Yaml } = require('cdk8s');
const { Construct } = require('constructs');
const kv = require('../build/lib');

const NAMESPACE = 'vms';
const DEPENDS_ON = kv.DEPENDS_ON_ANNOTATION;

/** A NetworkAttachmentDefinition implementing the wiring contract, identical in both runs. */
class Nad extends Construct {
  constructor(scope, name) {
    super(scope, name);
    this.name = name;
    this.namespace = NAMESPACE;
    this.supportedBinding = 'bridge';
    this.apiObject = nadObject(this, name);
  }
}

function nadObject(scope, name) {
  return new ApiObject(scope, 'Resource', {
    apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', name, plugins: [{ type: 'bridge', bridge: 'br1' }] }) },
  });
}

function l2Chart(count) {
  const chart = new Chart(new App(), 'lab', { namespace: NAMESPACE });
  const nad = new Nad(chart, 'br1-public');
  for (let i = 0; i < count; i++) {
    const name = `vm-${i}`;
    const vm = new kv.VirtualMachine(chart, name, {
      metadata: { name, labels: { app: 'bench' } },
      cpu: kv.CpuTopology.cores(1), memory: Size.gibibytes(2),
      cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.fromSecret(`${name}-cloud-init`) }),
    });
    vm.addDisk('rootdisk', kv.DiskSource.dataVolumeTemplate({
      source: kv.DataVolumeSource.http('http://web.server/disk-image.qcow2'),
      size: Size.gibibytes(20), storageClass: 'managed-nfs-storage', accessModes: [kv.AccessMode.READ_WRITE_MANY],
    }), { bootOrder: 1 });
    vm.addInterface('nic-0', kv.Interface.bridge(nad));
  }
  return chart;
}

/** The object the L2 renders, written by hand as a raw cdk8s user would. */
function rawVm(name) {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine',
    metadata: {
      name, labels: { app: 'bench' },
      annotations: { [DEPENDS_ON]: `k8s.cni.cncf.io/NetworkAttachmentDefinition/${NAMESPACE}/br1-public` },
    },
    spec: {
      runStrategy: 'Always',
      dataVolumeTemplates: [{
        metadata: { name: `${name}-rootdisk` },
        spec: {
          source: { http: { url: 'http://web.server/disk-image.qcow2' } },
          storage: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'managed-nfs-storage' },
        },
      }],
      template: {
        metadata: { labels: { 'kubevirt.io/domain': name, 'vm.kubevirt.io/name': name } },
        spec: {
          domain: {
            cpu: { sockets: 1, cores: 1, threads: 1 },
            memory: { guest: '2Gi' },
            devices: {
              disks: [{ name: 'rootdisk', disk: { bus: 'virtio' }, bootOrder: 1 }, { name: 'cloudinitdisk', disk: { bus: 'virtio' } }],
              interfaces: [{ name: 'nic-0', bridge: {}, model: 'virtio' }],
            },
          },
          networks: [{ name: 'nic-0', multus: { networkName: `${NAMESPACE}/br1-public` } }],
          volumes: [
            { name: 'rootdisk', dataVolume: { name: `${name}-rootdisk` } },
            { name: 'cloudinitdisk', cloudInitNoCloud: { secretRef: { name: `${name}-cloud-init` } } },
          ],
        },
      },
    },
  };
}

function rawChart(count) {
  const chart = new Chart(new App(), 'lab', { namespace: NAMESPACE });
  nadObject(new Construct(chart, 'br1-public'), 'br1-public');
  for (let i = 0; i < count; i++) new ApiObject(chart, `vm-${i}`, rawVm(`vm-${i}`));
  return chart;
}

/**
 * Builds the chart and synthesizes it to YAML as `cdk8s synth` does: dependency resolution,
 * construct validations (ours run here), resolution and serialization.
 */
function synthYaml(build, count) {
  const start = process.hrtime.bigint();
  const chart = build(count);
  const yaml = chart.node.root.synthYaml();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, yaml };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function run(sizes = [1000, 10000], repeats = 5) {
  const results = [];
  // Warm-up: let the JIT compile both paths before anything is timed.
  for (let i = 0; i < 3; i++) { synthYaml(l2Chart, 500); synthYaml(rawChart, 500); }
  for (const count of sizes) {
    const l2 = synthYaml(l2Chart, count);
    const raw = synthYaml(rawChart, count);
    if (l2.yaml !== raw.yaml) throw new Error(`L2 and raw YAML differ for ${count} VMs`);
    const times = { l2: [], raw: [] };
    for (let r = 0; r < repeats; r++) {
      // alternate to spread GC and JIT effects evenly
      times.raw.push(synthYaml(rawChart, count).ms);
      times.l2.push(synthYaml(l2Chart, count).ms);
    }
    const l2ms = median(times.l2);
    const rawMs = median(times.raw);
    results.push({
      vms: count, l2Ms: round(l2ms), rawMs: round(rawMs), ratio: round(l2ms / rawMs, 3),
      yamlBytes: l2.yaml.length, repeats, l2Runs: times.l2.map((t) => round(t)), rawRuns: times.raw.map((t) => round(t)),
    });
  }
  return { benchmark: 'synth', target: 'ratio <= 1.2', node: process.version, date: new Date().toISOString(), results };
}

function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function printTable(report) {
  const rows = report.results.map((r) => [String(r.vms), r.l2Ms.toFixed(1), r.rawMs.toFixed(1), r.ratio.toFixed(3), String(r.yamlBytes)]);
  const head = ['VMs', 'L2 ms', 'raw ApiObject ms', 'ratio', 'YAML bytes'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(`synth benchmark (median of ${report.results[0]?.repeats} runs; target ${report.target})`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

function main() {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const report = run(sizes.length > 0 ? sizes : undefined);
  printTable(report);
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'synth.json');
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), file)}`);
  return report;
}

module.exports = { run, printTable, main };
if (require.main === module) main();
