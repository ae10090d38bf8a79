import { Size } from 'cdk8s';
import {
  DataImportCron, DataSource, DataVolume, DataVolumeContentType, DataVolumeSource, DEPENDS_ON_ANNOTATION,
  ImportGarbageCollection, ImportRetentionPolicy, parseDependsOn,
} from '../../lib';
import { byKindName, chart, GI, synthErrors, synthYaml } from './fixtures';

const FEDORA = 'docker://quay.io/containerdisks/fedora:latest';

describe('DataSource', () => {
  test('points at a PVC, a snapshot or another DataSource, namespaces defaulting to its own', () => {
    const c = chart();
    const upload = new DataVolume(c, 'upload', { metadata: { name: 'rhel9-upload' }, source: DataVolumeSource.upload(), size: Size.gibibytes(30) });
    const fromPvc = new DataSource(c, 'rhel9', {
      metadata: { name: 'rhel9' }, source: DataVolumeSource.pvc(upload),
      defaultInstancetype: { name: 'u1.medium', kind: 'VirtualMachineClusterInstancetype' },
      defaultPreference: { name: 'rhel.9', kind: 'VirtualMachinePreference' },
    });
    new DataSource(c, 'snap', { metadata: { name: 'win2k22' }, source: DataVolumeSource.snapshot({ name: 'win2k22-snap', namespace: 'os-images' }) });
    new DataSource(c, 'alias', { metadata: { name: 'rhel-latest' }, source: DataVolumeSource.fromDataSource(fromPvc) });
    const objs = synthYaml(c);

    const rhel9 = byKindName(objs, 'DataSource', 'rhel9');
    expect(rhel9.spec).toEqual({ source: { pvc: { name: 'rhel9-upload', namespace: 'vms' } } });
    expect(rhel9.metadata.labels).toEqual({
      'instancetype.kubevirt.io/default-instancetype': 'u1.medium',
      'instancetype.kubevirt.io/default-preference': 'rhel.9',
      'instancetype.kubevirt.io/default-preference-kind': 'VirtualMachinePreference',
    });
    expect(parseDependsOn(rhel9.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'cdi.kubevirt.io', kind: 'DataVolume', namespace: 'vms', name: 'rhel9-upload' },
    ]);
    expect(byKindName(objs, 'DataSource', 'win2k22').spec).toEqual({ source: { snapshot: { name: 'win2k22-snap', namespace: 'os-images' } } });
    const alias = byKindName(objs, 'DataSource', 'rhel-latest');
    expect(alias.spec).toEqual({ source: { dataSource: { name: 'rhel9', namespace: 'vms' } } });
    expect(objs.indexOf(alias)).toBeGreaterThan(objs.indexOf(rhel9));
  });

  test.each([
    ['an import source', () => DataVolumeSource.http('https://x.example/a.img'), /spec\.source: a DataSource points at a pvc, a snapshot or another DataSource, not a 'http' source/],
    ['itself', () => DataVolumeSource.fromDataSource({ name: 'ds' }), /spec\.source\.dataSource: a DataSource cannot point to itself/],
    ['an unnamed PVC', () => DataVolumeSource.pvc({ name: '' }), /spec\.source\.pvc\.name: required/],
  ])('rejects %s at synth', (_name, source, message) => {
    const c = chart();
    new DataSource(c, 'ds', { metadata: { name: 'ds' }, source: source() });
    const error = synthErrors(c);
    expect(error).toMatch(/lab\/ds/);
    expect(error).toMatch(message);
  });
});

