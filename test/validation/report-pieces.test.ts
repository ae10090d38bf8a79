// `validate --output json` writes its report piece by piece (formatJsonChunks): the bytes must be
// exactly those of the report made whole (JSON.stringify of findings and summary, indent 2).
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../lib/cli';
import { formatJson, formatJsonChunks, plainFinding, summarize } from '../../lib/validation/report/json';
import { formatSarif, formatSarifChunks } from '../../lib/validation/report/sarif';
import { formatTextChunks } from '../../lib/validation/report/text';
import { ALL_RULES } from '../../lib/validation/rules';
import { Finding } from '../../lib/validation/types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate, writeFiles } = require('../../bench/validate.js') as { generate(n: number): unknown[]; writeFiles(objects: unknown[]): string };

const ROOT = path.join(__dirname, '..', '..');

/** The report as it was made before it was written in pieces. */
function whole(findings: readonly Finding[], objects: number): string {
  return JSON.stringify({ findings: findings.map(plainFinding), summary: summarize(findings, objects) }, null, 2);
}

function finding(i: number): Finding {
  const kinds: Array<Partial<Finding>> = [
    {},
    { hint: 'a "quoted" hint\nover two lines' },
    { suppressed: { kind: 'annotation', reason: 'ünïcode reason \u2028 with a separator' } },
    { file: undefined, object: { apiVersion: '', kind: '', name: '' } },
    { severity: 'info', path: '', message: 'tab\there, backslash \\ and </script>' },
  ];
  return {
    rule: `rule-${i % 7}`, severity: i % 3 === 0 ? 'error' : 'warning', file: `dir/file-${i % 11}.yaml`,
    object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: `vm-${i}`, ...(i % 2 ? { namespace: 'ns' } : {}) },
    path: `spec.template.spec.volumes[${i}]`, message: `message ${i}`,
    ...kinds[i % kinds.length],
  } as Finding;
}

describe('JSON report written in pieces', () => {
  test.each([0, 1, 2, 511, 512, 513, 1024, 1500])('%i findings: the pieces are the whole report', (n) => {
    const findings = Array.from({ length: n }, (_, i) => finding(i));
    const pieces = [...formatJsonChunks(findings, n * 2)];
    expect(pieces.join('')).toBe(whole(findings, n * 2));
    expect(formatJson(findings, n * 2)).toBe(whole(findings, n * 2));
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
    expect(pieces.length).toBe(n === 0 ? 1 : Math.floor(n / 512) + 1);
  });

  test.each([1, 2, 3, 7, 1024])('text in pieces of %i lines is the text made in one piece', (chunkLines) => {
    const findings = Array.from({ length: 3000 }, (_, i) => finding(i));
    for (const opts of [{}, { color: true, lineOf: (f: Finding) => (f.path.length % 5 === 0 ? undefined : f.path.length) }]) {
      const one = [...formatTextChunks(findings, 4000, opts, Number.MAX_SAFE_INTEGER)];
      expect(one).toHaveLength(1);
      const pieces = [...formatTextChunks(findings, 4000, opts, chunkLines)];
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join('')).toBe(one[0]);
      for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
    }
    expect([...formatTextChunks([], 0, {}, chunkLines)]).toEqual(['0 objects checked: 0 errors, 0 warnings']);
  });

  test.each([1, 2, 3, 256, 1000])('SARIF in pieces of %i results is the log stringified whole', (chunk) => {
    const findings = Array.from({ length: 700 }, (_, i) => finding(i));
    const opts = { rules: ALL_RULES, version: '1.2.3', locate: (f: Finding) => (f.path.length % 4 === 0 ? undefined : { line: f.path.length, column: 3 }) };
    const pieces = [...formatSarifChunks(findings, opts, chunk)];
    const text = pieces.join('');
    // Indented exactly as JSON.stringify(log, null, 2) would: parsing and stringifying again gives the same bytes.
    const log = JSON.parse(text);
    expect(JSON.stringify(log, null, 2)).toBe(text);
    expect(log.runs[0].results).toHaveLength(700);
    expect(log.runs[0].results[5]).toMatchObject({ ruleId: 'rule-5', locations: [{ physicalLocation: { artifactLocation: { uri: 'dir/file-5.yaml' } } }] });
    expect(log.runs[0].results[1].suppressions).toBeUndefined();
    expect(log.runs[0].results[2].suppressions).toEqual([{ kind: 'inSource', justification: 'ünïcode reason \u2028 with a separator' }]);
    expect(pieces.length).toBe(Math.ceil(700 / chunk) + (700 % chunk === 0 ? 1 : 0));
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
    expect(formatSarif(findings, opts)).toBe(text);
    const none = [...formatSarifChunks([], opts, chunk)];
    expect(none).toHaveLength(1);
    expect(JSON.parse(none[0]).runs[0].results).toEqual([]);
  });

  test('the CLI writes the same bytes in pieces as whole (1,000 objects, 600 findings)', async () => {
    const dir = writeFiles(generate(1000));
    try {
      const run = async (pieces: boolean, output = 'json') => {
        const out: string[] = [];
        const write = (t: string) => out.push(t);
        const code = await main(['validate', dir, '--output', output], {
          stdout: (t) => out.push(t.endsWith('\n') ? t : `${t}\n`), stderr: () => undefined, isTTY: false, cwd: ROOT,
          ...(pieces ? { stdoutPiece: write } : {}),
        });
        return { code, out };
      };
      const inPieces = await run(true);
      const made = await run(false);
      expect(inPieces.code).toBe(made.code);
      expect(made.out).toHaveLength(1);
      expect(inPieces.out.length).toBeGreaterThan(1);
      expect(inPieces.out.join('')).toBe(made.out[0]);
      expect(JSON.parse(made.out[0]).findings).toHaveLength(600);
      const text = await run(true, 'text');
      const textWhole = await run(false, 'text');
      expect(text.out.length).toBeGreaterThan(1);
      expect(text.out.join('')).toBe(textWhole.out[0]);
      expect(textWhole.out[0]).toMatch(/1000 objects checked: 0 errors, 600 warnings\n$/);
      const sarif = await run(true, 'sarif');
      const sarifWhole = await run(false, 'sarif');
      expect(sarif.out.length).toBeGreaterThan(1);
      expect(sarif.out.join('')).toBe(sarifWhole.out[0]);
      expect(JSON.parse(sarifWhole.out[0]).runs[0].results[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
