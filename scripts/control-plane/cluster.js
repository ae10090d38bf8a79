#!/usr/bin/env node
'use strict';
// The test control plane: etcd + kube-apiserver + kube-controller-manager on 127.0.0.1,
// with every CRD of ../shared/crds installed.
//
//   node scripts/control-plane/cluster.js up      # npm run cluster:up   (stays running)
//   node scripts/control-plane/cluster.js down    # npm run cluster:down (also crash leftovers)
//   node scripts/control-plane/cluster.js status
//   node scripts/control-plane/cluster.js restart-apiserver   # same flags, port, certs, etcd data
//   node scripts/control-plane/cluster.js restart-etcd        # same flags, ports and data dir
//
// jest's globalSetup uses startForTests()/stopForTests(). A `cluster:up` cluster lives in
// .cluster/ (kubeconfig, state.json); a jest run's own cluster lives in .cluster/jest-<pid>/
// so concurrent test runs in one work tree do not stop each other's cluster.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const lib = require('./lib');
const { installCrds } = require('./crds');
const comp = require('./components');

const log = (msg) => process.stderr.write(`[control-plane] ${msg}\n`);

function readState(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeState(state) {
  fs.mkdirSync(state.dir, { recursive: true });
  const tmp = `${state.stateFile}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, state.stateFile);
}

/** Starts a watchdog that stops the cluster if `ownerPid` dies first. */
function startWatchdog(ownerPid, stateFile) {
  const child = spawn(process.execPath, [path.join(__dirname, 'watchdog.js'), String(ownerPid), stateFile], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid;
}

/**
 * Starts a cluster whose files go to `dir`. `ownerPid`: the process whose death must take
 * the cluster down (watched by a detached watchdog). Returns the state object.
 */
async function start({ dir, mode, ownerPid = process.pid, keepWatchdog = true }) {
  const found = lib.findBinaries();
  if (!found.ok) {
    const err = new Error(found.reason);
    err.code = 'NO_BINARIES';
    throw err;
  }
  const t0 = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-cp-'));
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir);
  const [etcdClient, etcdPeer, apiserverPort, kcmPort] = await lib.freePorts(4);
  const tokens = comp.makeTokens();
  const state = {
    mode,
    dir,
    stateFile: path.join(dir, 'state.json'),
    kubeconfig: path.join(dir, 'kubeconfig'),
    dataDir,
    ownerPid,
    versions: lib.versions,
    ports: { etcdClient, etcdPeer, apiserver: apiserverPort, kcm: kcmPort },
    server: `https://127.0.0.1:${apiserverPort}`,
    processes: [],
    unprivileged: { user: tokens.unprivileged.user, token: tokens.unprivileged.token },
  };
  // State first, watchdog second, processes after: whatever dies at any point, the
  // watchdog or `cluster:down` finds every pid and the data dir in the state file.
  writeState(state);
  state.watchdogPid = startWatchdog(ownerPid, state.stateFile);
  writeState(state);
  const track = (c) => {
    state.processes.push(c.proc);
    writeState(state);
    return c;
  };
  try {
    const etcd = track(await comp.startEtcd({ bin: found.bins.etcd, dataDir, logDir, clientPort: etcdClient, peerPort: etcdPeer }));
    await etcd.ready;
    log(`etcd ready on ${etcd.url} (${ms(t0)})`);

    const api = track(await comp.startApiserver({
      bin: found.bins.apiserver, dataDir, logDir, port: apiserverPort, etcdUrl: etcd.url, tokens,
    }));
    const ca = await api.ready;
    log(`kube-apiserver ready on ${api.server} (${ms(t0)})`);
    comp.writeKubeconfig(state.kubeconfig, { server: api.server, ca, ...tokens.admin });
    state.caFile = path.join(dataDir, 'pki', 'apiserver', 'apiserver.crt');

    await installCrds({ server: api.server, token: tokens.admin.token, ca, log: (m) => log(`${m} (${ms(t0)})`) });

    const kcmKubeconfig = comp.writeKubeconfig(path.join(dataDir, 'pki', 'kcm.kubeconfig'), { server: api.server, ca, ...tokens.kcm });
    const kcm = track(await comp.startControllerManager({ bin: found.bins.kcm, dataDir, logDir, port: kcmPort, kubeconfig: kcmKubeconfig }));
    await kcm.ready;
    state.readyMs = Date.now() - t0;
    log(`kube-controller-manager ready; control plane ready in ${ms(t0)}`);
    if (!keepWatchdog) {
      lib.killNow(state.watchdogPid);
      state.watchdogPid = undefined;
    }
    writeState(state);
    return state;
  } catch (err) {
    await stop(state);
    throw err;
  }
}