describe('DataImportCron', () => {
  test('renders its template, schedule and garbage collection, and manages a DataSource VMs can clone', () => {
    const c = chart('os-images');
    const cron = new DataImportCron(c, 'fedora', {
      metadata: { name: 'fedora-image-cron' },
      source: DataVolumeSource.registry({ url: FEDORA }),
      size: Size.gibibytes(5),
      schedule: '0 */12 * * *',
      managedDataSource: 'fedora',
      garbageCollect: ImportGarbageCollection.OUTDATED,
      importsToKeep: 2,
      retentionPolicy: ImportRetentionPolicy.NONE,
      bindImmediate: true,
      defaultPreference: { name: 'fedora', kind: 'VirtualMachineClusterPreference' },
    });
    new DataVolume(c, 'root', { metadata: { name: 'root', namespace: 'vms' }, source: DataVolumeSource.fromDataSource(cron.dataSource) });
    const objs = synthYaml(c);
    expect(objs.map((o) => o.kind)).toEqual(['DataImportCron', 'DataVolume']); // CDI creates the DataSource

    const [dic, dv] = objs;
    expect(dic.metadata.labels).toEqual({ 'instancetype.kubevirt.io/default-preference': 'fedora' });
    expect(dic.spec).toEqual({
      schedule: '0 */12 * * *',
      managedDataSource: 'fedora',
      garbageCollect: 'Outdated',
      importsToKeep: 2,
      retentionPolicy: 'None',
      template: {
        metadata: { annotations: { 'cdi.kubevirt.io/storage.bind.immediate.requested': 'true' } },
        spec: { source: { registry: { url: FEDORA } }, storage: { resources: { requests: { storage: '5Gi' } } } },
      },
    });
    expect(dv.spec.sourceRef).toEqual({ kind: 'DataSource', name: 'fedora', namespace: 'os-images' });
    expect(parseDependsOn(dv.metadata.annotations[DEPENDS_ON_ANNOTATION])).toEqual([
      { group: 'cdi.kubevirt.io', kind: 'DataImportCron', namespace: 'os-images', name: 'fedora-image-cron' },
    ]);
    expect(cron.dataSource.namespace).toBe('os-images');
  });

  test('the managed DataSource defaults to the cron name', () => {
    const c = chart();
    const cron = new DataImportCron(c, 'centos', { metadata: { name: 'centos-stream9' }, source: DataVolumeSource.registry({ url: FEDORA }), size: GI, schedule: '@daily' });
    expect(cron.dataSource.name).toBe('centos-stream9');
    expect(synthYaml(c)[0].spec.managedDataSource).toBe('centos-stream9');
  });

  test.each([
    ['a non-registry source', { source: DataVolumeSource.http('https://x.example/a.img') }, /spec\.template\.spec\.source: a DataImportCron imports from a registry \(DataVolumeSource\.registry\).*\[construct-import-cron-valid\]/],
    ['a content type', { contentType: DataVolumeContentType.KUBEVIRT }, /spec\.template\.spec\.contentType: CDI refuses contentType.*\[construct-import-cron-valid\]/],
    ['a bad schedule', { schedule: '0 25 * * *' }, /spec\.schedule: '0 25 \* \* \*' is not a cron schedule: syntax error in hour field: '25' \[dic-spec-valid\]/],
    ['a six-field schedule whose sixth field is no year', { schedule: '0 0 */12 * * 1969' }, /spec\.schedule: .*syntax error in year field.*\[dic-spec-valid\]/],
    ['a negative importsToKeep', { importsToKeep: -1 }, /spec\.importsToKeep: must be a whole number >= 0, got -1 \[dic-spec-valid\]/],
    ['a missing size', { size: undefined }, /spec\.template\.spec\.storage\.resources\.requests\.storage: the requested size \(resources\.requests\.storage\) is required \[dv-size-required\]/],
    ['a bad DataSource name', { managedDataSource: 'Fedora_Latest' }, /spec\.managedDataSource: 'Fedora_Latest' must be a lowercase RFC 1123 label of at most 63 characters \[dic-spec-valid\]/],
    ['a registry URL without scheme', { source: DataVolumeSource.registry({ url: 'quay.io/x/y' }) }, /spec\.template\.spec\.source\.registry\.url: .*\[dv-registry-source-valid\]/],
  ])('rejects %s at synth', (_name, override, message) => {
    const c = chart();
    new DataImportCron(c, 'cron', { source: DataVolumeSource.registry({ url: FEDORA }), size: GI, schedule: '@daily', ...override } as any);
    const error = synthErrors(c);
    expect(error).toMatch(/lab\/cron/);
    expect(error).toMatch(message);
  });
});
