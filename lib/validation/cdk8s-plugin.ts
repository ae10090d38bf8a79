// A cdk8s validation plugin (cdk8s.yaml `validations:`) running this engine on the synth
// output. Typed structurally so the package does not depend on cdk8s-cli at run time.
import { ConfigError, loadValidationSettings } from './config/load';
import { configIgnoreWarnings } from './config/suppression';
import { ValidationConfigSpec } from './config/types';
import { validateSourcesDetailed } from './engine';
import { Finding, Severity } from './types';
import { ALL_RULES } from './rules';
import { loadPaths } from '../manifests/loader';
import { scopeOf } from './schema';

/**
 * Properties from cdk8s.yaml (`validations[].properties`): the same keys as the project file
 * `.cdk8s-kubevirt.yaml` (found from the working folder upwards), which they override key by key.
 */
export interface KubeVirtValidationProps extends ValidationConfigSpec {
  /** A config file to read instead of searching for `.cdk8s-kubevirt.yaml`. @default - the nearest one */
  readonly configFile?: string;
}

/** The subset of cdk8s-cli's ValidationContext the plugin uses. */
export interface Cdk8sValidationContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      ruleName: string; recommendation: string; fix: string;
      violatingResources: Array<{ resourceName: string; locations: string[]; manifestPath: string }>;
    }): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
  readonly logger: { log(message: string): void };
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * cdk8s validation plugin. In cdk8s.yaml:
 * ```yaml
 * validations:
 *   - package: ./build/lib/validation/cdk8s-plugin.js
 *     version: 0.1.0
 *     class: KubeVirtValidation
 *     properties: { failOn: error }
 * ```
 */
export class KubeVirtValidation {
  private readonly props: KubeVirtValidationProps;

  constructor(props: KubeVirtValidationProps = {}) {
    this.props = props;
  }

  public async validate(context: Cdk8sValidationContext): Promise<void> {
    const { configFile, ...properties } = this.props;
    let settings;
    try {
      settings = loadValidationSettings({ file: configFile, overrides: { value: properties, source: 'cdk8s.yaml validation properties' } });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const p of err.problems) context.logger.log(`cdk8s-kubevirt: ${err.source}: ${p}`);
      context.report.submit('failure', { config: err.message });
      return;
    }
    const { sources, problems } = loadPaths(context.manifests, { scopeOf });
    const located = validateSourcesDetailed(sources, { config: settings });
    const all: Finding[] = [...problems, ...configIgnoreWarnings(settings), ...located.map((l) => l.finding)];
    const suppressed = all.filter((f) => f.suppressed);
    const findings = all.filter((f) => !f.suppressed);
    const threshold = RANK[settings.spec.failOn ?? 'error'];
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) {
      if (f.severity === 'info') continue;
      const list = byRule.get(f.rule);
      if (list) list.push(f); else byRule.set(f.rule, [f]);
    }
    const docs = new Map(ALL_RULES.map((r) => [r.id, r.doc] as const));
    for (const [rule, list] of byRule) {
      const severity = list.some((f) => f.severity === 'error') ? 'error' : 'warning';
      context.report.addViolation({
        ruleName: `${rule} (${severity})`,
        recommendation: docs.get(rule) ?? list[0].message,
        fix: [...new Set(list.map((f) => f.hint).filter((h): h is string => !!h))].join('; ') || 'see the messages',
        violatingResources: list.map((f) => ({
          resourceName: f.object.name,
          locations: [`${f.path ? `${f.path}: ` : ''}${f.message}`],
          manifestPath: f.file ?? '',
        })),
      });
    }
    const failed = problems.length > 0 || findings.some((f) => RANK[f.severity] >= threshold && f.severity !== 'info');
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    for (const f of suppressed) {
      context.logger.log(`cdk8s-kubevirt: suppressed ${f.severity} [${f.rule}] ${f.object.kind} ${f.object.name}: ${f.message} (${f.suppressed!.kind === 'annotation' ? 'annotation' : 'config'}: ${f.suppressed!.reason})`);
    }
    context.logger.log(`cdk8s-kubevirt: ${sources.length} objects, ${errors} errors, ${warnings} warnings${suppressed.length ? `, ${suppressed.length} suppressed` : ''}`);
    context.report.submit(failed ? 'failure' : 'success', {
      objects: String(sources.length), errors: String(errors), warnings: String(warnings), suppressed: String(suppressed.length),
    });
  }
}
