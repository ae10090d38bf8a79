// The parameters of a VM template (`parameters[]`) and the checks on them: what `oc process`
// (or virt-template) substitutes for `${NAME}` in the template's objects.

/** A parameter of a VM template (`parameters[]`). */
export interface TemplateParameter {
  /** Upper-case letters, digits and underscores; objects use it as `${NAME}`. */
  readonly name: string;
  /** @default - none */
  readonly displayName?: string;
  /** @default - none */
  readonly description?: string;
  /** @default - none */
  readonly value?: string;
  /**
   * `expression` generates the value from `from`.
   * @default - not generated
   */
  readonly generate?: 'expression';
  /** Generator expression, e.g. `[a-z0-9]{16}`. @default - none */
  readonly from?: string;
  /** @default false */
  readonly required?: boolean;
}

/** A copy keeping only the fields set, in the order `oc` writes them. */
export function renderParameter(p: TemplateParameter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['name', 'displayName', 'description', 'value', 'generate', 'from', 'required'] as const) {
    if (p[key] !== undefined) out[key] = p[key];
  }
  return out;
}

/** Errors in the parameter list itself (duplicates, names, generators). */
export function parameterErrors(parameters: readonly TemplateParameter[]): string[] {
  const errors: string[] = [];
  const names = parameters.map((p) => p.name);
  const dupes = names.filter((n, i) => names.indexOf(n) !== i);
  if (dupes.length > 0) errors.push(`parameters: duplicate parameter ${[...new Set(dupes)].join(', ')} [construct-template-parameters]`);
  for (const p of parameters) {
    if (!/^[A-Z0-9_]+$/.test(p.name)) errors.push(`parameters[${p.name}]: names are upper-case letters, digits and underscores [construct-template-parameters]`);
    if (p.generate && !p.from) errors.push(`parameters[${p.name}]: generate 'expression' needs 'from' [construct-template-parameters]`);
  }
  return errors;
}

/**
 * `${X}` references in the objects that name no parameter: `oc process` leaves them as written,
 * so the instance carries the literal text (a warning, not an error: it may be intended).
 */
export function undeclaredReferences(objects: unknown, parameters: readonly TemplateParameter[]): string[] {
  const declared = new Set(parameters.map((p) => p.name));
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\$\{\{?([A-Z0-9_]+)\}?\}/g)) if (!declared.has(m[1])) found.add(m[1]);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) { visit(k); visit(x); }
    }
  };
  visit(objects);
  return [...found].sort();
}
