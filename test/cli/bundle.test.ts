// build/lib/cli/bundle.js (scripts/bundle-cli.js, part of `npm run build`): the real bin loads
// `validate` from it (through the validators' code cache), compiles no other project module from disk
// on the way, and reports exactly what the compiled files report (text, JSON, SARIF, exit status) on
// the validation fixtures. A second run of each uses the cache the first one wrote.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'cdk8s-kubevirt.js');
const BUNDLE = path.join(ROOT, 'build', 'lib', 'cli', 'bundle.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'validation');

let cache: string;
beforeAll(() => { cache = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-')); });
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

/** Runs `main(args)` of `entry` (the bin, or the compiled dispatcher); lists the build/ files it compiled and had. */
function run(entry: 'bin' | 'files', args: string[]) {
  // Files Node compiles from disk (the bundle's modules are not: they are registered in require.cache).
  const probe = `const M = require('module'); const js = M._extensions['.js']; const read = [];
    M._extensions['.js'] = function (m, f) { read.push(f); return js.call(this, m, f); };
    process.on('exit', () => process.stderr.write('\\n@@' + JSON.stringify({ read, cached: Object.keys(require.cache) })));
    ${entry === 'bin'
    ? `process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...${JSON.stringify(args)}]; require(${JSON.stringify(BIN)});`
    : `require(${JSON.stringify(path.join(ROOT, 'build', 'lib', 'cli'))}).main(${JSON.stringify(args)}).then((c) => { process.exitCode = c; });`}`;
  const { NODE_COMPILE_CACHE: _, ...env } = process.env;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...env, XDG_CACHE_HOME: cache }, maxBuffer: 64 << 20 });
  const at = r.stderr.lastIndexOf('\n@@');
  const { read, cached } = JSON.parse(r.stderr.slice(at + 3)) as { read: string[]; cached: string[] };
  const build = (f: string) => f.startsWith(path.join(ROOT, 'build'));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, at), read: read.filter(build), cached: cached.filter(build) };
}

test('the build wrote a bundle at least as new as the compiled files (else the bin loads the files)', () => {
  const mtime = (f: string) => fs.statSync(f).mtimeMs;
  expect(mtime(BUNDLE)).toBeGreaterThanOrEqual(mtime(path.join(ROOT, 'build', 'lib', 'cli', 'index.js')));
});

test.each(['json', 'text', 'sarif'])('validate --output %s through the bundle reports what the compiled files report', (output) => {
  const dirs = fs.readdirSync(FIXTURES).map((d) => path.join(FIXTURES, d));
  for (const dir of dirs) {
    const args = ['validate', dir, '--output', output];
    const bundled = run('bin', args);
    const files = run('files', args);
    expect({ dir, status: bundled.status, stdout: bundled.stdout, stderr: bundled.stderr })
      .toEqual({ dir, status: files.status, stdout: files.stdout, stderr: files.stderr });
    // The bundled run compiles no project file but the code cache's loader (which then loads the bundle
    // through its cache) and SARIF's formatter (loaded on use), and has every module the files run had.
    const lib = path.join(ROOT, 'build', 'lib');
    expect(bundled.read).toEqual([path.join(lib, 'validation', 'schema', 'code-cache.js'), ...(output === 'sarif' ? [path.join(lib, 'validation', 'report', 'sarif.js')] : [])]);
    expect(files.cached.filter((f) => !bundled.cached.includes(f))).toEqual([]);
  }
});
