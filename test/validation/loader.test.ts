import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadFile, loadPaths, loadYaml, parsePath } from '../../lib/validation';
import { findTemplateAction } from '../../lib/manifests/manifest-files';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'validation');
const input = (name: string) => path.join(FIXTURES, 'input', name);

describe('YAML loader', () => {
  test('reads multi-document YAML with per-object and per-path positions', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# comment only\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n  labels:\n    app: web\n';
    const { sources, problems } = loadYaml(text, 'x.yaml');
    expect(problems).toEqual([]);
    expect(sources.map((s) => [s.object.kind, s.locate('')?.line])).toEqual([['ConfigMap', 1], ['Secret', 8]]);
    expect(loadYaml(text, 'x.yaml').sources.map((s) => s.line)).toEqual([1, 8]);
    expect(sources[1].locate('metadata.labels["app"]')).toEqual({ line: 13, column: 5 });
    // A path that does not exist lands on its nearest existing ancestor.
    expect(sources[1].locate('metadata.annotations.x')).toEqual({ line: 10, column: 1 });
  });

  test('values are read as go-yaml v2 reads them (YAML 1.1), positions computed on demand', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  octal: 0755\n  time: 12:30\n  big: 1_000\n  date: 2024-01-01\n  on: yes\n';
    const [source] = loadYaml(text, 'x.yaml').sources;
    expect(source.object.data).toEqual({ octal: 493, time: '12:30', big: 1000, date: '2024-01-01', true: true });
    expect(source.locate('data.time')).toEqual({ line: 7, column: 3 });
  });

  test('parsePath inverts the dotted paths findings use', () => {
    expect(parsePath('spec.template.spec.volumes[1].cloudInitNoCloud')).toEqual(['spec', 'template', 'spec', 'volumes', 1, 'cloudInitNoCloud']);
    expect(parsePath('metadata.labels["kubevirt.io/nodeName"]')).toEqual(['metadata', 'labels', 'kubevirt.io/nodeName']);
  });

  test('a List expands to its items', () => {
    const { sources } = loadFile(input('list.yaml'));
    expect(sources.map((s) => s.object.metadata.name)).toEqual(['one', 'two']);
    expect(sources[1].locate('')?.line).toBe(7);
  });

  test.each([
    ['malformed.yaml', 'input-yaml-syntax', /malformed\.yaml:7:1/],
    ['duplicate-keys.yaml', 'input-duplicate-key', /duplicate-keys\.yaml:5:3/],
    ['alias-bomb.yaml', 'input-alias-limit', /alias/],
    ['not-object.yaml', 'input-not-object', /not-object\.yaml:1:1: document 1 is a string/],
  ])('%s is reported as %s with file and position', (file, rule, message) => {
    const { sources, problems } = loadFile(input(file));
    expect(sources).toEqual([]);
    expect(problems[0]).toEqual(expect.objectContaining({ rule, severity: 'error', file: input(file), message: expect.stringMatching(message) }));
  });

  test('deep nesting is bounded, not a crash', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const started = Date.now();
    const { sources, problems } = loadYaml(deep, 'deep.yaml', { maxDepth: 200 });
    expect(sources).toEqual([]);
    expect(problems[0].rule).toBe('input-too-deep');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('files over the size limit are refused before reading', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-validate-'));
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const { problems } = loadFile(big, { maxFileBytes: 1024 * 1024 });
    expect(problems).toEqual([expect.objectContaining({ rule: 'input-too-large', message: expect.stringContaining('2.0 MiB') })]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('folders are searched recursively for .yaml/.yml/.json, in a stable order', () => {
    const { sources, problems } = loadPaths([path.join(FIXTURES, 'estate')]);
    expect(problems).toEqual([]);
    expect(sources.map((s) => path.basename(s.file!))).toEqual(['host-network.yaml', 'network.yaml', ...Array(5).fill('web.yaml')]);
  });

  test("cdk8s's construct-metadata.json beside synthesized manifests is not read as a manifest", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loader-synth-'));
    try {
      fs.mkdirSync(path.join(dir, 'lab'));
      fs.writeFileSync(path.join(dir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources: {} }));
      fs.writeFileSync(path.join(dir, 'lab', 'ConfigMap.a.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
      const { sources, problems } = loadPaths([dir]);
      expect(problems).toEqual([]);
      expect(sources.map((s) => s.object.metadata.name)).toEqual(['a']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing path is a problem, not an exception', () => {
    expect(loadPaths([path.join(FIXTURES, 'nope')]).problems[0].rule).toBe('input-unreadable');
  });
});

describe('manifests as kubectl reads them', () => {
  test('YAML 1.1 booleans (yes/no/on/off) are booleans, quoted ones stay strings, on both parser paths', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "yes"}\nflag: yes\nother: Off\n';
    const { sources } = loadYaml(text, 'x.yaml');
    expect(sources[0].object).toMatchObject({ flag: true, other: false, data: { a: 'yes' } });
  });

  test('a Helm template is input to render, reported with its line and column', () => {
    const { sources, problems } = loadYaml('metadata:\n  name: {{ .Values.name }}\n', 'vm.yaml');
    expect(sources).toEqual([]);
    expect(problems.map((p) => [p.rule, p.message.split(': ')[0]])).toEqual([['input-template', 'vm.yaml:2:9']]);
  });

  test('Prometheus/Alertmanager templates in valid YAML are string content, as kubectl reads them', () => {
    const rule = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  summary: "{{ $labels.name }} is down ({{ $value | humanize }})"\n  body: |\n    {{ range .Alerts }}{{ .Labels.vm }}{{ end }}\n';
    const { sources, problems } = loadYaml(rule, 'alerts.yaml');
    expect(problems).toEqual([]);
    expect(sources[0].object.data.summary).toBe('{{ $labels.name }} is down ({{ $value | humanize }})');
    // A chart's own objects in otherwise valid YAML still mark an unrendered template.
    expect(loadYaml('image: "{{ .Values.image }}"\n', 'vm.yaml').problems.map((p) => p.rule)).toEqual(['input-template']);
  });

  test('cloud-init Jinja and nmstate capture expressions are not Helm templates', () => {
    expect(findTemplateAction('userData: |\n  fqdn: {{ v1.local_hostname }}\n')).toBeUndefined();
    expect(findTemplateAction('port: "{{ capture.base-iface.interfaces.0.name }}"')).toBeUndefined();
    expect(findTemplateAction('  {{- include "x.labels" . | nindent 4 }}')).toEqual({ line: 1, column: 3 });
  });
});
