import { describe, expect, it } from 'vitest';
import { ScheduleValidationError } from './errors';
import { buildScheduleSpec, validateCron, validateTimezone, type ScheduleTiming } from './spec';

describe('buildScheduleSpec', () => {
  it('builds an interval spec in milliseconds', () => {
    expect(buildScheduleSpec({ every: '1h', jitter: '5m' })).toEqual({
      intervals: [{ every: 3_600_000 }],
      jitter: 300_000,
    });
  });

  it('builds a cron spec with a time zone', () => {
    expect(buildScheduleSpec({ cron: ' 0  *  * * * ', timezone: 'Europe/Paris' })).toEqual({
      cronExpressions: ['0 * * * *'],
      timezone: 'Europe/Paris',
    });
  });

  it.each<[string, ScheduleTiming, string, string]>([
    ['a zero interval', { every: '0s' }, 'INVALID_DURATION', 'every'],
    ['a zero interval in ms', { every: 0 }, 'INVALID_DURATION', 'every'],
    ['a negative interval', { every: -60_000 }, 'INVALID_DURATION', 'every'],
    ['an unparseable interval', { every: 'hourly' }, 'INVALID_DURATION', 'every'],
    ['a sub-second interval', { every: '500ms' }, 'INVALID_DURATION', 'every'],
    ['a cron with 4 fields', { cron: '0 * * *' }, 'INVALID_CRON', 'cron'],
    ['a cron with 8 fields', { cron: '0 0 * * * * * *' }, 'INVALID_CRON', 'cron'],
    ['a cron with a time zone prefix', { cron: 'CRON_TZ=UTC 0 * * * *' }, 'INVALID_CRON', 'cron'],
    ['an unknown cron shorthand', { cron: '@sometimes' }, 'INVALID_CRON', 'cron'],
    [
      'an unknown time zone',
      { every: '1h', timezone: 'Mars/Olympus_Mons' },
      'UNKNOWN_TIMEZONE',
      'timezone',
    ],
    [
      'a jitter larger than the interval',
      { every: '10m', jitter: '11m' },
      'JITTER_TOO_LARGE',
      'jitter',
    ],
    ['a negative jitter', { every: '10m', jitter: -1 }, 'INVALID_DURATION', 'jitter'],
    ['both interval and cron', { every: '1h', cron: '0 * * * *' }, 'CONFLICTING_SPEC', 'every'],
    ['neither interval nor cron', { timezone: 'UTC' }, 'MISSING_SPEC', 'every'],
  ])('rejects %s', (_, timing, code, field) => {
    expect(() => buildScheduleSpec(timing)).toThrow(ScheduleValidationError);
    expect(() => buildScheduleSpec(timing)).toThrow(expect.objectContaining({ code, field }));
  });

  it('accepts a jitter equal to the interval, and any jitter with cron', () => {
    expect(buildScheduleSpec({ every: '10m', jitter: '10m' }).jitter).toBe(600_000);
    expect(buildScheduleSpec({ cron: '@hourly', jitter: '2h' }).jitter).toBe(7_200_000);
  });
});

describe('validateCron', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it.each([
    ['0 * * * *', '0 * * * *'],
    ['*/15 9-17 * * MON-FRI', '*/15 9-17 * * MON-FRI'],
    ['0 12 * * * 2030', '0 12 * * * 2030'],
    ['0 0 12 * * * 2030', '0 0 12 * * * 2030'],
    ['5/10 * * * *', '5/10 * * * *'],
    ['0 0 1-7 * mon', '0 0 1-7 * mon'],
    ['0 0 * * 7', '0 0 * * 7'],
    ['0 0 29 feb *', '0 0 29 feb *'],
    ['0 0 13 * fri', '0 0 13 * fri'],
    ['@daily', '@daily'],
    ['@Hourly', '@hourly'],
    ['0 * * * * # top of the hour', '0 * * * *'],
  ])('accepts %j as %j', (cron, normalized) => {
    expect(validateCron(cron, { now })).toBe(normalized);
  });

  it.each([
    ['61 * * * *', /minute value 61 is out of range 0-59/],
    ['0 24 * * *', /hour value 24 is out of range 0-23/],
    ['0 0 32 * *', /day-of-month value 32 is out of range 1-31/],
    ['0 0 * 13 *', /month value 13 is out of range 1-12/],
    ['0 0 * * 8', /day-of-week value 8 is out of range 0-7/],
    ['0 0 12 * * ? 2030', /day-of-week value '\?' is not a number or a name/],
    ['0 0 L * *', /day-of-month value 'L' is not a number/],
    ['*/0 * * * *', /step below 1/],
    ['10-5 * * * *', /minute range ends at '5', before it starts \(10\)/],
    ['0 0 1 * * 1999', /year value 1999 is out of range 2000-2100/],
    [
      '0 0 31 2 *',
      /matches no time after 2026-01-01T00:00:00.000Z, so the schedule would never run/,
    ],
    ['0 0 30 feb *', /never run/],
    ['0 0 31 4,6,9,11 *', /never run/],
    ['0 0 1 1 * 2025', /never run/],
    ['* *', /expected 5 fields .* got 2/],
  ])('rejects %j, saying why', (cron, message) => {
    expect(() => validateCron(cron, { now })).toThrow(
      expect.objectContaining({ code: 'INVALID_CRON', field: 'cron' }),
    );
    expect(() => validateCron(cron, { now })).toThrow(message);
  });

  it('evaluates the expression in its time zone', () => {
    // The last day of 2025 at 23:30 in Paris is still 2025 in UTC... and the year field says 2025.
    expect(() =>
      validateCron('30 23 31 12 * 2025', {
        timezone: 'Europe/Paris',
        now: new Date('2025-12-31T21:00:00Z'),
      }),
    ).not.toThrow();
    expect(() =>
      validateCron('30 23 31 12 * 2025', {
        timezone: 'Europe/Paris',
        now: new Date('2025-12-31T23:00:00Z'),
      }),
    ).toThrow(/never run/);
  });
});

describe('validateTimezone', () => {
  it.each(['UTC', 'Europe/Paris', 'America/New_York'])('accepts %s', (tz) => {
    expect(validateTimezone(tz)).toBe(tz);
  });

  it.each(['', 'Paris', 'Europe/Atlantis'])('rejects %j', (tz) => {
    expect(() => validateTimezone(tz)).toThrow(/Unknown time zone/);
  });
});
