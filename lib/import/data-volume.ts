// DataVolumes (standalone and a VM's dataVolumeTemplates) as `kv.DataVolume` props.
import { Code, code, literal } from './code';
import { enumOf, ImportedObject, ImportScope, isObject, sizeCode, unknownKeys } from './model';

const DELETE_AFTER_COMPLETION = 'cdi.kubevirt.io/storage.deleteAfterCompletion';
const BIND_IMMEDIATE = 'cdi.kubevirt.io/storage.bind.immediate.requested';

/** A DataVolume spec as props. */
export interface DataVolumeSpecMapping {
  /** Props in writing order (values are literals or `Code`). */
  readonly props: Record<string, unknown>;
  /** The annotations the props add (deleteAfterCompletion, bindImmediate). */
  readonly annotations: Record<string, string>;
  /** Input annotations the props now carry. */
  readonly consumedAnnotations: string[];
  readonly dependsOn: ImportedObject[];
}

const SOURCE_OPTIONS: Record<string, { factory: string; first: string; options: string[] }> = {
  http: { factory: 'http', first: 'url', options: ['certConfigMap', 'secretRef', 'extraHeaders', 'secretExtraHeaders', 'checksum', 'insecureSkipVerify'] },
  s3: { factory: 's3', first: 'url', options: ['secretRef', 'certConfigMap'] },
  gcs: { factory: 'gcs', first: 'url', options: ['secretRef'] },
};

function pick(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/**
 * Maps a DataVolume spec, or undefined when its source is one the L2 API has no factory for.
 * `namespace` is the namespace clone sources default to (the DataVolume's or the VM's).
 */
export function mapDataVolumeSpec(spec: any, annotations: Record<string, string> | undefined, ctx: {
  namespace?: string; from: ImportedObject; scope: ImportScope;
}): DataVolumeSpecMapping | undefined {
  if (!isObject(spec)) return undefined;
  const props: Record<string, unknown> = {};
  const dependsOn: ImportedObject[] = [];
  // Source.
  if (isObject(spec.sourceRef) && spec.source === undefined) {
    const ref = spec.sourceRef;
    if (typeof ref.name !== 'string' || (ref.kind !== undefined && ref.kind !== 'DataSource')) return undefined;
    const ns = typeof ref.namespace === 'string' ? ref.namespace : undefined;
    const target = ctx.scope.find('cdi.kubevirt.io', 'DataSource', ns ?? ctx.namespace, ref.name);
    const expr = target && ctx.scope.isL2(target) ? ctx.scope.reference(ctx.from, target) : undefined;
    if (expr && target) {
      props.source = code(`kv.DataVolumeSource.dataSource(${expr.text})`);
      dependsOn.push(target);
    } else {
      props.source = code(`kv.DataVolumeSource.dataSource(${literal({ name: ref.name, namespace: ns })})`);
    }
  } else if (isObject(spec.source) && Object.keys(spec.source).length === 1) {
    const [kind, body] = Object.entries(spec.source)[0] as [string, any];
    if (!isObject(body)) return undefined;
    const simple = SOURCE_OPTIONS[kind];
    if (simple) {
      if (typeof body[simple.first] !== 'string') return undefined;
      const options = pick(body, simple.options);
      const args = [literal(body[simple.first]), ...(Object.keys(options).length > 0 ? [literal(options)] : [])];
      props.source = code(`kv.DataVolumeSource.${simple.factory}(${args.join(', ')})`);
    } else if (kind === 'registry') {
      const image = typeof body.url === 'string' ? { url: body.url } : typeof body.imageStream === 'string' ? { imageStream: body.imageStream } : undefined;
      if (!image) return undefined;
      const options: Record<string, unknown> = {};
      const pull = enumOf('RegistryPullMethod', body.pullMethod);
      if (pull && !('imageStream' in image && body.pullMethod === 'node')) options.pullMethod = pull;
      Object.assign(options, pick(body, ['certConfigMap', 'secretRef']));
      if (isObject(body.platform) && typeof body.platform.architecture === 'string') options.architecture = body.platform.architecture;
      const args = [literal(image), ...(Object.keys(options).length > 0 ? [literal(options)] : [])];
      props.source = code(`kv.DataVolumeSource.registry(${args.join(', ')})`);
    } else if (kind === 'pvc' || kind === 'snapshot') {
      if (typeof body.name !== 'string') return undefined;
      const ns = typeof body.namespace === 'string' ? body.namespace : undefined;
      props.source = code(`kv.DataVolumeSource.${kind}(${literal({ name: body.name, namespace: ns })})`);
    } else if (kind === 'upload' || kind === 'blank') {
      props.source = code(`kv.DataVolumeSource.${kind}()`);
    } else {
      return undefined;
    }
  } else {
    return undefined;
  }
  // Target.
  const forms = ['storage', 'pvc'].filter((f) => spec[f] !== undefined);
  if (forms.length !== 1 || !isObject(spec[forms[0]])) return undefined;
  const form = forms[0];
  const t = spec[form];
  const size = sizeCode(t.resources?.requests?.storage);
  if (size) props.size = size;
  if (typeof t.storageClassName === 'string') props.storageClass = t.storageClassName;
  if (Array.isArray(t.accessModes) && t.accessModes.length > 0 && t.accessModes.every((m: unknown) => enumOf('AccessMode', m))) {
    props.accessModes = t.accessModes.map((m: unknown) => enumOf('AccessMode', m));
  }
  const volumeMode = enumOf('VolumeMode', t.volumeMode);
  if (volumeMode) props.volumeMode = volumeMode;
  if (form === 'pvc') props.form = code('kv.StorageForm.PVC');
  const contentType = enumOf('DataVolumeContentType', spec.contentType);
  if (contentType) {
    props.contentType = contentType;
  }
  if (typeof spec.preallocation === 'boolean') {
    props.preallocation = spec.preallocation;
  }
  for (const key of ['priorityClassName']) {
    if (typeof spec[key] === 'string') {
      props[key] = spec[key];
    }
  }
  const outAnnotations: Record<string, string> = {};
  const consumed: string[] = [];
  const dac = annotations?.[DELETE_AFTER_COMPLETION];
  if (dac === 'true' || dac === 'false') {
    props.deleteAfterCompletion = dac === 'true';
    outAnnotations[DELETE_AFTER_COMPLETION] = dac;
    consumed.push(DELETE_AFTER_COMPLETION);
  }
  if (annotations?.[BIND_IMMEDIATE] === 'true') {
    props.bindImmediate = true;
    outAnnotations[BIND_IMMEDIATE] = 'true';
    consumed.push(BIND_IMMEDIATE);
  }
  return { props, annotations: outAnnotations, consumedAnnotations: consumed, dependsOn };
}

/** The spec keys `mapDataVolumeSpec` understands (others go through the escape hatch). */
export function unmappedSpecKeys(spec: unknown): string[] {
  return unknownKeys(spec, ['source', 'sourceRef', 'storage', 'pvc', 'contentType', 'preallocation', 'priorityClassName']);
}

export type { Code };
