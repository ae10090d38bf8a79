// The catalog's in-cluster form: every rule translated or explained, the generated objects'
// shape, the construct, the CLI command, the committed report and the README example.
import * as fs from 'fs';
import * as path from 'path';
import * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import * as kv from '../../lib';
import { main } from '../../lib/cli';
import { buildAdmissionPolicies, CEL_TRANSLATIONS, defaultFeatureGates, enforceabilityReport, formatEnforceabilityReport, policyCatalog } from '../../lib/policy';
import { NOT_ENFORCEABLE } from '../../lib/policy/not-enforceable';
import { ALL_RULES } from '../../lib/validation';

const root = path.join(__dirname, '..', '..');

function run(args: string[]): { code: Promise<number>; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, cwd: root });
  return { code, out, err };
}

describe('catalog coverage', () => {
  test('every rule has exactly one of: a CEL translation, a reason it cannot have one', () => {
    const problems = policyCatalog().filter((r) => !!r.cel === !!r.notEnforceable).map((r) => r.id);
    // A new catalog rule needs an entry in lib/policy/cel/* or lib/policy/not-enforceable.ts.
    expect(problems).toEqual([]);
    const ids = new Set(ALL_RULES.map((r) => r.id));
    expect([...Object.keys(CEL_TRANSLATIONS), ...Object.keys(NOT_ENFORCEABLE)].filter((id) => !ids.has(id))).toEqual([]);
  });

  test('cross-object rules are never translated, and say so', () => {
    for (const r of policyCatalog().filter((x) => !x.family)) expect(r.notEnforceable?.reason).toBe('cross-object');
  });

  test('at least 60% of the single-object rules are enforceable in the cluster', () => {
    const report = enforceabilityReport();
    expect(report.singleObject).toBe(ALL_RULES.filter((r) => r.scope !== 'cross').length);
    expect(report.share).toBeGreaterThanOrEqual(0.6);
  });

  test('docs/admission-policies.md is the current report', () => {
    const committed = fs.readFileSync(path.join(root, 'docs', 'admission-policies.md'), 'utf8');
    // Regenerate with: npx cdk8s-kubevirt policy --report > docs/admission-policies.md
    expect(committed.trim()).toBe(formatEnforceabilityReport().trim());
  });
});

describe('buildAdmissionPolicies', () => {
  test('errors in Deny bindings, warnings in Warn bindings, the catalog id in every message', () => {
    const objects = buildAdmissionPolicies({ families: ['compute'] });
    const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    const bindings = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
    expect(policies.map((p) => p.metadata!.name)).toEqual(['kubevirt-rules-compute-vm', 'kubevirt-rules-compute-vm-warnings', 'kubevirt-rules-compute-vmi', 'kubevirt-rules-compute-vmi-warnings', 'kubevirt-rules-compute-vmpool']);
    expect(bindings.find((b) => b.metadata!.name === 'kubevirt-rules-compute-vm')!.spec.validationActions).toEqual(['Deny']);
    expect(bindings.find((b) => b.metadata!.name === 'kubevirt-rules-compute-vm-warnings')!.spec.validationActions).toEqual(['Warn']);
    const severities = new Map(ALL_RULES.map((r) => [r.id, r.severity]));
    for (const p of policies) {
      for (const v of p.spec.validations) {
        const id = /\[([a-z0-9-]+)\]$/.exec(v.message)![1];
        expect(severities.get(id)).toBe(p.metadata!.name!.endsWith('-warnings') ? 'warning' : 'error');
      }
    }
    // One schema per policy (the apiserver type-checks against it); other served versions are converted.
    expect(policies[0].spec.matchConstraints).toEqual({ matchPolicy: 'Equivalent',
      resourceRules: [{ apiGroups: ['kubevirt.io'], apiVersions: ['v1'], resources: ['virtualmachines'], operations: ['CREATE', 'UPDATE'] }] });
    // VM-only rules stay off the VMI policy; VMI spec rules are on both.
    const vmi = policies[2].spec.validations.map((v: any) => v.message).join('\n');
    expect(vmi).not.toContain('[vm-runstrategy-required]');
    expect(vmi).toContain('[vmi-disk-bus-valid]');
    expect(policies[0].spec.validations.map((v: any) => v.message).join('\n')).toContain('[vmi-disk-bus-valid]');
  });

  test('families are opt-in; excluded rules and info rules are left out; warn mode denies nothing', () => {
    const flavors = buildAdmissionPolicies({ families: ['flavors'], excludeRules: ['it-overcommit-range'], mode: 'warn' });
    expect(new Set(flavors.map((o) => o.metadata!.labels!['kubevirt-rules.cdk8s.io/family']))).toEqual(new Set(['flavors']));
    const messages = flavors.flatMap((o) => o.spec?.validations ?? []).map((v: any) => v.message).join('\n');
    expect(messages).not.toContain('[it-overcommit-range]');
    expect(messages).toContain('[it-overcommit-no-hugepages]');
    expect(flavors.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').every((b) => b.spec.validationActions.join() === 'Warn')).toBe(true);
    const platform = buildAdmissionPolicies({ families: ['platform'] }).flatMap((o) => o.spec?.validations ?? []).map((v: any) => v.message).join('\n');
    expect(platform).not.toContain('[hco-live-migration-defaults-pinned]');
    expect(() => buildAdmissionPolicies({ families: ['bogus' as any] })).toThrow("unknown policy family 'bogus'");
  });

  test('the params ConfigMap carries the defaults the offline rules assume, and params policies point at it', () => {
    const objects = buildAdmissionPolicies({ families: ['compute'], paramsNamespace: 'kubevirt-rules' });
    const cm = objects.find((o) => o.kind === 'ConfigMap')!;
    expect(cm.metadata).toMatchObject({ name: 'kubevirt-rules-params', namespace: 'kubevirt-rules' });
    expect(cm.data.featureGates.split(',')).toEqual(defaultFeatureGates());
    expect(cm.data.featureGates).toContain('DeclarativeHotplugVolumes');
    const withParams = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding' && o.spec.paramRef);
    expect(withParams.length).toBeGreaterThan(0);
    for (const b of withParams) expect(b.spec.paramRef).toEqual({ name: 'kubevirt-rules-params', namespace: 'kubevirt-rules', parameterNotFoundAction: 'Deny' });
    // No params, no ConfigMap.
    expect(buildAdmissionPolicies({ families: ['flavors'] }).some((o) => o.kind === 'ConfigMap')).toBe(false);
  });
});

describe('KubeVirtAdmissionPolicies construct', () => {
  test('synthesizes the chosen families only', () => {
    const app = cdk8s.Testing.app();
    const chart = new cdk8s.Chart(app, 'admission');
    const c = new kv.KubeVirtAdmissionPolicies(chart, 'rules', { families: ['storage'], namespaceSelector: { matchLabels: { team: 'vms' } } });
    const objects = cdk8s.Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['datavolume', 'vm-templates', 'dataimportcron'].flatMap((t) => [
      `ValidatingAdmissionPolicy/kubevirt-rules-storage-${t}`, `ValidatingAdmissionPolicyBinding/kubevirt-rules-storage-${t}`]));
    expect(objects[1].spec.matchResources.namespaceSelector).toEqual({ matchLabels: { team: 'vms' } });
    expect(c.apiObjects).toHaveLength(6);
    expect(() => new kv.KubeVirtAdmissionPolicies(chart, 'none', { families: [] })).toThrow('admission/none: families must name at least one rule family');
  });
});

