// The fast YAML path (lib/manifests/fast-yaml.ts) against the exact one (js-yaml events + Go
// semantics, itself checked against a real kube-apiserver by the differential integration test):
// on every YAML document the repository has, on generated and mutated manifests and on a table
// of tricky cases, reading with the fast path must give what the exact path gives (value, key
// order, offsets, errors), and the fast path must not decline the common documents.
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { buildCatalogExamples } from '../../examples/catalog';
import { buildGitOps } from '../../examples/gitops';
import { buildLab } from '../../examples/lab';
import { buildPlatform } from '../../examples/platform';
import { DECLINED, readFastDocument } from '../../lib/manifests/fast-yaml';
import { GoYamlError, readGoYaml, splitDocuments } from '../../lib/manifests/go-yaml';
import { benchDocs, cases, root, yamlFiles } from './yaml-inputs';


jest.setTimeout(120_000);


/** What a read gives: the documents (value as JSON too, for key order) or the error. `fast` (which path read it) aside. */
function outcome(text: string, fast: boolean): unknown {
  try {
    return readGoYaml(text, { fast }).map(({ fast: _path, ...d }) => ({ ...d, json: JSON.stringify(d.value) }));
  } catch (err) {
    if (!(err instanceof GoYamlError)) throw err;
    return { error: err.message, offset: err.offset, kind: err.kind };
  }
}

/**
 * Both paths on `text`, and on it with CRLF line ends: must agree. Returns how many documents
 * the fast path read and declined (of the text as given).
 */
function check(text: string, name: string): { read: number; declined: number } {
  if (!text.includes('\r')) checkOne(text.replace(/\n/g, '\r\n'), `${name} (CRLF)`);
  return checkOne(text, name);
}

function checkOne(text: string, name: string): { read: number; declined: number } {
  const fast = outcome(text, true);
  const exact = outcome(text, false);
  if (!isSame(fast, exact)) {
    throw new Error(`fast and exact paths differ on ${name}:\n${text}\nfast:  ${JSON.stringify(fast)}\nexact: ${JSON.stringify(exact)}`);
  }
  let read = 0;
  let declined = 0;
  let docs: Array<{ text: string }> = [];
  try { docs = splitDocuments(text); } catch { /* refused before any document */ }
  for (const doc of docs) {
    if (readFastDocument(doc.text, 1000) === DECLINED) declined++; else read++;
  }
  return { read, declined };
}

/** Deep equality that also tells numbers from strings and objects from arrays (JSON covers key order). */
function isSame(a: unknown, b: unknown): boolean {
  try {
    expect(a).toStrictEqual(b);
    return true;
  } catch {
    return false;
  }
}


