// Offline check of the cron expressions CDI accepts for DataImportCron schedules: the
// standard five fields (minute hour day-of-month month day-of-week) or a macro.

const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
  /** Day fields also take `?`, `L`, `W` and `#` forms. */
  readonly day?: 'month' | 'week';
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, day: 'month' },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: DAYS, day: 'week' },
];

/** Returns why `schedule` is not a valid cron expression, or undefined when it is. */
export function cronScheduleError(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed === '') return 'the schedule is empty';
  if (trimmed.startsWith('@')) {
    return MACROS.includes(trimmed.toLowerCase()) ? undefined : `unknown macro '${trimmed}' (use one of ${MACROS.join(', ')})`;
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`;
  for (let i = 0; i < FIELDS.length; i++) {
    const error = fieldError(parts[i], FIELDS[i]);
    if (error) return `${FIELDS[i].name} field '${parts[i]}': ${error}`;
  }
  return undefined;
}

function fieldError(field: string, spec: FieldSpec): string | undefined {
  if (field === '?' && spec.day) return undefined;
  for (const item of field.split(',')) {
    const error = itemError(item, spec);
    if (error) return error;
  }
  return undefined;
}

function itemError(item: string, spec: FieldSpec): string | undefined {
  if (item === '') return 'empty list item';
  if (spec.day === 'month' && /^(L|LW|\d{1,2}W)$/i.test(item)) return dayValueError(item.replace(/W$/i, ''), spec);
  if (spec.day === 'week' && /^\w+(#[1-5]|L)$/i.test(item)) return valueError(item.replace(/(#[1-5]|L)$/i, ''), spec);
  const [range, step, extra] = item.split('/');
  if (extra !== undefined) return `'${item}' has more than one step`;
  if (step !== undefined && !/^\d+$/.test(step)) return `step '${step}' is not a number`;
  if (step !== undefined && Number(step) === 0) return 'a step cannot be 0';
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `'${range}' is not a range`;
  for (const b of bounds) {
    const error = valueError(b, spec);
    if (error) return error;
  }
  if (bounds.length === 2 && toNumber(bounds[0], spec)! > toNumber(bounds[1], spec)!) return `range '${range}' is reversed`;
  return undefined;
}

function dayValueError(value: string, spec: FieldSpec): string | undefined {
  return value.toUpperCase() === 'L' ? undefined : valueError(value, spec);
}

function valueError(value: string, spec: FieldSpec): string | undefined {
  const n = toNumber(value, spec);
  if (n === undefined) return `'${value}' is not a number${spec.names ? ' or a name' : ''}`;
  if (n < spec.min || n > spec.max) return `${n} is outside ${spec.min}-${spec.max}`;
  return undefined;
}

function toNumber(value: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const index = spec.names?.indexOf(value.toUpperCase()) ?? -1;
  if (index < 0) return undefined;
  return spec.name === 'month' ? index + 1 : index;
}
