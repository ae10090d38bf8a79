// Short constructors for health specs, so a spec reads like the rule it states.
import { HealthRule, HealthStatus, Message, MessagePart, Predicate, Value } from './types';

export const path = (p: string): Value => ({ path: p });
export const num = (p: string, dflt: number): Value => ({ num: p, default: dflt });
export const lit = (v: string | number | boolean): Value => ({ lit: v });
export const sub = (a: Value, b: Value): Value => ({ sub: [a, b] });
export const condField = (type: string, field: 'status' | 'reason' | 'message' | 'type'): Value => ({ cond: type, field });

const asValue = (v: Value | string | number | boolean): Value => (typeof v === 'object' ? v : lit(v));
export const eq = (a: Value, b: Value | string | number | boolean): Predicate => ({ eq: [a, asValue(b)] });
export const ne = (a: Value, b: Value | string | number | boolean): Predicate => ({ ne: [a, asValue(b)] });
export const gt = (a: Value, b: Value | number): Predicate => ({ gt: [a, asValue(b)] });
export const lt = (a: Value, b: Value | number): Predicate => ({ lt: [a, asValue(b)] });
export const oneOf = (a: Value, values: readonly string[]): Predicate => ({ in: [a, values] });
export const isSet = (a: Value): Predicate => ({ set: a });
export const all = (...ps: Predicate[]): Predicate => ({ all: ps });
export const any = (...ps: Predicate[]): Predicate => ({ any: ps });
export const not = (p: Predicate): Predicate => ({ not: p });
export const some = (list: string, where: Predicate): Predicate => ({ some: list, where });
export const always: Predicate = { all: [] };

/** The condition of that type has that status (`True` by default). */
export const condIs = (type: string, status = 'True'): Predicate => eq(condField(type, 'status'), status);
/** The object has a condition of that type, whatever its status. */
export const hasCond = (type: string): Predicate => isSet(condField(type, 'type'));

export const first = (values: readonly Value[], otherwise: string): MessagePart => ({ first: values, else: otherwise });
export const when = (p: Predicate, ...then: MessagePart[]): MessagePart => ({ if: p, then });
/** `prefix` and the value when the value is set, else nothing. */
export const opt = (v: Value, prefix = ''): MessagePart => when(isSet(v), prefix, v);

export const rule = (when_: Predicate, status: HealthStatus, ...message: MessagePart[]): HealthRule => ({ when: when_, status, message });
export const msg = (...parts: MessagePart[]): Message => parts;
