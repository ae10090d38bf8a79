import { cronScheduleError } from '../../lib';

describe('cronScheduleError', () => {
  test.each([
    '0 */12 * * *', '*/15 9-17 * * 1-5', '30 2 1,15 * *', '0 0 * JAN-MAR MON-FRI', '0 0 ? * SUN', '0 0 L * *',
    '0 0 15W * *', '0 0 * * 5#3', '0 0 * * 7', '5-55/10 * * * *', '@daily', '@weekly', '@hourly', '@monthly', '@yearly', '@annually',
  ])('accepts %s', (schedule) => {
    expect(cronScheduleError(schedule)).toBeUndefined();
  });

  test.each([
    ['', /empty/],
    ['* * * *', /expected 5 fields .* got 4/],
    ['60 * * * *', /minute field '60': 60 is outside 0-59/],
    ['0 0 0 * *', /day of month field '0': 0 is outside 1-31/],
    ['0 0 * 13 *', /month field '13': 13 is outside 1-12/],
    ['0 0 * * 8', /day of week field '8': 8 is outside 0-7/],
    ['*/0 * * * *', /a step cannot be 0/],
    ['10-5 * * * *', /range '10-5' is reversed/],
    ['0 0 * FOO *', /'FOO' is not a number or a name/],
    ['? * * * *', /'\?' is not a number/],
    ['@every 5m', /unknown macro/],
    ['0 0 1,,2 * *', /empty list item/],
  ])('rejects %j', (schedule, message) => {
    expect(cronScheduleError(schedule)).toMatch(message);
  });
});
