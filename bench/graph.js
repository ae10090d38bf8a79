// Topology benchmark: an estate of N VMs synthesized through the constructs (2 node selectors
// with bonds and bridges, 10 bridge NADs, one DataVolume per VM, every 10th VM on a golden
// image, one NAD on a bridge no policy creates), then the graph: load, validate, build, and
// render as Mermaid, DOT, SVG and HTML (median of 3 in-process runs each), the CLI end to end
// (one process per format), and the HTML page in headless Chromium when it is installed:
// load to interactive, click to YAML panel, one wheel-zoom frame. No peer tool draws this
// picture, so there is no side-by-side ratio; the targets are absolute (Mermaid/DOT < 2 s).
// Needs `npm run build` first (it loads build/lib).   node bench/graph.js [vms]
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { App, ApiObject, Chart, Size, YamlOutputType } = require('cdk8s');
const kv = require('../build/lib');
const graph = require('../build/lib/graph');
const { loadPaths } = require('../build/lib/manifests');
const { validateSources } = require('../build/lib/validation');

const VMS = Number(process.argv[2] ?? 1000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BIN = path.join(__dirname, '..', 'bin', 'cdk8s-kubevirt.js');

function synthEstate(dir) {
  const app = new App({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const host = new Chart(app, 'host-network');
  const bridges = [];
  for (const [role, selector] of [['worker', { 'node-role.kubernetes.io/worker': '' }], ['storage', { 'node-role.kubernetes.io/storage': '' }]]) {
    const policy = new kv.NodeNetworkPolicy(host, `${role}-net`, { metadata: { name: `${role}-net` }, nodeSelector: selector });
    const bond = policy.addBond(`bond-${role}`, { mode: kv.BondMode.ACTIVE_BACKUP, ports: ['eth2', 'eth3'] });
    for (let b = 0; b < 5; b++) bridges.push(policy.addLinuxBridge(`br-${role}-${b}`, { ports: b === 0 ? [bond] : [], stp: false }));
  }
  const lab = new Chart(app, 'estate', { namespace: 'vms' });
  const nads = bridges.map((bridge, i) => new kv.BridgeNetwork(lab, `net-${i}`, { metadata: { name: `net-${i}` }, bridge }));
  new ApiObject(lab, 'dangling', {
    apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'dangling' },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', name: 'dangling', type: 'bridge', bridge: 'br-nowhere' }) },
  });
  for (let i = 0; i < VMS; i++) {
    const vm = new kv.VirtualMachine(lab, `vm-${i}`, { metadata: { name: `vm-${i}` }, cpu: kv.CpuTopology.cores(1), memory: Size.gibibytes(2) });
    const disk = i % 10 === 0
      ? kv.DiskSource.dataSource({ name: 'rhel9', namespace: 'openshift-virtualization-os-images' }, { name: `vm-${i}-rootdisk`, size: Size.gibibytes(30) })
      : kv.DiskSource.dataVolume(new kv.DataVolume(lab, `vm-${i}-rootdisk`, {
        metadata: { name: `vm-${i}-rootdisk` }, source: kv.DataVolumeSource.http(`http://images.example/img-${i % 7}.qcow2`),
        size: Size.gibibytes(20), storageClass: 'managed-nfs-storage', accessModes: [kv.AccessMode.READ_WRITE_MANY],
      }));
    vm.addDisk('rootdisk', disk, { bootOrder: 1 });
    vm.addInterface('nic-0', kv.Interface.bridge(nads[i % nads.length]));
  }
  app.synth();
}

function timed(fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

function median3(fn) {
  const runs = [timed(fn), timed(fn), timed(fn)];
  runs.sort((a, b) => a.ms - b.ms);
  return { value: runs[1].value, ms: Math.round(runs[1].ms) };
}

function cli(dir, format) {
  const out = path.join(dir, '..', `topology.${format}`);
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [BIN, 'graph', dir, '--format', format, '--output', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`graph --format ${format}: ${run.stderr}`);
  return Math.round(Number(process.hrtime.bigint() - start) / 1e6);
}

async function browser(file, vmKey) {
  if (!fs.existsSync(CHROMIUM)) return { skipped: `no chromium at ${CHROMIUM}` };
  const { chromium } = require('playwright-core');
  const b = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await b.newPage({ viewport: { width: 1400, height: 900 } });
    const start = Date.now();
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="true"]');
    const loadMs = Date.now() - start;
    const clickStart = Date.now();
    await page.click(`g.node[data-key="${vmKey}"]`, { force: true });
    await page.waitForFunction((k) => document.querySelector('#panel h3')?.textContent === k, `VirtualMachine vms/${vmKey.split('/').pop()}`);
    const clickMs = Date.now() - clickStart;
    // The same selection timed inside the page (without the driver's actionability checks).
    const selectMs = await page.evaluate((k) => new Promise((resolve) => {
      const id = document.querySelector(`g.node[data-key="${k}"]`).getAttribute('data-id');
      const t0 = performance.now();
      window.topology.select(id);
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(Math.round(performance.now() - t0))));
    }), vmKey.replace('vm-500', 'vm-501'));
    // One zoom step and the frame it takes to paint: zoomed out to the whole estate, then
    // centred on the clicked VM at reading scale.
    const frame = () => page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      window.topology.zoom(1.25);
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(Math.round(performance.now() - t0))));
    }));
    await page.evaluate(() => window.topology.fit());
    const wholeMs = await frame();
    await page.evaluate((id) => window.topology.center(id), await page.getAttribute(`g.node[data-key="${vmKey}"]`, 'data-id'));
    const closeMs = await frame();
    const nodes = await page.locator('g.node').count();
    return { loadMs, clickMs, selectAndPaintMs: selectMs, zoomFrameWholeEstateMs: wholeMs, zoomFrameReadingScaleMs: closeMs, nodes };
  } finally {
    await b.close();
  }
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-graph-'));
  const dir = path.join(root, 'dist');
  try {
    const synth = timed(() => synthEstate(dir));
    const load = timed(() => loadPaths([dir]));
    const sources = load.value.sources;
    const validate = timed(() => validateSources(sources));
    const build = median3(() => graph.buildTopology(sources, { findings: validate.value }));
    const g = build.value;
    const render = {};
    for (const format of ['mermaid', 'dot', 'svg', 'html']) {
      const r = median3(() => graph.renderTopology(g, format, { title: 'bench' }));
      render[format] = { ms: r.ms, bytes: Buffer.byteLength(r.value) };
    }
    const endToEnd = {};
    for (const format of ['mermaid', 'dot', 'html']) endToEnd[format] = cli(dir, format);
    const page = await browser(path.join(root, 'topology.html'), 'VirtualMachine/vms/vm-500');
    const result = {
      vms: VMS, objects: sources.length, nodes: g.nodes.length, edges: g.edges.length, findings: validate.value.length,
      synthMs: Math.round(synth.ms), loadMs: Math.round(load.ms), validateMs: Math.round(validate.ms), buildMs: build.ms,
      render, cliEndToEndMs: endToEnd, browser: page, target: 'Mermaid/DOT < 2000 ms (build + render, and the CLI end to end)',
    };
    console.log(JSON.stringify(result, null, 2));
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results', 'graph.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

module.exports = { synthEstate };
if (require.main === module) main().catch((err) => { console.error(err); process.exitCode = 1; });
