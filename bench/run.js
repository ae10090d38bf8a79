// `npm run bench`: runs each benchmark in its own Node process (so one's heap and JIT state
// do not skew the next), then prints one summary table from their JSON results.
//   synth    - L2 constructs vs raw cdk8s ApiObjects (ratio, target <= 1.2x)
//   validate - objects/s from YAML files, time split parse / schema / rules (target >= 5,000/s)
//   apply    - against the real test control plane (skipped with a reason when it is unavailable)
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
      rows.push(['validate', `${x.objects} objects: ${x.objectsPerSecond} objects/s (target >= ${x.target}); parse ${x.ms.parse} ms, schema ${x.ms.schema} ms, rules ${x.ms.rules} ms`]);
    } else if (r.name === 'apply') {
      rows.push(['apply', `${x.objects} objects: create ${x.ours.create.ms} ms (${x.ours.create.requestsPerObject} req/object), re-sync ${x.ours.resync.ms} ms (${x.ours.resync.requestsPerObject} req/object)`
        + (x.ratio ? `; kubectl --server-side ${x.ratio.create}x / ${x.ratio.resync}x slower` : '; kubectl not available')]);
    }
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log('\n== summary ==');
  for (const [name, text] of rows) console.log(`${name.padEnd(width)}  ${text}`);
}

function main() {
  fs.mkdirSync(results, { recursive: true });
  const runs = [run('synth'), run('validate')];
  const missing = controlPlaneMissing();
  runs.push(missing ? { name: 'apply', skipped: missing } : run('apply'));
  summarize(runs);
  fs.writeFileSync(path.join(results, 'summary.json'), `${JSON.stringify(runs, null, 2)}\n`);
  if (runs.some((r) => r.failed)) process.exitCode = 1;
}

main();
