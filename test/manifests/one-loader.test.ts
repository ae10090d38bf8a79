// validate, apply, diff and the controller read manifests with one loader: the same objects
// from the same folder (YAML 1.1 booleans, kustomize and Helm input, Lists), the same
// problems with file:line:column, and the validation corpus gives apply the verdict it gives
// validate.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli';
import { loadSources } from '../../lib/cli/apply';
import { CliIo } from '../../lib/cli/command';
import { ManifestError, loadSourceFolder } from '../../lib/controller/objects';
import { defaultValidator } from '../../lib/controller/validation-seam';
import { loadPaths } from '../../lib/manifests';
import { scopeOf } from '../../lib/validation/schema';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'validation', 'corpus');

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd };
  return { io: value, out, err };
}

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-loader-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const CM = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

/** What validate's loader and the controller's loader read from one folder, side by side. */
async function both(dir: string) {
  const validate = loadPaths([dir], { scopeOf });
  let apply: unknown[] | string;
  try {
    apply = (await loadSourceFolder(dir)).map((s) => s.object);
  } catch (err) {
    apply = (err as Error).message;
  }
  return { validate: validate.problems.length ? validate.problems.map((p) => p.message).join('\n') : validate.sources.map((s) => s.object), apply };
}

describe('one manifest loader for validate, apply, diff and the controller', () => {
  test('YAML 1.1 booleans read the same: `running: yes` is true for both', async () => {
    const dir = path.join(CORPUS, 'valid-yaml11-running-yes');
    const r = await both(dir);
    expect(r.apply).toEqual(r.validate);
    expect((r.apply as Array<{ spec: { running: unknown } }>)[0].spec.running).toBe(true);
  });

  test('a kustomization folder: kustomization files and patches skipped, its namespace set, for both', async () => {
    const dir = path.join(CORPUS, 'valid-kustomize-folder');
    const r = await both(dir);
    expect(r.apply).toEqual(r.validate);
    const objects = r.apply as Array<{ kind: string; metadata: { name: string; namespace?: string } }>;
    expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(['NetworkAttachmentDefinition/web/public', 'NodeNetworkConfigurationPolicy/undefined/br1', 'VirtualMachine/web/web']);
  });

  test('Helm chart metadata and values are skipped; a template is one problem with its line and column', async () => {
    const dir = folder({ 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.0.0\n', 'values.yaml': 'replicas: 2\n', 'cm.yaml': CM('a') });
    expect(await both(dir)).toEqual({ validate: [expect.objectContaining({ kind: 'ConfigMap' })], apply: [expect.objectContaining({ kind: 'ConfigMap' })] });
    fs.writeFileSync(path.join(dir, 'templates.yaml'), CM('b', 'data:\n  k: {{ .Values.k }}\n'));
    const r = await both(dir);
    expect(r.validate).toMatch(/templates\.yaml:6:6: this is a Helm\/Go template/);
    expect(r.apply).toMatch(/^templates\.yaml:6:6: this is a Helm\/Go template/);
  });

  test('Lists (kind: List and <Kind>List) expand to their items, in YAML and JSON', async () => {
    const dir = folder({
      'list.yaml': 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n',
      'cms.json': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMapList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }] }),
    });
    const r = await both(dir);
    expect(r.apply).toEqual(r.validate);
    expect((r.apply as Array<{ metadata: { name: string } }>).map((o) => o.metadata.name)).toEqual(['b', 'a']);
  });

  test('a syntax error names file, line and column for both, never a stack trace', async () => {
    const dir = folder({ 'bad.yaml': `${CM('a')}data:\n  k: [1,\n` });
    const r = await both(dir);
    expect(r.validate).toMatch(/bad\.yaml:\d+:\d+: /);
    expect(r.apply).toMatch(/^bad\.yaml:\d+:\d+: /);
    const t = io(dir);
    expect(await main(['apply', '.', '--dry-run'], t.io)).toBe(2);
    expect(t.err.join('\n')).toMatch(/^cdk8s-kubevirt apply: bad\.yaml:\d+:\d+: /);
    expect(t.err.join('\n')).not.toMatch(/\n\s+at /);
  });

  test('an object apply cannot address (no metadata.name) is refused with its position; validate reports it as a schema error', async () => {
    const dir = folder({ 'cms.yaml': `${CM('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n` });
    await expect(loadSourceFolder(dir)).rejects.toThrow(/^cms\.yaml:8:1: ConfigMap has no metadata\.name$/);
    await expect(loadSourceFolder(dir)).rejects.toBeInstanceOf(ManifestError);
    const t = io(dir);
    expect(await main(['validate', '.', '--output', 'json'], t.io)).toBe(1);
    expect(JSON.parse(t.out.join('')).findings).toEqual([expect.objectContaining({ rule: 'object-meta', path: 'metadata.name' })]);
  });
});

interface Expected { exit: 0 | 1 | 2; errors: string[]; args?: string[]; input?: string }

describe('the validation corpus through the apply path (its loading and its validator)', () => {
  const cases = fs.readdirSync(CORPUS).filter((name) => fs.existsSync(path.join(CORPUS, name, 'expected.json'))).sort();
  const plain = cases.filter((name) => {
    const e: Expected = JSON.parse(fs.readFileSync(path.join(CORPUS, name, 'expected.json'), 'utf8'));
    return !e.args && !e.input; // apply has no --assume-complete
  });

  test('covers most of the corpus', () => expect(plain.length).toBeGreaterThan(cases.length * 0.8));

  test.each(plain)('%s', async (name) => {
    const dir = path.join(CORPUS, name);
    const expected: Expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    const t = io(dir);
    const sources = await loadSources(dir, t.io, 'apply');
    if (expected.exit === 2) {
      expect(sources).toBeUndefined();
      expect(t.err.join('\n')).toMatch(/^cdk8s-kubevirt apply: \S+:\d+(:\d+)?: /);
      return;
    }
    if (sources === undefined) {
      // Only objects apply cannot address at all; validate reports them as errors (exit 1).
      expect(expected.exit).toBe(1);
      expect(t.err.join('\n')).toMatch(/:\d+:\d+: \w+ has no metadata\.name|no apiVersion\/kind/);
      return;
    }
    const errors = [...new Set((await defaultValidator()(sources)).filter((f) => f.severity === 'error').map((f) => f.rule))].sort();
    expect({ exit: errors.length ? 1 : 0, errors }).toEqual({ exit: expected.exit, errors: [...new Set(expected.errors)].sort() });
  });
});
