// One configuration, three judges: the constructs at synth, the cdk8s plugin on the synth
// output, and `cdk8s-kubevirt validate` on the same files give the same verdict for a rule
// re-severitied, turned off, ignored by file or gated, whether the configuration is the
// project file, the plugin's properties in cdk8s.yaml or set on the app in code.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kv from '../../lib';
import { main } from '../../lib/cli';
import { KubeVirtValidation } from '../../lib/validation';

type Verdict = 'error' | 'warning' | 'none';

const PASSWORD_RULE = 'vmi-cloudinit-plaintext-password';
const CDROM_RULE = 'vmi-disk-volume-match';
const GATED_RULE = 'vmi-feature-gated-field';

let tmp: string;
let cwd: string;
let warn: jest.SpyInstance;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-construct-config-'));
  cwd = process.cwd();
  process.chdir(tmp);
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
  process.chdir(cwd);
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** An app whose VM carries a plaintext password, an empty CD-ROM and a hostDisk volume. */
function estate(options: { kubevirtGates?: string[]; configure?: (app: App) => void } = {}) {
  const app = new App({ outdir: 'dist' });
  options.configure?.(app);
  const chart = new Chart(app, 'estate', { namespace: 'vms' });
  const vm = new kv.VirtualMachine(chart, 'vm', {
    metadata: { name: 'vm' }, memory: Size.gibibytes(1),
    cloudInit: kv.CloudInit.noCloud({ userData: kv.UserData.raw('#cloud-config\npassword: fedora\nchpasswd: { expire: False }\n') }),
  });
  vm.addDisk('root', kv.DiskSource.containerDisk('quay.io/containerdisks/fedora:41'), { bootOrder: 1 });
  vm.apiObject.addJsonPatch(
    JsonPatch.add('/spec/template/spec/domain/devices/disks/-', { name: 'installer', cdrom: { bus: 'sata' } }),
    JsonPatch.add('/spec/template/spec/domain/devices/disks/-', { name: 'scratch', disk: { bus: 'virtio' } }),
    JsonPatch.add('/spec/template/spec/volumes/-', { name: 'scratch', hostDisk: { path: '/var/scratch.img', type: 'DiskOrCreate', capacity: '1Gi' } }),
  );
  if (options.kubevirtGates) {
    new ApiObject(chart, 'kubevirt', {
      apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' },
      spec: { configuration: { developerConfiguration: { featureGates: options.kubevirtGates } } },
    });
  }
  return { app, vm };
}

/** The verdict of each rule at synth: the synth error names it, a synth warning names it, or neither. */
function synthVerdicts(options: Parameters<typeof estate>[0] = {}): Record<string, Verdict> {
  const { app, vm } = estate(options);
  let error = '';
  try {
    app.synth();
  } catch (err) {
    error = (err as Error).message;
  }
  const warnings = kv.synthWarnings(vm).map((w) => w.message).join('\n');
  return verdicts((rule) => (error.includes(`[${rule}]`) ? 'error' : warnings.includes(`[${rule}]`) ? 'warning' : 'none'));
}

/** The manifest the three judges read, synthesized under no configuration at all. */
function writeManifest(options: Parameters<typeof estate>[0] = {}): string {
  const { app } = estate({ ...options, configure: (a) => kv.ValidationConfig.set(a, { ignoreProjectFile: true, rules: { [PASSWORD_RULE]: 'warning', [CDROM_RULE]: 'off' } }) });
  app.synth();
  return path.join('dist', 'estate.k8s.yaml');
}

async function pluginVerdicts(manifest: string, props: ConstructorParameters<typeof KubeVirtValidation>[0] = {}): Promise<Record<string, Verdict>> {
  const violations: string[] = [];
  const logs: string[] = [];
  await new KubeVirtValidation(props).validate({
    manifests: [manifest],
    report: { addViolation: (v) => violations.push(v.ruleName), submit: () => undefined },
    logger: { log: (m) => logs.push(m) },
  });
  return verdicts((rule) => (violations.includes(`${rule} (error)`) ? 'error' : violations.includes(`${rule} (warning)`) ? 'warning' : 'none'));
}

async function validateVerdicts(manifest: string): Promise<{ verdicts: Record<string, Verdict>; suppressed: string[] }> {
  const out: string[] = [];
  await main(['validate', manifest, '--output', 'json'], { stdout: (t) => out.push(t), stderr: () => undefined, isTTY: false, cwd: tmp });
  const findings: Array<{ rule: string; severity: Verdict; suppressed?: unknown }> = JSON.parse(out.join('\n')).findings;
  const counted = findings.filter((f) => !f.suppressed);
  return {
    verdicts: verdicts((rule) => counted.find((f) => f.rule === rule)?.severity ?? 'none'),
    suppressed: findings.filter((f) => f.suppressed).map((f) => f.rule),
  };
}

function verdicts(of: (rule: string) => Verdict): Record<string, Verdict> {
  return Object.fromEntries([PASSWORD_RULE, CDROM_RULE, GATED_RULE].map((r) => [r, of(r)]));
}

async function allThree(projectFile?: string, options: Parameters<typeof estate>[0] = {}) {
  if (projectFile !== undefined) fs.writeFileSync(path.join(tmp, '.cdk8s-kubevirt.yaml'), projectFile);
  const manifest = writeManifest(options);
  const synth = synthVerdicts(options);
  const plugin = await pluginVerdicts(manifest);
  const validate = await validateVerdicts(manifest);
  return { synth, plugin, validate: validate.verdicts, suppressed: validate.suppressed };
}

