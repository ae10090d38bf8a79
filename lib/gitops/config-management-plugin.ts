// For teams that let Argo CD render the TypeScript instead of committing dist/: a Config
// Management Plugin (argocd-repo-server sidecar) that runs `npm ci`, `cdk8s synth` and
// `cdk8s-kubevirt validate`, and prints the manifests on stdout.
// Shape read from argoproj/argo-cd cmpserver/plugin/config.go (PluginConfig, ValidatePluginConfig)
// and docs/operator-manual/config-management-plugins.md (paths, user 999, volumes).
import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as yaml from 'yaml';
import { ARGOCD_NAMESPACE } from './application';
import { markArgoCdConstruct } from './chart-folder';

/** Where argocd-cmp-server reads the plugin configuration. */
export const PLUGIN_CONFIG_PATH = '/home/argocd/cmp-server/config/plugin.yaml';

/** The environment variable (set in an Application's `source.plugin.env` as `CHART`) choosing one chart folder. */
export const CHART_ENV = 'ARGOCD_ENV_CHART';

export interface CdkSynthPluginProps {
  /** Sidecar image: Node.js >= 22 with npm (e.g. your registry's Node base image). */
  readonly image: string;
  /**
   * Plugin name (Applications name it as `<name>-<version>` when a version is set).
   * @default 'cdk8s-kubevirt'
   */
  readonly pluginName?: string;
  /**
   * Plugin version.
   * @default - none
   */
  readonly version?: string;
  /**
   * Argo CD's namespace.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * Validate the synthesized manifests (`cdk8s-kubevirt validate`) before printing them; a finding
   * of severity error fails the manifest generation.
   * @default true
   */
  readonly validate?: boolean;
  /**
   * File whose presence marks a folder this plugin renders.
   * @default 'cdk8s.yaml'
   */
  readonly discoverFileName?: string;
  /**
   * How long each command may run (`ARGOCD_EXEC_TIMEOUT` of the sidecar, whole seconds); raise
   * `server.repo.server.timeout.seconds` in argocd-cmd-params-cm to match.
   * @default Duration.minutes(5)
   */
  readonly execTimeout?: Duration;
  /**
   * The same as `execTimeout`, in seconds.
   * @deprecated use `execTimeout` (a `Duration`).
   * @default 300
   */
  readonly execTimeoutSeconds?: number;
}

/**
 * The plugin: a ConfigMap holding `plugin.yaml`, and the sidecar container (with its volumes) to add
 * to the argocd-repo-server Deployment (`repoServerPatch()`). An Application selects one chart
 * folder with `source.plugin.env: [{ name: CHART, value: <folder> }]`, else gets every chart.
 */
export class CdkSynthPlugin extends Construct {
  /** The ConfigMap holding plugin.yaml. */
  public readonly configMap: ApiObject;
  /** The `ConfigManagementPlugin` document (not a Kubernetes object: argocd-cmp-server reads it). */
  public readonly pluginConfig: Record<string, any>;
  private readonly props: CdkSynthPluginProps;
  private readonly execTimeoutSeconds: number;

