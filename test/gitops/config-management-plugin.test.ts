import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ApplicationSource, ArgoApplication, CdkSynthPlugin, Destination, PLUGIN_CONFIG_PATH } from '../../lib/gitops';
import { expectSchemaValid } from '../support/schema';

// The fields of argo-cd cmpserver/plugin/config.go (PluginConfig, PluginConfigSpec, Command,
// Discover, Find) and its ValidatePluginConfig rules: metadata.name set, kind ConfigManagementPlugin,
// a non-empty generate command.
const SPEC_FIELDS = ['version', 'init', 'generate', 'discover', 'parameters', 'preserveFileMode', 'provideGitCreds'];
const COMMAND_FIELDS = ['command', 'args'];
const DISCOVER_FIELDS = ['find', 'fileName'];

function checkPluginConfig(doc: any): string[] {
  const errors: string[] = [];
  if (doc.apiVersion !== 'argoproj.io/v1alpha1') errors.push('apiVersion');
  if (doc.kind !== 'ConfigManagementPlugin') errors.push('kind should be ConfigManagementPlugin');
  if (!doc.metadata?.name) errors.push('metadata.name should be non-empty');
  for (const k of Object.keys(doc.spec ?? {})) if (!SPEC_FIELDS.includes(k)) errors.push(`unknown spec.${k}`);
  for (const cmd of ['init', 'generate']) {
    const c = doc.spec?.[cmd];
    if (c === undefined) continue;
    for (const k of Object.keys(c)) if (!COMMAND_FIELDS.includes(k)) errors.push(`unknown spec.${cmd}.${k}`);
    if (!Array.isArray(c.command) || !c.command.every((s: unknown) => typeof s === 'string')) errors.push(`spec.${cmd}.command`);
    if (c.args !== undefined && !(Array.isArray(c.args) && c.args.every((s: unknown) => typeof s === 'string'))) errors.push(`spec.${cmd}.args`);
  }
  if (!doc.spec?.generate?.command?.length) errors.push('spec.generate command should be non-empty');
  for (const k of Object.keys(doc.spec?.discover ?? {})) if (!DISCOVER_FIELDS.includes(k)) errors.push(`unknown spec.discover.${k}`);
  return errors;
}

function plugin(props: Partial<ConstructorParameters<typeof CdkSynthPlugin>[2]> = {}) {
  const chart = new Chart(Testing.app(), 'argocd-config');
  const p = new CdkSynthPlugin(chart, 'cmp', { image: 'registry.example.com/node:22', ...props });
  return { chart, p };
}

