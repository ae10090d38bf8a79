// vmi-cloudinit-plaintext-password scans the user data once with a global expression instead of
// matching line by line: each line's first password key counts, a later one on the same line
// (after a \r or U+2028, which end a line for ^ and $ too) does not. Which key it reports, if any:
import { vmiCloudInitPlaintextPassword } from '../../lib/validation/rules/cloud-init-password';

const TEXTS: string[] = [
  '#cloud-config\npassword: changeme\n', 'password: $6$abc$def\nplain_text_passwd: real\n', 'x\rpassword: $6$h\rpassword: second\n',
  'users:\n  - name: a\n    plain_text_passwd: "secret"\n', "  - password: '${PW}'\npassword: |\n", 'password: x\u2028password: y', 'password:   \npassword: "z"',
  'nothing here', '', 'password: ${PW}\r\npassword: real\r\n', 'password:\n', 'password: >\n  folded\n', 'apassword: no\n', '\tpassword:\tq\n',
  'password: $1$a$b password: c\n', 'password: "a"\rpassword: b\npassword: c', 'password: $6$x\u2028plain_text_passwd: y\n', 'plain_text_passwd: $6$x\npassword: p',
];

const EXPECTED: Array<string | null> = ['password',  'plain_text_passwd',  null,  'plain_text_passwd',  null,  'password',  'password',  null,  null,  'password',  null,  null,  null,  'password',  null,  'password',  null,  'password'];

function reported(userData: string): string | null {
  let key: string | null = null;
  const view = { spec: { volumes: [{ name: 'ci', cloudInitNoCloud: { userData } }] }, at: (rel: string) => rel } as any;
  vmiCloudInitPlaintextPassword.check(view, { report: (_path: string, message: string) => { key = /\('([^']+)'\)/.exec(message)![1]; } } as any);
  return key;
}

test.each(TEXTS.map((t, i) => [i, t] as const))('user data %i', (i, text) => {
  expect(reported(text)).toBe(EXPECTED[i]);
});
