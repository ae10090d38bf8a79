// CEL for the DataVolume spec rules (rules/datavolume.ts). Each expression judges one spec `s`; the
// storage family runs it over `variables.dvSpecs` (a DataVolume's spec, a VM's dataVolumeTemplates,
// a DataImportCron's template).
import { CelTranslation } from '../types';
import { and, count, list } from './helpers';

const SOURCE_TYPES = ['http', 's3', 'gcs', 'registry', 'pvc', 'snapshot', 'upload', 'blank', 'imageio', 'vddk'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** The storage (or pvc) section CDI reads, `{}` when neither is set. */
const target = "(has(s.storage) ? s.storage : has(s.pvc) ? s.pvc : {})";
const externallyPopulated = `(${target}.?dataSource.hasValue() || ${target}.?dataSourceRef.hasValue())`;
const isClone = '(s.?source.?pvc.hasValue() || s.?source.?snapshot.hasValue() || has(s.sourceRef))';
const each = (expr: string): CelTranslation => ({ expression: `variables.dvSpecs.all(s, ${expr})` });
const URL_SCHEMES: Record<string, string[]> = { http: ['http', 'https'], s3: ['http', 'https', 's3'], gcs: ['http', 'https', 'gs'], imageio: ['http', 'https'], vddk: ['http', 'https'] };

export const STORAGE_CEL: Readonly<Record<string, CelTranslation>> = {
  'dv-pvc-or-storage': each('has(s.pvc) != has(s.storage)'),
  'dv-source-exclusive': each(`!(has(s.source) && has(s.sourceRef)) && (has(s.source) || has(s.sourceRef) || ${externallyPopulated})`),
  'dv-source-single-type': each(`!has(s.source) || ${count(SOURCE_TYPES.map((t) => `has(s.source.${t})`))} == 1`),
  'dv-size-required': each(`!(has(s.storage) || has(s.pvc)) || ${target}.?resources.?requests.?storage.hasValue() || (has(s.storage) && ${isClone})`),
  'dv-size-positive': each(`[string(${target}.?resources.?requests.?storage.orValue(''))].all(q, q == '' || !isQuantity(q) `
    + "|| quantity(q).compareTo(quantity('1Mi')) >= 0)"),
  'dv-pvc-access-mode-single': each('!has(s.pvc) || has(s.storage) || size(s.pvc.?accessModes.orValue([])) == 1'),
  'dv-access-mode-valid': each(`${target}.?accessModes.orValue([]).all(m, m in ${list(ACCESS_MODES)})`),
  'dv-content-type-valid': each("s.?contentType.orValue('') == '' || (s.contentType in ['kubevirt', 'archive'] && !(s.contentType == 'archive' "
    + '&& (s.?source.?blank.hasValue() || s.?source.?registry.hasValue())))'),
  'dv-url-valid': each(and([
    ...Object.entries(URL_SCHEMES).map(([t, schemes]) => `!s.?source.?${t}.hasValue() || [s.source.${t}.?url.orValue('')].all(u, `
      + `type(u) != string || (u != '' && isURL(u) && url(u).getScheme() in ${list(schemes)}))`),
    "!s.?source.?imageio.hasValue() || ['secretRef', 'diskId'].all(f, s.source.imageio[?f].orValue('') != '')",
    "!s.?source.?vddk.hasValue() || ['secretRef', 'uuid', 'backingFile', 'thumbprint'].all(f, s.source.vddk[?f].orValue('') != '')",
  ])),
  'dv-registry-source-valid': each("!s.?source.?registry.hasValue() || [s.source.registry].all(r, "
    + "(r.?url.orValue('') != '') != (r.?imageStream.orValue('') != '') "
    + "&& (r.?url.orValue('') == '' || r.url.matches('^(docker|oci-archive)://.')) "
    + "&& (!has(r.pullMethod) || r.pullMethod in ['pod', 'node']) "
    + "&& (r.?imageStream.orValue('') == '' || r.?pullMethod.orValue('') == 'node'))"),
  'dv-clone-source-complete': each("['pvc', 'snapshot'].all(t, !has(s.source) || !(t in s.source) || "
    + "(s.source[t].?namespace.orValue('') != '' && s.source[t].?name.orValue('') != ''))"),
  'dv-sourceref-datasource': each("!has(s.sourceRef) || (s.sourceRef.?kind.orValue('') == 'DataSource' && s.sourceRef.?name.orValue('') != '')"),
  'dv-external-population-valid': each(`!${externallyPopulated} || [${target}].all(t, `
    + and([
      '!(has(s.source) || has(s.sourceRef))',
      "!(has(t.dataSource) && has(t.dataSourceRef)) || (t.dataSource.?kind == t.dataSourceRef.?kind && t.dataSource.?name == t.dataSourceRef.?name "
        + "&& t.dataSource.?apiGroup.orValue('') == t.dataSourceRef.?apiGroup.orValue(''))",
      "['dataSource', 'dataSourceRef'].all(f, !(f in t) || (t[f].?kind.orValue('') != '' && t[f].?name.orValue('') != '' "
        + "&& (t[f].?apiGroup.orValue('') != '' || t[f].?kind.orValue('') == 'PersistentVolumeClaim')))",
      '!t.?dataSourceRef.?namespace.hasValue()',
    ]) + ')'),
};
