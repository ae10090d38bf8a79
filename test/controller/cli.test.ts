import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatDuration, inventoryFor, parseDuration, runApply } from '../../lib/cli/apply';
import { runController } from '../../lib/cli/controller';
import { runDiff } from '../../lib/cli/diff';
import { CliIo } from '../../lib/cli/command';
import { applySetId } from '../../lib/controller/inventory';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd };
  return { io: value, out, err };
}

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-cli-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

// A kubeconfig pointing nowhere: these tests prove nothing is requested before validation passes.
const kubeconfig = folder({ config: 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n' });

describe('controller CLI', () => {
  test('durations and inventory names', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('soon')).toBeUndefined();
    expect([0, 400, 1_500, 45_000, 60_000, 150_000, 600_000, 3_900_000, 7_200_000].map(formatDuration))
      .toEqual(['0s', '0s', '2s', '45s', '1m', '2m30s', '10m', '1h5m', '2h']);
    expect(inventoryFor('/repo/dist/Lab_Estate', new Map())).toEqual({ name: 'cdk8s-kubevirt-lab-estate', namespace: 'default' });
    expect(inventoryFor('/x', new Map([['inventory-name', 'mine'], ['inventory-namespace', 'ops']]))).toEqual({ name: 'mine', namespace: 'ops' });
  });

  test('usage errors exit 2 with the reason', async () => {
    const t = io(os.tmpdir());
    expect(await runApply([], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('exactly one folder is needed');
    expect(await runApply(['dir', '--timeout', 'soon'], t.io)).toBe(2);
    expect(await runApply(['dir', '--prune-data'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('--prune-data needs --prune');
    expect(await runDiff(['dir', '--output', 'xml'], t.io)).toBe(2);
    expect(await runController([], t.io)).toBe(2);
    expect(await runController(['--source', 'x', '--metrics-port', 'abc'], t.io)).toBe(2);
    expect(await runApply(['dir', '--request-timeout', 'soon'], t.io)).toBe(2);
    expect(await runDiff(['dir', '--request-timeout', '-1s'], t.io)).toBe(2);
    expect(await runController(['--source', 'x', '--request-timeout', 'never'], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('--request-timeout must look like 30s, 2m or 0 (no deadline)');
    expect(await runApply(['--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('usage: cdk8s-kubevirt apply <dir>');
  });

  test('an unusable manifest exits 2 naming the file', async () => {
    const dir = folder({ 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n' });
    const t = io(dir);
    expect(await runApply(['.', '--kubeconfig', path.join(kubeconfig, 'config')], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('bad.yaml:3:1: ConfigMap has no metadata.name');
  });

  test('validation errors stop apply before any request, with the findings', async () => {
    const dir = folder({ 'vm.yaml': 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: bad, namespace: vms}\nspec:\n  runStrategy: Sometimes\n  template: {spec: {domain: {devices: {}}}}\n' });
    const t = io(dir);
    const code = await runApply(['.', '--kubeconfig', path.join(kubeconfig, 'config'), '--output', 'json'], t.io);
    expect(code).toBe(1);
    const report = JSON.parse(t.out.join('\n'));
    expect(report.ok).toBe(false);
    expect(report.message).toContain('validation failed');
    expect(report.findings.map((f: { rule: string }) => f.rule)).toContain('vm-runstrategy-valid');
    expect(report.requests).toEqual({ reads: 0, dryRuns: 0, writes: 0, watches: 0 });
    expect(report.applySetId).toBe(applySetId(inventoryFor(dir, new Map())));
  });
});

describe('a kubeconfig that cannot be used', () => {
  test('is one line on stderr and exit 2, not a stack trace (the real bin, compiled build)', () => {
    const dir = folder({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\ndata: {k: v}\n' });
    const missing = path.join(dir, 'no-such-kubeconfig');
    const bin = path.join(__dirname, '..', '..', 'bin', 'cdk8s-kubevirt.js');
    for (const command of ['diff', 'apply']) {
      const run = require('child_process').spawnSync(process.execPath, [bin, command, dir, '--kubeconfig', missing], { encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe(`cdk8s-kubevirt ${command}: kubeconfig ${missing}: no such file`);
    }
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = require('net').createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a cluster that cannot be reached or refuses us', () => {
  const bin = path.join(__dirname, '..', '..', 'bin', 'cdk8s-kubevirt.js');
  const manifests = folder({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\ndata: {k: v}\n', 'cm2.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: default}\ndata: {k: v}\n' });
  // client-node talks plain HTTP (the refusing server below) only with TLS verification off.
  const kubeconfigFor = (server: string) => path.join(folder({ config: `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n` }), 'config');
  // Asynchronous spawn: the refusing server below lives in this process's event loop.
  const run = (args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = require('child_process').spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('close', (status: number | null) => resolve({ status, stdout, stderr }));
  });
  const commands = (config: string) => [
    ['diff', manifests, '--kubeconfig', config],
    ['apply', manifests, '--kubeconfig', config],
    ['controller', '--source', manifests, '--kubeconfig', config, '--metrics-port', '0'],
  ];

  test('connection refused: one line naming the server, exit 2, for diff, apply and controller (never "would change")', async () => {
    const port = await closedPort();
    const config = kubeconfigFor(`https://127.0.0.1:${port}`);
    for (const args of commands(config)) {
      const result = await run(args);
      expect(result.status).toBe(2);
      expect(result.stderr.trim()).toMatch(new RegExp(`^cdk8s-kubevirt ${args[0]}: cannot reach the cluster at https://127\\.0\\.0\\.1:${port}: [^\\n]*ECONNREFUSED$`));
      expect(result.stdout).not.toContain('would change');
    }
  }, 60_000);

  test('a server that accepts and never answers: --request-timeout ends it in one line naming the request, exit 2', async () => {
    const http = require('http');
    const server = http.createServer(() => undefined); // reads the request, never responds
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${server.address().port}`;
      for (const args of commands(kubeconfigFor(url))) {
        const result = await run([...args, '--request-timeout', '1s']);
        expect(result.status).toBe(2);
        expect(result.stderr.trim()).toMatch(new RegExp(
          `^cdk8s-kubevirt ${args[0]}: cannot reach the cluster at ${url.replace(/\./g, '\\.')}: get (Secret|ConfigMap)/default/[\\w-]+: no response within 1s \\(request timeout\\)$`));
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 60_000);

  test('import of a live namespace: an unreachable or silent API is one line, exit 2, never "kind not served"', async () => {
    const port = await closedPort();
    const refused = await run(['import', '--kubeconfig', kubeconfigFor(`https://127.0.0.1:${port}`), '--namespace', 'vms', '--out', folder({})]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toMatch(new RegExp(`^cdk8s-kubevirt import: cannot reach the cluster at https://127\\.0\\.0\\.1:${port}: discover \\w+ in [\\w./]+: [^\\n]*ECONNREFUSED$`));
    const http = require('http');
    const server = http.createServer(() => undefined); // reads the request, never responds
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${server.address().port}`;
      const silent = await run(['import', '--kubeconfig', kubeconfigFor(url), '--namespace', 'vms', '--out', folder({}), '--request-timeout', '1s']);
      expect(silent.status).toBe(2);
      expect(silent.stderr.trim()).toMatch(new RegExp(
        `^cdk8s-kubevirt import: cannot reach the cluster at ${url.replace(/\./g, '\\.')}: discover \\w+ in [\\w./]+: no response within 1s \\(request timeout\\)$`));
      expect(silent.stderr).not.toContain('not served');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 60_000);

  test('a server that answers 401: one line naming the server, exit 2', async () => {
    const http = require('http');
    const server = http.createServer((_req: unknown, res: { writeHead(code: number, headers: object): void; end(body: string): void }) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${server.address().port}`;
      for (const args of commands(kubeconfigFor(url))) {
        const result = await run(args);
        expect(result.status).toBe(2);
        expect(result.stderr.trim()).toBe(`cdk8s-kubevirt ${args[0]}: the cluster at ${url} refuses the credentials: Unauthorized`);
      }
    } finally {
      server.close();
    }
  }, 60_000);
});
