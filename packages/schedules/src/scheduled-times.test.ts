import type { CalendarSpecDescription, ScheduleSpecDescription } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { countScheduledTimes } from './scheduled-times';

const at = (n: number) => [{ start: n, end: n, step: 1 }];
const any = <T>(start: T, end: T) => [{ start, end, step: 1 }];
/** What the server stores for `0 9 * * 1-5`. */
const weekdaysAtNine: CalendarSpecDescription = {
  second: at(0),
  minute: at(0),
  hour: at(9),
  dayOfMonth: any(1, 31),
  month: any('JANUARY', 'DECEMBER'),
  year: [],
  dayOfWeek: any('MONDAY', 'FRIDAY'),
};
const period = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });

describe('countScheduledTimes', () => {
  it('counts an interval exactly, both ends included', () => {
    const spec = { intervals: [{ every: 600_000, offset: 0 }] } as ScheduleSpecDescription;
    expect(countScheduledTimes(spec, period('2025-01-01T00:00:00Z', '2025-01-01T01:00:00Z'))).toBe(
      7,
    );
    expect(countScheduledTimes(spec, period('2015-01-01T00:00:00Z', '2025-01-01T00:00:00Z'))).toBe(
      526_033,
    );
  });

  it('honours the interval offset', () => {
    const spec = {
      intervals: [{ every: 3_600_000, offset: 1_140_000 }],
    } as ScheduleSpecDescription;
    // xx:19 in 00:00..03:00: 00:19, 01:19, 02:19.
    expect(countScheduledTimes(spec, period('2025-01-01T00:00:00Z', '2025-01-01T03:00:00Z'))).toBe(
      3,
    );
  });

  it('evaluates calendars in the time zone, day-of-month and day-of-week both matching', () => {
    const spec = { calendars: [weekdaysAtNine], intervals: [] } as ScheduleSpecDescription;
    // January 2025 has 23 weekdays.
    expect(countScheduledTimes(spec, period('2025-01-01T00:00:00Z', '2025-01-31T23:59:59Z'))).toBe(
      23,
    );
    const paris = { ...spec, timezone: 'Europe/Paris' };
    // 09:00 in Paris is 08:00 UTC in winter: 2025-01-01 (Wednesday) 08:00Z is included.
    expect(countScheduledTimes(paris, period('2025-01-01T08:00:00Z', '2025-01-01T08:00:00Z'))).toBe(
      1,
    );
    expect(countScheduledTimes(spec, period('2025-01-01T08:00:00Z', '2025-01-01T08:00:00Z'))).toBe(
      0,
    );
  });

  it('narrows the period to the spec start and end', () => {
    const spec = {
      intervals: [{ every: 3_600_000, offset: 0 }],
      startAt: new Date('2025-01-01T10:00:00Z'),
      endAt: new Date('2025-01-01T12:00:00Z'),
    } as ScheduleSpecDescription;
    expect(countScheduledTimes(spec, period('2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'))).toBe(
      3,
    );
  });

  it('stops evaluating calendars at the bound', () => {
    const everyMinute = { ...weekdaysAtNine, minute: any(0, 59), hour: any(0, 23) };
    const spec = { calendars: [everyMinute], intervals: [] } as ScheduleSpecDescription;
    expect(
      countScheduledTimes(spec, {
        ...period('2020-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
        stopAfter: 1001,
      }),
    ).toBe(1001);
  });
});
