// Every object the storage constructs synthesize passes its CRD schema, as the offline validator judges it.
import { JsonPatch, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-27';
import {
  AccessMode, DataImportCron, DataSource, DataVolume, DataVolumeContentType, DataVolumeSource, ImportGarbageCollection,
  ImportRetentionPolicy, StorageForm, VolumeMode,
} from '../../lib';
import { expectSchemaValid } from '../support/schema';
import { chart, GI, SOURCE_CASES, synthYaml } from './fixtures';

describe('CRD schemas', () => {
  test.each(SOURCE_CASES)('%s source, in both forms, with every target option', (_name, source) => {
    const c = chart();
    new DataVolume(c, 'storage', {
      metadata: { name: 'storage-form' }, source, size: GI, storageClass: 'fast', accessModes: [AccessMode.READ_WRITE_MANY, AccessMode.READ_ONLY_MANY],
      volumeMode: VolumeMode.BLOCK, preallocation: true, priorityClassName: 'import', serviceAccountName: 'importer', deleteAfterCompletion: false, bindImmediate: true,
    });
    new DataVolume(c, 'pvc', {
      metadata: { name: 'pvc-form' }, source, size: GI, form: StorageForm.PVC, accessModes: [AccessMode.READ_WRITE_ONCE], volumeMode: VolumeMode.FILESYSTEM,
    });
    const objs = synthYaml(c);
    expect(objs.map((o) => Object.keys(o.spec).sort())).toEqual([
      expect.arrayContaining(['storage']), expect.arrayContaining(['pvc']),
    ]);
    expectSchemaValid(objs);
  });

  test('clones without size, sourceRefs, archives, DataSources and DataImportCrons', () => {
    const c = chart('os-images');
    const claim = new plus.PersistentVolumeClaim(c, 'claim', { metadata: { name: 'seed' }, storage: GI });
    const base = new DataVolume(c, 'base', { metadata: { name: 'base' }, source: DataVolumeSource.pvc(claim) });
    new DataVolume(c, 'archive', { metadata: { name: 'archive' }, source: DataVolumeSource.upload(), size: GI, contentType: DataVolumeContentType.ARCHIVE });
    const ds = new DataSource(c, 'ds', {
      metadata: { name: 'rhel9' }, source: DataVolumeSource.pvc(base), defaultInstancetype: { name: 'u1.small', kind: 'VirtualMachineInstancetype' },
    });
    new DataSource(c, 'snap', { metadata: { name: 'snap' }, source: DataVolumeSource.snapshot({ name: 's1' }) });
    new DataSource(c, 'alias', { metadata: { name: 'alias' }, source: DataVolumeSource.fromDataSource(ds) });
    const cron = new DataImportCron(c, 'cron', {
      metadata: { name: 'fedora-cron' }, source: DataVolumeSource.registry({ url: 'docker://quay.io/containerdisks/fedora:latest' }),
      size: Size.gibibytes(5), schedule: '0 */12 * * *', garbageCollect: ImportGarbageCollection.NEVER, importsToKeep: 5,
      retentionPolicy: ImportRetentionPolicy.RETAIN_ALL, cronServiceAccountName: 'cron-sa', form: StorageForm.PVC,
      accessModes: [AccessMode.READ_WRITE_ONCE], bindImmediate: true, deleteAfterCompletion: false,
    });
    new DataVolume(c, 'root', { metadata: { name: 'root' }, source: DataVolumeSource.fromDataSource(cron.dataSource), size: Size.gibibytes(30) });
    new DataVolume(c, 'root2', { metadata: { name: 'root2' }, source: DataVolumeSource.fromDataSource(ds) });
    const objs = synthYaml(c).filter((o) => o.apiVersion === 'cdi.kubevirt.io/v1beta1');
    expect(objs.map((o) => o.kind).sort()).toEqual([
      'DataImportCron', 'DataSource', 'DataSource', 'DataSource', 'DataVolume', 'DataVolume', 'DataVolume', 'DataVolume',
    ]);
    expectSchemaValid(objs);
  });

  test('the schema layer does catch a broken DataVolume (the check is not vacuous)', () => {
    const c = chart();
    const dv = new DataVolume(c, 'dv', { metadata: { name: 'dv' }, source: DataVolumeSource.blank(), size: GI });
    dv.apiObject.addJsonPatch(JsonPatch.add('/spec/contentType', 'iso'));
    expect(() => expectSchemaValid(synthYaml(c))).toThrow(/contentType/);
  });
});
