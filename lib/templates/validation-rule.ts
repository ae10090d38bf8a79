// The SSP template validator's rule language (`vm.kubevirt.io/validations`), typed, and an
// offline evaluator with the validator's semantics (feature-anchors 3.6): paths rooted at the
// VM's spec.template, `[*]` fan-out, absent fields read as zero values, `valid` guards,
// quantities accepted as integers, every value must pass.

/** Annotation on a VM (and a template's VM) carrying its rules as JSON. */
export const VALIDATIONS_ANNOTATION = 'vm.kubevirt.io/validations';

/** Options shared by every rule. */
export interface ValidationRuleOptions {
  /** Shown when the rule fails, before the detail. */
  readonly message: string;
  /**
   * Path (rooted at the VM's `spec.template`) that must resolve for the rule to apply.
   * @default - the rule always applies
   */
  readonly valid?: string;
  /**
   * Report a violation as a warning instead of refusing the VM.
   * @default false
   */
  readonly justWarning?: boolean;
}

/** Bounds of an integer rule; a string bound is a path resolving to exactly one value. */
export interface IntegerRuleOptions extends ValidationRuleOptions {
  /** @default - no lower bound */
  readonly min?: number | string;
  /** @default - no upper bound */
  readonly max?: number | string;
}

/** Bounds of a string-length rule. */
export interface StringRuleOptions extends ValidationRuleOptions {
  /** @default - no lower bound */
  readonly minLength?: number | string;
  /** @default - no upper bound */
  readonly maxLength?: number | string;
}

/** The JSON form of a rule, as the template validator reads it. */
export interface ValidationRuleJson {
  name: string;
  rule: 'integer' | 'string' | 'enum' | 'regex';
  path: string;
  message: string;
  valid?: string;
  justWarning?: boolean;
  min?: number | string;
  max?: number | string;
  minLength?: number | string;
  maxLength?: number | string;
  values?: string[];
  regex?: string;
}

const PREFIX = 'jsonpath::';
const withPrefix = (p: string) => (p.startsWith(PREFIX) ? p : `${PREFIX}${p}`);
const pathish = (v: number | string | undefined) => (typeof v === 'string' ? withPrefix(v) : v);

/**
 * One template validation rule. Paths are written as the validator reads them, rooted at the
 * VM's `spec.template` (`.spec.domain.memory.guest`); the `jsonpath::` prefix is added.
 */
export class ValidationRule {
  /** `path` must be an integer (or a quantity such as `2Gi`) within [min, max]. */
  public static integer(name: string, path: string, options: IntegerRuleOptions): ValidationRule {
    return new ValidationRule({
      name, rule: 'integer', path: withPrefix(path), ...ValidationRule.common(options),
      min: pathish(options.min), max: pathish(options.max),
    });
  }

  /** `path` must be a string whose length is within [minLength, maxLength]. */
  public static string(name: string, path: string, options: StringRuleOptions): ValidationRule {
    return new ValidationRule({
      name, rule: 'string', path: withPrefix(path), ...ValidationRule.common(options),
      minLength: pathish(options.minLength), maxLength: pathish(options.maxLength),
    });
  }

  /** Every value at `path` must be one of `values` (case-sensitive). */
  public static enum(name: string, path: string, values: string[], options: ValidationRuleOptions): ValidationRule {
    return new ValidationRule({ name, rule: 'enum', path: withPrefix(path), ...ValidationRule.common(options), values: [...values] });
  }

  /** Every value at `path` must match `regex` (RE2 syntax upstream; keep to the common subset). */
  public static regex(name: string, path: string, regex: string, options: ValidationRuleOptions): ValidationRule {
    return new ValidationRule({ name, rule: 'regex', path: withPrefix(path), ...ValidationRule.common(options), regex });
  }

  /** Parses rules from the annotation's JSON (e.g. an existing template's). */
  public static fromJson(json: string | ValidationRuleJson[]): ValidationRule[] {
    const list = typeof json === 'string' ? JSON.parse(json) as ValidationRuleJson[] : json;
    return list.map((r) => new ValidationRule({ ...r }));
  }

  private static common(options: ValidationRuleOptions) {
    return { message: options.message, valid: options.valid ? withPrefix(options.valid) : undefined, justWarning: options.justWarning };
  }

  private constructor(private readonly json: ValidationRuleJson) {}

  public get name(): string { return this.json.name; }
  public get justWarning(): boolean { return this.json.justWarning === true; }

  public toJson(): ValidationRuleJson {
    return Object.fromEntries(Object.entries(this.json).filter(([, v]) => v !== undefined)) as unknown as ValidationRuleJson;
  }
}

/** The outcome of evaluating rules against a VM. */
export interface ValidationResult {
  /** Failures of rules without `justWarning`: the VM would be refused. */
  readonly errors: string[];
  /** Failures of `justWarning` rules. */
  readonly warnings: string[];
}

