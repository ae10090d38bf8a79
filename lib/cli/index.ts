// The `cdk8s-kubevirt` command: a small dispatcher over subcommands. `validate` lives here;
// `apply`, `diff` and `controller` register themselves the same way (see COMMANDS).
import * as fs from 'fs';
import * as path from 'path';
import { CliIo, Command } from './command';
import { CONTROLLER_COMMANDS } from './commands-controller';

export { type CliIo, type Command } from './command';

/** Subcommands by name. Add new ones here (each in its own file under lib/cli/). */
export const COMMANDS: Record<string, Command> = {
  // Loaded on use: `validate` never loads the controller, client-node or prom-client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  validate: { summary: 'check manifests offline: CRD schemas, admission rules, cross-object rules', run: (args, io) => (require('./validate') as typeof import('./validate')).runValidate(args, io) },
  ...CONTROLLER_COMMANDS,
  graph: { summary: 'draw the estate (host networking, NADs, VMs, disks, images) with its findings', run: (args, io) => (require('./graph') as typeof import('./graph')).runGraph(args, io) },
  policy: { summary: 'print ValidatingAdmissionPolicies that enforce the rule catalog in the cluster (or --report)', run: (args, io) => (require('./policy') as typeof import('./policy')).runPolicy(args, io) },
  import: { summary: 'write construct code from manifests or a live namespace (read-only)', run: (args, io) => (require('./import') as typeof import('./import')).runImport(args, io) },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: cdk8s-kubevirt <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `cdk8s-kubevirt help <command>` for the options of a command; `cdk8s-kubevirt --version` for the version.',
  ].join('\n');
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(packageVersion());
    return 0;
  }
  if (name === 'help' && rest.length > 0) {
    const topic = COMMANDS[rest[0]];
    if (!topic) {
      io.stderr(`cdk8s-kubevirt help: unknown command '${rest[0]}'\n\n${usage()}`);
      return 2;
    }
    return topic.run(['--help'], io);
  }
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`cdk8s-kubevirt: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

/** The version in this package's package.json (found from the compiled or the source location). */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cdk8s-kubevirt' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    // Synchronous for files and pipes on Linux (Node's stdout): nothing accumulates.
    stdoutPiece: (text) => process.stdout.write(text),
    isTTY: !!process.stdout.isTTY && !process.env.NO_COLOR,
    cwd: process.cwd(),
  };
}
