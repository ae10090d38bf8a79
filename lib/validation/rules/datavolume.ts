// DataVolume spec rules (catalog section 8): standalone DataVolumes and VM dataVolumeTemplates.
import { DvSpecRule } from './types';
import { arr, has, obj, quantity } from './util';

const SOURCE_TYPES = ['http', 's3', 'gcs', 'registry', 'pvc', 'snapshot', 'upload', 'blank', 'imageio', 'vddk'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const SHORT_MODES: Record<string, string> = { RWO: 'ReadWriteOnce', ROX: 'ReadOnlyMany', RWX: 'ReadWriteMany', RWOP: 'ReadWriteOncePod' };

const target = (spec: any): { api: 'pvc' | 'storage'; body: any } | undefined =>
  obj(spec.storage) ? { api: 'storage', body: spec.storage } : obj(spec.pvc) ? { api: 'pvc', body: spec.pvc } : undefined;
const externallyPopulated = (spec: any) => { const t = target(spec); return has(t?.body?.dataSource) || has(t?.body?.dataSourceRef); };

export const dvPvcOrStorage: DvSpecRule = {
  id: 'dv-pvc-or-storage', severity: 'error', scope: 'dvSpec',
  doc: 'Exactly one of spec.pvc and spec.storage.',
  check(v, ctx) {
    const both = has(v.spec.pvc) && has(v.spec.storage);
    if (both) ctx.report(v.at('pvc'), 'set either pvc or storage, not both');
    else if (!has(v.spec.pvc) && !has(v.spec.storage)) ctx.report(v.at('storage'), 'a DataVolume needs storage (or pvc)');
  },
};

export const dvSourceExclusive: DvSpecRule = {
  id: 'dv-source-exclusive', severity: 'error', scope: 'dvSpec',
  doc: 'Exactly one of source or sourceRef (neither when externally populated).',
  check(v, ctx) {
    const s = has(v.spec.source);
    const r = has(v.spec.sourceRef);
    if (s && r) ctx.report(v.at('sourceRef'), 'set either source or sourceRef, not both');
    else if (!s && !r && !externallyPopulated(v.spec)) ctx.report(v.at('source'), 'a DataVolume needs a source or a sourceRef', { hint: 'use source: {blank: {}} for an empty disk' });
  },
};

export const dvSourceSingleType: DvSpecRule = {
  id: 'dv-source-single-type', severity: 'error', scope: 'dvSpec',
  doc: 'source sets exactly one type.',
  check(v, ctx) {
    const src = obj(v.spec.source);
    if (!src) return;
    const set = SOURCE_TYPES.filter((t) => has(src[t]));
    if (set.length !== 1) ctx.report(v.at('source'), set.length ? `source sets ${set.join(' and ')}; exactly one type is allowed` : `source needs one of ${SOURCE_TYPES.join(', ')}`);
  },
};

const isClone = (spec: any) => has(spec.source?.pvc) || has(spec.source?.snapshot) || has(spec.sourceRef);

export const dvSizeRequired: DvSpecRule = {
  id: 'dv-size-required', severity: 'error', scope: 'dvSpec',
  doc: 'resources.requests.storage is required, except with the storage API when cloning.',
  check(v, ctx) {
    const t = target(v.spec);
    if (!t || has(t.body.resources?.requests?.storage)) return;
    if (t.api === 'storage' && isClone(v.spec)) return;
    ctx.report(v.at(`${t.api}.resources.requests.storage`), 'the requested size (resources.requests.storage) is required');
  },
};

export const dvSizePositive: DvSpecRule = {
  id: 'dv-size-positive', severity: 'error', scope: 'dvSpec',
  doc: 'A requested size is > 0 and at least 1 MiB.',
  check(v, ctx) {
    const t = target(v.spec);
    const raw = t?.body.resources?.requests?.storage;
    const n = quantity(raw);
    if (n === undefined || Number.isNaN(n)) return;
    if (n <= 0) ctx.report(v.at(`${t!.api}.resources.requests.storage`), `requested size ${raw} must be greater than zero`);
    else if (n < 2 ** 20) ctx.report(v.at(`${t!.api}.resources.requests.storage`), `requested size ${raw} is below the 1Mi minimum`);
  },
};

export const dvPvcAccessModeSingle: DvSpecRule = {
  id: 'dv-pvc-access-mode-single', severity: 'error', scope: 'dvSpec',
  doc: 'With the pvc API exactly one access mode is required.',
  check(v, ctx) {
    if (!obj(v.spec.pvc) || has(v.spec.storage)) return;
    const n = arr(v.spec.pvc.accessModes).length;
    if (n !== 1) ctx.report(v.at('pvc.accessModes'), n ? `the pvc API takes exactly one access mode, found ${n}` : 'the pvc API needs an access mode', { hint: 'or use the storage API, which can take the StorageProfile defaults' });
  },
};

export const dvAccessModeValid: DvSpecRule = {
  id: 'dv-access-mode-valid', severity: 'error', scope: 'dvSpec',
  doc: 'Access modes are ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.',
  check(v, ctx) {
    const t = target(v.spec);
    arr(t?.body.accessModes).forEach((m, i) => {
      if (!ACCESS_MODES.includes(m)) ctx.report(v.at(`${t!.api}.accessModes[${i}]`), `access mode ${JSON.stringify(m)} is invalid`, SHORT_MODES[m] ? { hint: `write ${SHORT_MODES[m]}` } : undefined);
    });
  },
};

export const dvContentTypeValid: DvSpecRule = {
  id: 'dv-content-type-valid', severity: 'error', scope: 'dvSpec',
  doc: 'contentType is kubevirt or archive; blank cannot be archive; registry must be kubevirt.',
  check(v, ctx) {
    const ct = v.spec.contentType;
    if (!has(ct) || ct === '') return;
    if (!['kubevirt', 'archive'].includes(ct)) return ctx.report(v.at('contentType'), `contentType ${JSON.stringify(ct)} must be kubevirt or archive`);
    if (ct === 'archive' && has(v.spec.source?.blank)) ctx.report(v.at('contentType'), 'a blank source cannot use contentType archive');
    if (ct === 'archive' && has(v.spec.source?.registry)) ctx.report(v.at('contentType'), 'a registry source must use contentType kubevirt');
  },
};

/**
 * The scheme of each URL seen (null: it does not parse). An app's DataVolumes mostly share a few
 * image URLs, and parsing one is the costliest step of the rule; bounded, emptied when full.
 */
const urlSchemes = new Map<string, string | null>();

function schemeOf(url: string): string | null {
  let scheme = urlSchemes.get(url);
  if (scheme !== undefined) return scheme;
  try { scheme = new URL(url).protocol.replace(/:$/, ''); } catch { scheme = null; }
  if (urlSchemes.size >= 1000) urlSchemes.clear();
  urlSchemes.set(url, scheme);
  return scheme;
}

function urlProblem(url: unknown, allowed: readonly string[]): string | undefined {
  if (url === undefined || url === null || url === '') return 'url is required';
  // Any other non-string is the schema's finding (wrong type), not a missing URL.
  if (typeof url !== 'string') return undefined;
  const scheme = schemeOf(url);
  if (scheme === null) return `url ${JSON.stringify(url)} does not parse`;
  if (!allowed.includes(scheme)) return `url scheme ${scheme} is not supported (use ${allowed.join(' or ')})`;
  return undefined;
}

/** The schemes each URL-bearing source accepts. */
const SOURCE_SCHEMES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['http', ['http', 'https']], ['s3', ['http', 'https', 's3']], ['gcs', ['http', 'https', 'gs']], ['imageio', ['http', 'https']], ['vddk', ['http', 'https']],
];

