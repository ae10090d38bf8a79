// A VM volume's source as a `kv.DiskSource` factory (its DataVolume template, an imported
// DataVolume by reference, a claim, a container disk...), else the volume as written.
import { Code, code, literal } from './code';
import { mapDataVolumeSpec } from './data-volume';
import { countFields } from './json-patch';
import { ImportedObject, ImportScope, isObject, sizeCode } from './model';

/** The VM a volume belongs to. */
export interface VolumeContext { io: ImportedObject; scope: ImportScope; vmName: string; namespace?: string }

/** The source of `volume` (`dvts`: the VM's DataVolume templates); `rawFields` counts what is written as is. */
export function mapVolume(volume: any, dvts: any[], ctx: VolumeContext): {
  code: Code; volume: Record<string, unknown>; dependsOn: ImportedObject[]; rawFields: number;
} | undefined {
  const { name: _name, ...body } = volume;
  const keys = Object.keys(body);
  const raw = () => ({
    code: code(`kv.DiskSource.fromVolume(${literal(body)})`), volume: body, dependsOn: [],
    rawFields: countFields([{ op: 'add', path: '', value: body }]),
  });
  if (keys.length !== 1 || !isObject(body[keys[0]])) return raw();
  const kind = keys[0];
  const v = body[kind];
  const only = (...allowed: string[]) => Object.keys(v).every((k) => allowed.includes(k));
  switch (kind) {
    case 'dataVolume': {
      if (!only('name') || typeof v.name !== 'string') return raw();
      const dvt = dvts.find((t) => t?.metadata?.name === v.name);
      if (dvt) return mapDataVolumeTemplate(dvt, volume.name, ctx) ?? raw();
      const target = ctx.scope.find('cdi.kubevirt.io', 'DataVolume', ctx.namespace, v.name);
      const ref = target ? ctx.scope.reference(ctx.io, target) : undefined;
      return {
        code: code(`kv.DiskSource.dataVolume(${ref ? ref.text : literal(v.name)})`), volume: body,
        dependsOn: ref && target ? [target] : [], rawFields: 0,
      };
    }
    case 'containerDisk': {
      if (typeof v.image !== 'string' || !only('image', 'path', 'imagePullPolicy', 'imagePullSecret')) return raw();
      const { image, ...options } = v;
      return { code: code(`kv.DiskSource.containerDisk(${literal(image)}${Object.keys(options).length ? `, ${literal(options)}` : ''})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'persistentVolumeClaim': {
      if (typeof v.claimName !== 'string' || !only('claimName', 'readOnly') || (v.readOnly !== undefined && typeof v.readOnly !== 'boolean')) return raw();
      const options = v.readOnly !== undefined ? `, ${literal({ readOnly: v.readOnly })}` : '';
      return { code: code(`kv.DiskSource.persistentVolumeClaim(${literal(v.claimName)}${options})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'emptyDisk': {
      const size = sizeCode(v.capacity);
      if (!size || !only('capacity')) return raw();
      return { code: code(`kv.DiskSource.emptyDisk(${size.text})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'configMap':
    case 'secret': {
      const nameKey = kind === 'secret' ? 'secretName' : 'name';
      if (typeof v[nameKey] !== 'string' || !only(nameKey, 'volumeLabel', 'optional')) return raw();
      const { [nameKey]: ref, ...options } = v;
      return { code: code(`kv.DiskSource.${kind}(${literal(ref)}${Object.keys(options).length ? `, ${literal(options)}` : ''})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'serviceAccount': {
      if (typeof v.serviceAccountName !== 'string' || !only('serviceAccountName')) return raw();
      return { code: code(`kv.DiskSource.serviceAccount(${literal(v.serviceAccountName)})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    case 'sysprep': {
      const which = Object.keys(v);
      if (which.length !== 1 || !['configMap', 'secret'].includes(which[0]) || !isObject(v[which[0]]) || Object.keys(v[which[0]]).join() !== 'name') return raw();
      const factory = which[0] === 'configMap' ? 'sysprepConfigMap' : 'sysprepSecret';
      return { code: code(`kv.DiskSource.${factory}(${literal(v[which[0]].name)})`), volume: body, dependsOn: [], rawFields: 0 };
    }
    default:
      return raw();
  }
}

function mapDataVolumeTemplate(dvt: any, diskName: string, ctx: VolumeContext) {
  const meta = isObject(dvt.metadata) ? dvt.metadata : {};
  const mapped = mapDataVolumeSpec(dvt.spec, meta.annotations, { namespace: ctx.namespace, from: ctx.io, scope: ctx.scope });
  if (!mapped || typeof meta.name !== 'string') return undefined;
  const props: Record<string, unknown> = {};
  if (meta.name !== `${ctx.vmName}-${diskName}`) props.name = meta.name;
  const { source, ...rest } = mapped.props;
  const src = source as Code;
  const viaDataSource = /^kv\.DataVolumeSource\.dataSource\((.*)\)$/s.exec(src.text);
  const cloneKeys = ['size', 'storageClass', 'accessModes'];
  let text: string;
  if (viaDataSource && Object.keys(rest).every((k) => cloneKeys.includes(k))) {
    const options = { ...props, ...rest };
    text = `kv.DiskSource.dataSource(${viaDataSource[1]}${Object.keys(options).length > 0 ? `, ${literal(options)}` : ''})`;
  } else {
    text = `kv.DiskSource.dataVolumeTemplate(${literal({ ...props, source: src, ...rest })})`;
  }
  return {
    code: code(text), volume: { dataVolume: { name: meta.name } },
    dependsOn: mapped.dependsOn, rawFields: 0,
  };
}
