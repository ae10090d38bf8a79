// VMI spec volume rules (catalog section 4): what each volume source names, special volumes,
// inline cloud-init data and access credentials. Plain loops, and a path or list made only for a
// finding: these run for every VM (see ./vmi-storage).
import { VmiSpecRule, VmiSpecView } from './types';
import { arr, has, isCleanAbsolutePath, obj } from './util';
import { targetBody, targetKind } from './vmi-disks';

/** Per volume source, the field naming what it uses. */
const VOLUME_REFS: ReadonlyArray<readonly [string, string]> = [['dataVolume', 'name'], ['persistentVolumeClaim', 'claimName'], ['configMap', 'name'],
  ['secret', 'secretName'], ['containerDisk', 'image'], ['emptyDisk', 'capacity']];

export const vmiVolumeRefValid: VmiSpecRule = {
  id: 'vmi-volume-ref-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Volume sources name what they use (claim, DataVolume, ConfigMap, Secret, image, capacity); containerDisk.path is clean and absolute.',
  check(v, ctx) {
    const vols = arr(v.spec.volumes);
    for (let i = 0; i < vols.length; i++) {
      const vol = vols[i];
      for (let k = 0; k < VOLUME_REFS.length; k++) {
        const src = VOLUME_REFS[k][0];
        const field = VOLUME_REFS[k][1];
        if (has(vol?.[src]) && !vol[src]?.[field]) ctx.report(v.at(`volumes[${i}].${src}.${field}`), `${src}.${field} is required`);
      }
      const p = vol?.containerDisk?.path;
      if (has(p) && p !== '' && !isCleanAbsolutePath(p)) ctx.report(v.at(`volumes[${i}].containerDisk.path`), 'containerDisk.path must be an absolute, clean path other than /');
    }
  },
};

export const vmiSpecialVolumesValid: VmiSpecRule = {
  id: 'vmi-special-volumes-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'hostDisk has a path and a valid type (capacity only with DiskOrCreate); at most one downwardMetrics volume, on a virtio disk.',
  check(v, ctx) {
    let dm: number[] | undefined;
    const vols = arr(v.spec.volumes);
    for (let i = 0; i < vols.length; i++) {
      const vol = vols[i];
      const hd = obj(vol?.hostDisk);
      if (hd) {
        if (!hd.path) ctx.report(v.at(`volumes[${i}].hostDisk.path`), 'hostDisk.path is required');
        if (hd.type !== 'Disk' && hd.type !== 'DiskOrCreate') ctx.report(v.at(`volumes[${i}].hostDisk.type`), 'hostDisk.type must be Disk or DiskOrCreate');
        if (has(hd.capacity) && hd.type !== 'DiskOrCreate') ctx.report(v.at(`volumes[${i}].hostDisk.capacity`), 'hostDisk.capacity is only allowed with type DiskOrCreate');
      }
      if (has(vol?.downwardMetrics)) (dm ??= []).push(i);
    }
    if (dm === undefined) return;
    if (dm.length > 1) ctx.report(v.at(`volumes[${dm[1]}]`), 'only one downwardMetrics volume is allowed');
    for (const i of dm) {
      const name = v.spec.volumes[i].name;
      const disk = arr(v.spec.domain?.devices?.disks).find((d) => d?.name === name);
      const kind = disk ? targetKind(disk) : undefined;
      if (kind && (kind !== 'disk' || (has(targetBody(disk, kind).bus) && targetBody(disk, kind).bus !== 'virtio'))) {
        ctx.report(v.at(`volumes[${i}]`), `downwardMetrics volume '${name}' must be a virtio disk`);
      }
    }
  },
};

const CLOUD_INIT_KINDS = ['cloudInitNoCloud', 'cloudInitConfigDrive'] as const;
const USER_DATA = ['userData', 'userDataBase64', 'secretRef'];
const NETWORK_DATA = ['networkData', 'networkDataBase64', 'networkDataSecretRef'];
const BASE64_DATA = ['userDataBase64', 'networkDataBase64'];

/** The fields of `fields` that `src` sets to something other than ''. */
function setFields(src: Record<string, any>, fields: readonly string[]): string[] {
  return fields.filter((f) => has(src[f]) && src[f] !== '');
}

/** The path of volume `i`'s cloud-init source `kind` (and its field `f`). */
function cloudInitPath(v: VmiSpecView, i: number, kind: string, f: string): string {
  return v.at(`volumes[${i}].${kind}${f ? `.${f}` : ''}`);
}

/** How many of setFields(src, fields) there are (without making the list). */
function countSet(src: Record<string, any>, fields: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < fields.length; i++) if (has(src[fields[i]]) && src[fields[i]] !== '') n++;
  return n;
}
const INLINE_DATA: ReadonlyArray<readonly [string, string]> = [['userData', 'userDataBase64'], ['networkData', 'networkDataBase64']];