export const dvUrlValid: DvSpecRule = {
  id: 'dv-url-valid', severity: 'error', scope: 'dvSpec',
  doc: 'http/s3/gcs/imageio/vddk URLs parse with scheme http(s)/gs; imageio and vddk carry their required fields.',
  check(v, ctx) {
    const src = obj(v.spec.source) ?? {};
    for (const [type, allowed] of SOURCE_SCHEMES) {
      if (!obj(src[type])) continue;
      const why = urlProblem(src[type].url, allowed);
      if (why) ctx.report(v.at(`source.${type}.url`), why);
    }
    if (obj(src.imageio)) for (const f of ['secretRef', 'diskId']) if (!src.imageio[f]) ctx.report(v.at(`source.imageio.${f}`), `imageio source needs ${f}`);
    if (obj(src.vddk)) for (const f of ['secretRef', 'uuid', 'backingFile', 'thumbprint']) if (!src.vddk[f]) ctx.report(v.at(`source.vddk.${f}`), `vddk source needs ${f}`);
  },
};

export const dvRegistrySourceValid: DvSpecRule = {
  id: 'dv-registry-source-valid', severity: 'error', scope: 'dvSpec',
  doc: 'registry: one of url/imageStream, docker:// or oci-archive:// scheme, pullMethod pod/node, imageStream needs node.',
  check(v, ctx) {
    const r = obj(v.spec.source?.registry);
    if (!r) return;
    const hasUrl = has(r.url) && r.url !== '';
    const hasIs = has(r.imageStream) && r.imageStream !== '';
    if (hasUrl === hasIs) ctx.report(v.at('source.registry'), 'registry source needs exactly one of url or imageStream');
    if (hasUrl && !/^(docker|oci-archive):\/\/./.test(String(r.url))) ctx.report(v.at('source.registry.url'), `registry url ${JSON.stringify(r.url)} must start with docker:// or oci-archive://`);
    if (has(r.pullMethod) && !['pod', 'node'].includes(r.pullMethod)) ctx.report(v.at('source.registry.pullMethod'), 'pullMethod must be pod or node');
    if (hasIs && r.pullMethod !== 'node') ctx.report(v.at('source.registry.pullMethod'), 'an imageStream source needs pullMethod: node');
  },
};

