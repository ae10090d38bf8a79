// Never hide a precise error: for twenty deliberate schema mistakes (unknown field, wrong type,
// missing required) the schema finding is reported, on the field itself, and no catalog rule
// restates it from the symptom's side.
import { validateObjects } from '../../lib/validation';
import { restatesSchemaError } from '../../lib/validation/schema-precedence';
import { clusterInstancetype, clusterPreference, dv, nncp, Obj, vm, vmSpec } from './fixtures';

const T = 'spec.template.spec';
const cloudInit = (src: Obj) => vmSpec((s) => {
  s.volumes.push({ name: 'cloudinit', cloudInitNoCloud: src });
  s.domain.devices.disks.push({ name: 'cloudinit', disk: { bus: 'virtio' } });
});

const CASES: Array<[string, Obj, string]> = [
  ['a misspelt cloudInitNoCloud.userdata', cloudInit({ userdata: '#cloud-config\n' }), `${T}.volumes[1].cloudInitNoCloud.userdata`],
  ['cpu.modle with dedicated CPUs', vmSpec((s) => { s.domain.cpu = { cores: 2, modle: 'host-passthrough', dedicatedCpuPlacement: true }; }), `${T}.domain.cpu.modle`],
  ['secretRef: 5', cloudInit({ secretRef: 5 }), `${T}.volumes[1].cloudInitNoCloud.secretRef`],
  ['a disk without a name', vmSpec((s) => { delete s.domain.devices.disks[0].name; }), `${T}.domain.devices.disks[0].name`],
  ['url: 123', dv((o) => { o.spec.source = { http: { url: 123 } }; }), 'spec.source.http.url'],
  ['a misspelt runStrategy key', vm((o) => { delete o.spec.runStrategy; o.spec.runstrategy = 'Always'; }), 'spec.runstrategy'],
  ['cores as a string', vmSpec((s) => { s.domain.cpu.cores = 'two'; }), `${T}.domain.cpu.cores`],
  ['an interface without a name', vmSpec((s) => { delete s.domain.devices.interfaces[0].name; }), `${T}.domain.devices.interfaces[0].name`],
  ['a network without a name', vmSpec((s) => { delete s.networks[0].name; }), `${T}.networks[0].name`],
  ['a volume without a name', vmSpec((s) => { delete s.volumes[0].name; }), `${T}.volumes[0].name`],
  ['containerDisk.image as a number', vmSpec((s) => { s.volumes[0].containerDisk.image = 41; }), `${T}.volumes[0].containerDisk.image`],
  ['a misspelt masquerade', vmSpec((s) => { s.domain.devices.interfaces[0] = { name: 'default', masquarade: {} }; }), `${T}.domain.devices.interfaces[0].masquarade`],
  ['bootOrder as a string', vmSpec((s) => { s.domain.devices.disks[0].bootOrder = 'first'; }), `${T}.domain.devices.disks[0].bootOrder`],
  ['disks as an object', vmSpec((s) => { s.domain.devices.disks = { name: 'rootdisk' }; }), `${T}.domain.devices.disks`],
  ['a misspelt dataVolumeTemplates spec field', vm((o) => { o.spec.dataVolumeTemplates = [{ metadata: { name: 'd' }, spec: { source: { blank: {} }, storag: { resources: { requests: { storage: '1Gi' } } } } }]; }), 'spec.dataVolumeTemplates[0].spec.storag'],
  ['a DataVolume registry url as a list', dv((o) => { o.spec.source = { registry: { url: ['docker://x'] } }; }), 'spec.source.registry.url'],
  ['a DataVolume pvc source without a namespace type', dv((o) => { o.spec.source = { pvc: { name: 'a', namespace: 7 } }; }), 'spec.source.pvc.namespace'],
  ['an instancetype without cpu.guest', clusterInstancetype((o) => { delete o.spec.cpu.guest; }), 'spec.cpu.guest'],
  ['an instancetype overcommitPercent as a string', clusterInstancetype((o) => { o.spec.memory.overcommitPercent = 'ten'; }), 'spec.memory.overcommitPercent'],
  ['a preference requirements.cpu without guest', clusterPreference((o) => { o.spec.requirements = { cpu: {} }; }), 'spec.requirements.cpu.guest'],
  ['an NNCP desiredState as a string', nncp((o) => { o.spec.desiredState = 'interfaces: []'; }), 'spec.desiredState'],
];

describe('a schema error is reported under the schema finding, never hidden behind a rule', () => {
  test.each(CASES)('%s', (_what, object, path) => {
    const findings = validateObjects([object]);
    const schema = findings.filter((f) => f.rule === 'schema' && f.severity === 'error');
    expect(schema.map((f) => f.path)).toContain(path);
    // No rule finding restates it (the real cause is the schema's), and its message names the field.
    expect(findings.filter((f) => f.rule !== 'schema' && f.severity !== 'info' && restatesSchemaError(f.path, path))).toEqual([]);
    expect(schema.find((f) => f.path === path)!.message).toMatch(/unknown field|must be|required field/);
  });

  test('what restates what', () => {
    expect(restatesSchemaError('a.b', 'a.b')).toBe(true);
    expect(restatesSchemaError('a.b.c', 'a.b')).toBe(true);
    expect(restatesSchemaError('a.b', 'a.b.c.d')).toBe(true);
    expect(restatesSchemaError('a', 'a.b.c.d')).toBe(false);
    expect(restatesSchemaError('a.b[1]', 'a.b[10].c')).toBe(false);
    expect(restatesSchemaError('x', '')).toBe(false);
  });
});
