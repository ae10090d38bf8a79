// API naming conventions (CONTRIBUTING.md): factories named by what they make, cdk8s.Cron for schedules.
import { Cron, Size } from 'cdk8s';
import { DataImportCron, DataVolume, DataVolumeSource } from '../../lib';
import { byKindName, chart, synthErrors, synthYaml } from './fixtures';

const FEDORA = 'docker://quay.io/containerdisks/fedora:latest';

test('DataVolumeSource.dataSource is named like DiskSource.dataSource; fromDataSource stays as the same source', () => {
  const c = chart();
  new DataVolume(c, 'a', { metadata: { name: 'a' }, source: DataVolumeSource.dataSource({ name: 'fedora', namespace: 'os-images' }), size: Size.gibibytes(5) });
  new DataVolume(c, 'b', { metadata: { name: 'b' }, source: DataVolumeSource.fromDataSource({ name: 'fedora', namespace: 'os-images' }), size: Size.gibibytes(5) });
  const objs = synthYaml(c);
  expect(byKindName(objs, 'DataVolume', 'a').spec.sourceRef).toEqual({ kind: 'DataSource', name: 'fedora', namespace: 'os-images' });
  expect(byKindName(objs, 'DataVolume', 'b').spec).toEqual(byKindName(objs, 'DataVolume', 'a').spec);
});

test('a DataImportCron schedule is a cdk8s.Cron or a cron string, and a bad one is still refused', () => {
  const c = chart();
  new DataImportCron(c, 'cron', {
    metadata: { name: 'fedora' }, source: DataVolumeSource.registry({ url: FEDORA }), size: Size.gibibytes(5),
    schedule: Cron.schedule({ minute: '0', hour: '*/12' }),
  });
  expect(byKindName(synthYaml(c), 'DataImportCron', 'fedora').spec.schedule).toBe('0 */12 * * *');
  const bad = chart();
  new DataImportCron(bad, 'cron', {
    metadata: { name: 'bad' }, source: DataVolumeSource.registry({ url: FEDORA }), size: Size.gibibytes(5),
    schedule: Cron.schedule({ minute: '61' }),
  });
  expect(synthErrors(bad)).toMatch(/spec.schedule.*\[dic-spec-valid\]/);
});
