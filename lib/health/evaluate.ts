// The TypeScript interpreter of health specs. Its semantics are the Lua emitter's, rule for rule:
// an absent field (or JSON null) is nil, paths walk mappings only, numbers print as Lua prints them.
import { HealthContext, HealthRule, HealthSpec, HealthVerdict, Message, MessagePart, Predicate, Value } from './types';

type Json = unknown;

interface Scope {
  readonly obj: Json;
  /** The list element inside `some` (`@.x`). */
  readonly item?: Json;
  /** The parent object inside related rules (`^.x`). */
  readonly parent?: Json;
}

function isMapping(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(from: Json, keys: readonly string[]): Json {
  let o = from;
  for (const k of keys) {
    if (!isMapping(o)) return undefined;
    o = o[k];
  }
  return o === null ? undefined : o;
}

/** Splits `@.a.b` / `^.a.b` / `a.b` into the root it reads and the keys. */
export function parsePath(p: string): { root: 'obj' | 'item' | 'parent'; keys: string[] } {
  if (p === '@' || p.startsWith('@.')) return { root: 'item', keys: p.split('.').slice(1) };
  if (p.startsWith('^.')) return { root: 'parent', keys: p.split('.').slice(1) };
  return { root: 'obj', keys: p.split('.') };
}

function readPath(p: string, scope: Scope): Json {
  const { root, keys } = parsePath(p);
  return walk(scope[root], keys);
}

function conditionField(scope: Scope, type: string, field: string): Json {
  const conditions = walk(scope.obj, ['status', 'conditions']);
  if (!Array.isArray(conditions)) return undefined;
  for (const c of conditions) {
    if (isMapping(c) && c.type === type) return c[field] === null ? undefined : c[field];
  }
  return undefined;
}

export function evalValue(v: Value, scope: Scope): Json {
  if ('path' in v) return readPath(v.path, scope);
  if ('cond' in v) return conditionField(scope, v.cond, v.field);
  if ('num' in v) {
    const n = readPath(v.num, scope);
    return typeof n === 'number' ? n : v.default;
  }
  if ('sub' in v) {
    const a = evalValue(v.sub[0], scope);
    const b = evalValue(v.sub[1], scope);
    return typeof a === 'number' && typeof b === 'number' ? a - b : undefined;
  }
  return v.lit;
}

const isSetValue = (v: Json) => v !== undefined && v !== null && v !== '';

export function evalPredicate(p: Predicate, scope: Scope): boolean {
  if ('eq' in p) { const a = evalValue(p.eq[0], scope); return a !== undefined && a === evalValue(p.eq[1], scope); }
  if ('ne' in p) { const a = evalValue(p.ne[0], scope); return !(a !== undefined && a === evalValue(p.ne[1], scope)); }
  if ('gt' in p) { const a = evalValue(p.gt[0], scope); const b = evalValue(p.gt[1], scope); return typeof a === 'number' && typeof b === 'number' && a > b; }
  if ('lt' in p) { const a = evalValue(p.lt[0], scope); const b = evalValue(p.lt[1], scope); return typeof a === 'number' && typeof b === 'number' && a < b; }
  if ('in' in p) { const a = evalValue(p.in[0], scope); return typeof a === 'string' && p.in[1].includes(a); }
  if ('set' in p) return isSetValue(evalValue(p.set, scope));
  if ('all' in p) return p.all.every((q) => evalPredicate(q, scope));
  if ('any' in p) return p.any.some((q) => evalPredicate(q, scope));
  if ('not' in p) return !evalPredicate(p.not, scope);
  const list = readPath(p.some, scope);
  return Array.isArray(list) && list.some((item) => evalPredicate(p.where, { ...scope, item: item === null ? undefined : item }));
}

/** How Lua 5.1 prints a value in a message (`tostring` for numbers and booleans, nothing for tables). */
export function renderValue(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(14)));
  return '';
}

function renderPart(part: MessagePart, scope: Scope): string {
  if (typeof part === 'string') return part;
  if ('first' in part) {
    for (const v of part.first) {
      const value = evalValue(v, scope);
      if (isSetValue(value)) return renderValue(value);
    }
    return part.else;
  }
  if ('if' in part) return evalPredicate(part.if, scope) ? renderMessage(part.then, scope) : '';
  return renderValue(evalValue(part, scope));
}

export function renderMessage(message: Message, scope: Scope): string {
  return message.map((p) => renderPart(p, scope)).join('');
}

function verdictOf(rule: Pick<HealthRule, 'status' | 'message' | 'awaitsConsumer'>, scope: Scope): HealthVerdict {
  return { status: rule.status, message: renderMessage(rule.message, scope), ...(rule.awaitsConsumer ? { awaitsConsumer: true } : {}) };
}

/**
 * The verdict of `spec` on `obj`. Related rules run only when `context` carries the related
 * objects (the controller); without them (Argo CD) they are skipped.
 */
export function evaluateHealth(spec: HealthSpec, obj: object, context: HealthContext = {}): HealthVerdict {
  const scope: Scope = { obj };
  let verdict: HealthVerdict | undefined;
  outer: for (const rule of spec.rules) {
    if ('related' in rule) {
      for (const related of context[rule.related] ?? []) {
        const inner: Scope = { obj: related, parent: obj };
        const match = rule.rules.find((r) => evalPredicate(r.when, inner));
        if (match) { verdict = verdictOf(match, inner); break outer; }
      }
      continue;
    }
    if (evalPredicate(rule.when, scope)) { verdict = verdictOf(rule, scope); break; }
  }
  verdict ??= verdictOf(spec.otherwise, scope);
  let message = verdict.message;
  let pendingRestart = false;
  for (const note of spec.notes ?? []) {
    if (!evalPredicate(note.when, scope)) continue;
    message += note.text;
    if (note.flag === 'pendingRestart') pendingRestart = true;
  }
  return { ...verdict, message, ...(pendingRestart ? { pendingRestart: true } : {}) };
}