describe('CdkSynthPlugin', () => {
  test('plugin.yaml in the ConfigMap parses and matches the ConfigManagementPlugin shape', () => {
    const { chart, p } = plugin({ version: 'v1' });
    const [cm] = Testing.synth(chart);
    expectSchemaValid(cm);
    expect(cm.metadata).toEqual({ name: 'cdk8s-kubevirt-plugin', namespace: 'argocd' });
    const doc = YAML.parse(cm.data['plugin.yaml']);
    expect(checkPluginConfig(doc)).toEqual([]);
    expect(doc).toEqual(p.pluginConfig);
    expect(doc.spec.init.args[0]).toMatch(/^npm ci\b/);
    expect(doc.spec.discover).toEqual({ fileName: 'cdk8s.yaml' });
    expect(p.pluginName).toBe('cdk8s-kubevirt-v1');
  });

  test('the checker rejects what argocd-cmp-server rejects', () => {
    expect(checkPluginConfig({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: {}, spec: { generate: { command: [] }, bogus: 1 } }))
      .toEqual(['metadata.name should be non-empty', 'unknown spec.bogus', 'spec.generate command should be non-empty']);
  });

  test('the generate script prints the chart folder after synth and validate, logs on stderr', () => {
    const { p } = plugin();
    const script: string = p.pluginConfig.spec.generate.args[0];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmp-'));
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    // Stand-ins for npx: `cdk8s synth --output X` writes two chart folders; validate logs its argument.
    fs.writeFileSync(path.join(bin, 'npx'), [
      '#!/bin/sh',
      'if [ "$3" = synth ]; then out="$6"; mkdir -p "$out/lab" "$out/host-network";',
      '  printf "kind: VirtualMachine\\nmetadata:\\n  name: rhel\\n" > "$out/lab/VirtualMachine.rhel.k8s.yaml";',
      '  printf "kind: NodeNetworkConfigurationPolicy\\nmetadata:\\n  name: br1\\n" > "$out/host-network/NNCP.br1.k8s.yaml";',
      '  echo synthesized; exit 0; fi',
      'if [ "$2" = cdk8s-kubevirt ] && [ "$3" = validate ]; then echo "validated $4"; exit "${VALIDATE_EXIT:-0}"; fi',
      'exit 3',
    ].join('\n'), { mode: 0o755 });
    const run = (env: Record<string, string>) => execFileSync('sh', ['-c', script], {
      cwd: dir, env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    const one = YAML.parseAllDocuments(run({ ARGOCD_ENV_CHART: 'lab' })).map((d) => d.toJS());
    expect(one).toEqual([{ kind: 'VirtualMachine', metadata: { name: 'rhel' } }]);
    const all = YAML.parseAllDocuments(run({})).map((d) => d.toJS().kind);
    expect(all).toEqual(['NodeNetworkConfigurationPolicy', 'VirtualMachine']);
    expect(() => run({ ARGOCD_ENV_CHART: 'nope' })).toThrow(/no chart folder 'nope'/);
    expect(() => run({ VALIDATE_EXIT: '1' })).toThrow();
  });

  test('the sidecar runs argocd-cmp-server as user 999 with plugin.yaml at the documented path', () => {
    const { chart, p } = plugin({ execTimeout: Duration.minutes(10) });
    const patch = p.repoServerPatch();
    const [container] = patch.spec.template.spec.containers;
    expect(container.command).toEqual(['/var/run/argocd/argocd-cmp-server']);
    expect(container.securityContext.runAsUser).toBe(999);
    expect(container.env).toContainEqual({ name: 'ARGOCD_EXEC_TIMEOUT', value: '600s' });
    const configMount = container.volumeMounts.find((m: any) => m.mountPath === PLUGIN_CONFIG_PATH);
    expect(configMount.subPath).toBe('plugin.yaml');
    const volumes = new Map(patch.spec.template.spec.volumes.map((v: any) => [v.name, v]));
    expect(volumes.get(configMount.name)).toEqual({ name: configMount.name, configMap: { name: 'cdk8s-kubevirt-plugin' } });
    for (const m of container.volumeMounts) expect(['var-files', 'plugins', ...volumes.keys()]).toContain(m.name);
    // An Application rendered by the plugin, one chart folder.
    const application = new ArgoApplication(chart, 'lab', {
      source: ApplicationSource.plugin('https://git.example.com/estate.git', 'infra', { pluginName: p.pluginName, env: { CHART: 'lab' } }),
      destination: Destination.inCluster('vms'),
    });
    const appObj = Testing.synth(chart).find((o) => o.kind === 'Application');
    expectSchemaValid(appObj);
    expect(appObj.spec.source.plugin).toEqual({ name: 'cdk8s-kubevirt', env: [{ name: 'CHART', value: 'lab' }] });
    expect(application.name).toBe(appObj.metadata.name);
  });

  test('the exec timeout: a Duration, the deprecated seconds alias, five minutes by default, whole seconds only', () => {
    const env = (props: Parameters<typeof plugin>[0]) => plugin(props).p.sidecarContainer().env.find((e: any) => e.name === 'ARGOCD_EXEC_TIMEOUT').value;
    expect(env({})).toBe('300s');
    expect(env({ execTimeout: Duration.seconds(90) })).toBe('90s');
    expect(env({ execTimeoutSeconds: 600 })).toBe('600s');
    expect(() => plugin({ execTimeout: Duration.minutes(1), execTimeoutSeconds: 60 })).toThrow(/execTimeout or the deprecated execTimeoutSeconds, not both/);
    expect(() => plugin({ execTimeout: Duration.millis(1500) })).toThrow(/whole number of seconds above 0, got 1.5 s/);
    expect(() => plugin({ execTimeoutSeconds: 0 })).toThrow(/whole number of seconds above 0, got 0 s/);
  });

  test('an image is required', () => {
    expect(() => plugin({ image: '' })).toThrow(/image is required/);
  });
});