  constructor(scope: Construct, id: string, props: CdkSynthPluginProps) {
    super(scope, id);
    markArgoCdConstruct(this);
    if (!props.image) throw new Error('CdkSynthPlugin: image is required (Node.js >= 22 with npm)');
    this.props = props;
    this.execTimeoutSeconds = execTimeoutSeconds(props);
    const name = props.pluginName ?? 'cdk8s-kubevirt';
    this.pluginConfig = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ConfigManagementPlugin',
      metadata: { name },
      spec: {
        ...(props.version ? { version: props.version } : {}),
        init: { command: ['sh', '-c'], args: ['npm ci --no-audit --no-fund 1>&2'] },
        generate: { command: ['sh', '-c'], args: [generateScript(props.validate ?? true)] },
        discover: { fileName: props.discoverFileName ?? 'cdk8s.yaml' },
      },
    };
    this.configMap = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${name}-plugin`, namespace: props.namespace ?? ARGOCD_NAMESPACE },
      data: { 'plugin.yaml': yaml.stringify(this.pluginConfig) },
    });
  }

  /** The name Applications use in `source.plugin.name`. */
  public get pluginName(): string {
    const name = this.pluginConfig.metadata.name;
    return this.props.version ? `${name}-${this.props.version}` : name;
  }

  /** The sidecar container of argocd-repo-server. */
  public sidecarContainer(): Record<string, any> {
    return {
      name: this.pluginConfig.metadata.name,
      image: this.props.image,
      command: ['/var/run/argocd/argocd-cmp-server'],
      env: [
        { name: 'ARGOCD_EXEC_TIMEOUT', value: `${this.execTimeoutSeconds}s` },
        // npm writes its cache under $HOME; the sidecar's root filesystem is not for it.
        { name: 'HOME', value: '/tmp' },
        { name: 'CDK8S_CHECK_UPGRADE', value: 'false' },
      ],
      securityContext: { runAsNonRoot: true, runAsUser: 999, allowPrivilegeEscalation: false },
      volumeMounts: [
        { name: 'var-files', mountPath: '/var/run/argocd' },
        { name: 'plugins', mountPath: '/home/argocd/cmp-server/plugins' },
        { name: this.configVolumeName, mountPath: PLUGIN_CONFIG_PATH, subPath: 'plugin.yaml' },
        // Not the repo-server's /tmp: Argo CD separates them against path traversal.
        { name: `${this.pluginConfig.metadata.name}-tmp`, mountPath: '/tmp' },
      ],
    };
  }

  /**
   * A strategic-merge patch for the argocd-repo-server Deployment adding the sidecar and its two
   * volumes (`var-files` and `plugins` already exist in a standard install).
   */
  public repoServerPatch(): Record<string, any> {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'argocd-repo-server', namespace: this.props.namespace ?? ARGOCD_NAMESPACE },
      spec: {
        template: {
          spec: {
            containers: [this.sidecarContainer()],
            volumes: [
              { name: this.configVolumeName, configMap: { name: this.configMap.name } },
              { name: `${this.pluginConfig.metadata.name}-tmp`, emptyDir: {} },
            ],
          },
        },
      },
    };
  }

  private get configVolumeName(): string {
    return `${this.pluginConfig.metadata.name}-config`;
  }
}

/**
 * The generate command: synth into a temporary folder (the validation plugin of cdk8s.yaml runs
 * there too), validate, then print the chosen chart folder, one document per file. Everything but
 * the manifests goes to stderr, which Argo CD shows on failure.
 */
function generateScript(validate: boolean): string {
  return [
    'set -eu',
    'out="$(mktemp -d)"',
    'npx --no-install cdk8s synth --no-check-upgrade --output "$out" 1>&2',
    `dir="$out\${${CHART_ENV}:+/\${${CHART_ENV}}}"`,
    `[ -d "$dir" ] || { echo "no chart folder '\${${CHART_ENV}:-}' in the synth output" >&2; exit 1; }`,
    ...(validate ? ['npx --no-install cdk8s-kubevirt validate "$out" 1>&2'] : []),
    'find "$dir" -type f -name "*.yaml" | sort | while read -r f; do echo "---"; cat "$f"; done',
    'rm -rf "$out"',
  ].join('\n');
}

function execTimeoutSeconds(props: CdkSynthPluginProps): number {
  if (props.execTimeout !== undefined && props.execTimeoutSeconds !== undefined) {
    throw new Error('CdkSynthPlugin: give execTimeout or the deprecated execTimeoutSeconds, not both');
  }
  const seconds = props.execTimeout?.toSeconds({ integral: false }) ?? props.execTimeoutSeconds ?? 300;
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new Error(`CdkSynthPlugin: execTimeout must be a whole number of seconds above 0, got ${seconds} s`);
  }
  return seconds;
}