export const dvCloneSourceComplete: DvSpecRule = {
  id: 'dv-clone-source-complete', severity: 'error', scope: 'dvSpec',
  doc: 'source.pvc and source.snapshot need namespace and name.',
  check(v, ctx) {
    for (const t of ['pvc', 'snapshot']) {
      const s = obj(v.spec.source?.[t]);
      if (!s) continue;
      for (const f of ['namespace', 'name']) if (!s[f]) ctx.report(v.at(`source.${t}.${f}`), `source.${t} needs ${f}`);
    }
  },
};

export const dvSourceRefDataSource: DvSpecRule = {
  id: 'dv-sourceref-datasource', severity: 'error', scope: 'dvSpec',
  doc: 'sourceRef.kind is DataSource and sourceRef.name is set.',
  check(v, ctx) {
    const r = obj(v.spec.sourceRef);
    if (!r) return;
    if (r.kind !== 'DataSource') ctx.report(v.at('sourceRef.kind'), `sourceRef.kind must be DataSource, not ${JSON.stringify(r.kind)}`);
    if (!r.name) ctx.report(v.at('sourceRef.name'), 'sourceRef.name is required');
  },
};

export const dvExternalPopulationValid: DvSpecRule = {
  id: 'dv-external-population-valid', severity: 'error', scope: 'dvSpec',
  doc: 'dataSource/dataSourceRef: not with source/sourceRef, consistent, complete, no namespace on dataSourceRef.',
  check(v, ctx) {
    const t = target(v.spec);
    if (!t) return;
    const ds = obj(t.body.dataSource);
    const dsr = obj(t.body.dataSourceRef);
    if (!ds && !dsr) return;
    const base = t.api;
    if (has(v.spec.source) || has(v.spec.sourceRef)) ctx.report(v.at(`${base}.${dsr ? 'dataSourceRef' : 'dataSource'}`), 'external population (dataSource/dataSourceRef) cannot be combined with source or sourceRef');
    if (ds && dsr && (ds.kind !== dsr.kind || ds.name !== dsr.name || (ds.apiGroup ?? '') !== (dsr.apiGroup ?? ''))) ctx.report(v.at(`${base}.dataSourceRef`), 'dataSource and dataSourceRef must match');
    for (const [name, ref] of [['dataSource', ds], ['dataSourceRef', dsr]] as const) {
      if (!ref) continue;
      if (!ref.kind) ctx.report(v.at(`${base}.${name}.kind`), `${name}.kind is required`);
      if (!ref.name) ctx.report(v.at(`${base}.${name}.name`), `${name}.name is required`);
      if (!ref.apiGroup && ref.kind !== 'PersistentVolumeClaim') ctx.report(v.at(`${base}.${name}.apiGroup`), `${name}.apiGroup is required unless kind is PersistentVolumeClaim`);
    }
    if (has(dsr?.namespace)) ctx.report(v.at(`${base}.dataSourceRef.namespace`), 'dataSourceRef.namespace is not supported');
  },
};

export const DATAVOLUME_RULES = [dvPvcOrStorage, dvSourceExclusive, dvSourceSingleType, dvSizeRequired, dvSizePositive, dvPvcAccessModeSingle,
  dvAccessModeValid, dvContentTypeValid, dvUrlValid, dvRegistrySourceValid, dvCloneSourceComplete, dvSourceRefDataSource, dvExternalPopulationValid];