const ms = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

/** Stops every process of `state` (controller manager first, etcd last) and removes its data. */
async function stop(state) {
  // The watchdog first, so it does not race this stop.
  if (state.watchdogPid && state.watchdogPid !== process.pid) lib.killNow(state.watchdogPid);
  state.processes = currentProcesses(state); // also what an 'exit' handler holding `state` sees
  for (const p of [...state.processes].reverse()) await lib.stopProcess(p.pid, p.exe);
  await lib.rmrf(state.dataDir);
  if (state.dir === lib.CLUSTER_DIR) {
    for (const f of ['state.json', 'state.json.tmp', 'kubeconfig']) await lib.rmrf(path.join(state.dir, f));
  } else {
    await lib.rmrf(state.dir);
  }
  // .cluster/ goes too once nothing else (another test run's cluster) is in it.
  try {
    if (fs.readdirSync(lib.CLUSTER_DIR).length === 0) fs.rmdirSync(lib.CLUSTER_DIR);
  } catch {
    /* absent or not empty */
  }
}

/**
 * The processes as the state file lists them now: restartApiServer()/restartEtcd() replace a pid there,
 * and an in-memory state (jest's handle) may predate that.
 */
function currentProcesses(state) {
  const onDisk = state.stateFile && readState(state.stateFile);
  return onDisk?.processes || state.processes || [];
}

/**
 * Restarts kube-apiserver in place: SIGTERM, SIGKILL after `graceMs` (its graceful shutdown
 * stops listening at once but may wait up to its 60 s request timeout for open watch
 * connections, as a kubelet's grace period cuts it short in a real cluster), then the same
 * binary and flags again: same port, serving cert (kept in --cert-dir), tokens and etcd
 * data. etcd and kube-controller-manager keep running. The new pid goes to the state file
 * before the readiness wait, so a teardown or the watchdog that runs meanwhile stops the new
 * process. `stateOrFile`: a state object (which gets the new processes too) or its
 * state.json path. Resolves once /readyz answers 200, with timings.
 */
async function restartApiServer(stateOrFile, { graceMs = 10000, readyTimeoutMs = 120000 } = {}) {
  const file = typeof stateOrFile === 'string' ? stateOrFile : stateOrFile.stateFile;
  const state = readState(file);
  if (!state) throw new Error(`no control-plane state at ${file}`);
  const index = state.processes.findIndex((p) => p.name === 'kube-apiserver');
  const old = state.processes[index];
  if (!old) throw new Error(`${file} lists no kube-apiserver`);
  if (!old.args) throw new Error(`${file} predates restartable clusters (no kube-apiserver args): restart the control plane`);
  const t0 = Date.now();
  const ended = await lib.stopProcess(old.pid, old.exe, graceMs);
  const stoppedMs = Date.now() - t0;
  const proc = comp.relaunch(old);
  state.processes[index] = proc;
  writeState(state);
  if (typeof stateOrFile !== 'string') stateOrFile.processes = state.processes;
  const { token } = adminCredentials(state);
  await comp.apiserverReady(proc, { server: state.server, certFile: state.caFile, token, timeoutMs: readyTimeoutMs });
  const timings = { pid: proc.pid, previousPid: old.pid, ended, stoppedMs, readyMs: Date.now() - t0 };
  log(`kube-apiserver restarted (pid ${old.pid} ${ended} in ${stoppedMs} ms, new pid ${proc.pid}): ready again ${timings.readyMs} ms after the SIGTERM`);
  return timings;
}

/**
 * Restarts etcd in place: SIGTERM (SIGKILL after `graceMs`), `downMs` with no etcd at all (during
 * which `onDown`, when given, is awaited: what a test does while the storage is gone), then
 * the same binary and flags on the same data dir, so every object and revision survives.
 * kube-apiserver and kube-controller-manager keep running: their etcd clients reconnect on their
 * own. The new pid goes to the state file before any wait (teardown and the watchdog stop the new
 * process). Resolves once etcd answers /health and then kube-apiserver answers /readyz (its etcd
 * check included), so the suites that run afterwards find a healthy control plane; with timings.
 */
