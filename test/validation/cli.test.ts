import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = 'test/fixtures/validation';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: ROOT });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('cdk8s-kubevirt validate', () => {
  test('a clean folder of hand-written YAML exits 0 with a summary line', async () => {
    const r = await run('validate', `${FIXTURES}/estate`, '--assume-complete');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').pop()).toBe('7 objects checked: 0 errors, 0 warnings');
  });

  test('errors exit 1; text groups by file and object with line numbers', async () => {
    const r = await run('validate', `${FIXTURES}/broken`);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${FIXTURES}/broken/vm.yaml`);
    expect(lines[1]).toBe('  VirtualMachine vms/broken');
    expect(r.stdout).toMatch(/bus "ide" is not supported.*\(line 16 spec\.template\.spec\.domain\.devices\.disks\[0\]\.disk\.bus\) \[vmi-disk-bus-valid\]/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  test('--output json prints exactly findings and summary', async () => {
    const r = await run('validate', `${FIXTURES}/broken`, '--output', 'json');
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['findings', 'summary']);
    expect(doc.summary).toEqual({ objects: 1, errors: 4, warnings: 1 });
    expect(doc.findings.map((f: any) => f.rule).sort()).toEqual(['vm-runstrategy-required', 'vmi-disk-bus-valid', 'vmi-disk-volume-match', 'vmi-masquerade-pod-only', 'xo-multus-nad-exists']);
    for (const f of doc.findings) {
      expect(Object.keys(f).filter((k) => !['rule', 'severity', 'file', 'object', 'path', 'message', 'hint'].includes(k))).toEqual([]);
    }
  });

  test('--fail-on warning turns warnings into exit 1', async () => {
    const args = ['validate', 'dist-does-not-matter'];
    expect((await run(...args)).code).toBe(2);
    const warnOnly = `${FIXTURES}/estate/network.yaml`; // the NNCP is not in this input
    expect((await run('validate', warnOnly)).code).toBe(0);
    expect((await run('validate', warnOnly, '--fail-on', 'warning')).code).toBe(1);
  });

  test('--output sarif is SARIF 2.1.0 with regions on the YAML lines', async () => {
    const r = await run('validate', `${FIXTURES}/broken`, '--output', 'sarif');
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0].results.find((x: any) => x.ruleId === 'vmi-disk-bus-valid');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: `${FIXTURES}/broken/vm.yaml` }, region: { startLine: 16, startColumn: 17 } });
    expect(log.runs[0].tool.driver.rules[result.ruleIndex].id).toBe('vmi-disk-bus-valid');
  });

  test('unusable input exits 2 naming the file and position', async () => {
    const r = await run('validate', `${FIXTURES}/input/malformed.yaml`, '--output', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${FIXTURES}/input/malformed.yaml:7:1`);
  });

  test('bad options exit 2 with usage', async () => {
    expect((await run('validate', '--output', 'xml')).code).toBe(2);
    expect((await run('validate', '--bogus')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('validate', '--help')).stdout).toContain('--assume-complete');
  });

  const built = fs.existsSync(path.join(ROOT, 'build', 'lib', 'cli', 'index.js'));
  (built ? test : test.skip)('the bin runs the compiled CLI', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-kubevirt.js'), 'validate', `${FIXTURES}/broken`, '--output', 'json'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).summary.errors).toBe(4);
  });
});
