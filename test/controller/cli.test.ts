import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inventoryFor, parseDuration, runApply } from '../../lib/cli/apply';
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
    expect(await runApply(['--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('usage: cdk8s-kubevirt apply <dir>');
  });

  test('an unusable manifest exits 2 naming the file', async () => {
    const dir = folder({ 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n' });
    const t = io(dir);
    expect(await runApply(['.', '--kubeconfig', path.join(kubeconfig, 'config')], t.io)).toBe(2);
    expect(t.err.join('\n')).toContain('bad.yaml: ConfigMap has no metadata.name');
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
      expect(run.stderr.trim()).toBe(`cdk8s-kubevirt${command === 'diff' ? ' diff' : ''}: kubeconfig ${missing}: no such file`);
    }
  });
});
