// CDI DataSources and DataImportCrons as `kv.DataSource` and `kv.DataImportCron`.
import { code, literal } from './code';
import { mapDataVolumeSpec } from './data-volume';
import { ImportedObject, ImportScope, isObject } from './model';

export interface StorageMapping {
  readonly props: Record<string, unknown>;
  readonly dependsOn: ImportedObject[];
}

const DATA_SOURCE_KEYS: Record<string, string> = { pvc: 'pvc', snapshot: 'snapshot', dataSource: 'dataSource' };

/** A DataSource pointing at a PVC, a snapshot or another DataSource. */
export function mapDataSource(io: ImportedObject, scope: ImportScope): StorageMapping | undefined {
  const source = io.object.spec?.source;
  if (!isObject(source) || Object.keys(source).length !== 1) return undefined;
  const [key, ref] = Object.entries(source)[0] as [string, any];
  const factory = DATA_SOURCE_KEYS[key];
  if (!factory || !isObject(ref) || typeof ref.name !== 'string') return undefined;
  const namespace = typeof ref.namespace === 'string' ? ref.namespace : undefined;
  const dependsOn: ImportedObject[] = [];
  let arg = literal({ name: ref.name, namespace });
  if (key === 'dataSource') {
    const target = scope.find('cdi.kubevirt.io', 'DataSource', namespace ?? (io.chart.namespace || undefined), ref.name);
    const expr = target && target !== io && scope.isL2(target) ? scope.reference(io, target) : undefined;
    if (expr && target) {
      arg = expr.text;
      dependsOn.push(target);
    }
  }
  return { props: { source: code(`kv.DataVolumeSource.${factory}(${arg})`) }, dependsOn };
}

const GC = { Outdated: 'OUTDATED', Never: 'NEVER' } as Record<string, string>;
const RETENTION = { RetainAll: 'RETAIN_ALL', None: 'NONE' } as Record<string, string>;

/** A DataImportCron: its template's DataVolume spec as props, the schedule and the managed DataSource. */
export function mapDataImportCron(io: ImportedObject, scope: ImportScope): StorageMapping | undefined {
  const spec = io.object.spec;
  if (!isObject(spec) || typeof spec.schedule !== 'string' || !isObject(spec.template)) return undefined;
  const template = spec.template;
  const mapped = mapDataVolumeSpec(template.spec, template.metadata?.annotations, { namespace: io.chart.namespace || undefined, from: io, scope });
  // The construct imports from registries only, and CDI refuses a contentType in a cron's template.
  if (!mapped || !isObject(template.spec?.source?.registry)) return undefined;
  const { contentType: _c, ...dvProps } = mapped.props;
  const props: Record<string, unknown> = { schedule: spec.schedule };
  const name = io.object.metadata.name;
  const managed = typeof spec.managedDataSource === 'string' ? spec.managedDataSource : undefined;
  if (managed !== undefined && managed !== name) props.managedDataSource = managed;
  Object.assign(props, dvProps);
  if (GC[spec.garbageCollect]) {
    props.garbageCollect = code(`kv.ImportGarbageCollection.${GC[spec.garbageCollect]}`);
  }
  if (Number.isInteger(spec.importsToKeep) && spec.importsToKeep >= 0) {
    props.importsToKeep = spec.importsToKeep;
  }
  if (RETENTION[spec.retentionPolicy]) {
    props.retentionPolicy = code(`kv.ImportRetentionPolicy.${RETENTION[spec.retentionPolicy]}`);
  }
  if (typeof spec.serviceAccountName === 'string') {
    props.cronServiceAccountName = spec.serviceAccountName;
  }
  return { props, dependsOn: mapped.dependsOn };
}
