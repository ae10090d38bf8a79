'use strict';
// Shared helpers of the test control plane: where things live, free ports, process
// liveness and HTTP(S) calls. Plain CommonJS so that the npm scripts (plain node) and
// jest's globalSetup (through ts-jest) load the same code without a build step.

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const https = require('node:https');
const http = require('node:http');

const versions = require('./versions.json');

/** The repository root; every other path is resolved from it, never hard-coded. */
const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The CRDs live beside the repo in the shared folder (`../shared/crds`). */
const CRD_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'crds');
/** Git-ignored folder that holds kubeconfig and state of running clusters. */
const CLUSTER_DIR = path.join(REPO_ROOT, '.cluster');

/** Same rule as build.sh: one cache folder per (kubernetes, etcd) version pair. */
function binDir() {
  if (process.env.CDK8S_KUBEVIRT_CP_BIN) return path.resolve(process.env.CDK8S_KUBEVIRT_CP_BIN);
  const cacheRoot =
    process.env.CDK8S_KUBEVIRT_CP_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cdk8s-kubevirt', 'control-plane');
  return path.join(cacheRoot, `${versions.kubernetes}-etcd-${versions.etcd}`, 'bin');
}

/**
 * Locates the three binaries. Returns `{ ok: true, bins }` or `{ ok: false, reason }`,
 * the reason being one line a developer can act on.
 */
function findBinaries() {
  const dir = binDir();
  const bins = {
    etcd: path.join(dir, 'etcd'),
    apiserver: path.join(dir, 'kube-apiserver'),
    kcm: path.join(dir, 'kube-controller-manager'),
  };
  const missing = Object.values(bins).filter((p) => !isExecutable(p));
  if (missing.length === 0) return { ok: true, bins };
  const hasGo = (process.env.PATH || '').split(path.delimiter).some((d) => isExecutable(path.join(d, 'go')));
  const reason = hasGo
    ? `control-plane binaries not built (${missing.map((p) => path.basename(p)).join(', ')} missing in ${dir}); run: bash scripts/control-plane/build.sh`
    : `Go is not installed and the control-plane binaries are missing in ${dir}`;
  return { ok: false, reason };
}

function isExecutable(p) {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Asks the kernel for a free loopback port (bind to 0, read it, release it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Distinct free ports: asking one at a time could hand out the same port twice. */
async function freePorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/**
 * True while `pid` is a running (non-zombie) process. When `exe` is given, the process
 * must also be running that binary: a pid from a crashed run's state file may have been
 * reused by an unrelated process, which must never be signalled.
 */
function isAlive(pid, exe) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  let stat;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // Field 3 (after the parenthesised command name) is the state; Z means exited, unreaped.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X') return false;
  if (!exe) return true;
  try {
    const argv0 = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
    return argv0 === exe || path.basename(argv0) === path.basename(exe);
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops one process we started: SIGTERM to its process group (it was spawned detached,
 * so it leads its own group), then SIGKILL after `graceMs`. Never touches a pid that no
 * longer runs `exe`. Resolves with how it ended: 'not-running', 'exited' or 'killed'.
 */
async function stopProcess(pid, exe, graceMs = 10000) {
  if (!isAlive(pid, exe)) return 'not-running';
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'exited';
    await sleep(100);
  }
  signalGroup(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return 'killed';
}

/** Synchronous variant for process 'exit' handlers, where nothing async runs. */
function killNow(pid, exe) {
  if (isAlive(pid, exe)) signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/**
 * One HTTP(S) request; resolves `{ status, body, json }` and never throws on HTTP status.
 * `ca` pins the API server's CA; `insecure` is only for the controller manager's own
 * loopback health endpoint, whose self-signed certificate nothing else trusts.
 */
function request(url, { method = 'GET', token, ca, insecure, body, contentType, timeoutMs = 30000 } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['Content-Type'] = contentType || 'application/json';
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = mod.request(
      u,
      { method, headers, ca, rejectUnauthorized: !insecure, timeout: timeoutMs, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, body: text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * Polls `check` (which returns true when ready, or throws/returns false) until it succeeds
 * or `timeoutMs` passes; `describe` names what was awaited in the error.
 */
async function waitFor(describe, check, { timeoutMs = 60000, intervalMs = 200, isDead } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (isDead && isDead()) throw new Error(`${describe}: the process exited${last ? ` (last: ${last})` : ''}`);
    try {
      if (await check()) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe}${last ? ` (last: ${last})` : ''}`);
}

async function rmrf(p) {
  if (p) await fsp.rm(p, { recursive: true, force: true });
}

module.exports = {
  REPO_ROOT,
  CRD_DIR,
  CLUSTER_DIR,
  versions,
  binDir,
  findBinaries,
  freePorts,
  isAlive,
  stopProcess,
  killNow,
  request,
  waitFor,
  sleep,
  rmrf,
};