describe('fast YAML path == exact path', () => {
  test('the differential corpus (tricky YAML checked against a real kube-apiserver)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    let read = 0;
    for (const c of cases) read += check(c.text, c.name).read;
    expect(read).toBeGreaterThan(100); // the probes of plain scalars are in the subset
  });

  test('every YAML file of the repository', () => {
    const files = yamlFiles(root);
    expect(files.length).toBeGreaterThan(100);
    let read = 0;
    for (const f of files) read += check(fs.readFileSync(f, 'utf8'), path.relative(root, f)).read;
    expect(read).toBeGreaterThan(100);
  });

  test('the bench objects, all read by the fast path', () => {
    const docs = benchDocs();
    const all = check(docs.join('---\n'), 'bench objects');
    expect(all).toEqual({ read: docs.length, declined: 0 });
    expect(checkOne(docs.join('---\n').replace(/\n/g, '\r\n'), 'bench objects (CRLF)')).toEqual({ read: docs.length, declined: 0 });
  });

  test('the examples, as cdk8s writes them', () => {
    const app = Testing.app();
    const lab = buildLab(app);
    buildCatalogExamples(app, lab);
    buildPlatform(app, lab, buildGitOps(app));
    const docs = app.charts.flatMap((chart) => Testing.synth(chart)).map((o) => YAML.stringify(o));
    expect(docs.length).toBeGreaterThan(20);
    const r = check(docs.join('---\n'), 'examples');
    expect(r.read + r.declined).toBe(docs.length);
    expect(r.declined / docs.length).toBeLessThan(0.2);
  });

  test('mutated bench objects: characters inserted and deleted, lines re-indented', () => {
    // Block-style bench objects, and flow-style ones (the import test's hand-written flavors).
    const flavors = fs.readFileSync(path.join(root, 'test', 'fixtures', 'import', 'flavors', 'manifests.yaml'), 'utf8');
    const seeds = [...benchDocs().slice(0, 40), ...splitDocuments(flavors).map((d) => d.text.replace(/:41}/g, '}'))];
    const insert = [':', ' ', '  ', '\n', '\t', "'", '"', "''", '[', ']', '{', '}', '{}', '[]', ',', '#', ' #', '&a ', '*a', '!!', '|', '|-', '|+', '>', '- ', '-', '? ',
      '...', '<<: ', '\\', '\\n', '%', '@', '`', '\uFEFF', '\u0085', '\r', 'yes', '~', '0x', '1e3', ': ', 'a: b', '\n- ', '\n  ', '\n\n', '   \n'];
    let seed = 7;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    let read = 0;
    for (let k = 0; k < 4000; k++) {
      let text = seeds[k % seeds.length];
      for (let m = 1 + rnd(3); m > 0; m--) {
        const at = rnd(text.length);
        const kind = rnd(4);
        if (kind === 0) text = text.slice(0, at) + insert[rnd(insert.length)] + text.slice(at);
        else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + rnd(3));
        else if (kind === 2) {
          const lines = text.split('\n');
          const n = rnd(lines.length);
          lines[n] = rnd(2) ? ` ${lines[n]}` : lines[n].replace(/^ /, '');
          text = lines.join('\n');
        } else text = text.slice(0, at) + insert[rnd(insert.length)] + text.slice(at + 1);
      }
      read += check(text, `mutation ${k}`).read;
    }
    expect(read).toBeGreaterThan(500);
  });
});

describe('fast YAML path: random small documents', () => {
  test('lines of keys, items, words, block scalar headers, comments and blanks at random indents', () => {
    const words = ['a', 'b c', 'yes', '0755', '-1', '~', "'q'", '"d q"', '{}', '[x, y]', '{k: v}', '|', '|-', '>', '>+', 'x: y', '#c', 'http://h', '1e3', ''];
    let seed = 11;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    let read = 0;
    for (let k = 0; k < 6000; k++) {
      const lines: string[] = [];
      for (let n = 1 + rnd(8); n > 0; n--) {
        const indent = ' '.repeat(rnd(3) * 2 + rnd(4 - rnd(4)) % 2);
        const w = words[rnd(words.length)];
        switch (rnd(6)) {
          case 0: lines.push(`${indent}k${rnd(4)}: ${w}`); break;
          case 1: lines.push(`${indent}- ${w}`); break;
          case 2: lines.push(`${indent}${w}`); break;
          case 3: lines.push(`${indent}k${rnd(4)}:`); break;
          case 4: lines.push(rnd(2) ? '' : `${indent}# note`); break;
          default: lines.push(`${indent}- k${rnd(4)}: ${w}`);
        }
      }
      read += check(`${lines.join('\n')}\n`, `random ${k}`).read;
    }
    expect(read).toBeGreaterThan(1000);
  });
});

