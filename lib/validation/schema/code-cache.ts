// A V8 code cache for the generated validator modules, written after they have run. Each
// module is one very large function (ajv standalone code) that V8 compiles lazily on its first
// call: about as long as the rest of a small run. Node's own compile cache (enableCompileCache)
// is written when a module is compiled, before that call, so it never holds that function; a
// cache made at exit does, and the next run skips the compile.
import * as fs from 'fs';
import { createRequire, wrap } from 'module';
import * as path from 'path';
import * as vm from 'vm';

/** Where code caches are read and written; undefined: modules are required as usual. */
let cacheDir: string | undefined;
/** Scripts compiled without a usable cache, written to the cache folder when the process exits. */
const pending: Array<{ script: vm.Script; file: string }> = [];
let hooked = false;

/**
 * Lets validator modules load through a V8 code cache in this folder (created when missing).
 * The CLI turns it on; a library user (the synth plugin, tests) requires the modules as usual.
 */
export function useSchemaCodeCache(dir: string | undefined): void {
  cacheDir = dir;
}

/** The folder `useSchemaCodeCache` set (worker threads are given the same). */
export function schemaCodeCacheDir(): string | undefined {
  return cacheDir;
}

/**
 * Loads a generated CommonJS module: through the code cache when it is on and the module's
 * digest (generated/index.json: of its text, so no run hashes 5 MiB) is known, else with require.
 */
export function loadGeneratedModule(file: string, digest: string | undefined): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (cacheDir === undefined || digest === undefined || !/^[0-9a-f]+$/.test(digest)) return require(file);
  const source = fs.readFileSync(file, 'utf8');
  // The cache is V8's, for this Node build (V8 itself refuses one made under other flags).
  const key = `${digest}${source.length.toString(16)}`;
  // `.v8s`: the sealed format below. Another format under the same name would make two installs of
  // the tool sharing this folder replace each other's file on every run.
  const cacheFile = path.join(cacheDir, `${path.basename(file, '.js')}@${process.version}-${process.arch}-${key}.v8s`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readSealed(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) remember(script, cacheFile);
  const module = { exports: {} as Record<string, unknown> };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

function remember(script: vm.Script, file: string): void {
  pending.push({ script, file });
  if (hooked) return;
  hooked = true;
  process.once('exit', writePending);
}

/** Writes the code of every module compiled this run (lazily compiled functions included). */
function writePending(): void {
  for (const { script, file } of pending.splice(0)) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      // Worker threads of one process may write the same module's cache: each its own temporary file.
      // worker_threads only here: writing a cache is rare, and the module is a few ms of every start-up.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { threadId } = require('worker_threads') as typeof import('worker_threads');
      const temp = `${file}.${process.pid}-${threadId}.tmp`;
      writeSealed(temp, script.createCachedData());
      fs.renameSync(temp, file);
      // The caches of this module's earlier versions go.
      const prefix = `${path.basename(file).split('@')[0]}@`;
      for (const old of fs.readdirSync(path.dirname(file))) {
        if (old.startsWith(prefix) && old.endsWith('.v8s') && old !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), old), { force: true });
      }
    } catch {
      // A cache is an optimisation: an unwritable folder only costs the next run its compile.
    }
  }
}

/**
 * The cache behind a checksum: V8 checks a code cache's header (its version, flags, source
 * length) but not its body, and deserializing a damaged body crashes the process.
 * Header: the body's checksum, then the whole second the file was sealed at, which also becomes
 * the file's modification time. A file whose mtime is still exactly that second (no write since:
 * any write sets the mtime to the current nanosecond) is used without summing its body again:
 * the checksum, interpreted code run once per file, cost 5-6 ms per run for the VirtualMachine
 * module's 620 KB cache (of a 10-object run's ~250 ms). Damage that changes no metadata (media
 * bit rot) is left to the disk's own checks.
 */
function writeSealed(file: string, data: Buffer): void {
  const head = Buffer.alloc(8);
  const second = Math.floor(Date.now() / 1000);
  head.writeUInt32LE(checksum(data), 0);
  head.writeUInt32LE(second, 4);
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, head);
    fs.writeSync(fd, data);
    fs.futimesSync(fd, second, second);
  } finally {
    fs.closeSync(fd);
  }
}

/** The cache in a sealed file, or undefined when the file is damaged. */
function readSealed(file: string): Buffer | undefined {
  const fd = fs.openSync(file, 'r');
  let whole: Buffer;
  let mtimeMs: number;
  try {
    const stat = fs.fstatSync(fd);
    mtimeMs = stat.mtimeMs;
    whole = Buffer.allocUnsafe(stat.size);
    let at = 0;
    while (at < whole.length) {
      const n = fs.readSync(fd, whole, at, whole.length - at, at);
      if (n === 0) break;
      at += n;
    }
    if (at < whole.length) return undefined;
  } finally {
    fs.closeSync(fd);
  }
  if (whole.length < 8) return undefined;
  const data = whole.subarray(8);
  if (mtimeMs === whole.readUInt32LE(4) * 1000) return data;
  return whole.readUInt32LE(0) === checksum(data) ? data : undefined;
}

/** A 32-bit checksum (FNV-1a over 32-bit words): catches damage, not tampering. */
function checksum(data: Buffer): number {
  const words = data.length >>> 2;
  const view = new Int32Array(data.buffer, data.byteOffset, data.byteOffset % 4 === 0 ? words : 0);
  let h = 0x811c9dc5 ^ data.length;
  if (view.length === words) for (let i = 0; i < words; i++) h = Math.imul(h ^ view[i], 0x01000193);
  else for (let i = 0; i < words; i++) h = Math.imul(h ^ data.readInt32LE(i * 4), 0x01000193);
  for (let i = words * 4; i < data.length; i++) h = Math.imul(h ^ data[i], 0x01000193);
  return h >>> 0;
}