describe('construct-time checks use the validation configuration', () => {
  test('without a configuration: the rules\' own severities and KubeVirt v1.9 gates, alike in all three', async () => {
    const r = await allThree();
    const expected = { [PASSWORD_RULE]: 'warning', [CDROM_RULE]: 'none', [GATED_RULE]: 'warning' };
    expect(r.synth).toEqual(expected);
    expect(r.plugin).toEqual(expected);
    expect(r.validate).toEqual(expected);
  });

  test('the project file re-severities, turns off and gates: the same verdicts at synth, in the plugin and in validate', async () => {
    const r = await allThree([
      'rules:',
      `  ${PASSWORD_RULE}: error`,
      `  ${GATED_RULE}: 'off'`,
      'featureGates:',
      '  disabled: [DeclarativeHotplugVolumes]',
      '',
    ].join('\n'));
    const expected = { [PASSWORD_RULE]: 'error', [CDROM_RULE]: 'error', [GATED_RULE]: 'none' };
    expect(r.synth).toEqual(expected);
    expect(r.plugin).toEqual(expected);
    expect(r.validate).toEqual(expected);
    expect(r.suppressed).toEqual([GATED_RULE]);
  });

  test('an ignore entry for the chart\'s output file applies at synth too; one for another file does not', async () => {
    const r = await allThree([
      'ignore:',
      `  - rules: [${PASSWORD_RULE}]`,
      '    files: [dist/estate.k8s.yaml]',
      '    reason: lab VMs, reset nightly',
      `  - rules: [${GATED_RULE}]`,
      '    files: [other/*.yaml]',
      '    reason: not this folder',
      '',
    ].join('\n'));
    const expected = { [PASSWORD_RULE]: 'none', [CDROM_RULE]: 'none', [GATED_RULE]: 'warning' };
    expect(r.synth).toEqual(expected);
    expect(r.plugin).toEqual(expected);
    expect(r.validate).toEqual(expected);
    expect(r.suppressed).toEqual([PASSWORD_RULE]);
  });

  test('a KubeVirt object in the app enables a gate for every VM, as in the plugin and validate', async () => {
    const r = await allThree(undefined, { kubevirtGates: ['HostDisk'] });
    const expected = { [PASSWORD_RULE]: 'warning', [CDROM_RULE]: 'none', [GATED_RULE]: 'none' };
    expect(r.synth).toEqual(expected);
    expect(r.plugin).toEqual(expected);
    expect(r.validate).toEqual(expected);
  });

  test('the plugin\'s properties in cdk8s.yaml reach the constructs as they reach the plugin', async () => {
    fs.writeFileSync(path.join(tmp, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node main.js',
      'validations:',
      '  - package: cdk8s-kubevirt',
      '    class: KubeVirtValidation',
      '    properties:',
      `      rules: { ${PASSWORD_RULE}: error }`,
      '',
    ].join('\n'));
    const manifest = writeManifest();
    const expected = { [PASSWORD_RULE]: 'error', [CDROM_RULE]: 'none', [GATED_RULE]: 'warning' };
    expect(synthVerdicts()).toEqual(expected);
    expect(await pluginVerdicts(manifest, { rules: { [PASSWORD_RULE]: 'error' } })).toEqual(expected);
    // `validate` reads the project file only; the same keys there give the same verdict.
    fs.writeFileSync(path.join(tmp, '.cdk8s-kubevirt.yaml'), `rules: { ${PASSWORD_RULE}: error }\n`);
    expect((await validateVerdicts(manifest)).verdicts).toEqual(expected);
  });

  test('ValidationConfig.set on the app overrides the project file key by key', () => {
    fs.writeFileSync(path.join(tmp, '.cdk8s-kubevirt.yaml'), `rules: { ${PASSWORD_RULE}: error, ${GATED_RULE}: error }\n`);
    const verdict = synthVerdicts({ configure: (app) => kv.ValidationConfig.set(app, { rules: { [PASSWORD_RULE]: 'off' } }) });
    expect(verdict).toEqual({ [PASSWORD_RULE]: 'none', [CDROM_RULE]: 'none', [GATED_RULE]: 'error' });
    const { app } = estate({ configure: (a) => kv.ValidationConfig.set(a, { rules: { [PASSWORD_RULE]: 'off' } }) });
    expect(kv.ValidationConfig.of(app).spec.rules).toEqual({ [PASSWORD_RULE]: 'off', [GATED_RULE]: 'error' });
    expect(kv.ValidationConfig.of(app).source).toBe(`${fs.realpathSync(tmp)}/.cdk8s-kubevirt.yaml + ValidationConfig properties`);
  });

  test('a bad configuration fails the synth naming the file and the key', () => {
    fs.writeFileSync(path.join(tmp, '.cdk8s-kubevirt.yaml'), 'rules: { no-such-rule: error }\n');
    const { app } = estate();
    expect(() => app.synth()).toThrow(/\.cdk8s-kubevirt\.yaml: rules\.no-such-rule: unknown rule id/);
    expect(() => kv.ValidationConfig.set(new App(), { ignoreProjectFile: true, platform: 'openshift' as any })).toThrow(/ValidationConfig properties: platform/);
  });
});