/** Evaluates rules against a VirtualMachine object as the SSP template validator does. */
export function evaluateValidationRules(rules: ValidationRule[], vm: any): ValidationResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const template = withDefaultTopology(vm?.spec?.template ?? {});
  const seen = new Set<string>();
  for (const rule of rules) {
    const r = rule.toJson();
    const problems = structuralProblems(r, seen);
    if (problems.length > 0) {
      errors.push(...problems.map((p) => `${VALIDATIONS_ANNOTATION}: rule '${r.name ?? '?'}': ${p}`));
      continue;
    }
    if (r.valid !== undefined && resolveValidationPath(template, r.valid).length === 0) continue;
    const detail = check(r, template);
    if (detail === undefined) continue;
    const field = `spec.template${stripPrefix(r.path).replace(/^\$/, '')}`;
    const message = `${field}: ${r.message}: ${detail} [template-validation/${r.name}]`;
    (r.justWarning ? warnings : errors).push(message);
  }
  return { errors, warnings };
}

function structuralProblems(r: ValidationRuleJson, seen: Set<string>): string[] {
  const problems: string[] = [];
  if (!r.name) problems.push('a name is required');
  else if (seen.has(r.name)) problems.push('duplicate rule name (the validator refuses the VM)');
  else seen.add(r.name);
  if (!['integer', 'string', 'enum', 'regex'].includes(r.rule)) problems.push(`unknown rule type '${r.rule}' (the validator refuses the VM)`);
  if (typeof r.path !== 'string' || !r.path.startsWith(PREFIX)) problems.push(`path must start with '${PREFIX}'`);
  if (!r.message) problems.push('a message is required');
  if (r.rule === 'regex') {
    try { new RegExp(r.regex ?? ''); } catch (e) { problems.push(`invalid regex: ${(e as Error).message}`); }
  }
  return problems;
}

/** Returns the failure detail, or undefined when the rule passes. */
function check(r: ValidationRuleJson, template: any): string | undefined {
  const arrayPath = stripPrefix(r.path).includes('[*]');
  let values = resolveValidationPath(template, r.path);
  // An absent scalar reads as the zero value of a zero-filled VM; an absent list has no values.
  if (values.length === 0 && !arrayPath) values = [r.rule === 'integer' ? 0 : ''];
  for (const value of values) {
    switch (r.rule) {
      case 'integer': {
        const n = toInteger(value);
        if (n === undefined) return `'${String(value)}' is not an integer`;
        const min = bound(r.min, template);
        const max = bound(r.max, template);
        if (min !== undefined && n < min) return `value ${n} is lower than minimum [${min}]`;
        if (max !== undefined && n > max) return `value ${n} is higher than maximum [${max}]`;
        break;
      }
      case 'string': {
        const s = String(value);
        const min = bound(r.minLength, template);
        const max = bound(r.maxLength, template);
        if (min !== undefined && s.length < min) return `length ${s.length} of '${s}' is lower than minimum [${min}]`;
        if (max !== undefined && s.length > max) return `length ${s.length} of '${s}' is higher than maximum [${max}]`;
        break;
      }
      case 'enum': {
        const allowed = (r.values ?? []).flatMap((v) => (v.startsWith(PREFIX) ? resolveValidationPath(template, v).map(String) : [v]));
        if (!allowed.includes(String(value))) return `value '${String(value)}' is not one of [${allowed.join(', ')}]`;
        break;
      }
      case 'regex':
        if (!new RegExp(r.regex ?? '').test(String(value))) return `value '${String(value)}' does not match '${r.regex}'`;
        break;
    }
  }
  return undefined;
}

function bound(v: number | string | undefined, template: any): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v;
  const found = resolveValidationPath(template, v);
  return found.length === 1 ? toInteger(found[0]) : undefined;
}

const stripPrefix = (p: string) => (p.startsWith(PREFIX) ? p.slice(PREFIX.length) : p);

/** Values at a `jsonpath::` expression rooted at spec.template: `.a.b`, `['a']`, `[0]`, `[*]`. */
export function resolveValidationPath(root: any, expression: string): unknown[] {
  const tokens = stripPrefix(expression).replace(/^\$/, '').match(/\.[^.[\]]+|\[\*\]|\[\d+\]|\['[^']*'\]/g) ?? [];
  let current: unknown[] = [root];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const node of current) {
      if (node === null || typeof node !== 'object') continue;
      if (token === '[*]') {
        if (Array.isArray(node)) next.push(...node);
      } else if (/^\[\d+\]$/.test(token)) {
        const item = Array.isArray(node) ? node[Number(token.slice(1, -1))] : undefined;
        if (item !== undefined) next.push(item);
      } else {
        const key = token.startsWith('.') ? token.slice(1) : token.slice(2, -2);
        const value = (node as Record<string, unknown>)[key];
        if (value !== undefined) next.push(value);
      }
    }
    current = next;
  }
  return current;
}

const UNITS: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50,
};

/** A number, or a Kubernetes quantity (`1.5Gi` -> 1610612736). */
function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^([+-]?\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/.exec(value.trim());
  return m ? Math.trunc(Number(m[1]) * UNITS[m[2] ?? '']) : undefined;
}

/** The validator sets missing sockets/cores/threads to 1 when `domain.cpu` exists. */
function withDefaultTopology(template: any): any {
  const cpu = template?.spec?.domain?.cpu;
  if (!cpu) return template;
  const copy = structuredClone(template);
  for (const key of ['sockets', 'cores', 'threads']) copy.spec.domain.cpu[key] ??= 1;
  return copy;
}