async function restartEtcd(stateOrFile, { graceMs = 10000, downMs = 0, onDown, readyTimeoutMs = 120000 } = {}) {
  const file = typeof stateOrFile === 'string' ? stateOrFile : stateOrFile.stateFile;
  const state = readState(file);
  if (!state) throw new Error(`no control-plane state at ${file}`);
  const index = state.processes.findIndex((p) => p.name === 'etcd');
  const old = state.processes[index];
  if (!old) throw new Error(`${file} lists no etcd`);
  if (!old.args) throw new Error(`${file} predates restartable clusters (no etcd args): restart the control plane`);
  const clientUrl = /^--listen-client-urls=(\S+)$/.exec(old.args.find((a) => a.startsWith('--listen-client-urls=')) || '')?.[1];
  if (!clientUrl) throw new Error(`${file}: etcd has no --listen-client-urls`);
  const t0 = Date.now();
  const ended = await lib.stopProcess(old.pid, old.exe, graceMs);
  const stoppedMs = Date.now() - t0;
  const downSince = Date.now();
  if (onDown) await onDown();
  const left = downMs - (Date.now() - downSince);
  if (left > 0) await new Promise((r) => setTimeout(r, left));
  const proc = comp.relaunch(old);
  state.processes[index] = proc;
  writeState(state);
  if (typeof stateOrFile !== 'string') stateOrFile.processes = state.processes;
  await comp.etcdReady(proc, clientUrl, { timeoutMs: readyTimeoutMs });
  const etcdReadyMs = Date.now() - t0;
  const { token, ca } = adminCredentials(state);
  await lib.waitFor('kube-apiserver /readyz after the etcd restart', async () => {
    const res = await lib.request(`${state.server}/readyz`, { token, ca, timeoutMs: 5000 });
    if (res.status !== 200) throw new Error(`/readyz HTTP ${res.status}: ${res.body.slice(0, 300)}`);
    return true;
  }, { timeoutMs: readyTimeoutMs, intervalMs: 250 });
  const timings = { pid: proc.pid, previousPid: old.pid, ended, stoppedMs, etcdReadyMs, readyMs: Date.now() - t0 };
  log(`etcd restarted (pid ${old.pid} ${ended} in ${stoppedMs} ms, down ${downMs} ms, new pid ${proc.pid}): etcd healthy ${etcdReadyMs} ms, `
    + `kube-apiserver ready ${timings.readyMs} ms after the SIGTERM`);
  return timings;
}

/** The admin token and the API server's CA, read back from the cluster's kubeconfig. */
function adminCredentials(state) {
  const kc = fs.readFileSync(state.kubeconfig, 'utf8');
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(kc)[1], 'base64').toString();
  const token = /token: (\S+)/.exec(kc)[1];
  return { ca, token };
}

async function stopFromStateFile(file, { fromWatchdog = false } = {}) {
  const state = readState(file);
  if (!state) return false;
  if (fromWatchdog) state.watchdogPid = undefined; // that is us
  await stop(state);
  return true;
}

/** A running, healthy cluster described by `file`, or undefined. */
async function healthy(file) {
  const state = readState(file);
  if (!state || !state.processes?.length || !state.processes.every((p) => lib.isAlive(p.pid, p.exe))) return undefined;
  try {
    const { ca, token } = adminCredentials(state);
    const res = await lib.request(`${state.server}/readyz`, { token, ca, timeoutMs: 5000 });
    return res.status === 200 ? state : undefined;
  } catch {
    return undefined;
  }
}

/** All state files: the `cluster:up` one and those of jest runs. */
function stateFiles() {
  const files = [path.join(lib.CLUSTER_DIR, 'state.json')];
  try {
    for (const e of fs.readdirSync(lib.CLUSTER_DIR, { withFileTypes: true })) {
      if (e.isDirectory()) files.push(path.join(lib.CLUSTER_DIR, e.name, 'state.json'));
    }
  } catch {
    /* no .cluster */
  }
  return files.filter((f) => fs.existsSync(f));
}