function isBase64(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const compact = s.replace(/\s/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}

function inlineBytes(src: any, plain: string, b64: string): number | undefined {
  if (typeof src?.[plain] === 'string') return Buffer.byteLength(src[plain], 'utf8');
  if (isBase64(src?.[b64])) return Buffer.from(src[b64], 'base64').length;
  return undefined;
}

export const vmiCloudInitDataValid: VmiSpecRule = {
  id: 'vmi-cloudinit-data-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'A cloud-init volume has one user-data form and one network-data form at most, at least one of them, and valid base64.',
  check(v, ctx) {
    const vols = arr(v.spec.volumes);
    for (let i = 0; i < vols.length; i++) {
      const vol = vols[i];
      for (let k = 0; k < CLOUD_INIT_KINDS.length; k++) {
        const kind = CLOUD_INIT_KINDS[k];
        const src = obj(vol?.[kind]);
        if (!src) continue;
        const users = countSet(src, USER_DATA);
        const nets = countSet(src, NETWORK_DATA);
        if (users > 1) {
          const user = setFields(src, USER_DATA);
          ctx.report(cloudInitPath(v, i, kind, user[1]), `set only one of ${user.join(', ')}`);
        }
        if (nets > 1) {
          const net = setFields(src, NETWORK_DATA);
          ctx.report(cloudInitPath(v, i, kind, net[1]), `set only one of ${net.join(', ')}`);
        }
        if (users === 0 && nets === 0) ctx.report(cloudInitPath(v, i, kind, ''), `${kind} volume '${vol.name}' needs user data or network data`);
        for (let b = 0; b < BASE64_DATA.length; b++) {
          const f = BASE64_DATA[b];
          if (has(src[f]) && src[f] !== '' && !isBase64(src[f])) ctx.report(cloudInitPath(v, i, kind, f), `${f} is not valid base64`);
        }
      }
    }
  },
};

export const vmiCloudInitSizeLimit: VmiSpecRule = {
  id: 'vmi-cloudinit-size-limit', severity: 'error', scope: 'vmiSpec',
  doc: 'Inline cloud-init user data and network data are each at most 2048 bytes.',
  check(v, ctx) {
    const vols = arr(v.spec.volumes);
    for (let i = 0; i < vols.length; i++) {
      for (let k = 0; k < CLOUD_INIT_KINDS.length; k++) {
        const kind = CLOUD_INIT_KINDS[k];
        const src = obj(vols[i]?.[kind]);
        if (!src) continue;
        for (let d = 0; d < INLINE_DATA.length; d++) {
          const plain = INLINE_DATA[d][0];
          const b64 = INLINE_DATA[d][1];
          const n = inlineBytes(src, plain, b64);
          if (n !== undefined && n > 2048) {
            ctx.report(v.at(`volumes[${i}].${kind}.${typeof src[plain] === 'string' ? plain : b64}`), `inline ${plain} is ${n} bytes, more than 2048`,
              { hint: `move it to a Secret and use ${plain === 'userData' ? 'secretRef' : 'networkDataSecretRef'}` });
          }
        }
      }
    }
  },
};

export const vmiAccessCredentialValid: VmiSpecRule = {
  id: 'vmi-access-credential-valid', severity: 'error', scope: 'vmiSpec',
  doc: 'Each accessCredentials entry has one credential type, one source and one propagation method.',
  check(v, ctx) {
    arr(v.spec.accessCredentials).forEach((c, i) => {
      const at = (p: string) => v.at(`accessCredentials[${i}]${p}`);
      const types = ['sshPublicKey', 'userPassword'].filter((t) => has(c?.[t]));
      if (types.length !== 1) { ctx.report(at(''), 'set exactly one of sshPublicKey or userPassword'); return; }
      const cred = obj(c[types[0]]) ?? {};
      const sources = Object.keys(obj(cred.source) ?? {}).filter((k) => has(cred.source[k]));
      if (sources.length !== 1) ctx.report(at(`.${types[0]}.source`), 'set exactly one credential source (secret)');
      const methods = Object.keys(obj(cred.propagationMethod) ?? {}).filter((k) => has(cred.propagationMethod[k]));
      if (methods.length !== 1) ctx.report(at(`.${types[0]}.propagationMethod`), 'set exactly one propagation method');
      const users = cred.propagationMethod?.qemuGuestAgent?.users;
      if (has(cred.propagationMethod?.qemuGuestAgent) && types[0] === 'sshPublicKey' && arr(users).length === 0) {
        ctx.report(at('.sshPublicKey.propagationMethod.qemuGuestAgent.users'), 'qemuGuestAgent propagation needs at least one user');
      }
    });
  },
};

export const vmiAccessCredentialPropagationVolume: VmiSpecRule = {
  id: 'vmi-access-credential-propagation-volume', severity: 'error', scope: 'vmiSpec',
  doc: 'noCloud propagation needs a cloudInitNoCloud volume; configDrive needs a cloudInitConfigDrive volume.',
  check(v, ctx) {
    if (arr(v.spec.accessCredentials).length === 0) return;
    const vols = arr(v.spec.volumes);
    const hasNoCloud = vols.some((vol) => has(vol?.cloudInitNoCloud));
    const hasConfigDrive = vols.some((vol) => has(vol?.cloudInitConfigDrive));
    arr(v.spec.accessCredentials).forEach((c, i) => {
      for (const t of ['sshPublicKey', 'userPassword']) {
        const pm = c?.[t]?.propagationMethod;
        if (has(pm?.noCloud) && !hasNoCloud) ctx.report(v.at(`accessCredentials[${i}].${t}.propagationMethod.noCloud`), 'noCloud propagation needs a cloudInitNoCloud volume');
        if (has(pm?.configDrive) && !hasConfigDrive) ctx.report(v.at(`accessCredentials[${i}].${t}.propagationMethod.configDrive`), 'configDrive propagation needs a cloudInitConfigDrive volume');
      }
    });
  },
};
