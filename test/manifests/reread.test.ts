// `keepText: false` (what `validate` uses for its text and SARIF reports): a document's text is
// not held for `locate()`, the file is read again when a position is asked. The positions must be
// the ones the held text gives, a changed file must never give positions from other text, and the
// locators of documents read as they are written must hold no text at all.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LoadOptions, LoadedSource, loadFile } from '../../lib/manifests';
import { locatorParts, recordLocators } from '../../lib/manifests/positions';
import { forgetRereadText } from '../../lib/manifests/reread';

const VM = (name: string) => [
  'apiVersion: kubevirt.io/v1', 'kind: VirtualMachine', 'metadata:', `  name: ${name}`, 'spec:', '  template:', '    spec:',
  '      domain:', '        devices:', '          disks:', '            - name: root', '              disk: {bus: virtio}',
  '      volumes:', '        - name: root', '          containerDisk:', '            image: quay.io/containerdisks/fedora',
].join('\n');

/** Documents of every reading path: the fast one, a List, anchors (the events), a comment-led one. */
const FILE = [
  VM('plain'),
  '---',
  '# a comment first',
  '',
  VM('commented'),
  '---',
  'apiVersion: v1\nkind: List\nitems:',
  ...VM('in-list').split('\n').map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)),
  ...VM('second-in-list').split('\n').map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)),
  '---',
  VM('anchored').replace('image: quay.io/containerdisks/fedora', 'image: &img quay.io/containerdisks/fedora\n            path: *img'),
  '---',
  // A line break go-yaml knows and js-yaml does not (NEL): read from rewritten text, which is then held.
  `${VM('nel')}\n  note: "a\u0085b"`,
].join('\n');

const PATHS = ['', 'metadata.name', 'spec.template.spec.domain.devices.disks[0].disk.bus', 'spec.template.spec.volumes[0].containerDisk.image',
  'spec.template.spec.volumes[0].containerDisk.path', 'spec.template.spec.missing.deeper', 'spec.template.spec.volumes[3]'];

let dir: string;
beforeAll(() => {
  recordLocators();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kubevirt-reread-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => forgetRereadText());

function load(file: string, options: LoadOptions): LoadedSource[] {
  const r = loadFile(file, options);
  expect(r.problems).toEqual([]);
  return r.sources;
}

test('positions read from the file again are those of the held text, document by document', () => {
  const file = path.join(dir, 'many.yaml');
  fs.writeFileSync(file, FILE);
  const held = load(file, {});
  const reread = load(file, { keepText: false });
  expect(reread.map((s) => s.object.metadata.name)).toEqual(['plain', 'commented', 'in-list', 'second-in-list', 'anchored', 'nel']);
  // Asked out of order too: each ask may read the file again.
  const order = [...reread.keys(), ...[...reread.keys()].reverse()];
  for (const i of order) {
    for (const p of PATHS) expect([reread[i].object.metadata.name, p, reread[i].locate(p)]).toEqual([held[i].object.metadata.name, p, held[i].locate(p)]);
  }
  expect(held[2].locate('spec.template.spec.volumes[0].containerDisk.image')).toEqual({ line: 55, column: 17 });
  // Documents read as written keep where they are in the file, not their text; the rewritten one keeps its text.
  const parts = reread.map((s) => locatorParts(s.locate));
  for (const p of parts.slice(0, 5)) expect(p).toEqual(expect.objectContaining({ file: path.resolve(file), offset: expect.any(Number) }));
  for (const p of parts.slice(0, 5)) expect(p).not.toHaveProperty('body');
  expect(parts[5]).toHaveProperty('body');
  expect(locatorParts(held[0].locate)).toHaveProperty('body');
});

test('documents after a byte order mark are read again too, at the same positions', () => {
  const file = path.join(dir, 'bom.yaml');
  fs.writeFileSync(file, `\uFEFF${VM('first')}\n---\n\uFEFF${VM('second')}\n`);
  const held = load(file, {});
  const reread = load(file, { keepText: false });
  expect(reread.map((s) => s.object.metadata.name)).toEqual(['first', 'second']);
  for (const i of [0, 1]) for (const p of PATHS) expect(reread[i].locate(p)).toEqual(held[i].locate(p));
  expect(held[1].locate('metadata.name')).toEqual({ line: 21, column: 3 });
  for (const s of reread) expect(locatorParts(s.locate)).not.toHaveProperty('body');
});

test('a file changed after it was read gives no positions, never another text\'s', () => {
  const file = path.join(dir, 'changing.yaml');
  fs.writeFileSync(file, FILE);
  const reread = load(file, { keepText: false });
  expect(reread[1].locate('metadata.name')).toEqual({ line: 23, column: 3 });
  forgetRereadText();
  // Same length, other content: the stamp (size and time) still tells.
  fs.writeFileSync(file, FILE.replace(/name: root/g, 'name: ROOT'));
  fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
  for (const s of reread.slice(0, 5)) expect(s.locate('spec.template.spec.volumes[0].containerDisk.image')).toBeUndefined();
  // The document read from rewritten text holds it: still placed.
  expect(reread[5].locate('metadata.name')).toBeDefined();
  fs.rmSync(file);
  forgetRereadText();
  expect(reread[1].locate('metadata.name')).toBeUndefined();
});

test('without positions nothing is read again and only the first line is known', () => {
  const file = path.join(dir, 'none.yaml');
  fs.writeFileSync(file, FILE);
  const sources = load(file, { keepText: false, positions: false });
  fs.rmSync(file);
  expect(sources[0].locate('metadata.name')).toEqual({ line: 1, column: 1 });
  expect(locatorParts(sources[0].locate)).toBeUndefined();
});
