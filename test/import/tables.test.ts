// The importer's tables (catalog names, enum members, profile renderings) against the constructs
// they name: a drift in the constructs fails here rather than in a user's generated code.
import { App, Chart } from 'cdk8s';
import * as kv from '../../lib';
import { catalogMember, COMMON_INSTANCETYPES, COMMON_PREFERENCES } from '../../lib/import/catalog-names';
import { ENUMS } from '../../lib/import/model';
import { FLAVORS, OS_PROFILES, WINDOWS_CLOCK, WINDOWS_HYPERV, WORKLOAD_PROFILES } from '../../lib/import/profiles';
import { applyProfiles, renderVmSpec, VmState } from '../../lib/import/vm-render';

test('catalog names are the catalog, member by member', () => {
  const instancetypes = Object.values(kv.CommonInstancetype).filter((v) => v instanceof kv.CommonInstancetype).map((v) => v.name);
  expect([...COMMON_INSTANCETYPES].sort()).toEqual(instancetypes.sort());
  for (const name of COMMON_INSTANCETYPES) expect((kv.CommonInstancetype as any)[catalogMember(name)].name).toBe(name);
  const preferences = Object.values(kv.CommonPreference).filter((v) => v instanceof kv.CommonPreference).map((v) => v.name);
  expect([...COMMON_PREFERENCES].sort()).toEqual(preferences.sort());
  for (const name of COMMON_PREFERENCES) expect((kv.CommonPreference as any)[catalogMember(name)].name).toBe(name);
});

test.each(Object.entries(ENUMS))('enum %s: every value maps to the member holding it', (name, members) => {
  const e = (kv as any)[name];
  for (const [value, member] of Object.entries(members)) expect(e[member]).toBe(value);
});

// Every OS profile with every workload and flavor it supports (and none), as the construct renders
// it on a VM with one disk and one NIC, against the importer's prediction.
const combos: Array<[string, string | undefined, string | undefined]> = [];
for (const os of Object.keys(OS_PROFILES)) {
  for (const workload of [undefined, ...Object.keys(WORKLOAD_PROFILES)]) {
    for (const flavor of [undefined, ...Object.keys(FLAVORS)]) combos.push([os, workload, flavor]);
  }
}

test.each(combos)('profiles %s + %s + %s render as the importer predicts', (os, workload, flavor) => {
  const app = new App();
  const chart = new Chart(app, 'c', { namespace: 'ns' });
  const vm = new kv.VirtualMachine(chart, 'vm', {
    metadata: { name: 'vm' },
    os: (kv.OsProfile as any)[OS_PROFILES[os].member],
    workload: workload ? (kv.WorkloadProfile as any)[WORKLOAD_PROFILES[workload]] : undefined,
    flavor: flavor ? (kv.Flavor as any)[FLAVORS[flavor].member] : undefined,
  });
  vm.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:latest'), { bootOrder: 1 });
  // The spec as rendered (a profile without a flavor has no memory, which synth would refuse).
  const rendered = vm.toSpec();
  const state: VmState = {};
  applyProfiles(state, {
    os: { ...OS_PROFILES[os], name: os, hyperv: WINDOWS_HYPERV, clock: WINDOWS_CLOCK },
    workload,
    flavor: flavor ? { name: flavor, ...FLAVORS[flavor] } : undefined,
  });
  const predicted = renderVmSpec({
    state, interfaces: [],
    disks: [{ name: 'root', options: { bootOrder: 1 }, volume: { containerDisk: { image: 'quay.io/containerdisks/fedora:latest' } } }],
  }, 'vm');
  expect(predicted).toEqual(rendered);
});
