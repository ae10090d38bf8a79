import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';
import { parseArgs } from '../../lib/cli/command';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-kubevirt.js');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: ROOT });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cdk8s-kubevirt command', () => {
  test('--version prints the package version', async () => {
    for (const flag of ['--version', '-V', 'version']) expect(await run([flag])).toEqual({ code: 0, out: pkg.version, err: '' });
  });

  test('help <command> prints that command\'s options; an unknown one exits 2', async () => {
    const help = await run(['help', 'apply']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('usage: cdk8s-kubevirt apply <dir>');
    expect((await run(['help', 'validate'])).out).toContain('usage: cdk8s-kubevirt validate');
    const unknown = await run(['help', 'deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'deploy'");
    expect((await run(['help'])).out).toContain('cdk8s-kubevirt help <command>');
  });

  test('options are parsed by util.parseArgs: --k=v, -o, unknown options and missing values are one-line errors', () => {
    const spec = { flags: ['wait', 'h'], options: ['output', 'o', 'timeout'] };
    const ok = parseArgs(['dir', '--wait', '--timeout=5m', '-o', 'json', '--', '--not-a-flag'], spec);
    expect(ok).toEqual({ positionals: ['dir', '--not-a-flag'], flags: new Set(['wait']), options: new Map([['timeout', '5m'], ['o', 'json']]) });
    expect(parseArgs(['--bogus'], spec).error).toBe('unknown option --bogus');
    expect(parseArgs(['--timeout'], spec).error).toBe('--timeout needs a value');
    expect(parseArgs(['--wait=yes'], spec).error).toBe('--wait takes no value');
    expect(parseArgs(['-o'], spec).error).toBe('-o needs a value');
  });

  test('the compiled bin prints the version (under the Node the npm scripts use)', () => {
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
  }, 30_000);

  // The system Node of a fresh Debian machine is 20; the check needs one older than engines.node.
  const oldNode = ['/usr/bin/node', '/bin/node', '/usr/local/bin/node'].find((candidate) => {
    if (!fs.existsSync(candidate)) return false;
    const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    return Number(version.split('.')[0]) < 22;
  });
  (oldNode ? test : test.skip)(`on Node < 22 (${oldNode ?? 'none installed'}) every command is one line and exit 2`, () => {
    for (const args of [['--version'], ['diff', 'dist'], ['validate', '.']]) {
      const result = spawnSync(oldNode!, [BIN, ...args], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^cdk8s-kubevirt: needs Node\.js >= 22\.19 \(this is 20\.\d+\.\d+\)\n$/);
    }
  }, 30_000);
});
