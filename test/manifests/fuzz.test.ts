// Property and fuzz tests (fast-check) over the manifest loader, the validator and the
// applier's source loading, with generated and mutated manifests: no crash, no hang, every
// refusal a problem naming the file and position. `npm test` runs a bounded number of cases;
// `npm run fuzz` runs the same properties long (FUZZ_RUNS, default 20,000 there).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { ManifestError, loadSourceFolder } from '../../lib/controller/objects';
import { loadYaml } from '../../lib/manifests';
import { validateSources } from '../../lib/validation/engine';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const params = { numRuns: RUNS, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) };
jest.setTimeout(Math.max(60_000, RUNS * 50));

const CORPUS = path.join(__dirname, '..', 'fixtures', 'validation', 'corpus');
/** Real manifests to mutate: every YAML file of the validation corpus. */
const SEEDS: string[] = [];
for (const c of fs.readdirSync(CORPUS)) {
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else if (/\.ya?ml$/.test(e.name)) SEEDS.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(CORPUS, c));
}

/** Characters that change YAML's structure, for insertion. */
const YAML_CHARS = [':', ' ', '  ', '\n', '\t', "'", '"', '[', ']', '{', '}', ',', '#', '&a ', '*a', '!!', '|', '>', '- ', '? ', '---\n', '...\n', '<<: ', '\\', '%', '@', '`', '\uFEFF', '\u0085', '\r\n', '0x', 'yes', '~'];

/** A mutation of a real manifest: characters deleted or inserted, lines duplicated, swapped or re-indented. */
const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...YAML_CHARS), fc.nat(4)), { minLength: 1, maxLength: 6 }))
  .map(([seed, edits]) => {
    let text = seed;
    for (const [where, kind, chars, n] of edits) {
      const at = text.length ? where % text.length : 0;
      const lines = text.split('\n');
      const line = lines.length ? where % lines.length : 0;
      switch (kind % 5) {
        case 0: text = text.slice(0, at) + text.slice(at + 1 + n); break;
        case 1: text = text.slice(0, at) + chars + text.slice(at); break;
        case 2: lines.splice(line, 0, lines[line] ?? ''); text = lines.join('\n'); break;
        case 3: [lines[line], lines[(line + 1) % lines.length]] = [lines[(line + 1) % lines.length], lines[line]]; text = lines.join('\n'); break;
        default: lines[line] = `${' '.repeat(n)}${(lines[line] ?? '').trimStart()}`; text = lines.join('\n'); break;
      }
    }
    return text;
  });

/** YAML-ish token soup, for texts no manifest resembles. */
const soup = fc.array(fc.oneof(fc.constantFrom(...YAML_CHARS, 'a', 'key', 'apiVersion: v1', 'kind: List', 'items:', '0755', '.nan', '{{ .Values.x }}'), fc.string({ maxLength: 6 })), { maxLength: 60 }).map((parts) => parts.join(''));

/** Every problem names the file and a line:column inside the text, and no stack trace leaks. */
function checkProblems(text: string, problems: ReadonlyArray<{ rule: string; message: string }>): void {
  // go-yaml counts NEL, LS and PS as line breaks too, and so do the positions reported.
  const lines = text.split(/\r\n|[\n\r\u0085\u2028\u2029]/).length + 1;
  for (const p of problems) {
    expect(p.rule).toMatch(/^input-/);
    const m = /^f\.yaml(?::(\d+)(?::(\d+))?)?: (\S[^\n]*)$/.exec(p.message);
    expect(m).not.toBeNull();
    if (m?.[1]) expect(Number(m[1])).toBeLessThanOrEqual(lines);
    expect(p.message).not.toMatch(/\n\s+at |TypeError|ReferenceError|undefined is not/);
  }
}

function loadChecked(text: string) {
  const started = Date.now();
  const r = loadYaml(text, 'f.yaml');
  // Liveness, not speed: a hang or a runaway would blow far past this.
  expect(Date.now() - started).toBeLessThan(10_000);
  checkProblems(text, r.problems);
  // What is accepted is plain JSON: serializable, no NaN, no undefined, no cycles.
  for (const s of r.sources) expect(JSON.parse(JSON.stringify(s.object))).toEqual(s.object);
  return r;
}

