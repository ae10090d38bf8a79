// The validation config: project file, schema errors, platform profiles, external objects,
// severities, ignores and the ignore annotation, through the real CLI and the cdk8s plugin.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli';
import { KubeVirtValidation } from '../../lib/validation';
import { ConfigError, findConfigFile, readConfigFile } from '../../lib/validation/config';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kv-config-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: tmp });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function json(...argv: string[]) {
  const r = await run(...argv, '--output', 'json');
  return { ...r, doc: r.stdout ? JSON.parse(r.stdout) : undefined };
}

/** A VM that uses the platform's catalog: a common instancetype + preference and a golden image. */
const CATALOG_VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: web
  namespace: vms
spec:
  runStrategy: Always
  instancetype: { name: u1.medium }
  preference: { name: fedora }
  dataVolumeTemplates:
    - metadata: { name: web-root }
      spec:
        sourceRef: { kind: DataSource, name: fedora, namespace: GOLDEN }
        storage:
          resources: { requests: { storage: 30Gi } }
  template:
    spec:
      domain:
        devices:
          disks: [{ name: root, disk: { bus: virtio } }]
          interfaces: [{ name: default, masquerade: {} }]
      networks: [{ name: default, pod: {} }]
      volumes:
        - name: root
          dataVolume: { name: web-root }
`;

/** A VM with a secondary network whose NAD lives outside the folder. */
const NAD_VM = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: db
  namespace: vms
ANNOTATIONS
spec:
  runStrategy: Halted
  template:
    spec:
      domain:
        memory: { guest: 1Gi }
        devices:
          disks: [{ name: root, disk: { bus: virtio } }]
          interfaces: [{ name: default, masquerade: {} }, { name: storage, bridge: {} }]
      networks:
        - { name: default, pod: {} }
        - { name: storage, multus: { networkName: storage-net } }
      volumes:
        - name: root
          containerDisk: { image: quay.io/containerdisks/fedora:latest }
`;

const rulesOf = (doc: any) => doc.findings.map((f: any) => f.rule).sort();

