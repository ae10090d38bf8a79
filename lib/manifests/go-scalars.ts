// Scalars as go-yaml v2 resolves them (YAML 1.1: bools, nulls, Go integer syntax with octals and
// underscores, floats; timestamps stay strings), explicit tags, double-quoted escapes, and map
// keys as sigs.k8s.io/yaml turns them into JSON strings. Used by go-yaml.ts.

/** A YAML problem at a 0-based offset of the text given to {@link readGoYaml}. */
export class GoYamlError extends Error {
  constructor(message: string, public readonly offset: number, public readonly kind: 'syntax' | 'duplicate-key' | 'alias' | 'depth' = 'syntax') {
    super(message);
    this.name = 'GoYamlError';
  }
}

export const STR = 'tag:yaml.org,2002:str';
export const INT = 'tag:yaml.org,2002:int';
export const FLOAT = 'tag:yaml.org,2002:float';
export const BOOL = 'tag:yaml.org,2002:bool';
export const NULL = 'tag:yaml.org,2002:null';
const BINARY = 'tag:yaml.org,2002:binary';
const TIMESTAMP = 'tag:yaml.org,2002:timestamp';
export const MERGE = 'tag:yaml.org,2002:merge';

/** A resolved scalar: its value and its YAML 1.1 type (the tag go-yaml resolves it to). */
export interface Resolved { readonly tag: string; readonly value: unknown }

// Without a prototype: `toString` is a string, not Object.prototype's function.
const BOOLS: Record<string, boolean> = Object.create(null);
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOLS[w] = true;
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOLS[w] = false;
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Record<string, number> = Object.assign(Object.create(null), {
  '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity,
});
const HINT: boolean[] = [];
for (const c of '+-0123456789yYnNtTfFoO~.<') HINT[c.charCodeAt(0)] = true;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** Go's strconv.ParseInt(s, 0, 64) syntax (underscores already removed). */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

/** go-yaml v2's resolve() for a plain scalar (or an explicitly tagged one). */
export function resolvePlain(text: string): Resolved {
  const value = resolvePlainValue(text);
  return { tag: lastTag, value };
}

/** The tag of the scalar `resolvePlainValue` resolved last. */
let lastTag = STR;

export function plainTag(): string {
  return lastTag;
}

/**
 * `resolvePlain` without a record per scalar: the value, and its tag read with `plainTag()`.
 * The records were 23 MB of the 730 MB a 10,000-object validate allocated.
 */
export function resolvePlainValue(text: string): unknown {
  const first = text.charCodeAt(0);
  // go-yaml's hint table: only these first characters can start a non-string.
  if (text.length > 0 && (first >= 128 || !HINT[first])) { lastTag = STR; return text; }
  const bool = BOOLS[text];
  if (bool !== undefined) { lastTag = BOOL; return bool; }
  if (NULLS.has(text)) { lastTag = NULL; return null; }
  if (text === '<<') { lastTag = MERGE; return '<<'; }
  const special = SPECIAL_FLOATS[text];
  if (special !== undefined) { lastTag = FLOAT; return special; }
  const isDigit = first >= 48 && first <= 57;
  lastTag = STR;
  if (first === 46 /* . */) {
    // Go's ParseFloat on the text as is (no underscores, no hex).
    if (YAML_STYLE_FLOAT.test(text)) { lastTag = FLOAT; return zero(Number(text)); }
    return text;
  }
  if (!isDigit && first !== 43 && first !== 45) return text;
  const plain = text.indexOf('_') < 0 ? text : text.replace(/_/g, '');
  if (GO_INT.test(plain)) {
    const value = parseGoInt(plain);
    if (value !== undefined) { lastTag = INT; return value; }
  }
  if (YAML_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) { lastTag = FLOAT; return zero(value); }
  }
  return text;
}

function zero(n: number): number {
  return n === 0 ? 0 : n;
}

