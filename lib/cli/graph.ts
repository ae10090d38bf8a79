// `cdk8s-kubevirt graph [files or folders...]`: the estate's topology as Mermaid, DOT, SVG or
// a self-contained HTML page, with the validator's findings marked on the objects.
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, findConfigFile, loadValidationSettings } from '../validation/config/load';
import { validateSources } from '../validation/engine';
import { buildTopology, renderTopology, TOPOLOGY_FORMATS, TopologyFormat } from '../graph';
import { CliIo, parseArgs } from './command';
import { readManifests } from './manifests';

const HELP = `usage: cdk8s-kubevirt graph [files or folders...] [options]

Draws the estate in Kubernetes manifests: host networking per NNCP node selector (ports, bonds,
bridges, VLANs, OVS, OVN mappings), the NADs on it, VMs with their NICs and disks, DataVolumes,
PVCs, DataSources and golden-image crons with their sources, instancetypes and preferences.
Validation findings are marked on the objects they concern. Without paths, draws dist/ if it
exists, else the current folder.

options:
  --format mermaid|dot|svg|html   output format (default: mermaid)
  --output FILE                   write to FILE instead of standard output
  --config FILE                   validation config (default: the nearest .cdk8s-kubevirt.yaml)
  --no-findings                   do not validate (no findings marked)
  -h, --help                      this text

exit status: 0 drawn, 2 input unusable`;

export async function runGraph(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { flags: ['help', 'h', 'no-findings'], options: ['format', 'output', 'o', 'config'] });
  if (parsed.flags.has('help') || parsed.flags.has('h')) { io.stdout(HELP); return 0; }
  const fail = (msg: string) => { io.stderr(`cdk8s-kubevirt graph: ${msg}\n\n${HELP}`); return 2; };
  if (parsed.error) return fail(parsed.error);
  const format = (parsed.options.get('format') ?? 'mermaid') as TopologyFormat;
  if (!TOPOLOGY_FORMATS.includes(format)) return fail(`--format must be ${TOPOLOGY_FORMATS.join(', ')}, not '${format}'`);

  let paths = parsed.positionals;
  if (paths.length === 0) paths = [fs.existsSync(path.join(io.cwd, 'dist')) ? 'dist' : '.'];
  const { sources, problems } = readManifests(paths, io.cwd, { positions: false });
  if (problems.length) {
    for (const p of problems) io.stderr(`cdk8s-kubevirt graph: ${p.message}`);
    return 2;
  }
  if (sources.length === 0) {
    io.stderr(`cdk8s-kubevirt graph: no Kubernetes objects found in ${paths.join(', ')}`);
    return 2;
  }

  let findings;
  if (!parsed.flags.has('no-findings')) {
    try {
      const first = path.resolve(io.cwd, paths[0]);
      const folder = fs.existsSync(first) && fs.statSync(first).isFile() ? path.dirname(first) : first;
      const explicit = parsed.options.get('config');
      const file = explicit !== undefined ? path.resolve(io.cwd, explicit) : findConfigFile(folder) ?? findConfigFile(io.cwd);
      findings = validateSources(sources, { config: loadValidationSettings({ file, cwd: io.cwd, searchFrom: io.cwd }) });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const problem of err.problems) io.stderr(`cdk8s-kubevirt graph: ${err.source}: ${problem}`);
      return 2;
    }
  }
  const text = renderTopology(buildTopology(sources, { findings }), format, { title: paths.join(' ') });
  const output = parsed.options.get('output') ?? parsed.options.get('o');
  if (output === undefined) { io.stdout(text); return 0; }
  const target = path.resolve(io.cwd, output);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  } catch (err) {
    io.stderr(`cdk8s-kubevirt graph: cannot write ${output}: ${(err as Error).message}`);
    return 2;
  }
  return 0;
}
