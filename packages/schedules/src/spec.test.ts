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
  it.each([
    '0 * * * *',
    '*/15 9-17 * * MON-FRI',
    '0 0 12 * * ? 2030',
    '@daily',
    '0 * * * * # top of the hour',
  ])('accepts %s', (cron) => {
    expect(() => validateCron(cron)).not.toThrow();
  });

  it('says how many fields it got and what it expects', () => {
    expect(() => validateCron('* *')).toThrow(/expected 5 fields .* got 2/);
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
