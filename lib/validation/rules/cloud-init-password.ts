// A plaintext password in inline cloud-init user data: accepted by every webhook, but it ends up in
// Git and in the VM object, readable by anyone who can read VMs. The same warning at construct time
// and in `validate` (constructs run this rule on the VM they render).
import { VmiSpecRule } from './types';
import { arr, obj } from './util';

/** cloud-config keys whose value is a password in clear text (`passwd` holds a hash, so it is not here). */
const PASSWORD_KEY = /^[ \t]*(?:-[ \t]*)?(password|plain_text_passwd)[ \t]*:[ \t]*(.*)$/m;

/** PASSWORD_KEY over a whole text (the rule runs for every VM: no array of lines, no match per line). */
const PASSWORD_KEYS = new RegExp(PASSWORD_KEY.source, 'gm');

/** The first line's first password key whose value is clear text (a line's later keys are not looked at). */
function clearTextPassword(text: string): RegExpExecArray | undefined {
  PASSWORD_KEYS.lastIndex = 0;
  for (let m = PASSWORD_KEYS.exec(text); m !== null; m = PASSWORD_KEYS.exec(text)) {
    if (isClearText(m[2])) return m;
    const next = text.indexOf('\n', m.index);
    if (next < 0) break;
    PASSWORD_KEYS.lastIndex = next + 1;
  }
  return undefined;
}

const CLOUD_INIT_KINDS = ['cloudInitNoCloud', 'cloudInitConfigDrive'];

/** Values that are not a clear-text password: a crypt(3) hash, a template parameter, an empty value. */
function isClearText(value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (v === '' || v === '|' || v === '>') return false;
  if (/^\$[0-9a-z]+\$/.test(v)) return false;
  return !/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(v);
}

/** The inline user data of a cloud-init volume source, decoded. */
function userDataText(src: Record<string, any>): { text: string; field: string } | undefined {
  if (typeof src.userData === 'string') return { text: src.userData, field: 'userData' };
  if (typeof src.userDataBase64 === 'string') return { text: Buffer.from(src.userDataBase64, 'base64').toString('utf8'), field: 'userDataBase64' };
  return undefined;
}

export const vmiCloudInitPlaintextPassword: VmiSpecRule = {
  id: 'vmi-cloudinit-plaintext-password', severity: 'warning', scope: 'vmiSpec',
  doc: 'Inline cloud-init user data carries no plaintext password (use a Secret or accessCredentials).',
  check(v, ctx) {
    arr(v.spec.volumes).forEach((vol, i) => {
      for (let k = 0; k < CLOUD_INIT_KINDS.length; k++) {
        const kind = CLOUD_INIT_KINDS[k];
        const src = obj(vol?.[kind]);
        const data = src && userDataText(src);
        if (!data) continue;
        const found = clearTextPassword(data.text);
        if (!found) continue;
        ctx.report(v.at(`volumes[${i}].${kind}.${data.field}`),
          `cloud-init user data carries a plaintext password ('${found[1]}'): it ends up in Git and in the VM object`,
          { hint: 'keep the user data in a Secret (secretRef) or use accessCredentials (userPassword / sshPublicKey)' });
      }
    });
  },
};
