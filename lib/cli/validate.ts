// `cdk8s-kubevirt validate [files or folders...]`: exit 0 without errors, 1 with errors
// (or warnings under --fail-on warning), 2 when the input cannot be used.
import * as fs from 'fs';
import { getCompileCacheDir } from 'module';
import * as path from 'path';
import { ConfigError, findConfigFile, loadValidationSettings } from '../validation/config/load';
import { missingReferences } from '../validation/config/references';
import { withCluster } from '../validation/config/settings';
import { configIgnoreWarnings } from '../validation/config/suppression';
import type { RunFinding } from '../validation/validation-run';
import type { LoadProblem, LoadedSource } from '../manifests';
import { forgetRereadText } from '../manifests/reread';
import { formatJsonChunks } from '../validation/report/json';
import { ALL_RULES } from '../validation/rules';
import { useSchemaCodeCache } from '../validation/schema/code-cache';
import { Finding } from '../validation/types';
import { CliIo, parseArgs } from './command';
import { listManifests, readManifests } from './manifests';
import { jobsOf, planParallel, validateParallel } from './validate-parallel';
import { validateStreaming, validateWhole } from './validate-stream';

const HELP = `usage: cdk8s-kubevirt validate [files or folders...] [options]

Checks Kubernetes manifests (YAML or JSON; folders are searched recursively) offline:
CRD schemas, the KubeVirt/CDI/nmstate/Multus admission rules and cross-object references.
Without paths, validates dist/ (the cdk8s output folder) if it exists, else the current folder.

options:
  --output text|json|sarif   report format (default: text)
  --config FILE              validation config (default: the nearest .cdk8s-kubevirt.yaml
                             from the validated folder, else the current folder, upwards)
  --kubeconfig FILE          also look up, read-only, what the input refers to but does not
                             contain (and the KubeVirt CR's feature gates) in that cluster
  --assume-complete          the input is the whole estate: missing references are errors
  --fail-on error|warning    exit 1 on errors (default) or on warnings too
  --node-interfaces a,b,...  NIC names present on every node (enables nmstate-port-exists)
  --max-file-size MiB        largest file accepted (default: 32)
  --jobs N                   threads that read and judge files, this one included (or
                             CDK8S_KUBEVIRT_JOBS; 1: no worker threads). Default: inputs of
                             2 to 32 MiB use one fewer than the processors available (at
                             most 4), one per MiB; others one. Same report either way
  -h, --help                 this text

exit status: 0 no errors, 1 errors found, 2 input unusable`;

