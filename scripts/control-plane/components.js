'use strict';
// Starts the three processes of the test control plane (etcd, kube-apiserver,
// kube-controller-manager) with an envtest-like flag set, and writes the files they need:
// service-account keys, a static token file and kubeconfigs. Orchestration (order,
// state file, cleanup) is in cluster.js.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const YAML = require('yaml');
const { request, waitFor, isAlive } = require('./lib');

/**
 * Spawns a binary detached (its own process group, so a terminal's Ctrl-C does not hit it
 * half-way and so stop can signal the whole group) with output to a log file. unref():
 * the starter must be able to exit while the cluster runs (`npm run cluster:up`).
 */
function launch(name, exe, args, logDir) {
  const logFile = path.join(logDir, `${name}.log`);
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(exe, args, { detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  child.on('error', () => {}); // surfaced through the readiness wait and the log
  child.unref();
  // args are kept in state.json so a component can be restarted in place (restartApiServer).
  return { name, pid: child.pid, exe, args, logFile };
}

/** Starts a stopped component again with the same binary, flags and log file. */
function relaunch(proc) {
  return launch(proc.name, proc.exe, proc.args, path.dirname(proc.logFile));
}

/** Last lines of a component's log, for error messages (the data dir is removed on stop). */
function logTail(proc, lines = 25) {
  try {
    const text = fs.readFileSync(proc.logFile, 'utf8').trimEnd().split('\n');
    return `\n--- last ${Math.min(lines, text.length)} lines of ${proc.name}.log ---\n${text.slice(-lines).join('\n')}`;
  } catch {
    return '';
  }
}

async function startEtcd({ bin, dataDir, logDir, clientPort, peerPort }) {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const proc = launch('etcd', bin, [
    '--name=default',
    `--data-dir=${path.join(dataDir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // A throwaway test store: durability buys nothing and fsync dominates on slow disks.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ], logDir);
  const ready = etcdReady(proc, client);
  return { proc, url: client, ready };
}

/** Resolves once etcd at `clientUrl` reports itself healthy (a restarted one: once it has loaded its data dir). */
function etcdReady(proc, clientUrl, { timeoutMs = 30000 } = {}) {
  return waitFor('etcd /health', async () => (await request(`${clientUrl}/health`, { timeoutMs: 2000 })).json?.health === 'true', {
    timeoutMs,
    isDead: () => !isAlive(proc.pid),
  }).catch((err) => {
    err.message += logTail(proc);
    throw err;
  });
}

/** Random bearer token (static token file entries). */
const newToken = () => crypto.randomBytes(24).toString('hex');

/**
 * The identities of the test cluster, as kube-apiserver's static token file. The admin and
 * the controller manager are in system:masters; the unprivileged user gets only what
 * every authenticated user gets, so RBAC tests can see a denial.
 */
function makeTokens() {
  return {
    admin: { user: 'cdk8s-kubevirt-admin', token: newToken(), groups: ['system:masters'] },
    kcm: { user: 'system:kube-controller-manager', token: newToken(), groups: ['system:masters'] },
    unprivileged: { user: 'cdk8s-kubevirt-unprivileged', token: newToken(), groups: [] },
  };
}

function writeTokenFile(file, tokens) {
  const lines = Object.values(tokens).map(
    (t) => `${t.token},${t.user},${t.user}${t.groups.length ? `,"${t.groups.join(',')}"` : ''}`,
  );
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** Service-account signing key pair, made with Node's crypto (no openssl needed). */
function writeServiceAccountKeys(dir) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const key = path.join(dir, 'sa.key');
  const pub = path.join(dir, 'sa.pub');
  fs.writeFileSync(key, privateKey, { mode: 0o600 });
  fs.writeFileSync(pub, publicKey);
  return { key, pub };
}

async function startApiserver({ bin, dataDir, logDir, port, etcdUrl, tokens }) {
  const pki = path.join(dataDir, 'pki');
  const certDir = path.join(pki, 'apiserver');
  fs.mkdirSync(certDir, { recursive: true });
  const sa = writeServiceAccountKeys(pki);
  const tokenFile = path.join(pki, 'tokens.csv');
  writeTokenFile(tokenFile, tokens);
  const server = `https://127.0.0.1:${port}`;
  const proc = launch('kube-apiserver', bin, [
    `--etcd-servers=${etcdUrl}`,
    `--secure-port=${port}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    // The default lease reconciler refuses a loopback advertise address (1.37 checks it),
    // and with no kubelets or pods nothing here needs the `kubernetes` Service endpoints.
    '--endpoint-reconciler-type=none',
    // kube-apiserver writes a self-signed serving cert (and its CA) here; we trust that CA.
    `--cert-dir=${certDir}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    `--service-account-issuer=${server}/`,
    `--service-account-key-file=${sa.pub}`,
    `--service-account-signing-key-file=${sa.key}`,
    '--authorization-mode=RBAC',
    `--token-auth-file=${tokenFile}`,
    // No controller creates the default ServiceAccount of a namespace here (as in envtest).
    '--disable-admission-plugins=ServiceAccount',
    '--allow-privileged=true',
  ], logDir);
  const ready = apiserverReady(proc, { server, certFile: path.join(certDir, 'apiserver.crt'), token: tokens.admin.token });
  return { proc, server, ready };
}

/**
 * Resolves with the CA (PEM) once kube-apiserver has written its self-signed serving cert and
 * answers /readyz. A restarted apiserver finds its cert in --cert-dir and keeps it, so
 * kubeconfigs written before the restart stay valid.
 */
function apiserverReady(proc, { server, certFile, token, timeoutMs = 120000 }) {
  let ca;
  return (async () => {
    const isDead = () => !isAlive(proc.pid);
    await waitFor('kube-apiserver serving certificate', () => {
      const pem = fs.existsSync(certFile) ? fs.readFileSync(certFile, 'utf8') : '';
      // The file holds the serving cert followed by its self-signed CA.
      if (!/END CERTIFICATE[\s\S]*END CERTIFICATE/.test(pem)) return false;
      ca = pem;
      return true;
    }, { timeoutMs: 60000, isDead });
    await waitFor('kube-apiserver /readyz', async () => {
      const res = await request(`${server}/readyz`, { token, ca, timeoutMs: 5000 });
      if (res.status !== 200) throw new Error(`/readyz HTTP ${res.status}: ${res.body.slice(0, 300)}`);
      return true;
    }, { timeoutMs, intervalMs: 250, isDead });
    return ca;
  })().catch((err) => {
    err.message += logTail(proc);
    throw err;
  });
}

/** A kubeconfig for one static-token identity, with the API server's CA embedded. */
function writeKubeconfig(file, { server, ca, user, token }) {
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'cdk8s-kubevirt-test', cluster: { server, 'certificate-authority-data': Buffer.from(ca).toString('base64') } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'cdk8s-kubevirt-test', context: { cluster: 'cdk8s-kubevirt-test', user } }],
    'current-context': 'cdk8s-kubevirt-test',
  };
  fs.writeFileSync(file, YAML.stringify(doc), { mode: 0o600 });
  return file;
}

/**
 * kube-controller-manager with only the garbage collector and namespace controllers, so
 * owner-reference cascades and namespace deletion behave as in a real cluster, and the
 * ValidatingAdmissionPolicy status controller (type checking against the CRD schemas). Started
 * after the CRDs are Established so its first discovery already sees them.
 */
async function startControllerManager({ bin, dataDir, logDir, port, kubeconfig }) {
  const certDir = path.join(dataDir, 'pki', 'kcm');
  fs.mkdirSync(certDir, { recursive: true });
  const proc = launch('kube-controller-manager', bin, [
    `--kubeconfig=${kubeconfig}`,
    '--controllers=garbage-collector-controller,namespace-controller,validatingadmissionpolicy-status-controller',
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${certDir}`,
  ], logDir);
  const ready = waitFor('kube-controller-manager /healthz', async () => {
    // Its serving cert is self-signed in memory; this loopback probe is the only client.
    const res = await request(`https://127.0.0.1:${port}/healthz`, { insecure: true, timeoutMs: 2000 });
    return res.status === 200;
  }, { timeoutMs: 60000, isDead: () => !isAlive(proc.pid) }).catch((err) => {
    err.message += logTail(proc);
    throw err;
  });
  return { proc, ready };
}

module.exports = { startEtcd, etcdReady, startApiserver, apiserverReady, relaunch, startControllerManager, makeTokens, writeKubeconfig };
