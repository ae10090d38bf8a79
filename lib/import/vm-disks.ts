// A VM's disks and volumes as `addDisk`/`addVolume` statements, and its cloud-init volume as the
// `cloudInit` prop.
import { Code, code, literal } from './code';
import { jsonEqual } from './json-patch';
import { enumOf, ImportedObject, isObject } from './model';
import { mapVolume, VolumeContext } from './vm-volume-sources';

/** Statements written after the VM's creation, and what they reference or leave raw. */
export interface VmStatements {
  readonly after: Array<(varName: string) => string>;
  readonly dependsOn: ImportedObject[];
  rawFields: number;
}

/**
 * The disks and volumes of a VM spec (`spec`: the VM spec, `tspec` its template's spec, `devices`
 * the domain's devices), on `defaultBus` unless they say otherwise.
 */
export function mapDisks(spec: Record<string, any>, tspec: Record<string, any>, devices: Record<string, any>, defaultBus: string,
  ctx: VolumeContext): VmStatements & { readonly cloudInit?: Code } {
  const out: VmStatements = { after: [], dependsOn: [], rawFields: 0 };
  const disks: any[] = Array.isArray(devices.disks) ? devices.disks : [];
  const volumes: any[] = Array.isArray(tspec.volumes) ? tspec.volumes : [];
  const dvts: any[] = Array.isArray(spec.dataVolumeTemplates) ? spec.dataVolumeTemplates : [];
  const diskOf = (volume: any) => disks.find((d) => isObject(d) && d.name === volume?.name);
  const filesystems = new Set((Array.isArray(devices.filesystems) ? devices.filesystems : []).map((f: any) => f?.name));
  // cloud-init: the last volume, with the last disk (on the default bus) or with no disk at all.
  const lastDisk = disks[disks.length - 1];
  const lastVolume = volumes[volumes.length - 1];
  const lastVolumeDisk = isObject(lastVolume) ? diskOf(lastVolume) : undefined;
  const cloudInit = !isObject(lastVolume) ? undefined
    : lastVolumeDisk ? (lastVolumeDisk === lastDisk && jsonEqual(lastDisk, { name: lastDisk.name, disk: { bus: defaultBus } }) ? mapCloudInit(lastVolume, false) : undefined)
      : filesystems.has(lastVolume.name) ? undefined : mapCloudInit(lastVolume, true);
  const ownVolumes = cloudInit ? volumes.slice(0, -1) : volumes;
  const ownDisks = cloudInit && lastVolumeDisk ? disks.slice(0, -1) : disks;
  const writeEntry = (volume: any, disk: any, hasDisk: boolean) => {
    const options = !hasDisk ? { written: {} } : isObject(disk) ? diskOptions(disk, defaultBus) : undefined;
    if (!isObject(volume) || !options) return;
    // A hot-plugged claim: the flag is an option of addDisk/addVolume.
    const kind = Object.keys(volume).find((k) => k !== 'name');
    const hot = (kind === 'dataVolume' || kind === 'persistentVolumeClaim') && isObject(volume[kind]) && volume[kind].hotpluggable === true;
    const { hotpluggable: _h, ...claim } = hot ? volume[kind!] : {};
    const source = mapVolume(hot ? { ...volume, [kind!]: claim } : volume, dvts, ctx);
    if (!source) return;
    out.dependsOn.push(...source.dependsOn);
    out.rawFields += source.rawFields;
    const written = hot ? { ...options.written, hotpluggable: true } : options.written;
    const opts = Object.keys(written).length > 0 ? `, ${literal(written)}` : '';
    out.after.push((v) => `${v}.${hasDisk ? 'addDisk' : 'addVolume'}(${literal(volume.name)}, ${source.code.text}${opts});`);
  };
  // Volumes without a disk (KubeVirt gives them one) are written in volume order when the disks
  // follow the same order; volumes a filesystem uses are the devices' (left to the escape hatch).
  const withDisk = ownVolumes.filter((v) => diskOf(v));
  const sameOrder = withDisk.length === ownDisks.length && withDisk.every((v, i) => diskOf(v) === ownDisks[i]);
  if (sameOrder) {
    for (const volume of ownVolumes) {
      if (!diskOf(volume) && filesystems.has(volume?.name)) continue;
      writeEntry(volume, diskOf(volume), diskOf(volume) !== undefined);
    }
  } else {
    for (const disk of ownDisks) writeEntry(volumes.find((v) => isObject(disk) && v?.name === disk.name), disk, true);
  }
  return { ...out, cloudInit: cloudInit?.code };
}

