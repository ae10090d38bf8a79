// `npm run bench`: runs each benchmark in its own Node process (so one's heap and JIT state
// do not skew the next), then prints one summary table from their JSON results.
//   synth    - L2 constructs vs raw cdk8s ApiObjects (ratio, target <= 1.2x)
//   validate - cdk8s-kubevirt validate vs kubeconform v0.8.0 at 100 to 50,000 objects: time, peak RSS, ratios
//   apply    - against the real test control plane (skipped with a reason when it is unavailable)
//   graph    - the topology of 1,000 VMs: Mermaid/DOT/SVG/HTML render times, the HTML page in chromium
//   controller - the GitOps controller managing 10,000 objects: first sync, re-sync, RSS, drift p99 at 10 edits/s
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const results = path.join(__dirname, 'results');
const node = process.execPath;

function run(name, args = []) {
  const file = path.join(results, `${name}.json`);
  fs.rmSync(file, { force: true });
  console.log(`\n== ${name} ==`);
  const out = spawnSync(node, ['--expose-gc', path.join(__dirname, `${name}.js`), ...args], { stdio: 'inherit' });
  if (out.status !== 0) return { name, failed: `exit ${out.status}` };
  return fs.existsSync(file) ? { name, result: JSON.parse(fs.readFileSync(file, 'utf8')) } : { name, failed: 'no result file' };
}

function controlPlaneMissing() {
  const found = require('../scripts/control-plane/lib.js').findBinaries();
  return found.ok ? undefined : found.reason;
}

function summarize(runs) {
  const rows = [];
  for (const r of runs) {
    if (r.skipped || r.failed) { rows.push([r.name, r.skipped ? `skipped: ${r.skipped}` : `FAILED: ${r.failed}`]); continue; }
    const x = r.result;
    if (r.name === 'synth') {
      for (const s of x.results ?? x.sizes ?? []) rows.push(['synth', `${s.vms ?? s.size} VMs: L2 ${s.l2Ms ?? s.l2} ms vs raw ${s.rawMs ?? s.raw} ms = ${s.ratio}x (target <= 1.2x)`]);
    } else if (r.name === 'validate') {
      if (x.startup) rows.push(['validate', `start-up (10 objects) ${x.startup.ms} ms (target < ${x.startup.target} ms)${x.startup.kubeconformMs !== undefined ? `, kubeconform ${x.startup.kubeconformMs} ms` : ''}`]);
      for (const s of x.sizes ?? []) {
        rows.push(['validate', `${s.objects} objects: ${s.ours.ms} ms, ${s.ours.rssMiB} MiB` + (s.kubeconform ? ` | kubeconform ${s.kubeconform.ms} ms, ${s.kubeconform.rssMiB} MiB | time ${s.timeRatio}x, RSS ${s.rssRatio}x` : '')]);
      }
    } else if (r.name === 'graph') {
      rows.push(['graph', `${x.vms} VMs (${x.nodes} nodes, ${x.edges} links): build ${x.buildMs} ms, Mermaid ${x.render.mermaid.ms} ms, DOT ${x.render.dot.ms} ms, HTML ${x.render.html.ms} ms; CLI end to end Mermaid ${x.cliEndToEndMs.mermaid} ms (target < 2000 ms)`]);
      rows.push(['graph', x.browser.skipped ? `browser: skipped (${x.browser.skipped})` : `browser: page interactive ${x.browser.loadMs} ms, select ${x.browser.selectAndPaintMs} ms, zoom frame ${x.browser.zoomFrameWholeEstateMs} ms (whole estate) / ${x.browser.zoomFrameReadingScaleMs} ms (reading scale)`]);
    } else if (r.name === 'controller') {
      const rss = x.rssManaging?.rssMiB ?? x.rssManagingMiB;
      const peer = x.kubectl ? ` | kubectl --server-side: create ${x.kubectl.createMs} ms, re-apply ${x.kubectl.reapplyMs} ms (${x.ratio.create}x / ${x.ratio.resync}x slower)` : ' | kubectl not available';
      rows.push(['controller', `${x.objects} objects (load ${x.loadAverage?.[0] ?? '?'}): first sync ${x.firstSyncMs} ms, full re-sync ${x.resync.ms} ms (target < 10000 ms; ${x.resync.requestsPerObject} req/object)${peer}`]);
      rows.push(['controller', `RSS managing ${rss} MiB (the controller process alone; target < 200 MiB)${x.rssManaging?.heapUsedMiB !== undefined ? `, heap used ${x.rssManaging.heapUsedMiB} MiB` : ''}; `
        + `drift at ${x.drift.rate} edits/s: p50 ${x.drift.p50} ms, p99 ${x.drift.p99} ms (target < 500 ms), ${x.drift.notReverted} of ${x.drift.edits} not reverted in 30 s`]);
    } else if (r.name === 'apply') {
      rows.push(['apply', `${x.objects} objects: create ${x.ours.create.ms} ms (${x.ours.create.requestsPerObject} req/object), re-sync ${x.ours.resync.ms} ms (${x.ours.resync.requestsPerObject} req/object)`
        + (x.ours.controllerResync ? `, controller re-sync ${x.ours.controllerResync.ms} ms (${x.ours.controllerResync.requestsPerObject} req/object, target < 1000 ms, <= 0.05)` : '')
        + (x.ratio ? `; kubectl --server-side ${x.ratio.create}x / ${x.ratio.resync}x${x.ratio.controllerResync ? ` / ${x.ratio.controllerResync}x` : ''} slower` : '; kubectl not available')]);
    }
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log('\n== summary ==');
  for (const [name, text] of rows) console.log(`${name.padEnd(width)}  ${text}`);
}

function main() {
  fs.mkdirSync(results, { recursive: true });
  const runs = [run('synth'), run('validate'), run('graph')];
  const missing = controlPlaneMissing();
  runs.push(missing ? { name: 'apply', skipped: missing } : run('apply'));
  runs.push(missing ? { name: 'controller', skipped: missing } : run('controller'));
  summarize(runs);
  fs.writeFileSync(path.join(results, 'summary.json'), `${JSON.stringify(runs, null, 2)}\n`);
  if (runs.some((r) => r.failed)) process.exitCode = 1;
}

main();
