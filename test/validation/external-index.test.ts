// The lookups over a list of external objects (platform profile, config, cluster) are built once per
// list: a construct-time check makes one validation run per object, and rebuilding them for every
// VM of an app was repeated work proportional to the profile (125 objects for the kubevirt profile).
import { ObjectIndex } from '../../lib/validation/object-index';
import { loadValidationSettings } from '../../lib/validation/local';
import { validateLocal } from '../../lib/validation/engine';
import { vmSpec } from './fixtures';

const settings = loadValidationSettings({ search: false, overrides: { value: { platform: 'kubevirt' }, source: 'test' } });

describe('external lookups', () => {
  test('indexes over the same list share one lookup table; another list gets its own', () => {
    expect(settings.externals.length).toBeGreaterThan(0);
    const x = settings.externals[0];
    const found = new ObjectIndex([], settings.externals).getExternal(x.groupKind, x.namespace, x.name);
    expect(found).toMatchObject({ kind: x.groupKind.split('/').pop(), name: x.name, ordinal: -1 });
    expect(new ObjectIndex([], settings.externals).getExternal(x.groupKind, x.namespace, x.name)).toBe(found);
    const copy = new ObjectIndex([], [...settings.externals]).getExternal(x.groupKind, x.namespace, x.name);
    expect(copy).toEqual(found);
    expect(copy).not.toBe(found);
  });

  test('construct-time checks under a profile judge each object alike, run after run', () => {
    const vm = vmSpec((s) => { s.domain.devices.disks.push({ name: 'bad', disk: { bus: 'ide' } }); });
    const first = validateLocal(vm, { settings });
    expect(first.map((f) => f.rule)).toContain('vmi-disk-bus-valid');
    expect(validateLocal(vm, { settings })).toEqual(first);
  });
});
