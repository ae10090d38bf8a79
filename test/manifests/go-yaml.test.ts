// The YAML reader's Go semantics, case by case. Each behaviour here was first observed on a
// real kube-apiserver (application/yaml, dryRun=All, fieldValidation=Strict); the integration
// test test/integration/yaml-differential.test.ts re-checks the whole corpus against one.
import { GoYamlError, formatFloat32, readGoYaml, splitDocuments } from '../../lib/manifests/go-yaml';
import { loadYaml } from '../../lib/manifests';

const value = (yaml: string) => readGoYaml(yaml)[0].value;
const refusal = (yaml: string) => {
  try {
    readGoYaml(yaml);
  } catch (err) {
    if (err instanceof GoYamlError) return err.message;
    throw err;
  }
  return undefined;
};

describe('YAML as the kube-apiserver reads it (go-yaml v2, sigs.k8s.io/yaml, strict)', () => {
  test.each([
    ['yes', true], ['Off', false], ['y', true], ['tRue', 'tRue'], ['~', null], ['', null], ['nULL', 'nULL'],
    ['0755', 493], ['08', 8], ['0o17', 15], ['0O17', 15], ['0x1F', 31], ['-0b101', -5], ['1_000', 1000], ['0x_1F', 31],
    ['1e3', 1000], ['.5', 0.5], ['1.', 1], ['-0', 0], ['1e400', '1e400'], ['12:30', '12:30'], ['2024-01-01', '2024-01-01'],
    ['inf', 'inf'], ['0x', '0x'], ['0o8', '0o8'], ['1,000', '1,000'],
  ])('plain scalar %j is %j', (scalar, expected) => {
    expect(value(`v: ${scalar}\n`)).toEqual({ v: expected });
  });

  test('words of Object.prototype are plain strings (the bool and float tables have no prototype)', () => {
    expect(value('a: toString\nb: toLocaleString\nc: constructor\n')).toEqual({ a: 'toString', b: 'toLocaleString', c: 'constructor' });
  });

  test('quoted and block scalars are strings; tags decide for tagged ones', () => {
    expect(value("a: 'yes'\nb: \"0755\"\nc: |\n  12\nd: !!int \"12\"\ne: !!str 12\nf: !custom 12\ng: !!float 1\nh: !!binary aGVsbG8=\n"))
      .toEqual({ a: 'yes', b: '0755', c: '12\n', d: 12, e: '12', f: '12', g: 1, h: 'hello' });
    expect(refusal('a: !!int abc\n')).toBe('cannot decode !!str `abc` as a !!int');
  });

  test('keys become JSON strings as sigs.k8s.io/yaml writes them; a null key is refused', () => {
    expect(value('yes: a\n0755: b\n1.0: c\n100000000.0: d\n.inf: e\n')).toEqual({ true: 'a', 493: 'b', 1: 'c', '1e+08': 'd', '.inf': 'e' });
    expect(refusal('~: a\n')).toMatch(/key is null/);
    expect(refusal('? [a, b]\n: c\n')).toMatch(/invalid map key/);
    expect(formatFloat32(0.1)).toBe('0.1');
    expect(formatFloat32(123456789)).toBe('1.2345679e+08');
  });

  test('NaN and infinities cannot be JSON values', () => {
    expect(refusal('a: .nan\n')).toMatch(/unsupported value: NaN/);
    expect(refusal('a: [-.inf]\n')).toMatch(/unsupported value: -Inf/);
  });

  test('duplicate keys are refused, merged keys included (strict mode); disjoint merges are fine', () => {
    expect(refusal('a: 1\na: 2\n')).toBe('key "a" already set in map');
    expect(refusal('yes: 1\ntrue: 2\n')).toBe('key true already set in map');
    expect(refusal('b: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n')).toMatch(/already set/);
    expect(value('a: &a {x: 1}\nb: &b {z: 2}\nm:\n  <<: *a\n  <<: *b\n  w: 3\n')).toEqual({ a: { x: 1 }, b: { z: 2 }, m: { x: 1, z: 2, w: 3 } });
    expect(refusal('s: &s t\nm:\n  <<: *s\n')).toBe('map merge requires map or sequence of maps as the value');
  });

  test('shallow continuation lines of quoted scalars and flow collections, as in Multus\'s README', () => {
    const nad = "spec:\n  config: '{\n    \"cniVersion\": \"0.3.1\",\n    \"type\": \"bridge\"\n  }'\n";
    expect(value(nad)).toEqual({ spec: { config: '{ "cniVersion": "0.3.1", "type": "bridge" }' } });
    expect(value("spec:\n  v: 'a\n\n\nb'\n  w: {a: 1,\nb: 2}\n")).toEqual({ spec: { v: 'a\n\nb', w: { a: 1, b: 2 } } });
    // A plain scalar's continuation must still be deeper than its key, and `...` still ends a document.
    expect(refusal('spec:\n  v: a\n b\n')).toBeDefined();
    expect(refusal("spec:\n  v: 'a\n... b'\n")).toBeDefined();
  });

  test('tabs: separating tabs in flow collections are fine; a tab-only line in block context and a tab after `-` are not', () => {
    expect(value('d: {a:\t1,\tb: 2}\n')).toEqual({ d: { a: 1, b: 2 } });
    expect(refusal('d:\n  a: 1\n\t\n  b: 2\n')).toMatch(/tab character/);
    expect(refusal('l:\n-\tx\n')).toMatch(/tab/);
  });

  test('escapes: YAML 1.1\'s set (\\\' yes, \\/ no)', () => {
    expect(value('v: "a\\\'b\\x41\\_"\n')).toEqual({ v: "a'bA\u00a0" });
    expect(refusal('v: "a\\/b"\n')).toBe('found unknown escape character');
    expect(value('v: "a\\\\(b"\n')).toEqual({ v: 'a\\(b' });
  });

  test('documents split as kubectl splits them: `---` lines, only a comment after them; a BOM is skipped', () => {
    expect(splitDocuments('a: 1\n--- # c\nb: 2\n').map((d) => d.text)).toEqual(['a: 1\n', 'b: 2\n']);
    expect(refusal('a: 1\n--- {b: 2}\n')).toMatch(/invalid document separator/);
    expect(refusal('%YAML 1.1\n---\na: 1\n')).toMatch(/directive/);
    expect(readGoYaml('\uFEFFa: 1\n---\n\uFEFFb: 2\n').map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  test('alias bombs are refused as go-yaml does ("excessive aliasing"); modest aliasing is not', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(refusal(bomb)).toBe('document contains excessive aliasing');
    expect(value('a: &x {k: [1, 2]}\nb: *x\nc: *x\n')).toEqual({ a: { k: [1, 2] }, b: { k: [1, 2] }, c: { k: [1, 2] } });
  });

  test('every refusal reaches the user as file:line:column', () => {
    const { problems } = loadYaml('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: 1\n  a: 2\n', 'cm.yaml');
    expect(problems.map((p) => [p.rule, p.message])).toEqual([['input-duplicate-key', 'cm.yaml:7:3: key "a" already set in map']]);
  });
});
