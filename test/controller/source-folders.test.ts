// The source poll's fingerprint: every file below the folder (nested ones by their relative
// path, in collation order), its size and modification time; dotfiles left out. The controller
// compares it only with itself, but its text must not depend on how the files were stat'ed.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { folderFingerprint } from '../../lib/controller/source-folders';

describe('folderFingerprint', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'source-folders-')); });
  afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  const line = async (relative: string) => {
    const stat = await fs.stat(path.join(dir, relative));
    return `${relative}:${stat.size}:${stat.mtimeMs}`;
  };

  test('lists nested files by relative path, sorted, with size and mtime; skips dotfiles', async () => {
    await fs.mkdir(path.join(dir, 'b', 'c'), { recursive: true });
    await fs.writeFile(path.join(dir, 'B.yaml'), 'one');
    await fs.writeFile(path.join(dir, 'a.yaml'), 'two!');
    await fs.writeFile(path.join(dir, 'b', 'c', 'd.yaml'), 'three');
    await fs.writeFile(path.join(dir, '.hidden.yaml'), 'x');
    const expected = [await line('a.yaml'), await line(path.join('b', 'c', 'd.yaml')), await line('B.yaml')].join('\n');
    expect(await folderFingerprint(dir)).toBe(expected);
    expect(await folderFingerprint(`${dir}${path.sep}`)).toBe(expected);
  });

  test('an empty folder, a changed size, many files', async () => {
    expect(await folderFingerprint(dir)).toBe('empty');
    await fs.writeFile(path.join(dir, 'x.yaml'), 'a');
    const before = await folderFingerprint(dir);
    await fs.writeFile(path.join(dir, 'x.yaml'), 'ab');
    expect(await folderFingerprint(dir)).not.toBe(before);
    // Enough files to span several slices of stats (the event loop is given back between them).
    await Promise.all(Array.from({ length: 2000 }, (_, i) => fs.writeFile(path.join(dir, `f-${String(i).padStart(4, '0')}.yaml`), String(i))));
    const lines = (await folderFingerprint(dir)).split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[0]).toBe(await line('f-0000.yaml'));
    expect(lines[2000]).toBe(await line('x.yaml'));
  });
});
