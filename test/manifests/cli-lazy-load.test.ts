// `validate` loads only what it needs: the real bin (compiled build) on a folder of VMs must not
// load cdk8s, client-node, prom-client, the second YAML parser or the schema modules of kinds the
// folder does not contain. (Start-up time itself is measured by `npm run bench:validate`.)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'cdk8s-kubevirt.js');

test('validate --output json on VMs loads the ajv runtime and the VirtualMachine schema only (required, or through the code cache), no health spec or other formatter, nor js-yaml (the fast YAML path reads the file)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-'));
  fs.writeFileSync(path.join(dir, 'vm.yaml'), 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: a, namespace: default}\nspec:\n  runStrategy: Always\n  template: {spec: {domain: {devices: {}, memory: {guest: 1Gi}}}}\n');
  const probe = `process.on('exit', () => { const f = Object.keys(require.cache); process.stderr.write(JSON.stringify({
    packages: [...new Set(f.filter((x) => x.includes('node_modules')).map((x) => { const p = x.split('node_modules/').pop().split('/'); return p[0].startsWith('@') ? p[0] + '/' + p[1] : p[0]; }))].sort(),
    generated: f.filter((x) => x.includes('schema/generated/')).map((x) => path.basename(x)).sort(),
    unused: f.filter((x) => /[\\/](health|controller|constructs?)[\\/]|report[\\/](text|sarif)/.test(x)).map((x) => path.basename(x)).sort() })); });
    process.argv = [process.argv[0], ${JSON.stringify(BIN)}, 'validate', ${JSON.stringify(dir)}, '--output', 'json'];
    require(${JSON.stringify(BIN)});`;
  const cache = path.join(dir, 'cache');
  const env = (disable: boolean) => {
    const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...rest } = process.env;
    return { ...rest, XDG_CACHE_HOME: cache, ...(disable ? { NODE_DISABLE_COMPILE_CACHE: '1' } : {}) };
  };
  const loadedBy = (disable: boolean) => {
    const run = spawnSync(process.execPath, ['-e', `const path = require('path'); ${probe}`], { encoding: 'utf8', env: env(disable) });
    return JSON.parse(run.stderr.slice(run.stderr.lastIndexOf('{"packages"')));
  };
  // Without Node's compile cache, schema modules are required as usual.
  const required = loadedBy(true);
  // With it (the command's default), they load through the validators' code cache (one file each).
  const cached = loadedBy(false);
  const caches = fs.readdirSync(cache, { recursive: true }).map(String).filter((f) => f.endsWith('.v8s')).map((f) => path.basename(f).split('@')[0]);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(required.packages).toEqual(['ajv']);
  expect(required.generated).toEqual(['virtualmachines.kubevirt.io.js']);
  expect(cached.packages).toEqual(['ajv']);
  expect(cached.generated).toEqual([]);
  expect(caches.sort()).toEqual(['bundle', 'virtualmachines.kubevirt.io']);
  // Nor the health specs (the kind registry names them, loaded on first read), nor the text and SARIF formatters.
  expect(required.unused).toEqual([]);
  expect(cached.unused).toEqual([]);
});
