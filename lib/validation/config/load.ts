// Finding and reading the project file `.cdk8s-kubevirt.yaml` (from a folder upwards), and
// checking any configuration (file or plugin properties) against the schema and the known
// rule ids, kinds and feature gates. Every problem names the file and the key.
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../rules';
import { GATE_STATES } from './feature-gates';
import { externalGroup, KINDS_WITH_KNOWN_GROUP, resolveSettings, ValidationSettings } from './settings';
import { ValidationConfigSpec } from './types';

/** File names looked for, in order, in each folder. */
export const CONFIG_FILE_NAMES = ['.cdk8s-kubevirt.yaml', '.cdk8s-kubevirt.yml'];

/** Finding ids that come from the layers around the rules (they may be configured too). */
const LAYER_IDS = ['schema', 'object-meta', 'unknown-kind', 'yaml-syntax', 'suppression-without-reason'];

/** A configuration that cannot be used; `problems` are `<key>: <message>`. */
export class ConfigError extends Error {
  constructor(public readonly source: string, public readonly problems: readonly string[]) {
    super(problems.map((p) => `${source}: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The nearest config file in `dir` or a parent folder, if any. */
export function findConfigFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name);
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Problems beyond the schema: unknown rule ids, kinds without a group, unknown gates. */
export function configMeaningProblems(spec: ValidationConfigSpec): string[] {
  const known = new Set([...ALL_RULES.map((r) => r.id), ...LAYER_IDS]);
  const isKnown = (id: string) => known.has(id) || id.startsWith('input-');
  const problems: string[] = [];
  for (const id of Object.keys(spec.rules ?? {})) if (!isKnown(id)) problems.push(`rules.${id}: unknown rule id`);
  (spec.ignore ?? []).forEach((e, i) => e.rules.forEach((id, j) => {
    if (!isKnown(id)) problems.push(`ignore[${i}].rules[${j}]: unknown rule id '${id}'`);
  }));
  (spec.externalObjects ?? []).forEach((e, i) => {
    if (externalGroup(e) === undefined) {
      problems.push(`externalObjects[${i}].apiVersion: required for kind ${e.kind} (known without it: ${KINDS_WITH_KNOWN_GROUP.join(', ')})`);
    }
  });
  for (const which of ['enabled', 'disabled'] as const) {
    (spec.featureGates?.[which] ?? []).forEach((g, i) => {
      if (!GATE_STATES.has(g)) problems.push(`featureGates.${which}[${i}]: unknown KubeVirt feature gate '${g}'`);
    });
  }
  return problems;
}

/** Checks a configuration value (parsed YAML or plugin properties); throws ConfigError. */
export function checkConfig(value: unknown, source: string): ValidationConfigSpec {
  // The config schema (ajv) and the YAML parser load only when there is a configuration to read.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { asConfigSpec, configSchemaProblems } = require('./schema') as typeof import('./schema');
  const schema = configSchemaProblems(value ?? {});
  if (schema.length) throw new ConfigError(source, schema);
  const spec = asConfigSpec(value);
  const meaning = configMeaningProblems(spec);
  if (meaning.length) throw new ConfigError(source, meaning);
  return spec;
}

/** Reads and checks one config file; throws ConfigError naming the file. */
export function readConfigFile(file: string): ValidationConfigSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new ConfigError(file, doc.errors.map((e) => `${e.linePos ? `line ${e.linePos[0].line}: ` : ''}${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`));
  }
  return checkConfig(doc.toJS() ?? {}, file);
}

export interface LoadSettingsOptions {
  /** An explicit file (`--config F`); @default - the nearest `.cdk8s-kubevirt.yaml` from `searchFrom` upwards */
  readonly file?: string;
  /** Where the search for the project file starts. @default process.cwd() */
  readonly searchFrom?: string;
  /** Look for the project file at all (without `file`). @default true */
  readonly search?: boolean;
  /** Keys over the file's (the plugin's `properties`), with their source name. */
  readonly overrides?: { readonly value: unknown; readonly source: string };
  /** Folder relative finding file names are relative to. @default process.cwd() */
  readonly cwd?: string;
}

/** The configuration of a run: file (explicit or found), plugin properties on top, resolved. */
export function loadValidationSettings(options: LoadSettingsOptions = {}): ValidationSettings {
  const file = options.file ?? (options.search === false ? undefined : findConfigFile(options.searchFrom ?? process.cwd()));
  const fromFile = file ? readConfigFile(file) : {};
  const overrides = options.overrides ? checkConfig(options.overrides.value, options.overrides.source) : {};
  const spec = mergeConfig(fromFile, overrides);
  const source = [file, options.overrides && Object.keys(overrides).length ? options.overrides.source : undefined].filter(Boolean).join(' + ') || undefined;
  return resolveSettings(spec, { source, baseDir: file ? path.dirname(file) : options.cwd, cwd: options.cwd });
}

/** `over` wins key by key; `rules` merge by id; lists (ignores, external objects) add up. */
export function mergeConfig(base: ValidationConfigSpec, over: ValidationConfigSpec): ValidationConfigSpec {
  return {
    ...base, ...over,
    ...(base.rules || over.rules ? { rules: { ...base.rules, ...over.rules } } : {}),
    ...(base.ignore || over.ignore ? { ignore: [...(base.ignore ?? []), ...(over.ignore ?? [])] } : {}),
    ...(base.externalObjects || over.externalObjects ? { externalObjects: [...(base.externalObjects ?? []), ...(over.externalObjects ?? [])] } : {}),
    ...(base.featureGates || over.featureGates ? {
      featureGates: {
        enabled: [...(base.featureGates?.enabled ?? []), ...(over.featureGates?.enabled ?? [])],
        disabled: [...(base.featureGates?.disabled ?? []), ...(over.featureGates?.disabled ?? [])],
      },
    } : {}),
  };
}

/** The class name the cdk8s plugin is registered under in cdk8s.yaml `validations:`. */
const PLUGIN_CLASS = 'KubeVirtValidation';

/** The `properties` of this package's plugin entry in `<dir>/cdk8s.yaml`, if it has one. */
export function pluginProperties(dir: string): Record<string, unknown> | undefined {
  const file = path.join(dir, 'cdk8s.yaml');
  if (!fs.existsSync(file)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as typeof import('yaml');
  const read = (f: string): unknown => {
    try {
      return parse(fs.readFileSync(f, 'utf8'));
    } catch (err) {
      throw new ConfigError(f, [`cannot read: ${(err as Error).message.split('\n')[0]}`]);
    }
  };
  let validations = (read(file) as { validations?: unknown } | null)?.validations;
  // `validations:` may name a local file holding the list (cdk8s-cli reads it the same way).
  if (typeof validations === 'string' && !/^[a-z]+:\/\//.test(validations)) validations = read(path.resolve(dir, validations));
  if (!Array.isArray(validations)) return undefined;
  const entry = validations.find((v) => v && typeof v === 'object' && (v as { class?: unknown }).class === PLUGIN_CLASS) as { properties?: unknown } | undefined;
  if (!entry) return undefined;
  return entry.properties && typeof entry.properties === 'object' ? entry.properties as Record<string, unknown> : {};
}

/**
 * The configuration of the cdk8s project in `dir`, read as the plugin reads it when cdk8s runs
 * there: `.cdk8s-kubevirt.yaml` (from `dir` upwards, or the plugin's `configFile`) with the
 * plugin's properties from `cdk8s.yaml` on top.
 */
export function projectValidationSettings(dir: string = process.cwd()): ValidationSettings {
  // Many apps (tests) read the same project: read again only when a file changed.
  const stamp = [path.join(dir, 'cdk8s.yaml'), findConfigFile(dir)].map((f) => (f && fs.existsSync(f) ? `${f}@${fs.statSync(f).mtimeMs}` : '')).join('|');
  const known = projectCache.get(dir);
  if (known?.stamp === stamp) return known.settings;
  const settings = readProjectSettings(dir);
  projectCache.set(dir, { stamp, settings });
  return settings;
}

const projectCache = new Map<string, { stamp: string; settings: ValidationSettings }>();

function readProjectSettings(dir: string): ValidationSettings {
  const properties = pluginProperties(dir);
  const { configFile, ...overrides } = properties ?? {};
  if (configFile !== undefined && typeof configFile !== 'string') {
    throw new ConfigError('cdk8s.yaml validation properties', ['configFile: must be a string']);
  }
  return loadValidationSettings({
    file: configFile ? path.resolve(dir, configFile) : undefined, searchFrom: dir, cwd: dir,
    overrides: properties ? { value: overrides, source: 'cdk8s.yaml validation properties' } : undefined,
  });
}
