// `validate` on worker threads must report exactly what the single-threaded run reports: the
// same findings in the same order, positions, counts, problems, exit codes, byte for byte in
// every format. The input mixes what a parallel run could get wrong: the whole corpus (bad YAML,
// Helm templates, kustomize, Lists, JSON, cross-object findings, context objects), a file a later
// document refuses (its objects taken back out), a VM judged at the end (inference from a
// DataVolume in a later file), ignore annotations and a configuration with ignores and severities.
// The workers are the compiled ones (build/, as the bin runs them): `npm run build` first.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listManifests } from '../../lib/cli/manifests';
import { ParallelPlan, defaultJobs, planParallel, validateParallel } from '../../lib/cli/validate-parallel';
import { RunResult, validateStreaming } from '../../lib/cli/validate-stream';
import { loadValidationSettings } from '../../lib/validation/config/load';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-kubevirt.js');
const WORKER = path.join(ROOT, 'build', 'lib', 'cli', 'validate-worker.js');
const CORPUS = path.join(__dirname, '..', 'fixtures', 'validation', 'corpus');
const INPUT = path.join(__dirname, '..', 'fixtures', 'validation', 'input');
const built = fs.existsSync(WORKER);

const vm = (name: string, extra = '') => `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: ${name}
  namespace: team-a${extra}
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        memory: {guest: 1Gi}
        devices:
          disks: [{name: root, disk: {bus: virtio}}]
          interfaces: [{name: default, masquerade: {}}, {name: public, bridge: {}}]
      networks: [{name: default, pod: {}}, {name: public, multus: {networkName: br-${name.length % 3}}}]
      volumes: [{name: root, dataVolume: {name: ${name}-root}}]
`;
const dv = (name: string, labels = '') => `apiVersion: cdi.kubevirt.io/v1beta1
kind: DataVolume
metadata: {name: ${name}, namespace: team-a${labels}}
spec:
  source: {http: {url: "https://example.com/disk.img"}}
  storage: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

/** A folder of the cases the corpus lacks, and a configuration for the whole input. */
function extras(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-parallel-'));
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  for (let f = 0; f < 6; f++) {
    const docs: string[] = [];
    for (let i = 0; i < 8; i++) docs.push(i % 2 ? vm(`vm-${f}-${i}`) : dv(`vm-${f}-${i - 1}-root`));
    // The same VM in two files: a cross-object finding about objects judged by different workers.
    docs.push(vm('twice'));
    write(`bulk-${f}.yaml`, docs.join('---\n'));
  }
  write('refused.yaml', [vm('gone-1'), vm('gone-2'), 'kind: [unclosed\n'].join('---\n'));
  write('annotated.yaml', [
    vm('no-reason', '\n  annotations: {cdk8s-kubevirt.io/ignore-rules: "vm-run-strategy-valid"}'),
    vm('with-reason', '\n  annotations: {cdk8s-kubevirt.io/ignore-rules: "xo-multus-nad-exists -- lab NADs come later"}'),
  ].join('---\n'));
  write('infer.yaml', vm('infers').replace('runStrategy: Always', 'runStrategy: Always\n  instancetype: {inferFromVolume: root}'));
  write('zz-dv.yaml', dv('infers-root', ', labels: {instancetype.kubevirt.io/default-instancetype: u1.small}'));
  write('list.yaml', `apiVersion: v1\nkind: List\nitems:\n${[vm('in-list-1'), vm('in-list-2')].map((t) => `- ${t.split('\n').join('\n  ')}`).join('\n')}\n`);
  write('config.yaml', `rules:
  vmi-bridge-on-pod-network: warning
  schema: info
ignore:
  - rules: [xo-duplicate-object]
    files: ["bulk-1.yaml"]
    reason: accepted in the test
  - rules: [xo-multus-nad-exists]