/** Base-0 integer as Go parses it (0x, 0o, 0b, leading-zero octal); undefined beyond uint64. */
function parseGoInt(s: string): number | undefined {
  if (s.length < 16 && /^[-+]?(?:[1-9][0-9]*|0)$/.test(s)) return zero(Number(s));
  const neg = s[0] === '-';
  const body = s[0] === '-' || s[0] === '+' ? s.slice(1) : s;
  let digits = body;
  let base = 10;
  if (/^0[xX]/.test(body)) { base = 16; digits = body.slice(2); } else if (/^0[oO]/.test(body)) { base = 8; digits = body.slice(2); } else if (/^0[bB]/.test(body)) { base = 2; digits = body.slice(2); } else if (body.length > 1 && body[0] === '0') { base = 8; digits = body.slice(1); }
  const big = BigInt(base === 10 ? digits : `0${'xob'[[16, 8, 2].indexOf(base)]}${digits}`);
  const value = neg ? -big : big;
  if (value < -(2n ** 63n) || value >= 2n ** 64n || (neg && value < -(2n ** 63n))) return undefined;
  return zero(Number(value));
}

/** go-yaml v2's decoding of a tagged scalar; throws when the text does not fit the tag. */
export function resolveTagged(tag: string, text: string, offset: number): unknown {
  switch (tag) {
    case STR:
    case TIMESTAMP:
      return text;
    case BINARY: {
      const clean = text.replace(/[\r\n]/g, '');
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) throw new GoYamlError('!!binary value contains invalid base64 data', offset);
      return Buffer.from(clean, 'base64').toString('utf8');
    }
    case INT: case FLOAT: case BOOL: case NULL: {
      const r = resolvePlain(text);
      if (r.tag === tag) return r.value;
      if (tag === FLOAT && r.tag === INT) return r.value;
      throw new GoYamlError(`cannot decode ${shortTag(r.tag)} \`${text}\` as a ${shortTag(tag)}`, offset);
    }
    default:
      return text; // unknown and local tags: the text, as go-yaml does
  }
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice(18)}` : tag;
}

/** The full tag of a tag token (`!!int`, `!<tag:...>`, `!local`). */
export function expandTag(token: string): string {
  if (token.startsWith('!<') && token.endsWith('>')) return token.slice(2, -1);
  if (token.startsWith('!!')) return `tag:yaml.org,2002:${token.slice(2)}`;
  return token;
}

/**
 * A map key as sigs.k8s.io/yaml writes it into JSON: strings as they are, ints in decimal,
 * floats as Go's FormatFloat(f, 'g', -1, 32), bools as true/false; null is refused.
 */
export function jsonKey(tag: string, value: unknown, offset: number): string {
  switch (tag) {
    case STR: case MERGE: return value as string;
    case BOOL: return value ? 'true' : 'false';
    case INT: return String(value);
    case FLOAT: return formatFloat32(value as number);
    case NULL: throw new GoYamlError('a mapping key is null (~ or empty): JSON object keys must be strings', offset);
    default: return String(value);
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 32). */
export function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  const x = Math.fround(f);
  if (x === 0) return '0';
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = x.toPrecision(p);
    if (Math.fround(Number(digits)) === x) break;
  }
  const [mantissa, expPart] = Number(digits).toExponential().split('e');
  const exp = Number(expPart);
  if (exp < -4 || exp >= 21 || exp >= 6) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
  }
  return String(Number(digits));
}

/** The tag a decoded value has as a map key (an aliased or explicitly tagged scalar). */
export function tagOfValue(value: unknown): string {
  if (value === null) return NULL;
  if (typeof value === 'boolean') return BOOL;
  if (typeof value === 'number') return Number.isInteger(value) ? INT : FLOAT;
  return STR;
}

/** go-yaml's double-quoted escapes: YAML 1.1's set, with `\'` and without YAML 1.2's `\/`. */
const KNOWN_ESCAPES = new Set([...'0abt\tnvfre "\'\\N_LPxuU\r\n']);

export function hasUnknownEscape(source: string): boolean {
  for (let i = source.indexOf('\\'); i >= 0; i = source.indexOf('\\', i + 2)) {
    if (!KNOWN_ESCAPES.has(source[i + 1])) return true;
  }
  return false;
}

export function checkJsonNumber(value: unknown, offset: number): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new GoYamlError(`json: unsupported value: ${value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN'}`, offset);
  return value;
}

