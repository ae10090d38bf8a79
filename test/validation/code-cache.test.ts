// The validators' V8 code cache (lib/validation/schema/code-cache): the real bin writes one cache
// file per schema module a run used, in the user's cache folder, reads it on the next run without
// rewriting it, replaces a corrupt one, and reports exactly what a run without any cache reports.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'cdk8s-kubevirt.js');

const VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: a, namespace: default}
spec:
  runStrategy: Always
  template: {spec: {domain: {devices: {}, memory: {guest: 1Gi}}, typo: 1}}
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: n, namespace: default}
spec: {config: '{"cniVersion": "0.3.1", "type": "bridge"}'}
`;

let home: string;
let input: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
  input = path.join(home, 'in');
  fs.mkdirSync(input);
  fs.writeFileSync(path.join(input, 'objects.yaml'), VM);
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

function validate(env: Record<string, string> = {}): string {
  const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...rest } = process.env;
  const r = spawnSync(process.execPath, [BIN, 'validate', input, '--output', 'json'], {
    encoding: 'utf8', env: { ...rest, XDG_CACHE_HOME: path.join(home, 'cache'), ...env },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1); // the unknown field
  return r.stdout;
}

/** The validator cache files, by name, with their inode and modification time. */
function cacheFiles(): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (path.basename(dir) === 'cdk8s-kubevirt-validators') {
        const s = fs.statSync(p);
        found[e.name.split('@')[0]] = `${p} ${s.ino} ${s.mtimeMs}`;
      }
    }
  };
  walk(path.join(home, 'cache'));
  return found;
}

test('a run writes one cache per schema module it used; the next run reads it and reports the same', () => {
  const first = validate();
  const written = cacheFiles();
  // And the CLI bundle's (bin/cdk8s-kubevirt.js loads it through the same cache for validate).
  expect(Object.keys(written).sort()).toEqual(['bundle', 'network-attachment-definitions.k8s.cni.cncf.io', 'virtualmachines.kubevirt.io']);
  expect(validate()).toBe(first);
  expect(cacheFiles()).toEqual(written); // accepted: not rewritten
  const uncached = validate({ NODE_DISABLE_COMPILE_CACHE: '1' });
  expect(uncached).toBe(first);
});

test('a cache file is sealed at a whole second, its mtime, which the next run takes as "unchanged since written"', () => {
  validate();
  for (const entry of Object.values(cacheFiles())) {
    const file = entry.split(' ')[0];
    const sealedAt = fs.readFileSync(file).readUInt32LE(4);
    // Within the minute before now, and the file's modification time to the millisecond.
    expect(Math.abs(sealedAt - Date.now() / 1000)).toBeLessThan(60);
    expect(fs.statSync(file).mtimeMs).toBe(sealedAt * 1000);
  }
});

test('a corrupt cache file is refused by V8 and replaced; the report does not change', () => {
  const first = validate();
  const file = cacheFiles()['virtualmachines.kubevirt.io'].split(' ')[0];
  const good = fs.readFileSync(file);
  const corrupt = Buffer.concat([good.subarray(0, 64), Buffer.alloc(good.length - 64, 7)]);
  fs.writeFileSync(file, corrupt); // a write: the mtime is no longer the seal, so the body is summed
  expect(validate()).toBe(first);
  expect(fs.readFileSync(file).equals(corrupt)).toBe(false);
  const replaced = cacheFiles();
  expect(validate()).toBe(first);
  expect(cacheFiles()).toEqual(replaced); // the replacement is accepted
});
