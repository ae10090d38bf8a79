// The installed-package path, as a user meets it: pack this package, create a fresh cdk8s
// TypeScript project in a temporary folder outside the repository with the README's "Use it in
// your own repo" commands and files, compile and synthesize the seed lab (a Service selecting a
// VM, a Secret reference) with the validation plugin wired in the documented form, once with
// cdk8s-plus-27 and once with cdk8s-plus-33. Only the npm registry is used (through npm's cache).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
const FILES = path.join(__dirname, 'user-project');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SECTION = /\n## Use it in your own repo\n([\s\S]*?)\n## /.exec(README)![1];
const blocks = (lang: string) => [...SECTION.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

// Node 24 (the devDependency running this test) first on PATH, for npm, npx and ts-node alike.
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`, NODE_OPTIONS: '' };

function run(cwd: string, command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function must(cwd: string, command: string, args: string[]) {
  const result = run(cwd, command, args);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.output}`);
  return result.output;
}

/** The version this repository's lock installs: the user project resolves the same, from npm's cache. */
function lockedVersion(name: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

let tarball: string;
const projects: string[] = [];

beforeAll(() => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-pack-'));
  projects.push(out);
  // prepack rebuilds build/lib and build/imports from scratch, as a publish would.
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: ROOT, env, encoding: 'utf8' }).trim().split('\n').pop()!;
  tarball = path.join(out, name);
}, 300_000);

afterAll(() => {
  for (const dir of projects) fs.rmSync(dir, { recursive: true, force: true });
});

test('the README shows the commands and files this test runs', () => {
  const [install, synth] = blocks('sh');
  expect(install).toMatch(/^mkdir my-estate && cd my-estate && npm init -y\nnpm install cdk8s-kubevirt cdk8s constructs cdk8s-plus-33\nnpm install -D /);
  expect(synth).toContain('npx cdk8s synth --no-check-upgrade');
  expect(blocks('yaml')[0]).toBe(fs.readFileSync(path.join(FILES, 'cdk8s.yaml'), 'utf8'));
  expect(JSON.parse(blocks('json')[0])).toEqual(JSON.parse(fs.readFileSync(path.join(FILES, 'tsconfig.json'), 'utf8')));
});

