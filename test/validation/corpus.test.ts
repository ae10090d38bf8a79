// The realistic corpus: each folder under test/fixtures/validation/corpus is a hand-written
// estate (or one mistake in one) with the verdict the CLI must give in expected.json:
// { exit, errors: [rule ids, exact set], warnings: [rule ids], warningsSubset?, args?, input? }.
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'validation', 'corpus');

interface Expected {
  readonly exit: 0 | 1 | 2;
  readonly errors: string[];
  readonly warnings: string[];
  /** The listed warnings must appear, others may too (references outside the case). */
  readonly warningsSubset?: boolean;
  /** Extra CLI arguments, e.g. --assume-complete. */
  readonly args?: string[];
  /** What to validate, relative to the case folder. @default the manifests beside expected.json */
  readonly input?: string;
}

const cases = fs.readdirSync(CORPUS).filter((name) => fs.existsSync(path.join(CORPUS, name, 'expected.json'))).sort();

async function validate(dir: string, expected: Expected) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['validate', expected.input ?? '.', '--output', 'json', ...(expected.args ?? [])], {
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: dir,
  });
  return { code, stdout: out.join(''), stderr: err.join('\n') };
}

const ids = (findings: Array<{ rule: string; severity: string }>, severity: string) =>
  [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.rule))].sort();

describe('validation corpus', () => {
  test('has enough cases, about half of them valid estates', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const valid = cases.filter((c) => c.startsWith('valid-')).length;
    expect(valid).toBeGreaterThanOrEqual(cases.length / 3);
  });

  test.each(cases)('%s', async (name) => {
    const dir = path.join(CORPUS, name);
    const expected: Expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const r = await validate(dir, expected);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['findings', 'summary']);
    const verdict = { exit: r.code, errors: ids(doc.findings, 'error'), warnings: ids(doc.findings, 'warning') };
    const want = {
      exit: expected.exit,
      errors: [...new Set(expected.errors)].sort(),
      warnings: expected.warningsSubset ? expect.arrayContaining(expected.warnings) : [...new Set(expected.warnings)].sort(),
    };
    expect(verdict).toEqual(want);
    if (expected.exit === 2) expect(r.stderr).toMatch(/:\d+(:\d+)?: |no such file/);
    else expect(r.stderr).toBe('');
  });
});

describe('validate text output on the corpus', () => {
  async function text(dir: string, ...args: string[]) {
    const out: string[] = [];
    const code = await main(['validate', ...args], { stdout: (t) => out.push(t), stderr: () => undefined, isTTY: false, cwd: dir });
    return { code, lines: out.join('\n').split('\n') };
  }

  test('groups by file then object, plain text without a TTY, one summary line last', async () => {
    const r = await text(CORPUS, 'bad-xo-livemigrate-rwo', 'bad-mac-address');
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe(path.join('bad-xo-livemigrate-rwo', 'vm.yaml'));
    expect(r.lines[1]).toBe('  VirtualMachine db/pg-01');
    expect(r.lines[2]).toMatch(/^ {4}warning volume 'root' .*\(line \d+ spec\.template\.spec\.volumes\[0\]\) \[vm-livemigrate-storage-rwx\]$/);
    expect(r.lines.join('\n')).not.toMatch(/\u001b\[/);
    expect(r.lines[r.lines.length - 1]).toBe('2 objects checked: 1 error, 2 warnings');
  });

  test('input problems read as a message and a line under their file heading', async () => {
    const r = await text(CORPUS, 'input-malformed-yaml');
    expect(r.code).toBe(2);
    expect(r.lines[0]).toBe(path.join('input-malformed-yaml', 'vm.yaml'));
    expect(r.lines[1]).toBe('    error   bad indentation of a sequence entry (line 13) [input-yaml-syntax]');
  });
});
