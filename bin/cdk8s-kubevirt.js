#!/usr/bin/env node
// The `cdk8s-kubevirt` command. It runs the compiled CLI (build/lib/cli), which the
// package's build produces; it never compiles TypeScript at run time.
'use strict';
const path = require('path');

// Refuse old Node before loading anything: the HTTP client underneath needs newer built-ins and
// would otherwise crash deep inside with no word about the version. The floor is package.json's engines.
const floor = /(\d+)(?:\.(\d+))?/.exec(require('../package.json').engines.node);
const [major, minor] = process.versions.node.split('.').map(Number);
if (floor && (major < Number(floor[1]) || (major === Number(floor[1]) && minor < Number(floor[2] || 0)))) {
  process.stderr.write(`cdk8s-kubevirt: needs Node.js >= ${floor[1]}.${floor[2] || 0} (this is ${process.versions.node})\n`);
  process.exit(2);
}

// Reading and validating manifests makes short-lived garbage, one document at a time: a young
// generation that does not grow keeps peak RSS 25-45% lower at the same speed (bench:validate).
require('v8').setFlagsFromString('--semi-space-growth-factor=1');
// The controller is long-running: a steady cache (about 50 MB at 10,000 objects) and per-request
// garbage. V8's memory saver mode (its own trade-off: more frequent full GCs, a heap kept close to
// what it holds): bench/controller.js at 10,000 objects, two controllers side by side, RSS 199 -> 175 MiB,
// re-sync and drift latency within noise. Set at start-up, for this subcommand only (no re-exec or NODE_OPTIONS).
if (process.argv[2] === 'controller') require('v8').setFlagsFromString('--memory-saver-mode');
// `validate` keeps a little per object to the end: an old generation allowed 10% over what
// survived the last full GC (V8 lets it grow up to 4x) is 18% smaller again at 50,000 objects
// (220 -> 181 MiB peak RSS, CPU time 10.1 -> 9.6 s). The controller keeps its own heuristics.
if (process.argv[2] === 'validate') require('v8').setFlagsFromString('--heap-growing-percent=10');
// Each generated validator is one function per CRD version, `validate0`, the VirtualMachine one
// hundreds of KB: Maglev spends a third of a second of a background thread on it, and the memory
// it compiles in stays with the allocator. Kept out of Maglev (Sparkplug still compiles it, and
// TurboFan takes the small ones): at 50,000 objects peak RSS 145-164 -> 137-142 MiB, at 10,000
// 114-125 -> 101-109 MiB, CPU time within noise (load 10-12, runs of each side by side).
if (process.argv[2] === 'validate') require('v8').setFlagsFromString('--maglev-filter=-validate0');
// And V8's memory saver mode (as the controller): the heap is what a big run keeps to the end (facts,
// findings), and this keeps it close to that. 50,000 objects, blocks of runs side by side (load 11-15):
// peak RSS 135-150 -> 134-135 MiB, system time 1.4 -> 2.1 s, user time within noise; 10,000: no change.
if (process.argv[2] === 'validate') require('v8').setFlagsFromString('--memory-saver-mode');
// A finished Maglev job (its compiler zone, up to ~700 KB) is freed by a background task, which on a busy
// machine runs late: at 50,000 objects 40-90 finished jobs waited at once, 8-27 MB of malloc (--trace-zone-stats),
// the main cause of the run-to-run spread of peak RSS. Freed on the main thread as each job is installed:
// 50k peak RSS 117-132 -> 112-115 MiB, CPU 7.66 vs 7.44 s; 10k 2.40 vs 2.28 s (5 pairs each, load 6-7.6).
if (process.argv[2] === 'validate') require('v8').setFlagsFromString('--no-maglev-destroy-on-background');
// A small input is over before Maglev's code pays for its compile (a V8 background thread busy for
// much of a 1,000-object run): below 2 MiB of manifests (smallInput), a function goes to Maglev after
// 8,000 calls instead of 400. Same build, alternating runs, 10 rounds, load 3-4 on 2 cores, CPU / wall:
// 100 objects -10% / -8%, 1,000 -15% / -19%, 2,000 (1.7 MB) -3% / -3%; 3,000 still -15%, 5,000 even,
// 10,000 wall +25%: the hot functions reach Maglev too late. 2 MiB is also where worker threads
// start (validate-parallel), so the small mode is one thread's. (4,000 / 12,000 calls: no better.)
if (process.argv[2] === 'validate' && !process.argv.includes('--help') && !process.argv.includes('-h') && smallInput(process.argv.slice(3))) require('v8').setFlagsFromString('--invocation-count-for-maglev=8000');

// Node's on-disk compile cache (Node >= 22.1), in the user's cache folder: later runs skip
// compiling the CLI's modules. `validate` keeps its validators' code beside it (schema/code-cache).
// Enabled after the V8 flags are set: a code cache is V8's under one set of flags (others refuse it),
// and Node names the folder after that set (getCompileCacheDir(): `v24.x-x64-<flags tag>-0`), so each
// set (a small or a large validate, another command) keeps its own caches instead of rewriting another's.
const cacheHome = process.env.XDG_CACHE_HOME || path.join(require('os').homedir(), '.cache');
require('module').enableCompileCache?.(path.join(cacheHome, 'cdk8s-kubevirt', 'node-compile-cache'));