describe.each(['cdk8s-plus-33', 'cdk8s-plus-27'])('a fresh cdk8s project with %s', (plus) => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk8s-kubevirt-user-${plus}-`));
    projects.push(dir);
    expect(path.relative(ROOT, dir).startsWith('..')).toBe(true);
    must(dir, 'npm', ['init', '-y']);
    // The README's install lines, with the packed tarball for the package and this repository's
    // locked versions (what npm's cache holds) for the rest.
    const pins: Record<string, string> = { 'cdk8s-kubevirt': tarball };
    for (const name of ['cdk8s', 'constructs', 'cdk8s-plus-27', 'cdk8s-plus-33', 'cdk8s-cli', 'typescript', 'ts-node', '@types/node']) {
      pins[name] = `${name}@${lockedVersion(name)}`;
    }
    for (const line of blocks('sh')[0].split('\n').filter((l) => l.startsWith('npm install'))) {
      const args = line.split(/\s+/).slice(1).map((arg) => pins[arg.replace(/(.)@.*$/, '$1')] ?? arg)
        .map((arg) => (arg === pins['cdk8s-plus-33'] ? pins[plus] : arg));
      must(dir, 'npm', [...args, '--prefer-offline', '--no-audit', '--no-fund']);
    }
    fs.copyFileSync(path.join(FILES, 'cdk8s.yaml'), path.join(dir, 'cdk8s.yaml'));
    fs.copyFileSync(path.join(FILES, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    fs.writeFileSync(path.join(dir, 'main.ts'), fs.readFileSync(path.join(FILES, 'main.ts'), 'utf8').replace(/cdk8s-plus-27/g, plus));
  }, 300_000);

  test('peer dependencies: one cdk8s and one constructs, the user\'s own', () => {
    const ls = JSON.parse(run(dir, 'npm', ['ls', '--all', '--json', 'cdk8s', 'constructs']).output);
    const versions = (name: string, tree: any = ls, found = new Set<string>()): Set<string> => {
      for (const [dep, info] of Object.entries<any>(tree.dependencies ?? {})) {
        if (dep === name) found.add(info.version);
        versions(name, info, found);
      }
      return found;
    };
    expect([...versions('cdk8s')]).toEqual([lockedVersion('cdk8s')]);
    expect([...versions('constructs')]).toEqual([lockedVersion('constructs')]);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'cdk8s-kubevirt', 'build', 'lib', 'index.js.map'))).toBe(false);
    // The README links the license and the API reference: both ship.
    for (const file of ['LICENSE', 'API.md', 'README.md']) expect(fs.existsSync(path.join(dir, 'node_modules', 'cdk8s-kubevirt', file))).toBe(true);
  });

  test('main.ts compiles (strict, as cdk8s init configures it) and `cdk8s synth` writes validated output', () => {
    must(dir, 'npx', ['tsc', '--noEmit']);
    const synth = run(dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade']);
    expect(synth.output).toMatch(/cdk8s-kubevirt: \d+ objects, 0 errors, 0 warnings/);
    expect(synth.output).toContain('Validations ended succesfully'); // cdk8s-cli's spelling
    expect(synth.status).toBe(0);
    const objects = fs.readdirSync(path.join(dir, 'dist'), { recursive: true }).map(String)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => yaml.parseAllDocuments(fs.readFileSync(path.join(dir, 'dist', f), 'utf8')).map((d) => d.toJS()));
    const vm = objects.find((o) => o?.kind === 'VirtualMachine');
    const service = objects.find((o) => o?.kind === 'Service');
    // Readable names (the construct ids), the VM's being its guest's hostname.
    expect(vm.metadata.name).toBe('rhel');
    expect(objects.find((o) => o?.kind === 'DataVolume').metadata.name).toBe('rhel-rootdisk');
    expect(service.spec.selector).toEqual({ 'kubevirt.io/domain': vm.metadata.name });
    expect(vm.spec.template.spec.volumes).toContainEqual(expect.objectContaining({ cloudInitNoCloud: { secretRef: { name: 'rhel-cloud-init' } } }));
    expect(objects.map((o) => o?.kind)).toEqual(expect.arrayContaining(['NodeNetworkConfigurationPolicy', 'NetworkAttachmentDefinition', 'DataVolume', 'Secret']));
  }, 300_000);

  test('the documented GitOps layout: a folder per chart named by the chart, kept when a chart is added', () => {
    const layout = () => {
      const dist = path.join(dir, 'dist');
      const folders = fs.readdirSync(dist).filter((f) => fs.statSync(path.join(dist, f)).isDirectory()).sort();
      const files = Object.fromEntries(folders.map((f) => [f, Object.fromEntries(fs.readdirSync(path.join(dist, f)).sort()
        .map((file) => [file, yaml.parse(fs.readFileSync(path.join(dist, f, file), 'utf8'))]))]));
      return { folders, files };
    };
    expect(run(dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade']).status).toBe(0);
    const before = layout();
    expect(before.folders).toEqual(['host-network', 'lab', 'namespaces']);
    expect(before.files.namespaces['Namespace.vms.k8s.yaml'].metadata).toMatchObject({ name: 'vms', annotations: { 'argocd.argoproj.io/sync-wave': '0' } });
    for (const [folder, objs] of Object.entries(before.files)) {
      for (const obj of Object.values(objs)) expect((obj as any).metadata.labels['cdk8s-kubevirt.io/chart']).toBe(folder);
    }
    const added = run(dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade'], { EXTRA_CHART: '1' });
    expect(added.status).toBe(0);
    const after = layout();
    expect(after.folders).toEqual(['early', 'host-network', 'lab', 'namespaces']);
    expect(after.files.namespaces).toEqual(before.files.namespaces);
    expect(after.files.lab).toEqual(before.files.lab);
    expect(after.files['host-network']).toEqual(before.files['host-network']);
  }, 300_000);

  test('the installed `cdk8s-kubevirt validate` checks the synthesized folder, loading its modules from the bundle (through its code cache)', () => {
    expect(run(dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade']).status).toBe(0);
    const validate = spawnSync('npx', ['cdk8s-kubevirt', 'validate', 'dist', '--output', 'json'], { cwd: dir, env, encoding: 'utf8' });
    expect(validate.status).toBe(0);
    expect(JSON.parse(validate.stdout).summary).toMatchObject({ errors: 0 });
    // The package's compiled files Node compiles from disk for that run: the code cache's loader only, which
    // loads the bundle (scripts/bundle-cli.js) through its V8 cache; the cache then holds the bundle's.
    const installed = path.join(dir, 'node_modules', 'cdk8s-kubevirt');
    const cacheHome = fs.mkdtempSync(path.join(dir, 'cache-'));
    const probe = `const M = require('module'); const js = M._extensions['.js']; const read = [];
      M._extensions['.js'] = function (m, f) { read.push(f); return js.call(this, m, f); };
      process.on('exit', () => process.stderr.write('@@' + JSON.stringify(read)));
      process.argv = [process.argv[0], 'cdk8s-kubevirt', 'validate', 'dist', '--output', 'json'];
      require(${JSON.stringify(path.join(installed, 'bin', 'cdk8s-kubevirt.js'))});`;
    const probed = spawnSync(process.execPath, ['-e', probe], { cwd: dir, env: { ...env, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
    const read = JSON.parse(probed.stderr.slice(probed.stderr.lastIndexOf('@@') + 2)) as string[];
    expect(read.filter((f) => f.startsWith(path.join(installed, 'build'))).map((f) => path.relative(installed, f)))
      .toEqual([path.join('build', 'lib', 'validation', 'schema', 'code-cache.js')]);
    const caches = fs.readdirSync(cacheHome, { recursive: true }).map(String).map((f) => path.basename(f));
    expect(caches.filter((f) => f.startsWith('bundle@') && f.endsWith('.v8s'))).toHaveLength(1);
  }, 300_000);

  test('a mistake only the validator sees fails the synth with the documented message', () => {
    const synth = run(dir, 'npx', ['cdk8s', 'synth', '--no-check-upgrade'], { MISTAKE: 'validator' });
    expect(synth.status).not.toBe(0);
    expect(synth.output).toContain('vm-runstrategy-valid (error)');
    expect(synth.output).toContain('spec.runStrategy: invalid runStrategy "Sometimes"; must be one of Always, RerunOnFailure, Manual, Halted, Once');
    expect(SECTION).toContain('spec.runStrategy: invalid runStrategy "Sometimes"; must be one of Always, RerunOnFailure, Manual, Halted, Once');
  }, 300_000);
});