`);
  return dir;
}

let dir: string;
beforeAll(() => { dir = extras(); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parallel validate, through the compiled CLI', () => {
  const cli = (args: string[], jobs: string) => {
    const r = spawnSync(process.execPath, [BIN, 'validate', dir, CORPUS, INPUT, '--config', path.join(dir, 'config.yaml'), ...args, '--jobs', jobs],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CDK8S_KUBEVIRT_JOBS: '' }, maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  (built ? test.each([
    [['--output', 'json']], [['--output', 'text']], [['--output', 'sarif']], [['--output', 'json', '--assume-complete', '--fail-on', 'warning']],
  ]) : test.skip.each([[[]]]))('%j: the same bytes, stderr and exit code with 1 and 3 threads', (args) => {
    const one = cli(args, '1');
    expect(one.status).toBe(2); // the corpus holds unusable files
    expect(one.stdout.length).toBeGreaterThan(10_000);
    expect(cli(args, '3')).toEqual(one);
  });
});

describe('parallel validate, the library run', () => {
  const settings = () => {
    const config = loadValidationSettings({ file: path.join(dir, 'config.yaml'), cwd: dir, searchFrom: dir });
    return { config, assumeComplete: true };
  };
  const comparable = (r: RunResult | undefined) => r && {
    objects: r.objects, problems: r.problems,
    located: r.located.map((l) => ({
      finding: l.finding, ordinal: l.ordinal, line: l.entry?.line, column: l.entry?.column,
      at: (l.entry as { locate?(p: string): unknown } | undefined)?.locate?.(l.finding.path),
    })),
  };

  (built ? test.each([true, false]) : test.skip.each([true]))('positions %s: one file per batch, same run as one thread', async (positions) => {
    const input = listManifests([dir, CORPUS, INPUT], dir, { positions });
    const single = comparable(validateStreaming(input, settings()));
    expect(single!.located.length).toBeGreaterThan(250);
    expect(single!.located.filter((l) => l.finding.suppressed).length).toBeGreaterThan(0);
    const plan: ParallelPlan = { ...planParallel(input, { jobs: 3, explicit: true, batchBytes: 1, workerFile: WORKER })! };
    expect(plan.workers).toBe(2);
    expect(comparable(await validateParallel(input, settings(), plan))).toEqual(single);
  }, 120_000);

  (built ? test : test.skip)('a context object in a file that does not show it: undefined, as the single-threaded run', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-parallel-escaped-'));
    try {
      fs.writeFileSync(path.join(other, 'a.yaml'), vm('a'));
      // "Kube\x56irt": the text never names the kind, the parsed object is a KubeVirt CR.
      fs.writeFileSync(path.join(other, 'b.yaml'), 'apiVersion: kubevirt.io/v1\nkind: "Kube\\x56irt"\nmetadata: {name: kv, namespace: kubevirt}\nspec: {}\n');
      const input = listManifests([other], other, { positions: false });
      expect(validateStreaming(input, {})).toBeUndefined();
      const plan = planParallel(input, { jobs: 2, explicit: true, batchBytes: 1, workerFile: WORKER })!;
      expect(await validateParallel(input, {}, plan)).toBeUndefined();
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);

  test('by default one thread fewer than the processors, at most 4', () => {
    expect([1, 2, 3, 4, 8, 64].map((n) => defaultJobs(n))).toEqual([1, 1, 2, 3, 4, 4]);
  });

  test('small inputs and one job stay on this thread', () => {
    const input = listManifests([dir], dir, { positions: false });
    expect(planParallel(input, { jobs: 4 })).toBeUndefined();
    expect(planParallel(input, { jobs: 1, explicit: true })).toBeUndefined();
  });
});

describe('a worker that fails', () => {
  const failing = (body: string) => {
    const file = path.join(dir, `worker-${Math.random().toString(16).slice(2)}.js`);
    // Takes the context objects, says it is ready, then fails on its first batch.
    fs.writeFileSync(file, `const { parentPort } = require('worker_threads');\nparentPort.on('message', (m) => {\n`
      + `  if (m && m.context) parentPort.postMessage('ready');\n  else if (m !== 'close') { ${body} }\n});\n`);
    return file;
  };

  test.each([
    ['throws', "throw new Error('boom in the worker');", /validation worker thread failed: Error: boom in the worker[\s\S]*while validating \S+\.(yaml|json)/],
    ['exits', 'process.exit(3);', /validation worker thread stopped \(exit code 3\)[\s\S]*while validating/],
  ])('%s: the run fails with an error naming the files, and does not hang', async (_name, body, message) => {
    // Enough batches that the worker is ready long before this thread could judge them all.
    const input = listManifests([CORPUS], dir, { positions: false });
    // The main thread only merges: every batch waits for the worker (else it could judge them all first).
    const plan = planParallel(input, { jobs: 2, explicit: true, batchBytes: 1, mainJudges: false, workerFile: failing(body) })!;
    await expect(validateParallel(input, {}, plan)).rejects.toThrow(message);
  }, 60_000);

  (built ? test : test.skip)('through the CLI: exit 2, the error on stderr, no report', () => {
    // The CLI as the bin runs it, its worker replaced by one that fails as soon as it starts: the
    // main thread sees it after its first batch (the corpus makes several).
    const r = spawnSync(process.execPath, ['-e', `
      const wt = require('worker_threads');
      const { EventEmitter } = require('events');
      wt.Worker = class extends EventEmitter {
        constructor() { super(); setImmediate(() => { this.emit('error', new Error('boom in the worker')); this.emit('exit', 1); }); }
        postMessage() {} unref() {} terminate() { return Promise.resolve(1); }
      };
      process.argv = [process.argv[0], ${JSON.stringify(BIN)}, 'validate', ${JSON.stringify(CORPUS)}, '--jobs', '2', '--output', 'json'];
      require(${JSON.stringify(BIN)});
    `], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cdk8s-kubevirt: Error: a validation worker thread failed: Error: boom in the worker\n/);
    expect(r.stdout).toBe('');
  });
});
