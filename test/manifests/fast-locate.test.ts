// The fast locator (lib/manifests/fast-locate.ts) against the events (positions.ts `find`): for
// every document the fast reader reads, every path of its value (each key and index, plus missing
// keys and indexes below them) must give the offset the events give, or be declined. The bench's
// objects must never be declined: the fast locator silently falling back would fail here.
import * as fs from 'fs';
import * as path from 'path';
import { fastFind, fastLocatable } from '../../lib/manifests/fast-locate';
import { DECLINED, readFastDocument } from '../../lib/manifests/fast-yaml';
import { splitDocuments } from '../../lib/manifests/go-yaml';
import { documentLocator, eventsFinder } from '../../lib/manifests/positions';
import { benchDocs, cases, root, yamlFiles } from './yaml-inputs';


jest.setTimeout(120_000);

type Key = string | number;

/** Every path of `value` (the empty one too), and paths one step past it that do not exist. */
function paths(value: unknown, at: Key[] = [], out: Key[][] = []): Key[][] {
  out.push(at);
  if (Array.isArray(value)) {
    value.forEach((v, i) => paths(v, [...at, i], out));
    out.push([...at, value.length], [...at, 'missing'], [...at, '0']);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
    out.push([...at, 'missing'], [...at, 0], [...at, 'missing', 'deeper']);
  } else {
    out.push([...at, 'missing'], [...at, 0]);
  }
  return out;
}

/** Compares both ways on every path of `body`: counts of paths found fast, declined, documents read. */
function compare(body: string, name: string, tally: { paths: number; declined: number; docs: number }): void {
  if (!fastLocatable(body)) return;
  tally.docs++;
  const events = eventsFinder(body);
  if (events === null) throw new Error(`${name}: the fast reader reads a document the events cannot parse:\n${body}`);
  for (const keys of paths(readFastDocument(body, 1000))) {
    const fast = fastFind(body, keys);
    if (fast === DECLINED) { tally.declined++; continue; }
    tally.paths++;
    const exact = events(keys);
    if (fast !== exact) {
      throw new Error(`${name}: ${JSON.stringify(keys)} fast ${fast}, events ${exact}:\n${body}`);
    }
  }
}

/** Each document of `text`, as given and with CRLF line ends. */
function compareText(text: string, name: string, tally: { paths: number; declined: number; docs: number }): void {
  for (const variant of text.includes('\r') ? [text] : [text, text.replace(/\n/g, '\r\n')]) {
    let docs: Array<{ text: string }> = [];
    try { docs = splitDocuments(variant); } catch { /* refused before any document */ }
    docs.forEach((d, i) => compare(d.text, `${name} #${i}`, tally));
  }
}

const tally = () => ({ paths: 0, declined: 0, docs: 0 });

describe('fast locator == events', () => {
  test('the differential corpus', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const t = tally();
    for (const c of cases) compareText(c.text, c.name, t);
    expect(t.docs).toBeGreaterThan(50);
    expect(t.paths).toBeGreaterThan(1000);
  });

  test('every YAML file of the repository', () => {
    const files = yamlFiles(root);
    expect(files.length).toBeGreaterThan(10);
    const t = tally();
    for (const f of files) compareText(fs.readFileSync(f, 'utf8'), path.relative(root, f), t);
    expect(t.paths).toBeGreaterThan(1000);
  });

  test('the bench objects: every path found fast, none declined', () => {
    const t = tally();
    for (const [i, doc] of benchDocs().entries()) compareText(doc, `bench object ${i}`, t);
    expect(t.docs).toBe(800); // 400 objects, LF and CRLF
    expect(t.declined).toBe(0);
    expect(t.paths).toBeGreaterThan(10_000);
  });

  test('tricky shapes', () => {
    const texts = [
      'a: 1\n"b c": x\nl:\n- x\n- "q"\n- |\n  lit\n-\n- y: 1\n-\n  z: 2\n- - n\n- {}\n- [a]\n- >-\n  f\n',
      'l:\n- | # c\n  lit\n- |-\n  x\n- ""\n- x\n  y\n- # c\n  a: 1\n"": 2\n\'s\'\'q\': 3\n',
      '# head\n\n- a\n# between\n-   b: 1\n    c:\n    - 2\n    d: {e: 1}\n  # shallow comment\n- - - x\n    - y\n  - z\n',
      'k: a long\n  plain value\nm:\n  n: |+\n    text\n\n  o: 1\n',
      'p:\n- a: 1\n  b: 2\n- [x, y]\nq: "tail"',
    ];
    const t = tally();
    texts.forEach((text, i) => compareText(text, `tricky ${i}`, t));
    expect(t.docs).toBe(texts.length * 2);
    expect(t.paths).toBeGreaterThan(100);
  });

  test('documentLocator gives the same line and column either way (a List item prefix too)', () => {
    const body = 'items:\n- kind: VirtualMachine\n  spec:\n    running: true\n- kind: DataVolume\n  spec: {a: 1}\n';
    const withFast = documentLocator(body, 7, ['items', 1]);
    expect(withFast('spec')).toEqual({ line: 12, column: 3 });
    expect(withFast('spec.a')).toEqual({ line: 12, column: 10 }); // inside a flow: the events' answer
    expect(withFast('kind.deeper')).toEqual({ line: 11, column: 3 });
    expect(documentLocator(body, 1, [])('items[0].spec.running')).toEqual({ line: 4, column: 5 });
  });
});
