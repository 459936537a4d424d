import type { CalendarSpecDescription } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { formatCalendar, toSpecView } from './schedule-view';

const any = <T>(start: T, end: T) => [{ start, end, step: 1 }];
const at = (n: number) => [{ start: n, end: n, step: 1 }];

const hourly: CalendarSpecDescription = {
  second: at(0),
  minute: at(0),
  hour: any(0, 23),
  dayOfMonth: any(1, 31),
  month: any('JANUARY', 'DECEMBER'),
  year: [],
  dayOfWeek: any('SUNDAY', 'SATURDAY'),
};

describe('formatCalendar', () => {
  it('renders the calendar the server compiles from a cron expression', () => {
    expect(formatCalendar(hourly)).toBe('0 * * * *');
    expect(
      formatCalendar({
        ...hourly,
        minute: [{ start: 0, end: 59, step: 15 }],
        hour: [{ start: 9, end: 17, step: 1 }],
        dayOfWeek: any('MONDAY', 'FRIDAY'),
      }),
    ).toBe('*/15 9-17 * * 1-5');
    expect(formatCalendar({ ...hourly, second: at(30), year: at(2030) })).toBe('30 0 * * * * 2030');
  });
});

describe('toSpecView', () => {
  it('describes an interval with jitter', () => {
    expect(toSpecView({ intervals: [{ every: 3_600_000, offset: 0 }], jitter: 60_000 })).toEqual({
      text: 'every 1h, jitter 1m',
      everyMs: 3_600_000,
      jitterMs: 60_000,
    });
  });

  it('describes a cron schedule in a time zone', () => {
    expect(toSpecView({ calendars: [hourly], intervals: [], timezone: 'Europe/Paris' }).text).toBe(
      'cron 0 * * * *, in Europe/Paris',
    );
  });
});
