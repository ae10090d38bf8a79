// Cron schedules as CDI's DataImportCron webhook parses them (github.com/gorhill/cronexpr):
// 5 fields (minute hour day-of-month month day-of-week), 6 (+ year) or 7 (second first, year
// last); fields beyond the 7th are ignored; @yearly/@annually/@monthly/@weekly/@daily/@hourly.
// Every entry is `*`, `?`, a value, a range, or those with `/step`; day-of-month also takes `L`,
// `LW` and `<day>W`, day-of-week `<day>L` and `<day>#<1-5>`. Names and letters are case-insensitive.

interface Field {
  readonly name: string;
  readonly max: number;
  /** cronexpr's value pattern for the field (anchored by the layouts below). */
  readonly value: string;
}

const SECOND: Field = { name: 'second', max: 59, value: '0?[0-9]|[1-5][0-9]' };
const MINUTE: Field = { name: 'minute', max: 59, value: '0?[0-9]|[1-5][0-9]' };
const HOUR: Field = { name: 'hour', max: 23, value: '0?[0-9]|1[0-9]|2[0-3]' };
const DOM: Field = { name: 'day-of-month', max: 31, value: '0?[1-9]|[12][0-9]|3[01]' };
const MONTH: Field = {
  name: 'month', max: 12,
  value: '0?[1-9]|1[012]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december',
};
const DOW: Field = { name: 'day-of-week', max: 6, value: '0?[0-7]|sun|mon|tue|wed|thu|fri|sat|sunday|monday|tuesday|wednesday|thursday|friday|saturday' };
const YEAR: Field = { name: 'year', max: 2099, value: '19[789][0-9]|20[0-9]{2}' };

const MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 * *', '@annually': '0 0 0 1 1 * *', '@monthly': '0 0 0 1 * * *',
  '@weekly': '0 0 0 * * 0 *', '@daily': '0 0 0 * * * *', '@hourly': '0 0 * * * * *',
};

const cache = new Map<string, RegExp>();
function layout(pattern: string, field: Field): RegExp {
  const key = `${pattern}|${field.value}`;
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(pattern.replace(/%value%/g, field.value));
    cache.set(key, re);
  }
  return re;
}

/** cronexpr's step: a number 1..max written as one of its number tokens (0-59 or a year). */
function stepOk(step: string, field: Field): boolean {
  const n = /^(0?[0-9]|[1-5][0-9]|19[789][0-9]|20[0-9]{2})$/.test(step) ? Number(step) : 0;
  return n >= 1 && n <= field.max;
}

function entryError(entry: string, field: Field): string | undefined {
  const e = entry.toLowerCase();
  if (layout('^\\*$|^\\?$', field).test(e)) return undefined;
  if (layout('^(%value%)$', field).test(e) || layout('^(%value%)-(%value%)$', field).test(e)) return undefined;
  const stepped = layout('^\\*/(\\d+)$', field).exec(e) ?? layout('^(?:%value%)/(\\d+)$', field).exec(e) ?? layout('^(?:%value%)-(?:%value%)/(\\d+)$', field).exec(e);
  if (stepped) return stepOk(stepped[1], field) ? undefined : `invalid interval ${e}`;
  if (field === DOM && (e === 'l' || e === 'lw' || layout('^(%value%)w$', field).test(e))) return undefined;
  if (field === DOW && (layout('^(%value%)l$', field).test(e) || layout('^(%value%)#([1-5])$', field).test(e))) return undefined;
  return `syntax error in ${field.name} field: '${entry}'`;
}

/** Why CDI would refuse `schedule`, or undefined when it parses. */
export function cronError(schedule: string): string | undefined {
  let line = schedule;
  for (const [macro, expansion] of Object.entries(MACROS)) line = line.split(macro).join(expansion);
  const fields = line.match(/\S+/g) ?? [];
  if (fields.length < 5) return 'missing field(s)';
  const count = Math.min(fields.length, 7);
  const order = count === 7 ? [SECOND, MINUTE, HOUR, DOM, MONTH, DOW, YEAR] : count === 6 ? [MINUTE, HOUR, DOM, MONTH, DOW, YEAR] : [MINUTE, HOUR, DOM, MONTH, DOW];
  for (let i = 0; i < order.length; i++) {
    const entries = fields[i].match(/[^,]+/g) ?? [];
    if (entries.length === 0) return `${order[i].name} field: missing directive`;
    for (const entry of entries) {
      const error = entryError(entry, order[i]);
      if (error) return error;
    }
  }
  return undefined;
}