describe('fast YAML path: tricky cases', () => {
  // [yaml, read by the fast path?]
  const TABLE: Array<[string, boolean]> = [
    ['a: yes\nb: no\nc: on\nd: off\ne: y\nf: N\ng: True\nh: tRue\n', true],
    ['mode: 0755\nhex: 0x1F\nexp: 1e3\nhalf: .5\nplus: +1\nneg: -12\nbig: 123456789012345678901\nu: 1_000\nf: 1.\n', true],
    ['a: ~\nb: null\nc: NULL\nd:\ne: nULL\n', true],
    ['a:\nb: 1\n', true],
    ['a: "123"\nb: \'123\'\nc: \'yes\'\nd: "~"\n', true],
    ['list:\n- a: 1\n  b: 2\n- c: 3\n', true],
    ['list:\n  - a: 1\n    b:\n      - x\n      - y\n  - - n1\n    - n2\n  -\n    z: 1\n  -\n', true],
    ['- a\n- b\n', true],
    ['- - a\n  - b\n- - c\n', true],
    ['a: b # comment\nc: "x" # c\n# whole line\nd: e#f\n', true],
    ['a: "x # not a comment"\nb: \'y #z\'\n', true],
    ['a: "x: y"\nb: \'k: v\'\n', true],
    ['url: http://x.example/a?b=c\nk: a:b\nhttp://k: v\n', true],
    ['a: \'it\'\'s\'\nb: \'\'\nc: \'\'\'\'\n', true],
    ['a: "t\\tn\\nq\\"b\\\\"\n', true],
    ['a: "\\x41"\n', false],
    ['a: "\\/"\n', false],
    ['a: b   \nc: d  # x  \n', true],
    ['key with spaces: v\n\'quoted key\': 1\n"dq key": 2\n', true],
    ['yes: 1\n0755: 2\n1.0: 3\n1e3: 4\n', true],
    ['a: 1\na: 2\n', false],
    ['~: 1\n', false],
    ['<<: {a: 1}\n', false],
    ['a: &x 1\nb: *x\n', false],
    ['a: !!str 1\n', false],
    ['a: {b: 1}\n', true],
    ['i: {image: quay.io/fedora:41}\n', false],
    ['a: [1, 2]\n', true],
    ['l: {app: web, tier: "db", n: 0755, y: yes, e: {}, q: \'it\'\'s\'}\ncmd: ["/bin/sh", "-c", \'echo hi\']\n', true],
    ['p: [{containerPort: 80, protocol: TCP}, {containerPort: 443}]\nn: [[a, b], [], [c]]\n- x\n', false],
    ['p: [{containerPort: 80, protocol: TCP}, {containerPort: 443}]\nn: [[a, b], [], [c]]\n', true],
    ['- {name: a, disk: {bus: virtio}}\n- [x , y]\n', true],
    ['a: {b : 1}\n', true],
    ['a: [a b, c d]  # comment\n', true],
    ['a: {b: 1,c: 2}\n', true],
    ['a: {b:1}\n', false],
    ['a: {"b":1}\n', false],
    ['a: {b}\n', false],
    ['a: {b: }\n', false],
    ['a: [b, ]\n', false],
    ['a: [b,, c]\n', false],
    ['a: [b: c]\n', false],
    ['a: [http://x]\n', false],
    ['a: [b#c]\n', false],
    ['a: {b: 1, b: 2}\n', false],
    ['a: {~: 1}\n', false],
    ['a: {<<: {b: 1}}\n', false],
    ['a: [.nan]\n', false],
    ['a: [-1, -x, +1]\n', true],
    ['a: [-]\n', false],
    ['a: [- x]\n', false],
    ['a: [b,\n  c]\n', false],
    ['a: [b] c\n', false],
    ['a: [b]x\n', false],
    ['a: {b: "\\x41"}\n', false],
    ['a: [&x b, *x]\n', false],
    ['a: [!!str 1]\n', false],
    ['a: {? b: c}\n', false],
    ['a: [{b: [{c: [d]}]}]\n', true],
    ['a: {}\nb: []\nc:\n  - {}\n  - []\n', true],
    ['a: multi\n  line\n', true],
    ['a: one\n  two\n\n  three\nb: x\n', true],
    ['a: one   \n   two   \n\n\n  three\n', true],
    ['a: 1\n  2\nb: yes\n  no\n', true],
    ['- one\n  two\n- three\n', true],
    ['k:\n  - x: one\n     two\n', true],
    ['k:\n  - x: one\n    two\n', false],
    ['a: one\n  two: x\n', false],
    ['a: one\n  two #c\n', false],
    ['a: one # c\n  two\n', false],
    ['a: one\n  # c\n  two\n', false],
    ['a: one\n  - two\n', false],
    ['a: one\n  [two]\n', false],
    ['a: .inf\n  x\n', false],
    ['a: \'multi\n  line\'\n', false],
    ['? a\n: b\n', false],
    ['%YAML 1.1\n---\na: 1\n', false],
    ['a:\tb\n', false],
    ['a: b\r\n', true],
    ['a: b\rc: d\n', false],
    ['a: |\r\n  x\r\n\r\n  y\r\nb: >-\r\n  p\r\n  q\r\n', true],
    ['\uFEFFa: b\n', false],
    ['a: .nan\n', false],
    ['a: .inf\n', false],
    ['', false],
    ['# only a comment\n\n', false],
    ['a: |\n  line 1\n  line 2\n\n  line 4\nb: 1\n', true],
    ['a: |-\n  line 1\n  line 2\n\nb: 1\n', true],
    ['a: |+\n  line 1\n  line 2\n\n\nb: 1\n', true],
    ['a: |\n  #cloud-config\n  users:\n    - name: x\n# after\nb: |\n    deeper\n      more\n', true],
    ['a: |+\n  x\n\n', true],
    ['a: |\n  x', false],
    ['a: |2\n   x\n', false],
    ['a: >\n  folded\n', true],
    ['a: >\n  one\n  two\n\n  three\nb: 1\n', true],
    ['a: >-\n  one\n  two\n', true],
    ['a: >+\n  one\n\n', true],
    ['a: >\n  one\n\n\n  two\n', true],
    ['a: >\n  one\n    more\n  two\n', false],
    ['a: >2\n   x\n', false],
    ['a: |\n\n  leading blank\n', false],
    ['a: |\n  x\n   \n  y\n', false],
    ['- |\n x\n- |-\n  y\n', true],
    ['- k: |\n    v\n  j: 1\n', true],
    ['a: |\n  x\n # shallow comment\n', false],
    ['a: b: c\n', false],
    ['a: b\n  c: d\n', false],
    ['  a: 1\n  b: 2\n', true],
    ['  a: 1\nb: 2\n', false],
    ['a:\n  b: 1\n c: 2\n', false],
    ['...\n', false],
    ['a: 1\n...\n', false],
    ['scalar\n', false],
    ['"scalar"\n', false],
    ['a: b\n  # deeper comment\nc: d\n', false],
    ['a: -1\nb: -x\nc: - d\n', false],
    ['a: -1\nb: -x\n', true],
    ['k: 0o17\nl: 0b101\nm: 08\nn: 1__0\no: 12:30\np: 2024-01-01\n', true],
    ['toString: 1\nconstructor: 2\n__proto__: 3\n', false],
    ['toString: 1\nconstructor: 2\nhasOwnProperty: 3\n', true],
    ['a: \u00e9t\u00e9\nb: \u4e2d\n', true],
    ['a: \u{1F600}\n', false],
  ];

  test.each(TABLE)('%j (fast path reads it: %s)', (yaml, readsIt) => {
    check(yaml, JSON.stringify(yaml));
    const docs = splitDocuments(yaml);
    const read = docs.filter((d) => readFastDocument(d.text, 1000) !== DECLINED).length;
    expect(read > 0 && read === docs.length).toBe(readsIt);
  });

  test('a depth limit below the document\'s nesting is left to the exact path', () => {
    const deep = 'a:\n  b:\n    c:\n      d: 1\n';
    expect(readFastDocument(deep, 3)).toBe(DECLINED);
    expect(readFastDocument(deep, 1000)).toEqual({ a: { b: { c: { d: 1 } } } });
  });
});