/**
 * For jest's globalSetup: reuses a healthy `cluster:up` cluster, else starts one owned by
 * this process (stopped by stopForTests, or by the watchdog if jest dies).
 */
async function startForTests() {
  const manual = await healthy(path.join(lib.CLUSTER_DIR, 'state.json'));
  if (manual) {
    log(`reusing the running cluster:up control plane at ${manual.server}`);
    return { state: manual, owned: false };
  }
  await cleanupStale();
  const state = await start({ dir: path.join(lib.CLUSTER_DIR, `jest-${process.pid}`), mode: 'jest' });
  // Last resort if teardown never runs but the process exits normally.
  process.once('exit', () => {
    for (const p of currentProcesses(state)) lib.killNow(p.pid, p.exe);
  });
  return { state, owned: true };
}

async function stopForTests(handle) {
  if (handle?.owned) await stop(handle.state);
}

/** Stops clusters of runs whose owner died (their watchdog died too, e.g. a reboot-less kill -9 of both). */
async function cleanupStale() {
  for (const file of stateFiles()) {
    const state = readState(file);
    if (!state) continue;
    const ownerGone = state.mode === 'jest' && !lib.isAlive(state.ownerPid);
    const dead = !(state.processes || []).some((p) => lib.isAlive(p.pid, p.exe));
    if (ownerGone || (state.mode !== 'jest' && dead)) {
      log(`cleaning up a leftover cluster from ${file}`);
      await stop(state);
    }
  }
}

async function cli(cmd) {
  const manualFile = path.join(lib.CLUSTER_DIR, 'state.json');
  if (cmd === 'up') {
    const running = await healthy(manualFile);
    if (running) {
      log(`already running at ${running.server}; kubeconfig: ${path.relative(process.cwd(), running.kubeconfig)}`);
      return;
    }
    await cleanupStale();
    if (fs.existsSync(manualFile)) await stopFromStateFile(manualFile);
    // The watchdog guards the start only: if this starter is killed mid-way, nothing is left.
    const state = await start({ dir: lib.CLUSTER_DIR, mode: 'manual', keepWatchdog: false });
    log(`kubeconfig: ${path.relative(process.cwd(), state.kubeconfig)} (export KUBECONFIG=$PWD/${path.relative(process.cwd(), state.kubeconfig)})`);
  } else if (cmd === 'down') {
    const files = stateFiles();
    for (const file of files) {
      const state = readState(file);
      // A live jest run's cluster belongs to that run; its teardown or watchdog stops it.
      if (state?.mode === 'jest' && lib.isAlive(state.ownerPid)) {
        log(`leaving ${file}: test run ${state.ownerPid} still owns it`);
        continue;
      }
      await stopFromStateFile(file);
      log(`stopped and removed ${path.relative(process.cwd(), path.dirname(file)) || '.'}/ (${state?.server || 'no server'})`);
    }
    if (files.length === 0) log('nothing to stop');
    try {
      if (fs.readdirSync(lib.CLUSTER_DIR).length === 0) fs.rmdirSync(lib.CLUSTER_DIR);
    } catch {
      /* gone */
    }
  } else if (cmd === 'restart-apiserver') {
    if (!(await healthy(manualFile))) throw new Error('no healthy cluster:up control plane to restart');
    await restartApiServer(manualFile);
  } else if (cmd === 'restart-etcd') {
    if (!(await healthy(manualFile))) throw new Error('no healthy cluster:up control plane to restart');
    await restartEtcd(manualFile);
  } else if (cmd === 'status') {
    const files = stateFiles();
    for (const file of files) {
      const state = await healthy(file);
      console.log(`${file}: ${state ? `healthy at ${state.server}` : 'not healthy'}`);
    }
    if (files.length === 0) console.log('no cluster');
  } else {
    console.error('usage: cluster.js up|down|status|restart-apiserver|restart-etcd');
    process.exitCode = 2;
  }
}

if (require.main === module) {
  cli(process.argv[2]).catch((err) => {
    log(err?.message || String(err));
    process.exit(1);
  });
}

module.exports = { start, stop, stopFromStateFile, startForTests, stopForTests, cleanupStale, restartApiServer, restartEtcd };