export async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { flags: ['assume-complete', 'help', 'h'], options: ['output', 'o', 'fail-on', 'node-interfaces', 'max-file-size', 'config', 'kubeconfig', 'jobs'] });
  if (parsed.flags.has('help') || parsed.flags.has('h')) { io.stdout(HELP); return 0; }
  const fail = (msg: string) => { io.stderr(`cdk8s-kubevirt validate: ${msg}\n\n${HELP}`); return 2; };
  if (parsed.error) return fail(parsed.error);
  const output = parsed.options.get('output') ?? parsed.options.get('o') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(output)) return fail(`--output must be text, json or sarif, not '${output}'`);
  const failOnFlag = parsed.options.get('fail-on');
  if (failOnFlag !== undefined && !['error', 'warning'].includes(failOnFlag)) return fail(`--fail-on must be error or warning, not '${failOnFlag}'`);
  const maxMiB = Number(parsed.options.get('max-file-size') ?? 32);
  if (!(maxMiB > 0)) return fail('--max-file-size must be a positive number of MiB');
  const jobs = jobsOf(parsed.options.get('jobs'), process.env);
  if (typeof jobs === 'string') return fail(jobs);
  const nodeInterfaces = parsed.options.get('node-interfaces')?.split(',').map((s) => s.trim()).filter(Boolean);

  // Beside Node's compile cache (on when run as the `cdk8s-kubevirt` command): the validators' code.
  const compileCache = getCompileCacheDir?.();
  if (compileCache !== undefined) useSchemaCodeCache(path.join(compileCache, 'cdk8s-kubevirt-validators'));

  let paths = parsed.positionals;
  if (paths.length === 0) paths = [fs.existsSync(path.join(io.cwd, 'dist')) ? 'dist' : '.'];
  const resolved = paths.map((p) => (path.isAbsolute(p) ? p : path.join(io.cwd, p)));

  let settings;
  try {
    const explicit = parsed.options.get('config');
    const first = resolved[0];
    const folder = fs.existsSync(first) && fs.statSync(first).isFile() ? path.dirname(first) : first;
    const file = explicit !== undefined ? path.resolve(io.cwd, explicit) : findConfigFile(folder) ?? findConfigFile(io.cwd);
    settings = loadValidationSettings({ file, cwd: io.cwd, searchFrom: io.cwd });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) io.stderr(`cdk8s-kubevirt validate: ${err.source}: ${problem}`);
    return 2;
  }
  const failOn = failOnFlag ?? settings.spec.failOn ?? 'error';
  const assumeComplete = parsed.flags.has('assume-complete') ? true : undefined;
  // Text and SARIF print lines: the files are read again for the findings' positions, so the input's
  // text is never held (50,000 objects, text report: peak RSS 171 -> 125 MiB, wall 4.5-5.8 -> 4.25 s).
  const loadOptions = { maxFileBytes: maxMiB * 1024 * 1024, positions: output !== 'json', keepText: false };
  const kubeconfig = parsed.options.get('kubeconfig');
  let run: { located: RunFinding[]; objects: number; problems: LoadProblem[] } | undefined;
  if (kubeconfig !== undefined) {
    // What to look up in the cluster depends on every object: the whole input is read first.
    const { sources, problems } = readManifests(paths, io.cwd, loadOptions);
    // Loaded on use: a run without a cluster never loads the HTTP client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readClusterFacts } = require('./validate-cluster') as typeof import('./validate-cluster');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KubeConfigError } = require('../controller/kube-client') as typeof import('../controller/kube-client');
    try {
      const facts = await readClusterFacts(missingReferences(sources.map((s) => s.object)), path.resolve(io.cwd, kubeconfig));
      for (const note of facts.notes) io.stderr(`cdk8s-kubevirt validate: note: ${note}`);
      settings = withCluster(settings, facts.externals, facts.gates);
    } catch (err) {
      if (!(err instanceof KubeConfigError)) throw err;
      io.stderr(`cdk8s-kubevirt validate: ${err.message}`);
      return 2;
    }
    run = validateWhole(sources, problems, { assumeComplete, nodeInterfaces, config: settings });
  } else {
    const options = { assumeComplete, nodeInterfaces, config: settings };
    const input = listManifests(paths, io.cwd, loadOptions);
    // Large inputs on worker threads (./validate-parallel); the same findings in the same order.
    const plan = planParallel(input, jobs);
    run = plan ? await validateParallel(input, options, plan) : validateStreaming(input, options);
    if (!run) {
      const { sources, problems } = readManifests(paths, io.cwd, loadOptions);
      run = validateWhole(sources, problems, options);
    }
  }
  // Array sort is stable: equal ordinals keep the run's order.
  let located: RunFinding[] | undefined = run.located.slice().sort((a, b) => a.ordinal - b.ordinal);
  const problems = run.problems;
  const objects = run.objects;
  run = undefined;
  const inputProblems: Finding[] = [...problems];
  if (objects === 0 && problems.length === 0) {
    inputProblems.push({ rule: 'input-empty', severity: 'error', object: { apiVersion: '', kind: '', name: '' }, path: '', message: `no Kubernetes objects found in ${paths.join(', ')}` });
  }
  const findings = [...inputProblems, ...configIgnoreWarnings(settings), ...located.map((l) => l.finding)];
  // Positions only for the formats that print them (JSON has none): computed per finding on demand,
  // once. A locator keeps its document's parsed events once asked, so each finding's entry is let go
  // as soon as its position is known: held to the end, the 20,000 findings of 50,000 objects kept
  // ~400 MB of events alive while the text report was written.
  let sourceOf: Map<Finding, Partial<LoadedSource> | undefined> | undefined;
  const positionOf = new Map<Finding, { line: number; column: number } | undefined>();
  const problemAt = new Map<Finding, { line: number; column: number }>();
  for (const p of inputProblems) {
    const m = /:(\d+)(?::(\d+))?: /.exec(p.message);
    if (m) problemAt.set(p, { line: Number(m[1]), column: Number(m[2] ?? 1) });
  }
  const where = {
    get: (f: Finding) => {
      const problem = problemAt.get(f);
      if (problem) return problem;
      if (positionOf.has(f)) return positionOf.get(f);
      if (!sourceOf) {
        sourceOf = new Map(located!.map((l) => [l.finding, l.entry as Partial<LoadedSource> | undefined] as const));
        located = undefined;
      }
      const at = sourceOf.get(f)?.locate?.(f.path);
      sourceOf.delete(f);
      positionOf.set(f, at);
      return at;
    },
  };

  // The text and SARIF formatters load only when asked for (one module fewer on the default path, two for JSON).
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (output === 'json') {
    located = undefined; // no positions: the entries go before the report is made
    write(io, formatJsonChunks(findings, objects));
  } else if (output === 'sarif') {
    const { formatSarifChunks } = require('../validation/report/sarif') as typeof import('../validation/report/sarif');
    write(io, formatSarifChunks(findings, { rules: ALL_RULES, locate: (f) => where.get(f) }));
  } else {
    const { formatTextChunks } = require('../validation/report/text') as typeof import('../validation/report/text');
    write(io, formatTextChunks(findings, objects, { color: io.isTTY, lineOf: (f) => where.get(f)?.line }));
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  forgetRereadText();

  if (inputProblems.length) {
    if (output !== 'text') for (const p of inputProblems) io.stderr(`cdk8s-kubevirt validate: ${p.message}`);
    return 2;
  }
  const errors = findings.some((f) => f.severity === 'error' && !f.suppressed);
  const warnings = findings.some((f) => f.severity === 'warning' && !f.suppressed);
  return errors || (failOn === 'warning' && warnings) ? 1 : 0;
}

/**
 * A report made in pieces: written piece by piece where the io can (a report of 30,000 findings
 * is never one string, and one buffer, whole), else joined; `stdout` ends it as before.
 */
function write(io: CliIo, pieces: Iterable<string>): void {
  if (!io.stdoutPiece) {
    io.stdout([...pieces].join(''));
    return;
  }
  let last: string | undefined;
  for (const piece of pieces) {
    if (last !== undefined) io.stdoutPiece(last);
    last = piece;
  }
  io.stdout(last ?? '');
}