// The build also writes build/lib/cli/bundle.js: validate's ~80 modules in one file, loaded in one
// go instead of resolving, reading and compiling each file (scripts/bundle-cli.js): `validate --help`
// 20 ms less CPU, a 10-object run ~3%. In a source checkout a `tsc` run without the bundling step
// leaves it older than the compiled files: then the files are loaded.
const built = path.join(__dirname, '..', 'build', 'lib', 'cli');
let cli;
try {
  const bundle = freshBundle(built);
  const validating = process.argv[2] === 'validate' && !process.argv.includes('--help') && !process.argv.includes('-h');
  cli = bundle === undefined ? require(built) : validating ? cachedBundle(bundle) : require(bundle);
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(path.join('build', 'lib', 'cli'))) {
    process.stderr.write('cdk8s-kubevirt: the compiled CLI is missing (build/lib/cli); run `npm run build` first\n');
    process.exit(2);
  }
  throw err;
}

cli.main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // User mistakes (a missing kubeconfig...) get one line; anything else is a bug: show the stack.
    const text = err && err.userFacing ? err.message : err && err.stack ? err.stack : err;
    process.stderr.write(`cdk8s-kubevirt: ${text}\n`);
    process.exitCode = 2;
  },
);

/** build/lib/cli/bundle.js, unless missing or (in a source checkout) older than the compiled dispatcher. */
function freshBundle(dir) {
  const fs = require('fs');
  const mtime = (file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  const bundle = path.join(dir, 'bundle.js');
  const made = mtime(bundle);
  if (made === undefined) return undefined;
  const checkout = fs.existsSync(path.join(__dirname, '..', 'lib', 'cli', 'index.ts'));
  return !checkout || made >= (mtime(path.join(dir, 'index.js')) ?? Infinity) ? bundle : undefined;
}

/**
 * `validate` loads the bundle through a V8 code cache written after a run (beside the validators',
 * lib/validation/schema/code-cache.ts), which also holds the functions that run compiled lazily:
 * Node's own compile cache is made before they run. Alternating runs (10-12 pairs, load 5): CPU
 * 0.92-0.94x at 100 objects, 0.96-1.0x at 10, 0.95-0.98x at 1,000. Keyed on the digest the build writes
 * on the bundle's first line; only for `validate`, whose V8 flags the cache records (others would refuse
 * it), and not for its --help: the first run's compiled functions are what the cache keeps.
 */
function cachedBundle(bundle) {
  const dir = require('module').getCompileCacheDir?.();
  if (dir === undefined) return require(bundle);
  const codeCache = require(path.join(__dirname, '..', 'build', 'lib', 'validation', 'schema', 'code-cache.js'));
  codeCache.useSchemaCodeCache(path.join(dir, 'cdk8s-kubevirt-validators'));
  const fs = require('fs');
  const head = Buffer.alloc(64);
  const fd = fs.openSync(bundle, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return codeCache.loadGeneratedModule(bundle, /^\/\/ digest ([0-9a-f]+)\n/.exec(head.toString('latin1'))?.[1]);
}

/**
 * Whether `validate`'s input (the .yaml/.yml/.json files it would read, see lib/manifests/loader.ts)
 * is below SMALL_INPUT_BYTES: a look ahead before anything loads, that stops counting once past it.
 * Never fails: whatever it cannot read the real run reports. Options that take a value are skipped
 * (validate.ts); an option added there without being added here only makes the guess worse.
 */
function smallInput(args) {
  const SMALL_INPUT_BYTES = 2 * 1024 * 1024;
  const VALUED = new Set(['--output', '-o', '--fail-on', '--node-interfaces', '--max-file-size', '--config', '--kubeconfig', '--jobs']);
  const fs = require('fs');
  const paths = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') { paths.push(...args.slice(i + 1)); break; }
    if (VALUED.has(args[i])) i++;
    else if (!args[i].startsWith('-')) paths.push(args[i]);
  }
  // As validate does without paths.
  if (paths.length === 0) paths.push(fs.existsSync('dist') ? 'dist' : '.');
  let bytes = 0;
  const walk = (p, named) => {
    try {
      const stat = fs.statSync(p);
      if (stat.isDirectory()) {
        for (const name of fs.readdirSync(p)) {
          if (bytes >= SMALL_INPUT_BYTES) return;
          if (!name.startsWith('.') && name !== 'node_modules') walk(path.join(p, name), false);
        }
      } else if (named || /\.(ya?ml|json)$/i.test(p)) bytes += stat.size;
    } catch {
      // Unreadable: the run says so.
    }
  };
  for (const p of paths) if (bytes < SMALL_INPUT_BYTES) walk(p, true);
  return bytes < SMALL_INPUT_BYTES;
}

