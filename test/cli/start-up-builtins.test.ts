// A small `validate` loads only the Node built-ins it uses: worker_threads only for a run on several
// threads (or to name a code cache's temporary file), node:net only to parse an IP address. Each is a
// few ms of every start-up (10 objects: ~0.26 -> ~0.24 s CPU). With stdout a file, nothing else loads
// net (a pipe or a terminal does, for the stream itself). Nor does it load js-yaml when the fast YAML
// path reads every document (and finds every printed position): ~10 ms more.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'cdk8s-kubevirt.js');
const built = fs.existsSync(path.join(__dirname, '..', '..', 'build', 'lib', 'cli', 'index.js'));

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'builtins-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The built-in modules a `validate` of `yaml` loads (stdout a file), the files it required, and what it wrote. */
function builtinsOf(yaml: string, output = 'json'): { builtins: string[]; required: string[]; stdout: string; status: number | null } {
  const input = fs.mkdtempSync(path.join(dir, 'in-'));
  fs.writeFileSync(path.join(input, 'objects.yaml'), yaml);
  const out = path.join(input, 'out.json');
  const fd = fs.openSync(out, 'w');
  // Written with fs.writeSync: process.stderr, a pipe here, would load net itself.
  const probe = `process.on('exit', () => require('fs').writeSync(2, '\\n@@' + JSON.stringify([process.moduleLoadList, Object.keys(require.cache)])));
    process.argv = [process.argv[0], ${JSON.stringify(BIN)}, 'validate', ${JSON.stringify(input)}, '--output', ${JSON.stringify(output)}];
    require(${JSON.stringify(BIN)});`;
  const r = spawnSync(process.execPath, ['-e', probe], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache') } });
  fs.closeSync(fd);
  const [list, required] = JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('\n@@') + 3)) as [string[], string[]];
  return { builtins: list.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length)), required, stdout: fs.readFileSync(out, 'utf8'), status: r.status };
}

const VM = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: a, namespace: default}\nspec:\n  runStrategy: Always\n  template: {spec: {domain: {devices: {}, memory: {guest: 1Gi}}}}\n';
const NNCP_WITH_IP = `apiVersion: nmstate.io/v1
kind: NodeNetworkConfigurationPolicy
metadata: {name: p}
spec:
  desiredState:
    interfaces:
      - name: eth1
        type: ethernet
        state: up
        ipv4: {enabled: true, address: [{ip: 10.0.0.300, prefix-length: 24}]}
`;

(built ? test : test.skip)('a VM: neither worker_threads nor net is loaded', () => {
  const { builtins, stdout, status } = builtinsOf(VM);
  expect(status).not.toBeNull();
  expect(JSON.parse(stdout).summary.objects).toBe(1);
  expect(builtins).toContain('vm'); // the probe sees the validator's loading
  expect(builtins.filter((m) => m === 'worker_threads' || m === 'net')).toEqual([]);
});

(built ? test : test.skip)('an IP address to check loads net, and is checked', () => {
  const { builtins, stdout } = builtinsOf(NNCP_WITH_IP);
  expect(builtins).toContain('net');
  expect(JSON.parse(stdout).findings.map((f: { path: string }) => f.path).join('\n')).toMatch(/ipv4\.address\[0\]/);
});

const JS_YAML = /[\\/]node_modules[\\/]js-yaml[\\/]/;

// (--output json: test/manifests/cli-lazy-load.test.ts.)
(built ? test : test.skip)('a finding printed with its line, in a document the fast YAML path reads: js-yaml is not loaded', () => {
  const text = builtinsOf(VM.replace('runStrategy: Always', 'runStrategy: Sometimes'), 'text');
  expect(text.stdout).toMatch(/\(line 5 spec\.runStrategy\) \[vm-runstrategy-valid\]/);
  expect(text.required.length).toBeGreaterThan(0); // the probe sees required files
  expect(text.required.filter((f) => JS_YAML.test(f))).toEqual([]);
});

(built ? test : test.skip)('a document outside the fast path (an anchor) loads js-yaml and is read', () => {
  const anchored = VM.replace('memory: {guest: 1Gi}', 'memory: &m {guest: 1Gi}');
  const { required, stdout } = builtinsOf(anchored, 'text');
  expect(required.filter((f) => JS_YAML.test(f)).length).toBeGreaterThan(0);
  expect(stdout).toMatch(/1 object checked: 0 errors/);
});
