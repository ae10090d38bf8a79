// The bin picks V8's tiering for `validate` by the input's size (bin/cdk8s-kubevirt.js, smallInput):
// a small input and a large one run under two flag sets, so their code caches go to two folders (Node
// names its compile cache folder after the flags, and the validators' caches live in it). Neither run
// rewrites the other's caches, and the report does not depend on the mode.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'cdk8s-kubevirt.js');
/** Above the bin's SMALL_INPUT_BYTES (2 MiB). */
const LARGE = 2.5 * 1024 * 1024;

const VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: a, namespace: default}
spec:
  runStrategy: Always
  template: {spec: {domain: {devices: {}, memory: {guest: 1Gi}}, typo: 1}}
`;

let home: string;
let small: string;
let large: string;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tiering-'));
  small = path.join(home, 'small');
  large = path.join(home, 'large');
  fs.mkdirSync(small);
  fs.mkdirSync(large);
  fs.writeFileSync(path.join(small, 'vm.yaml'), VM);
  fs.writeFileSync(path.join(large, 'vm.yaml'), VM);
  // The same object: what makes the input large is a comment, which the bin counts and the run skips.
  fs.writeFileSync(path.join(large, 'padding.yaml'), `# ${'x'.repeat(77)}\n`.repeat(Math.ceil(LARGE / 80)));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

let cache: string;
beforeEach(() => { cache = fs.mkdtempSync(path.join(home, 'cache-')); });

function validate(args: string[], cwd = home): { status: number | null; stdout: string; stderr: string } {
  const { NODE_COMPILE_CACHE: _, NODE_DISABLE_COMPILE_CACHE: __, ...rest } = process.env;
  const r = spawnSync(process.execPath, [BIN, 'validate', ...args], { cwd, encoding: 'utf8', env: { ...rest, XDG_CACHE_HOME: cache } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Each compile cache folder (named after the V8 flags) with its validator caches: name, inode and mtime. */
function cacheFolders(): Record<string, string[]> {
  const root = path.join(cache, 'cdk8s-kubevirt', 'node-compile-cache');
  const folders: Record<string, string[]> = {};
  for (const tag of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const dir = path.join(root, tag, 'cdk8s-kubevirt-validators');
    folders[tag] = fs.existsSync(dir)
      ? fs.readdirSync(dir).sort().map((f) => { const s = fs.statSync(path.join(dir, f)); return `${f} ${s.ino} ${s.mtimeMs}`; })
      : [];
  }
  return folders;
}

test('a small and a large input run under two flag sets, each with its own caches, which the other leaves alone', () => {
  const first = validate([small, '--output', 'json']);
  expect(first.stderr).toBe('');
  expect(first.status).toBe(1); // the unknown field
  const afterSmall = cacheFolders();
  expect(Object.keys(afterSmall)).toHaveLength(1);
  const [smallTag] = Object.keys(afterSmall);
  expect(afterSmall[smallTag].map((f) => f.split('@')[0])).toEqual(['bundle', 'virtualmachines.kubevirt.io']);

  // Options before the path, and their values, are not taken for paths.
  const big = validate(['--output', 'json', large]);
  expect(big.stderr).toBe('');
  // The same finding on the same object: the mode changes how fast, not what.
  const findings = (out: string) => (JSON.parse(out).findings as Array<{ file: string }>).map(({ file, ...f }) => ({ ...f, file: path.basename(file) }));
  expect(findings(big.stdout)).toEqual(findings(first.stdout));
  const afterLarge = cacheFolders();
  expect(Object.keys(afterLarge)).toHaveLength(2);
  expect(afterLarge[smallTag]).toEqual(afterSmall[smallTag]);

  // Back to the small input: its caches are accepted, nothing is written anywhere.
  expect(validate([small, '--output', 'json']).stdout).toBe(first.stdout);
  expect(validate(['--output', 'json', large]).stdout).toBe(big.stdout);
  expect(cacheFolders()).toEqual(afterLarge);
});

/** The flag set (its compile cache folder) a run in a fresh cache folder used. */
function tagOf(args: string[], cwd = home): string {
  cache = fs.mkdtempSync(path.join(home, 'cache-'));
  const r = validate(args, cwd);
  expect(r.status).not.toBeNull();
  const tags = Object.keys(cacheFolders());
  expect(tags).toHaveLength(1);
  return tags[0];
}

test('a large file named explicitly, or the default folder, counts; odd paths are left to the run to report', () => {
  const smallTag = tagOf([small]);
  const largeTag = tagOf([large]);
  expect(largeTag).not.toBe(smallTag);
  // The padding alone, named: large, whatever the file's name.
  const named = path.join(home, 'padding.txt');
  fs.copyFileSync(path.join(large, 'padding.yaml'), named);
  expect(tagOf([named, '-o', 'json'])).toBe(largeTag);
  // No path: validate reads the current folder (or dist/), and so does the estimate.
  expect(tagOf(['--output', 'json'], large)).toBe(largeTag);
  expect(tagOf([], small)).toBe(smallTag);
  // A missing path beside the small input: the run reports it, the estimate does not fail on it.
  const missing = validate([path.join(home, 'missing'), small]);
  expect(missing.stdout).toMatch(/no such file or folder/);
  expect(tagOf([path.join(home, 'missing'), small])).toBe(smallTag);
  // validate --help loads nothing through the caches and estimates nothing.
  expect(validate(['--help', large]).status).toBe(0);
});

test('the bin skips the values of exactly the options validate takes a value for', () => {
  // smallInput cannot load the CLI (it runs before V8's flags are set), so it keeps its own list.
  const bin = fs.readFileSync(BIN, 'utf8');
  const binList = /const VALUED = new Set\(\[([^\]]*)\]\)/.exec(bin)?.[1];
  const validate = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'cli', 'validate.ts'), 'utf8');
  const options = /parseArgs\(args, \{ flags: \[[^\]]*\], options: \[([^\]]*)\] \}\)/.exec(validate)?.[1];
  expect(binList).toBeDefined();
  expect(options).toBeDefined();
  const names = (list: string) => list.split(',').map((s) => s.trim().replace(/^'|'$/g, '').replace(/^-+/, '')).sort();
  expect(names(binList!)).toEqual(names(options!));
});