describe('cdk8s-kubevirt policy', () => {
  test('prints YAML documents kubectl can apply, for the chosen families', async () => {
    const r = run(['policy', '--families', 'network,flavors', '--namespace-selector', 'env=prod', '--feature-gates', 'HostDisk']);
    expect(await r.code).toBe(0);
    const docs = parseAllDocuments(r.out.join('\n')).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toContain('ValidatingAdmissionPolicy');
    expect(new Set(docs.filter((d) => d.kind !== 'ConfigMap').map((d) => d.metadata.labels['kubevirt-rules.cdk8s.io/family']))).toEqual(new Set(['network', 'flavors']));
    expect(docs.find((d) => d.kind === 'ValidatingAdmissionPolicyBinding').spec.matchResources.namespaceSelector).toEqual({ matchLabels: { env: 'prod' } });
  });

  test('json output, the report, and clear usage errors', async () => {
    const json = run(['policy', '--output', 'json', '--families', 'compute', '--feature-gates', 'HostDisk,VSOCK']);
    expect(await json.code).toBe(0);
    const list = JSON.parse(json.out.join(''));
    expect(list.items.find((o: any) => o.kind === 'ConfigMap').data.featureGates).toBe('HostDisk,VSOCK');
    const report = run(['policy', '--report']);
    expect(await report.code).toBe(0);
    expect(report.out.join('')).toContain('single-object rules');
    for (const [args, msg] of [[['--families', 'compte'], "unknown family 'compte'"], [['--output', 'xml'], '--output must be yaml or json'],
      [['--exclude', 'no-such-rule'], "no rule 'no-such-rule'"], [['--namespace-selector', 'env'], "'env' is not key=value"], [['--mode', 'audit'], '--mode must be enforce or warn']] as const) {
      const bad = run(['policy', ...args]);
      expect(await bad.code).toBe(2);
      expect(bad.err.join('')).toContain(msg);
    }
  });
});

describe('cdk8s-kubevirt policy --prune-fence', () => {
  test('prints the fence the controller construct ships, and nothing else', async () => {
    const r = run(['policy', '--prune-fence']);
    expect(await r.code).toBe(0);
    const docs = parseAllDocuments(r.out.join('\n')).map((d) => d.toJS());
    const chart = new cdk8s.Chart(cdk8s.Testing.app(), 'ops');
    new kv.KubeVirtGitOpsController(chart, 'controller', { source: kv.ControllerSource.gitSync({ repo: 'https://git.example.com/estate.git' }), image: 'controller:1' });
    expect(docs).toEqual(cdk8s.Testing.synth(chart).filter((m) => m.kind.startsWith('ValidatingAdmissionPolicy')));
    const bad = run(['policy', '--prune-fence', '--families', 'compute']);
    expect(await bad.code).toBe(2);
    expect(bad.err.join('')).toContain('--prune-fence takes no --families');
  });
});

describe('README example (Enforce the rules in the cluster)', () => {
  test('synthesizes the policies it describes', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Enforce the rules in the cluster'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1];
    let app: cdk8s.App | undefined;
    const js = ts.transpileModule(code.replace('app.synth();', 'capture(app);'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const modules: Record<string, unknown> = { 'cdk8s': cdk8s, 'cdk8s-kubevirt': kv };
    new Function('require', 'exports', 'capture', js)((name: string) => modules[name], {}, (a: cdk8s.App) => { app = a; });
    const objects = app!.charts.flatMap((c) => cdk8s.Testing.synth(c));
    const families = new Set(objects.filter((o) => o.kind !== 'ConfigMap').map((o) => o.metadata.labels['kubevirt-rules.cdk8s.io/family']));
    expect(families).toEqual(new Set(['compute', 'storage']));
    expect(objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').every((b) => b.spec.matchResources.namespaceSelector.matchLabels['kubevirt-rules'] === 'enforce')).toBe(true);
  });
});
