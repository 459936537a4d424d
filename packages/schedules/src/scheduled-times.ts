import type { ScheduleSpecDescription } from '@temporalio/client';
import { calendarFields, cronTimes } from './internal/cron-fields';

/** Options of {@link countScheduledTimes}. */
export interface CountScheduledTimesOptions {
  /** Start of the period, inclusive. */
  start: Date;
  /** End of the period, inclusive. */
  end: Date;
  /**
   * Bounds the work for calendars over a long period: once the count reaches this number,
   * calendars are not evaluated further, so a result of at least `stopAfter` means "at least".
   * Intervals are counted exactly whatever the bound. Default: count everything.
   */
  stopAfter?: number;
}

/**
 * How many times a schedule's spec (as `describeSchedule` returns it) matches between `start`
 * and `end`: the runs a backfill of that period would start. Intervals are counted exactly
 * (`epoch + n × every + offset`); calendars are evaluated in the spec's time zone with the
 * server's rules (every field must match). An upper bound: times matched by more than one
 * interval or calendar count once per match, and `skip` calendars are not subtracted; the
 * spec's `startAt` and `endAt` narrow the period. Pure.
 */
export function countScheduledTimes(
  spec: ScheduleSpecDescription,
  { start, end, stopAfter = Number.POSITIVE_INFINITY }: CountScheduledTimesOptions,
): number {
  const from = Math.max(start.getTime(), spec.startAt?.getTime() ?? Number.NEGATIVE_INFINITY);
  const to = Math.min(end.getTime(), spec.endAt?.getTime() ?? Number.POSITIVE_INFINITY);
  if (to < from) return 0;
  let count = 0;
  for (const { every, offset = 0 } of spec.intervals ?? []) {
    if (every <= 0) continue;
    const first = Math.ceil((from - offset) / every);
    const last = Math.floor((to - offset) / every);
    count += Math.max(0, last - first + 1);
  }
  for (const calendar of spec.calendars ?? []) {
    if (count >= stopAfter) return count;
    const times = cronTimes(calendarFields(calendar), spec.timezone);
    // croner looks strictly after the date it is given; the period's start is inclusive.
    let next = times.nextRun(new Date(from - 1));
    while (next !== null && next.getTime() <= to) {
      if (++count >= stopAfter) return count;
      next = times.nextRun(next);
    }
  }
  return count;
}