describe('fuzz: YAML loader', () => {
  test('mutated real manifests: loaded or refused with file:line:column, never a crash', () => {
    fc.assert(fc.property(mutated, (text) => { loadChecked(text); }), params);
  });

  test('token soup: loaded or refused with file:line:column, never a crash', () => {
    fc.assert(fc.property(soup, (text) => { loadChecked(text); }), params);
  });

  test('any JSON object document reads back as the same value (kubectl reads JSON through YAML)', () => {
    const object = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 4 }), { minKeys: 1 });
    fc.assert(fc.property(object, (value) => {
      const normalized = JSON.parse(JSON.stringify(value, (_k, v) => (Object.is(v, -0) ? 0 : v)));
      const { sources, problems } = loadChecked(JSON.stringify(normalized, null, 2));
      expect(problems).toEqual([]);
      if (sources.length) expect(sources[0].object).toEqual(normalized);
    }), params);
  });
});

const KINDS: Array<[string, string]> = [
  ['kubevirt.io/v1', 'VirtualMachine'], ['kubevirt.io/v1', 'VirtualMachineInstance'], ['pool.kubevirt.io/v1beta1', 'VirtualMachinePool'],
  ['cdi.kubevirt.io/v1beta1', 'DataVolume'], ['k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition'], ['nmstate.io/v1', 'NodeNetworkConfigurationPolicy'],
  ['instancetype.kubevirt.io/v1beta1', 'VirtualMachineInstancetype'], ['v1', 'PersistentVolumeClaim'], ['v1', 'Secret'], ['v1', 'List'],
];

describe('fuzz: validator', () => {
  const anyObject = fc.record({
    apiVersion: fc.oneof(fc.constantFrom(...KINDS.map((k) => k[0])), fc.jsonValue({ maxDepth: 1 })),
    kind: fc.oneof(fc.constantFrom(...KINDS.map((k) => k[1])), fc.jsonValue({ maxDepth: 1 })),
    metadata: fc.oneof(fc.record({ name: fc.string({ maxLength: 70 }), namespace: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }) }), fc.jsonValue({ maxDepth: 2 })),
    spec: fc.jsonValue({ maxDepth: 6 }),
  }, { requiredKeys: [] });

  function checkFindings(objects: unknown[]): void {
    const findings = validateSources(objects.map((object) => ({ object: object as never, file: 'f.yaml' })));
    for (const f of findings) {
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(typeof f.rule).toBe('string');
      expect(typeof f.message === 'string' && f.message.length > 0).toBe(true);
      expect(f.message).not.toMatch(/\n\s+at |is not a function|Cannot read properties/);
    }
  }

  test('generated objects of known kinds with arbitrary specs: findings, never a crash', () => {
    fc.assert(fc.property(fc.array(anyObject, { minLength: 1, maxLength: 4 }), checkFindings), params);
  });

  test('mutated real manifests that still load: findings, never a crash', () => {
    fc.assert(fc.property(mutated, (text) => { checkFindings(loadYaml(text, 'f.yaml').sources.map((s) => s.object)); }), params);
  });
});

describe('fuzz: the applier\'s source loading', () => {
  const fileName = fc.oneof(fc.constantFrom('kustomization.yaml', 'Chart.yaml', 'values.yaml', 'a.yaml', 'b.yml', 'c.json', 'construct-metadata.json', 'notes.txt', '.hidden.yaml'), fc.stringMatching(/^[a-z]{1,6}\.(yaml|json)$/));
  const folder = fc.array(fc.tuple(fc.constantFrom('', 'sub/', 'sub/deeper/'), fileName, fc.oneof(mutated, soup, fc.constantFrom('resources: [a.yaml]\nnamespace: x\npatches: [{path: b.yml}]\n', '{}', '[]', ''))), { minLength: 1, maxLength: 5 });

  test('random folders: sources, or a ManifestError whose every line names file:line:column', async () => {
    await fc.assert(fc.asyncProperty(folder, async (files) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-folder-'));
      try {
        for (const [sub, name, text] of files) {
          fs.mkdirSync(path.join(dir, sub), { recursive: true });
          fs.writeFileSync(path.join(dir, sub, name), text);
        }
        try {
          const sources = await loadSourceFolder(dir);
          for (const s of sources) expect(typeof s.object.metadata.name).toBe('string');
        } catch (err) {
          expect(err).toBeInstanceOf(ManifestError);
          for (const line of (err as Error).message.split('\n')) expect(line).toMatch(/^[^:\n]+(:\d+(:\d+)?)?: \S/);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }), { ...params, numRuns: Math.max(20, Math.floor(RUNS / 3)) });
  });
});