describe('project file', () => {
  test('is found from the validated folder upwards, and from the working folder', () => {
    const cfg = write('.cdk8s-kubevirt.yaml', 'platform: kubevirt\n');
    fs.mkdirSync(path.join(tmp, 'a', 'b'), { recursive: true });
    expect(findConfigFile(path.join(tmp, 'a', 'b'))).toBe(cfg);
    expect(findConfigFile(os.tmpdir())).not.toBe(cfg);
  });

  test.each([
    ['platfrom: kubevirt\n', 'platfrom: unknown key'],
    ['platform: openshift\n', 'platform: must be one of "openshift-virtualization", "kubevirt", "none"'],
    ['rules: { vmi-disk-bus-valid: fatal }\n', 'rules.vmi-disk-bus-valid: must be one of "error", "warning", "info", "off"'],
    ['rules: { vmi-disk-bus-vaild: warning }\n', 'rules.vmi-disk-bus-vaild: unknown rule id'],
    ['ignore: [{ rules: [xo-nope], reason: x }]\n', "ignore[0].rules[0]: unknown rule id 'xo-nope'"],
    ['ignore: [{ reason: x }]\n', 'ignore[0].rules: required'],
    ['externalObjects: [{ kind: Widget, names: [a] }]\n', 'externalObjects[0].apiVersion: required for kind Widget'],
    ['externalObjects: [{ kind: Secret, names: [] }]\n', 'externalObjects[0].names: must NOT have fewer than 1 items'],
    ['featureGates: { enabled: [DeclarativeHotplugVolume] }\n', "featureGates.enabled[0]: unknown KubeVirt feature gate 'DeclarativeHotplugVolume'"],
    ['platform: [kubevirt\n', 'line 2: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('%j is refused naming the file and the key', (text, problem) => {
    const file = write('.cdk8s-kubevirt.yaml', text);
    let error: unknown;
    try { readConfigFile(file); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${file}: ${problem}`);
  });

  test('a bad file is exit 2 with one line per problem, no stack trace', async () => {
    write('.cdk8s-kubevirt.yaml', 'platform: openshift\nrules: { nope: off }\n');
    write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    const r = await run('validate', 'm');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `cdk8s-kubevirt validate: ${path.join(tmp, '.cdk8s-kubevirt.yaml')}: platform: must be one of "openshift-virtualization", "kubevirt", "none"`,
    ]);
  });

  test('--config names the file explicitly; a missing one is exit 2 naming it', async () => {
    write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    const r = await run('validate', 'm', '--config', 'nope.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cdk8s-kubevirt validate: ${path.join(tmp, 'nope.yaml')}: cannot read: ENOENT`);
  });
});

describe('platform profiles', () => {
  test.each([
    ['openshift-virtualization', 'openshift-virtualization-os-images'],
    ['kubevirt', 'kubevirt-os-images'],
  ])('%s: common instancetypes, preferences and golden images are not missing, even with --assume-complete', async (platform, golden) => {
    write('.cdk8s-kubevirt.yaml', `platform: ${platform}\n`);
    write('m/vm.yaml', CATALOG_VM.replace('GOLDEN', golden));
    const r = await json('validate', 'm', '--assume-complete');
    expect(r.doc.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('the golden-image namespace is per platform; platform none knows nothing', async () => {
    write('.cdk8s-kubevirt.yaml', 'platform: openshift-virtualization\n');
    write('m/vm.yaml', CATALOG_VM.replace('GOLDEN', 'kubevirt-os-images'));
    expect(rulesOf((await json('validate', 'm')).doc)).toEqual(['xo-datasource-exists']);
    write('.cdk8s-kubevirt.yaml', 'platform: none\n');
    const none = await json('validate', 'm', '--assume-complete');
    expect(rulesOf(none.doc)).toEqual(['xo-datasource-exists', 'xo-instancetype-exists', 'xo-preference-exists']);
    expect(none.code).toBe(1);
  });

  test('profile instancetypes carry their sizes: a preference requirement is checked against them', async () => {
    write('.cdk8s-kubevirt.yaml', 'platform: kubevirt\n');
    // windows.11 requires 2 vCPUs / 4Gi; u1.small has 1 vCPU / 2Gi.
    write('m/vm.yaml', CATALOG_VM.replace('GOLDEN', 'kubevirt-os-images').replace('u1.medium', 'u1.small').replace('name: fedora }\n  dataVolume', 'name: windows.11 }\n  dataVolume'));
    const r = await json('validate', 'm');
    expect(r.doc.findings.map((f: any) => [f.rule, f.message])).toEqual([
      ['vm-preference-requirements', 'the preference requires 2 vCPUs, the instancetype provides 1'],
      ['vm-preference-requirements', 'the preference requires 4Gi of guest memory, the instancetype provides less'],
    ]);
  });
});

describe('external objects, severities and ignores', () => {
  test('externalObjects declare what the cluster has', async () => {
    write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    expect(rulesOf((await json('validate', 'm')).doc)).toEqual(['xo-multus-nad-exists']);
    write('.cdk8s-kubevirt.yaml', 'externalObjects:\n  - { kind: NetworkAttachmentDefinition, namespace: vms, names: [storage-net] }\n');
    const r = await json('validate', 'm', '--assume-complete');
    expect(r.doc.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('a rule set to off is reported as suppressed, not counted', async () => {
    write('.cdk8s-kubevirt.yaml', 'rules: { xo-multus-nad-exists: off }\n');
    write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    const r = await json('validate', 'm', '--assume-complete');
    expect(r.code).toBe(0);
    expect(r.doc.summary).toEqual({ objects: 1, errors: 0, warnings: 0, suppressed: 1 });
    expect(r.doc.findings[0]).toMatchObject({
      rule: 'xo-multus-nad-exists', severity: 'error',
      suppressed: { kind: 'config', reason: `rule turned off in ${path.join(tmp, '.cdk8s-kubevirt.yaml')}` },
    });
  });

  test('a severity override changes the exit code', async () => {
    write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    expect((await run('validate', 'm', '--assume-complete')).code).toBe(1);
    write('.cdk8s-kubevirt.yaml', 'rules: { xo-multus-nad-exists: warning }\nfailOn: error\n');
    const r = await json('validate', 'm', '--assume-complete');
    expect(r.code).toBe(0);
    expect(r.doc.findings.map((f: any) => f.severity)).toEqual(['warning']);
    write('.cdk8s-kubevirt.yaml', 'rules: { xo-multus-nad-exists: warning }\nfailOn: warning\n');
    expect((await run('validate', 'm', '--assume-complete')).code).toBe(1);
  });

  test('ignore entries apply by rule id and file glob, with their reason', async () => {
    write('.cdk8s-kubevirt.yaml', 'ignore:\n  - rules: [xo-multus-nad-exists]\n    files: ["legacy/**"]\n    reason: storage network is created by the storage team\n');
    write('legacy/old/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    write('new/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', '').replace('name: db', 'name: db2'));
    const r = await json('validate', 'legacy', 'new', '--assume-complete');
    expect(r.doc.findings.map((f: any) => [f.file, f.suppressed?.reason])).toEqual([
      ['legacy/old/vm.yaml', 'storage network is created by the storage team'],
      ['new/vm.yaml', undefined],
    ]);
    expect(r.code).toBe(1);
  });

  test('an ignore entry without a reason is itself a warning', async () => {
    write('.cdk8s-kubevirt.yaml', 'ignore:\n  - rules: [xo-multus-nad-exists]\n');
    write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    const r = await json('validate', 'm');
    expect(r.doc.findings.map((f: any) => [f.rule, f.severity, f.path, !!f.suppressed])).toEqual([
      ['suppression-without-reason', 'warning', 'ignore[0]', false],
      ['xo-multus-nad-exists', 'warning', 'spec.template.spec.networks[1].multus.networkName', true],
    ]);
  });
});

describe('the ignore annotation', () => {
  const annotated = (value: string) => NAD_VM.replace('ANNOTATIONS', `  annotations:\n    cdk8s-kubevirt.io/ignore-rules: "${value}"`);

  test('suppresses the named rules on that object, shown as suppressed in text, JSON and SARIF', async () => {
    write('m/vm.yaml', annotated('xo-multus-nad-exists, vm-pod-binding-implicit -- NAD comes from the network operator'));
    const text = await run('validate', 'm', '--assume-complete');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('    suppressed error NetworkAttachmentDefinition vms/storage-net not found');
    expect(text.stdout).toContain('ignored by annotation: NAD comes from the network operator');
    expect(text.stdout.trim().split('\n').pop()).toBe('1 object checked: 0 errors, 0 warnings, 1 suppressed');

    const sarif = JSON.parse((await run('validate', 'm', '--assume-complete', '--output', 'sarif')).stdout);
    expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.suppressions])).toEqual([
      ['xo-multus-nad-exists', [{ kind: 'inSource', justification: 'NAD comes from the network operator' }]],
    ]);
  });

  test('without a reason it still suppresses, and warns', async () => {
    write('m/vm.yaml', annotated('xo-multus-nad-exists'));
    const r = await json('validate', 'm', '--assume-complete');
    expect(r.doc.findings.map((f: any) => [f.rule, f.severity, f.suppressed?.reason])).toEqual([
      ['xo-multus-nad-exists', 'error', '(no reason given)'],
      ['suppression-without-reason', 'warning', undefined],
    ]);
    expect(r.doc.findings[1].message).toBe('ignores xo-multus-nad-exists without a reason');
    expect(r.code).toBe(0);
    expect((await run('validate', 'm', '--assume-complete', '--fail-on', 'warning')).code).toBe(1);
  });

  test('other rules on the object still count', async () => {
    write('m/vm.yaml', annotated('vmi-disk-bus-valid -- not this one').replace('bus: virtio', 'bus: ide'));
    const r = await json('validate', 'm', '--assume-complete');
    expect(r.doc.findings.map((f: any) => [f.rule, !!f.suppressed]).sort()).toEqual([['vmi-disk-bus-valid', true], ['xo-multus-nad-exists', false]]);
    expect(r.code).toBe(1);
  });
});

describe('cdk8s plugin properties', () => {
  function fake(manifests: string[]) {
    const violations: any[] = [];
    const logs: string[] = [];
    let status: string | undefined;
    let metadata: Record<string, string> | undefined;
    return {
      violations, logs, status: () => status, metadata: () => metadata,
      context: {
        manifests,
        report: { addViolation: (v: any) => violations.push(v), submit: (s: 'success' | 'failure', m?: Record<string, string>) => { status = s; metadata = m; } },
        logger: { log: (m: string) => logs.push(m) },
      },
    };
  }

  test('use the same keys as the file: platform, rules, ignores', async () => {
    const vm = write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    const strict = fake([vm]);
    await new KubeVirtValidation({ assumeComplete: true }).validate(strict.context);
    expect(strict.status()).toBe('failure');
    const relaxed = fake([vm]);
    await new KubeVirtValidation({ assumeComplete: true, ignore: [{ rules: ['xo-multus-nad-exists'], reason: 'made by the network team' }] }).validate(relaxed.context);
    expect(relaxed.status()).toBe('success');
    expect(relaxed.violations).toEqual([]);
    expect(relaxed.logs.join('\n')).toContain('suppressed error [xo-multus-nad-exists] VirtualMachine db: NetworkAttachmentDefinition vms/storage-net not found (config: made by the network team)');
    expect(relaxed.metadata()).toMatchObject({ errors: '0', suppressed: '1' });
  });

  test('read the config file named by configFile, properties winning', async () => {
    const vm = write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    const cfg = write('cfg.yaml', 'assumeComplete: true\nrules: { xo-multus-nad-exists: warning }\n');
    const fromFile = fake([vm]);
    await new KubeVirtValidation({ configFile: cfg }).validate(fromFile.context);
    expect(fromFile.violations.map((v) => v.ruleName)).toEqual(['xo-multus-nad-exists (warning)']);
    const overridden = fake([vm]);
    await new KubeVirtValidation({ configFile: cfg, rules: { 'xo-multus-nad-exists': 'error' } }).validate(overridden.context);
    expect(overridden.violations.map((v) => v.ruleName)).toEqual(['xo-multus-nad-exists (error)']);
  });

  test('bad properties fail naming cdk8s.yaml and the key', async () => {
    const vm = write('m/vm.yaml', NAD_VM.replace('ANNOTATIONS\n', ''));
    const f = fake([vm]);
    await new KubeVirtValidation({ platform: 'openshift' } as any).validate(f.context);
    expect(f.status()).toBe('failure');
    expect(f.logs).toEqual(['cdk8s-kubevirt: cdk8s.yaml validation properties: platform: must be one of "openshift-virtualization", "kubevirt", "none"']);
  });
});
