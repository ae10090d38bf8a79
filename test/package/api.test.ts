// The public API is curated: lib/index.ts exports exactly the names the README's "API" section
// lists (so adding or removing one is a reviewed change), and nothing of the families' internals.
import * as fs from 'fs';
import * as path from 'path';
import * as kv from '../../lib';

const ROOT = path.join(__dirname, '..', '..');

function exportedNames(): { values: string[]; types: string[] } {
  const text = fs.readFileSync(path.join(ROOT, 'lib', 'index.ts'), 'utf8');
  expect(text).not.toMatch(/export \*/);
  const values: string[] = [];
  const types: string[] = [];
  for (const [, type, inner] of text.matchAll(/export (type )?\{([^}]*)\} from/g)) {
    for (const name of inner.split(',').map((n) => n.trim()).filter(Boolean)) (type ? types : values).push(name);
  }
  return { values, types };
}

function readmeApiNames(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /\n## API\n([\s\S]*?)\n## /.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## API" section');
  const list = section.split('\n').filter((line) => line.startsWith('- **'));
  return list.flatMap((line) => [...line.replace(/^- \*\*[^*]*\*\*/, '').matchAll(/`([A-Za-z_][\w]*)`/g)].map((m) => m[1]));
}

describe('public API', () => {
  test('lib/index.ts exports exactly the README API list', () => {
    const { values, types } = exportedNames();
    const listed = readmeApiNames();
    const exported = [...values, ...types];
    expect(exported.filter((n) => !listed.includes(n))).toEqual([]); // exported but missing from README
    expect(listed.filter((n) => !exported.includes(n))).toEqual([]); // listed in README but not exported
  });

  test('every value the index names exists at run time (no stale names)', () => {
    const runtime = new Set(Object.keys(kv));
    expect(exportedNames().values.filter((n) => !runtime.has(n))).toEqual([]);
    expect([...runtime].sort()).toEqual([...exportedNames().values].sort());
  });

  test('family internals stay internal', () => {
    for (const internal of ['renderDisk', 'validateDisk', 'renderInterface', 'renderDataVolumeSpec', 'validateDataVolumeSpec',
      'renderInstancetypeSpec', 'sizeToQuantity', 'isDnsSubdomain', 'addSynthWarning', 'dependencyTargetOf', 'cronScheduleError',
      'renderLiveMigrationConfig', 'nodeInterfacePortName']) {
      expect(Object.keys(kv)).not.toContain(internal);
    }
  });

  test('the validation plugin is reachable from the main entry', () => {
    expect(typeof kv.KubeVirtValidation).toBe('function');
  });
});
