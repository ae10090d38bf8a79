// The validation configuration the constructs judge their rendered objects with: the same one
// `cdk8s-kubevirt validate` and the cdk8s plugin read (`.cdk8s-kubevirt.yaml`, the plugin's
// properties in cdk8s.yaml), or one set on the app in code. A rule re-severitied, turned off or
// ignored there is judged the same at synth, in the plugin and in `validate`.
import * as path from 'path';
import { App, ApiObject, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  ConfigError, KubeObject, LocalContext, loadValidationSettings, projectValidationSettings, ValidationConfigSpec, ValidationSettings,
} from '../validation/local';

/** The configuration of an app, in code. */
export interface ValidationConfigProps extends ValidationConfigSpec {
  /**
   * A project file to read under these properties (they override it key by key, as the plugin's
   * properties do). @default - the nearest `.cdk8s-kubevirt.yaml` from the working folder upwards
   */
  readonly configFile?: string;
  /**
   * Read no project file: only these properties count.
   * @default false
   */
  readonly ignoreProjectFile?: boolean;
}

/** Configurations set on an app, by its root construct. */
const explicit = new WeakMap<IConstruct, ValidationConfig>();
/** The project's configuration, read once per app on first use. */
const discovered = new WeakMap<IConstruct, ValidationConfig>();
/** Facts of an app for one synth (the cache empties after it). */
const facts = new WeakMap<IConstruct, SynthFacts>();

/** Kinds whose feature gates count for every VM of the app (as they do for `validate` on its output). */
const GATE_KINDS = new Set(['kubevirt.io/KubeVirt', 'hco.kubevirt.io/HyperConverged']);

/**
 * The validation configuration of a cdk8s app: platform profile, external objects, feature gates,
 * rule severities and ignores. By default it is the project's (`.cdk8s-kubevirt.yaml` found from
 * the working folder upwards, with the `KubeVirtValidation` plugin's properties from `cdk8s.yaml`
 * on top), so construct-time checks, the plugin and `validate` judge alike.
 *
 * ```ts
 * ValidationConfig.set(app, { platform: 'openshift-virtualization', featureGates: { enabled: ['HostDisk'] } });
 * ```
 */
export class ValidationConfig {
  /**
   * Sets the configuration of the app `scope` belongs to (before synth). Properties override the
   * project file key by key, as the plugin's properties do.
   */
  public static set(scope: IConstruct, props: ValidationConfigProps = {}): ValidationConfig {
    const { configFile, ignoreProjectFile, ...spec } = props;
    const source = 'ValidationConfig properties';
    const settings = loadValidationSettings({ file: configFile, search: !ignoreProjectFile, overrides: { value: spec, source } });
    const config = new ValidationConfig(settings);
    explicit.set(scope.node.root, config);
    return config;
  }

  /** The configuration in force for `scope`: the one set on its app, else the project's. */
  public static of(scope: IConstruct): ValidationConfig {
    const root = scope.node.root;
    const set = explicit.get(root) ?? discovered.get(root);
    if (set) return set;
    const found = new ValidationConfig(projectValidationSettings(process.cwd()));
    discovered.set(root, found);
    return found;
  }

  /** Where the configuration came from (files and property sets), if anywhere. */
  public readonly source?: string;

  private constructor(private readonly settings: ValidationSettings) {
    this.source = settings.source;
  }

  /** The configuration as written (after merging file and properties). */
  public get spec(): ValidationConfigSpec {
    return this.settings.spec;
  }

  /** What the construct-time check of `object` needs: this config, the app's gate objects, the output file. @internal */
  public _contextFor(object: ApiObject): LocalContext {
    return { settings: this.settings, related: synthFacts(object).gateObjects, file: outputFileOf(object) };
  }
}

export { ConfigError };

/** Facts about an app that every construct-time check of one synth shares. */
interface SynthFacts {
  /** The app's KubeVirt and HyperConverged objects, rendered. */
  readonly gateObjects: KubeObject[];
  /** Whether cdk8s numbers the chart files (nested charts or dependencies across charts). */
  readonly numberedCharts: boolean;
  /** Each chart's file (FILE_PER_CHART), named once per chart rather than per object. */
  readonly chartFiles: Map<Chart, string | undefined>;
}

/** Facts of an app, computed once per synchronous synth. */
function synthFacts(scope: IConstruct): SynthFacts {
  const root = scope.node.root;
  const known = facts.get(root);
  if (known) return known;
  const all = root.node.findAll();
  const made: SynthFacts = {
    gateObjects: all
      .filter((c): c is ApiObject => c instanceof ApiObject && GATE_KINDS.has(`${c.apiGroup}/${c.kind}`))
      .map((o) => o.toJson() as KubeObject),
    numberedCharts: all.some((c) => (c instanceof Chart && c.node.scope !== undefined && Chart.isChart(c.node.scope))
      || c.node.dependencies.some((d) => chartOf(d) !== chartOf(c))),
    chartFiles: new Map(),
  };
  facts.set(root, made);
  // A synth is synchronous: the facts live until it returns, so a later synth sees new constructs.
  queueMicrotask(() => facts.delete(root));
  return made;
}

function chartOf(c: IConstruct): Chart | undefined {
  try {
    return Chart.of(c);
  } catch {
    return undefined;
  }
}

/**
 * The file cdk8s writes `object` to, for `ignore[].files` globs; undefined when cdk8s numbers
 * the files (charts that depend on each other), which it decides only while writing them.
 */
function outputFileOf(object: ApiObject): string | undefined {
  const root = object.node.root;
  if (!(root instanceof App)) return undefined;
  const chart = Chart.of(object);
  const ext = root.outputFileExtension;
  const perResource = () => `${`${object.kind}.${object.name}`.replace(/[^0-9a-zA-Z-_.]/g, '')}${ext}`;
  switch (root.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP: return path.join(root.outdir, `app${ext}`);
    case YamlOutputType.FILE_PER_RESOURCE: return path.join(root.outdir, perResource());
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE:
      return synthFacts(root).numberedCharts ? undefined : path.join(root.outdir, Names.toDnsLabel(chart), perResource());
    default: {
      const known = synthFacts(root);
      if (known.chartFiles.has(chart)) return known.chartFiles.get(chart);
      const file = known.numberedCharts ? undefined : path.join(root.outdir, `${Names.toDnsLabel(chart)}${ext}`);
      known.chartFiles.set(chart, file);
      return file;
    }
  }
}
