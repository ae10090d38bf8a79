// The importer's tables (catalog names, enum members, profile names) against the constructs
// they name: a drift in the constructs fails here rather than in a user's generated code.
import { App, Chart } from 'cdk8s';
import * as kv from '../../lib';
import { catalogMember, COMMON_INSTANCETYPES, COMMON_PREFERENCES } from '../../lib/import/catalog-names';
import { ENUMS } from '../../lib/import/model';
import { FLAVORS, OS_PROFILES, WINDOWS_HYPERV, WORKLOAD_PROFILES } from '../../lib/import/profiles';
import { TEMPLATE_ANNOTATIONS } from '../../lib/import/template';
import { DEPENDS_ON_ANNOTATION } from '../../lib/core/dependencies';

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

// Each profile table entry names the member whose rendering carries that name: the importer
// writes the member, and the constructs (run by the importer) say what it sets.
test.each(Object.entries(OS_PROFILES))('OS profile %s is kv.OsProfile.%s', (name, member) => {
  expect(render({ os: (kv.OsProfile as any)[member] }).template.metadata.annotations[kv.VM_OS_ANNOTATION]).toBe(name);
});

test.each(Object.entries(WORKLOAD_PROFILES))('workload %s is kv.WorkloadProfile.%s', (name, member) => {
  expect(render({ workload: (kv.WorkloadProfile as any)[member] }).template.metadata.annotations[kv.VM_WORKLOAD_ANNOTATION]).toBe(name);
});

test.each(Object.entries(FLAVORS))('flavor %s is kv.Flavor.%s', (name, member) => {
  expect(render({ flavor: (kv.Flavor as any)[member] }).template.metadata.annotations[kv.VM_FLAVOR_ANNOTATION]).toBe(name);
});

test('HypervFeatures.windows() renders as the importer recognizes it', () => {
  expect(render({ features: { hyperv: kv.HypervFeatures.windows() } }).template.spec.domain.features.hyperv).toEqual(WINDOWS_HYPERV);
});

test('the template mapper names the annotations the constructs write', () => {
  expect(TEMPLATE_ANNOTATIONS).toEqual({ dependsOn: DEPENDS_ON_ANNOTATION, validations: kv.VALIDATIONS_ANNOTATION });
});

function render(props: Partial<kv.VirtualMachineProps>): any {
  const chart = new Chart(new App(), 'c', { namespace: 'ns' });
  return new kv.VirtualMachine(chart, 'vm', { metadata: { name: 'vm' }, ...props }).toSpec();
}
