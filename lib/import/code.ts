// Writing TypeScript as a person would: literals with stable key order, identifiers from names.

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false '
  + 'finally for function if import in instanceof new null return super switch this throw true try typeof var void while with '
  + 'as implements interface let package private protected public static yield app kv cdk8s constructs').split(' '));

/** `worker-bond1-br1` -> `workerBond1Br1`; never a keyword, never starting with a digit. */
export function camelCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  let id = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('');
  if (id.length === 0) id = 'obj';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id)) id = `${id}_`;
  return id;
}

/** `host-network` -> `HostNetwork`. */
export function pascalCase(name: string): string {
  const c = camelCase(name).replace(/^_/, '');
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** Unique names within one scope: the first taker keeps the plain name. */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const r of reserved) this.taken.add(r);
  }

  public claim(preferred: string, fallback?: string): string {
    for (const candidate of [preferred, fallback]) {
      if (candidate !== undefined && !this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
    for (let i = 2; ; i++) {
      const c = `${fallback ?? preferred}${i}`;
      if (!this.taken.has(c)) {
        this.taken.add(c);
        return c;
      }
    }
  }
}

/** A piece of code inserted verbatim in a literal (an expression, not a value). */
export class Code {
  constructor(public readonly text: string) {}
  public toString(): string { return this.text; }
}

export function code(text: string): Code {
  return new Code(text);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function key(k: string): string {
  return IDENT.test(k) ? k : str(k);
}

function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/**
 * A TypeScript literal for a JSON value (or `Code`), keys in the given order (callers pass sorted
 * input), on one line when short, else one entry per line at `indent`.
 */
export function literal(value: unknown, indent = ''): string {
  if (value instanceof Code) return value.text.replace(/\n/g, `\n${indent}`);
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => literal(v, inner));
    const flat = `[${items.join(', ')}]`;
    if (flat.length + indent.length <= 100 && !flat.includes('\n')) return flat;
    return `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const parts = entries.map(([k, v]) => `${key(k)}: ${literal(v, inner)}`);
  const flat = `{ ${parts.join(', ')} }`;
  if (flat.length + indent.length <= 100 && !flat.includes('\n')) return flat;
  return `{\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent}}`;
}

/** A copy with object keys sorted at every level (stable output whatever the input order). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as unknown as T;
  if (typeof value === 'object' && value !== null && !(value instanceof Code)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}
