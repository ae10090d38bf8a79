// `cdk8s-kubevirt import`: writes construct code (one file per chart) from manifests or from a
// live namespace (read-only: LIST requests only), then reports what went through the escape hatch.
import * as fs from 'fs';
import * as path from 'path';
import { createKubeClient, KubeConfigError } from '../controller/kube-client';
import { formatImportReport, generateImport, ImportInput, ImportInputError } from '../import';
import { readNamespace } from '../import/live';
import { REQUEST_TIMEOUT_ERROR, REQUEST_TIMEOUT_HELP, requestTimeoutOf } from './apply';
import { asUnreachable } from './cluster-guard';
import { CliIo, parseArgs } from './command';
import { readManifests } from './manifests';

const HELP = `usage: cdk8s-kubevirt import <files or folders...> [options]
       cdk8s-kubevirt import --kubeconfig FILE --namespace NS [options]

Writes TypeScript that builds the given objects with cdk8s-kubevirt's constructs: one file per
chart (a namespace; cluster-scoped objects in cluster.ts) and main.ts, which synthesizes them.
Fields the constructs cannot express are kept as JSON patches; fields the cluster wrote
(status, managedFields, uid, KubeVirt's firmware UUID/serial...) are stripped and reported.

options:
  --out DIR            folder for the generated files (default: imported)
  --kubeconfig FILE    read the objects from a cluster (GET/LIST only; never writes)
  --namespace NS       the namespace to read (with --kubeconfig)
  --package NAME       module the code imports the constructs from (default: cdk8s-kubevirt)
${REQUEST_TIMEOUT_HELP}
  --verbose            list every patched field in the report
  -h, --help           this text

exit status: 0 written, 2 input unusable`;

export async function runImport(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { flags: ['help', 'h', 'verbose'], options: ['out', 'kubeconfig', 'namespace', 'package', 'request-timeout'] });
  if (parsed.flags.has('help') || parsed.flags.has('h')) { io.stdout(HELP); return 0; }
  const fail = (msg: string) => { io.stderr(`cdk8s-kubevirt import: ${msg}`); return 2; };
  if (parsed.error) return fail(`${parsed.error}\n\n${HELP}`);
  const kubeconfig = parsed.options.get('kubeconfig');
  const namespace = parsed.options.get('namespace');
  let inputs: ImportInput[];
  let label: string;
  if (kubeconfig !== undefined || namespace !== undefined) {
    if (kubeconfig === undefined || namespace === undefined) return fail('--kubeconfig and --namespace go together');
    if (parsed.positionals.length > 0) return fail('give either files and folders or --kubeconfig/--namespace, not both');
    const requestTimeoutMs = requestTimeoutOf(parsed.options);
    if (requestTimeoutMs === undefined) return fail(REQUEST_TIMEOUT_ERROR);
    let server: string | undefined;
    try {
      const client = await createKubeClient({ kubeconfig: path.resolve(io.cwd, kubeconfig), requestTimeoutMs });
      server = client.server;
      // A kind the server does not serve is a note; a discovery that fails (unreachable, timed out) ends the run.
      const live = await readNamespace(client, namespace);
      for (const note of live.notes) io.stderr(`cdk8s-kubevirt import: note: ${note}`);
      inputs = live.inputs;
      label = `namespace ${namespace} of ${client.server ?? 'the cluster'}`;
    } catch (err) {
      const unreachable = asUnreachable(err, server);
      if (err instanceof KubeConfigError || unreachable) return fail((unreachable ?? err as Error).message);
      throw err;
    }
  } else {
    if (parsed.positionals.length === 0) return fail(`no files or folders given\n\n${HELP}`);
    const { sources, problems } = readManifests(parsed.positionals, io.cwd, { positions: false });
    if (problems.length > 0) {
      for (const p of problems) io.stderr(`cdk8s-kubevirt import: ${p.message}`);
      return 2;
    }
    inputs = sources.map((s) => ({ object: s.object, origin: `${s.file ?? '?'}${s.line ? `:${s.line}` : ''}` }));
    label = parsed.positionals.join(', ');
  }
  if (inputs.length === 0) return fail('no Kubernetes objects to import');
  let result;
  try {
    result = generateImport(inputs, { packageName: parsed.options.get('package'), sourceLabel: label });
  } catch (err) {
    if (err instanceof ImportInputError) return fail(err.message);
    throw err;
  }
  const out = path.resolve(io.cwd, parsed.options.get('out') ?? 'imported');
  fs.mkdirSync(out, { recursive: true });
  for (const f of result.files) fs.writeFileSync(path.join(out, f.fileName), f.text);
  io.stdout(`wrote ${result.files.map((f) => f.fileName).join(', ')} to ${path.relative(io.cwd, out) || '.'}`);
  io.stdout(formatImportReport(result.objects, { verbose: parsed.flags.has('verbose') }));
  return 0;
}
