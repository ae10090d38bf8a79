// Translates health specs to Argo CD health scripts (resource.customizations.health.<group>_<Kind>).
// Argo CD runs them in gopher-lua (Lua 5.1) with only the base, table and a safe os library
// opened: the scripts use `type`, `tostring`, `ipairs`, `select` and operators, nothing else.
import { KINDS, KindDefinition } from '../kinds';
import { parsePath } from './evaluate';
import { HealthRule, HealthSpec, Message, MessagePart, Predicate, Value } from './types';

/** The argocd-cm key prefix of a kind's health script (`<prefix><group>_<Kind>`). */
export const ARGOCD_HEALTH_KEY_PREFIX = 'resource.customizations.health.';

/** A Lua string literal: printable ASCII as is, every other byte as a decimal escape. */
export function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte}`;
  }
  return `${out}"`;
}

const PRELUDE = `local function field(o, keys)
  for i = 1, #keys do
    if type(o) ~= "table" then return nil end
    o = o[keys[i]]
  end
  return o
end
local function cond(o, t, f)
  local cs = field(o, {"status", "conditions"})
  if type(cs) ~= "table" then return nil end
  for _, c in ipairs(cs) do
    if type(c) == "table" and c.type == t then return c[f] end
  end
  return nil
end
local function num(v, d)
  if type(v) == "number" then return v end
  return d
end
local function sub(a, b)
  if type(a) == "number" and type(b) == "number" then return a - b end
  return nil
end
local function eq(a, b) return a ~= nil and a == b end
local function gt(a, b) return type(a) == "number" and type(b) == "number" and a > b end
local function lt(a, b) return type(a) == "number" and type(b) == "number" and a < b end
local function isset(v) return v ~= nil and v ~= "" end
local function isin(v, list)
  if type(v) ~= "string" then return false end
  for _, x in ipairs(list) do
    if v == x then return true end
  end
  return false
end
local function some(list, test)
  if type(list) ~= "table" then return false end
  for _, item in ipairs(list) do
    if test(item) then return true end
  end
  return false
end
local function str(v)
  local t = type(v)
  if t == "string" then return v end
  if t == "number" or t == "boolean" then return tostring(v) end
  return ""
end
local function firstset(d, ...)
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if isset(v) then return str(v) end
  end
  return d
end`;

function keysLiteral(keys: readonly string[]): string {
  return `{${keys.map(luaString).join(', ')}}`;
}

function value(v: Value): string {
  if ('path' in v) {
    const { root, keys } = parsePath(v.path);
    if (root === 'parent') throw new Error(`'${v.path}': parent paths exist only in related rules, which have no Lua form`);
    return keys.length === 0 ? root : `field(${root}, ${keysLiteral(keys)})`;
  }
  if ('cond' in v) return `cond(obj, ${luaString(v.cond)}, ${luaString(v.field)})`;
  if ('num' in v) {
    const { root, keys } = parsePath(v.num);
    return `num(field(${root}, ${keysLiteral(keys)}), ${v.default})`;
  }
  if ('sub' in v) return `sub(${value(v.sub[0])}, ${value(v.sub[1])})`;
  if (typeof v.lit === 'string') return luaString(v.lit);
  return String(v.lit);
}

function predicate(p: Predicate): string {
  if ('eq' in p) return `eq(${value(p.eq[0])}, ${value(p.eq[1])})`;
  if ('ne' in p) return `not eq(${value(p.ne[0])}, ${value(p.ne[1])})`;
  if ('gt' in p) return `gt(${value(p.gt[0])}, ${value(p.gt[1])})`;
  if ('lt' in p) return `lt(${value(p.lt[0])}, ${value(p.lt[1])})`;
  if ('in' in p) return `isin(${value(p.in[0])}, {${p.in[1].map(luaString).join(', ')}})`;
  if ('set' in p) return `isset(${value(p.set)})`;
  if ('all' in p) return p.all.length === 0 ? 'true' : `(${p.all.map(predicate).join(' and ')})`;
  if ('any' in p) return p.any.length === 0 ? 'false' : `(${p.any.map(predicate).join(' or ')})`;
  if ('not' in p) return `not ${predicate(p.not)}`;
  const { root, keys } = parsePath(p.some);
  return `some(field(${root}, ${keysLiteral(keys)}), function(item) return ${predicate(p.where)} end)`;
}

function part(m: MessagePart): string {
  if (typeof m === 'string') return luaString(m);
  if ('first' in m) return `firstset(${[luaString(m.else), ...m.first.map(value)].join(', ')})`;
  if ('if' in m) return `(${predicate(m.if)} and ${message(m.then)} or "")`;
  return `str(${value(m)})`;
}

function message(m: Message): string {
  return m.length === 0 ? '""' : m.length === 1 ? part(m[0]) : `(${m.map(part).join(' .. ')})`;
}

function verdict(status: string, m: Message, indent: string): string {
  return `${indent}hs.status = ${luaString(status)}\n${indent}hs.message = ${message(m)} .. notes\n${indent}return hs\n`;
}

/**
 * The Argo CD health script of a spec. Related rules (an NNCP's enactments) are left out:
 * Argo CD hands a script one object, whose own status summarizes them.
 */
export function healthLuaScript(spec: HealthSpec): string {
  let body = `-- ${spec.name} health, generated by cdk8s-kubevirt from its health spec\n${PRELUDE}\nhs = {}\nlocal notes = ""\n`;
  for (const note of spec.notes ?? []) body += `if ${predicate(note.when)} then notes = notes .. ${luaString(note.text)} end\n`;
  for (const rule of spec.rules) {
    if ('related' in rule) continue;
    body += `if ${predicate((rule as HealthRule).when)} then\n${verdict(rule.status, rule.message, '  ')}end\n`;
  }
  return body + verdict(spec.otherwise.status, spec.otherwise.message, '');
}

/** Kinds whose health Argo CD gets from this project: every CRD kind with a spec of its own. */
export function argoCdHealthKinds(): KindDefinition[] {
  return KINDS.filter((k) => k.source === 'crd' && k.health !== undefined);
}

/**
 * The argocd-cm entries `resource.customizations.health.<group>_<Kind>` -> Lua script, for
 * every kind with a health spec that Argo CD does not judge itself (CRD kinds).
 */
export function argoCdHealthCustomizations(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of argoCdHealthKinds()) out[`${ARGOCD_HEALTH_KEY_PREFIX}${def.group}_${def.kind}`] = healthLuaScript(def.health!);
  return out;
}

/** The same scripts as `{ group, kind, lua }` entries, for a construct that renders argocd-cm. */
export function argoCdHealthChecks(): Array<{ group: string; kind: string; lua: string }> {
  return argoCdHealthKinds().map((def) => ({ group: def.group, kind: def.kind, lua: healthLuaScript(def.health!) }));
}
