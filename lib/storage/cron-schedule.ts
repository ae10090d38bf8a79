// DataImportCron schedules, checked with the parser CDI's webhook uses (lib/parsers/cron.ts).
import { cronError } from '../parsers';

/** Returns why `schedule` is not a cron expression CDI accepts, or undefined when it is. */
export function cronScheduleError(schedule: string): string | undefined {
  return schedule.trim() === '' ? 'the schedule is empty' : cronError(schedule);
}
