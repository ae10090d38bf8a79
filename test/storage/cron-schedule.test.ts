import { cronScheduleError } from '../../lib/storage/cron-schedule';

describe('cronScheduleError', () => {
  test.each([
    '0 */12 * * *', '*/15 9-17 * * 1-5', '30 2 1,15 * *', '0 0 * JAN-MAR MON-FRI', '0 0 ? * SUN', '0 0 L * *',
    '0 0 15W * *', '0 0 * * 5#3', '0 0 * * 7', '5-55/10 * * * *', '@daily', '@weekly', '@hourly', '@monthly', '@yearly', '@annually',
  ])('accepts %s', (schedule) => {
    expect(cronScheduleError(schedule)).toBeUndefined();
  });

  // What CDI's parser (cronexpr) also accepts: a 6th field is the year, a 7th field list starts
  // with seconds, `?` is a wildcard in any field, a reversed range or an empty list item parses.
  test.each(['0 0 */12 * * 2030', '0 0 0 * * * *', '10-5 * * * *', '? * * * *', '0 0 1,,2 * *'])('accepts %s as CDI does', (schedule) => {
    expect(cronScheduleError(schedule)).toBeUndefined();
  });

  test.each([
    ['', /empty/],
    ['* * * *', /missing field/],
    ['60 * * * *', /minute field: '60'/],
    ['0 0 0 * *', /day-of-month field: '0'/],
    ['0 0 * 13 *', /month field: '13'/],
    ['0 0 * * 8', /day-of-week field: '8'/],
    ['*/0 * * * *', /invalid interval/],
    ['0 0 * FOO *', /month field: 'FOO'/],
    ['@every 5m', /missing field/],
  ])('rejects %j', (schedule, message) => {
    expect(cronScheduleError(schedule)).toMatch(message);
  });
});