function mapCloudInit(volume: any, volumeOnly: boolean): { code: Code } | undefined {
  const key = volume.cloudInitNoCloud ? 'cloudInitNoCloud' : volume.cloudInitConfigDrive ? 'cloudInitConfigDrive' : undefined;
  if (!key || Object.keys(volume).length !== 2) return undefined;
  const body = volume[key];
  if (!isObject(body) || Object.keys(body).some((k) => !['userData', 'secretRef', 'networkData', 'networkDataSecretRef'].includes(k))) return undefined;
  const options: Record<string, unknown> = {};
  if (typeof body.userData === 'string' && body.secretRef === undefined) {
    // Inline data above the construct's limit belongs in a Secret: carried as a raw volume instead.
    if (body.userData.length > 2048) return undefined;
    options.userData = code(`kv.UserData.raw(${literal(body.userData)})`);
  } else if (isObject(body.secretRef) && typeof body.secretRef.name === 'string' && Object.keys(body.secretRef).length === 1 && body.userData === undefined) {
    options.userData = code(`kv.UserData.fromSecret(${literal(body.secretRef.name)})`);
  } else if (body.userData !== undefined || body.secretRef !== undefined) {
    return undefined;
  }
  if (typeof body.networkData === 'string' && body.networkDataSecretRef === undefined) {
    if (body.networkData.length > 2048) return undefined;
    options.networkData = code(`kv.NetworkData.raw(${literal(body.networkData)})`);
  } else if (isObject(body.networkDataSecretRef) && typeof body.networkDataSecretRef.name === 'string'
    && Object.keys(body.networkDataSecretRef).length === 1 && body.networkData === undefined) {
    options.networkData = code(`kv.NetworkData.fromSecret(${literal(body.networkDataSecretRef.name)})`);
  } else if (body.networkData !== undefined || body.networkDataSecretRef !== undefined) {
    return undefined;
  }
  if (Object.keys(options).length === 0) return undefined;
  if (volume.name !== 'cloudinitdisk') options.diskName = volume.name;
  if (volumeOnly) options.volumeOnly = true;
  return { code: code(`kv.CloudInit.${key === 'cloudInitNoCloud' ? 'noCloud' : 'configDrive'}(${literal(options)})`) };
}

function diskOptions(disk: any, defaultBus: string): { written: Record<string, unknown> } | undefined {
  const devices = ['disk', 'cdrom', 'lun'].filter((d) => disk[d] !== undefined);
  if (devices.length > 1) return undefined;
  const device = devices[0] ?? 'disk';
  const target = isObject(disk[device]) ? disk[device] : {};
  const written: Record<string, unknown> = {};
  if (device !== 'disk') {
    written.device = enumOf('DiskDevice', device);
  }
  const implied = device === 'cdrom' ? 'sata' : device === 'lun' ? undefined : defaultBus;
  const bus = enumOf('DiskBus', target.bus);
  if (bus && target.bus !== implied) {
    written.bus = bus;
  }
  if (Number.isInteger(disk.bootOrder)) { written.bootOrder = disk.bootOrder; }
  if (typeof disk.serial === 'string') { written.serial = disk.serial; }
  const cache = enumOf('DiskCache', disk.cache);
  if (cache) { written.cache = cache; }
  const ioMode = enumOf('DiskIo', disk.io);
  if (ioMode) { written.io = ioMode; }
  if (typeof disk.dedicatedIOThread === 'boolean') { written.dedicatedIoThread = disk.dedicatedIOThread; }
  if (target.readonly === true) { written.readOnly = true; }
  if (device === 'disk' && typeof target.pciAddress === 'string') { written.pciAddress = target.pciAddress; }
  if (typeof disk.shareable === 'boolean') { written.shareable = disk.shareable; }
  return { written };
}
