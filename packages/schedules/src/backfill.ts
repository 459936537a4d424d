import type { Backfill } from '@temporalio/client';
import { DEFAULT_SCHEDULE_ID } from '@hn/contract';
import { ScheduleValidationError } from './errors';
import { onSchedule, type ScheduleClientLike } from './internal/client';
import { parseOverlapPolicy, type OverlapPolicy } from './overlap-policy';
import { validateScheduleId } from './schedule-options';

/** Options of {@link backfillSchedule}. */
export interface BackfillScheduleOptions {
  /** Default `'hackernews-schedule'`. */
  scheduleId?: string;
  /** Start of the period, a `Date` or ISO-8601 text. */
  start: Date | string;
  /** End of the period, after `start`. */
  end: Date | string;
  /**
   * Overlap policy for the backfilled runs. Default `BUFFER_ALL`: every missed slot runs, one
   * after the other (with `SKIP`, only the first would run, as they all start at once).
   */
  overlap?: OverlapPolicy;
}

/** Default overlap policy of a backfill. */
export const DEFAULT_BACKFILL_OVERLAP: OverlapPolicy = 'BUFFER_ALL';

/**
 * Validates a backfill period and returns the SDK's `Backfill`. Pure.
 *
 * @throws ScheduleValidationError `INVALID_DATE` or `INVALID_BACKFILL_RANGE` (end not after start).
 */
export function buildBackfill(options: BackfillScheduleOptions): Backfill {
  const start = toDate(options.start, 'start');
  const end = toDate(options.end, 'end');
  if (end.getTime() <= start.getTime()) {
    throw new ScheduleValidationError(
      'INVALID_BACKFILL_RANGE',
      'end',
      `The backfill ends (${end.toISOString()}) before it starts (${start.toISOString()}): give an end after the start.`,
    );
  }
  return {
    start,
    end,
    overlap: parseOverlapPolicy(String(options.overlap ?? DEFAULT_BACKFILL_OVERLAP)),
  };
}

/**
 * Takes the actions the schedule would have taken between `start` and `end`, now. Useful after
 * an outage longer than the catch-up window. Options are validated before any call.
 *
 * @throws ScheduleValidationError for an invalid period or overlap policy.
 * @throws ScheduleNotFoundError when the schedule does not exist.
 */
export async function backfillSchedule(
  client: ScheduleClientLike,
  options: BackfillScheduleOptions,
): Promise<void> {
  const scheduleId = validateScheduleId(options.scheduleId ?? DEFAULT_SCHEDULE_ID);
  const backfill = buildBackfill(options);
  await onSchedule(scheduleId, () => client.schedule.getHandle(scheduleId).backfill(backfill));
}

function toDate(value: Date | string, field: 'start' | 'end'): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (
    Number.isNaN(date.getTime()) ||
    (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value.trim()))
  ) {
    throw new ScheduleValidationError(
      'INVALID_DATE',
      field,
      `Invalid backfill ${field} '${String(value)}': expected an ISO-8601 date such as 2025-01-01T00:00:00Z.`,
    );
  }
  return date;
}
