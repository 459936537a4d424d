import type { Backfill } from '@temporalio/client';
import { DEFAULT_SCHEDULE_ID } from '@hn/contract';
import { formatDuration } from './duration';
import { ScheduleValidationError } from './errors';
import { onSchedule, type ScheduleClientLike } from './internal/client';
import { parseOverlapPolicy, type OverlapPolicy } from './overlap-policy';
import { countScheduledTimes } from './scheduled-times';
import { validateScheduleId } from './schedule-options';
import { toSpecView } from './schedule-view';

/** Options of {@link backfillSchedule}. */
export interface BackfillScheduleOptions {
  /** Default `'hackernews-schedule'`. */
  scheduleId?: string;
  /** Start of the period, a `Date` or ISO-8601 text. */
  start: Date | string;
  /** End of the period, after `start` and not in the future. */
  end: Date | string;
  /**
   * Overlap policy for the backfilled runs. Default {@link DEFAULT_BACKFILL_OVERLAP}
   * (`BUFFER_ALL`).
   */
  overlap?: OverlapPolicy;
  /**
   * Most runs this backfill may start, counted from the schedule's spec over the period.
   * Default {@link MAX_BACKFILL_RUNS} (1,000). Raise it to take a larger period in one request.
   */
  maxRuns?: number;
  /** The current time, for the "not in the future" check. Default: now. */
  now?: Date;
}

/** A validated backfill request: the SDK's `Backfill` and the run limit. */
export interface BuiltBackfill extends Backfill {
  start: Date;
  end: Date;
  overlap: OverlapPolicy;
  maxRuns: number;
}

/** What {@link backfillSchedule} requested. */
export interface BackfillResult {
  scheduleId: string;
  start: Date;
  end: Date;
  overlap: OverlapPolicy;
  /**
   * Runs the period holds by the schedule's spec (an upper bound, see `countScheduledTimes`).
   * `0`: nothing was sent.
   */
  runs: number;
}

/**
 * Default overlap policy of a backfill: `BUFFER_ALL`. Every slot of the period runs, one after
 * the other: a backfill never runs two pipeline runs at once against the Hacker News API, and
 * its pace is one run per run duration. (With `SKIP`, all but the first would be skipped, as
 * they are all due at once; with `ALLOW_ALL` they would all start together.)
 */
export const DEFAULT_BACKFILL_OVERLAP: OverlapPolicy = 'BUFFER_ALL';

/**
 * Default most runs of one backfill request. Temporal's scheduler buffers at most 1,000 pending
 * starts per schedule; under `BUFFER_ALL` those run one by one, so a larger backfill occupies
 * the schedule (and holds back its regular runs) for a thousand run durations or more.
 */
export const MAX_BACKFILL_RUNS = 1000;

/** Calendar runs counted at most for the message of a refused backfill (about 1.5 s of work). */
const COUNT_BOUND = 100_000;

/** How far past now a backfill may end, for clocks that disagree a little. */
export const BACKFILL_CLOCK_SKEW_MS = 60_000;

/**
 * Validates a backfill period and returns the SDK's `Backfill` with the run limit. Pure.
 *
 * @throws ScheduleValidationError `INVALID_DATE`; `INVALID_BACKFILL_RANGE` for an empty or
 *   reversed period, or one that ends in the future (beyond `now` plus
 *   {@link BACKFILL_CLOCK_SKEW_MS}); `INVALID_LIMIT` for a `maxRuns` that is not a positive
 *   integer; `INVALID_OVERLAP_POLICY`.
 */
export function buildBackfill(options: BackfillScheduleOptions): BuiltBackfill {
  const start = toDate(options.start, 'start');
  const end = toDate(options.end, 'end');
  if (end.getTime() <= start.getTime()) {
    throw new ScheduleValidationError(
      'INVALID_BACKFILL_RANGE',
      'end',
      end.getTime() === start.getTime()
        ? `The backfill period is empty: it starts and ends at ${start.toISOString()}. Give an end after the start.`
        : `The backfill ends (${end.toISOString()}) before it starts (${start.toISOString()}): give an end after the start.`,
    );
  }
  const now = options.now ?? new Date();
  if (end.getTime() > now.getTime() + BACKFILL_CLOCK_SKEW_MS) {
    throw new ScheduleValidationError(
      'INVALID_BACKFILL_RANGE',
      'end',
      `The backfill ends in the future (${end.toISOString()}; it is now ${now.toISOString()}): a backfill takes runs ` +
        'that are already due. End it at the latest now; the schedule takes upcoming runs itself (or trigger one now).',
    );
  }
  const maxRuns = options.maxRuns ?? MAX_BACKFILL_RUNS;
  if (!Number.isSafeInteger(maxRuns) || maxRuns < 1) {
    throw new ScheduleValidationError(
      'INVALID_LIMIT',
      'maxRuns',
      `Invalid maxRuns '${String(maxRuns)}': expected a positive whole number.`,
    );
  }
  return {
    start,
    end,
    overlap: parseOverlapPolicy(String(options.overlap ?? DEFAULT_BACKFILL_OVERLAP)),
    maxRuns,
  };
}

/**
 * Takes the actions the schedule would have taken between `start` and `end`, now. Useful after
 * an outage longer than the catch-up window. The period is validated before any call; then the
 * schedule is described and its spec tells how many runs the period holds: more than `maxRuns`
 * is refused with a message saying how to split it, none sends nothing. The runs follow the
 * overlap policy ({@link DEFAULT_BACKFILL_OVERLAP}: one after the other).
 *
 * @throws ScheduleValidationError for an invalid period, limit or overlap policy, and
 *   `BACKFILL_TOO_LARGE` when the period holds more than `maxRuns` runs.
 * @throws ScheduleNotFoundError when the schedule does not exist.
 */
export async function backfillSchedule(
  client: ScheduleClientLike,
  options: BackfillScheduleOptions,
): Promise<BackfillResult> {
  const scheduleId = validateScheduleId(options.scheduleId ?? DEFAULT_SCHEDULE_ID);
  const backfill = buildBackfill(options);
  const { start, end, overlap, maxRuns } = backfill;
  const handle = client.schedule.getHandle(scheduleId);
  const description = await onSchedule(scheduleId, () => handle.describe());
  const runs = countScheduledTimes(description.spec, { start, end, stopAfter: maxRuns + 1 });
  if (runs > maxRuns) {
    const all = countScheduledTimes(description.spec, { start, end, stopAfter: COUNT_BOUND });
    const bounded = (description.spec.calendars ?? []).length > 0 && all >= COUNT_BOUND;
    const periodMs = end.getTime() - start.getTime();
    const chunkMs = Math.max(1000, Math.floor((periodMs * maxRuns) / all / 1000) * 1000);
    const firstEnd = new Date(start.getTime() + chunkMs).toISOString();
    throw new ScheduleValidationError(
      'BACKFILL_TOO_LARGE',
      'end',
      `Backfilling schedule '${scheduleId}' (${toSpecView(description.spec).text}) from ${start.toISOString()} ` +
        `to ${end.toISOString()} would start ${bounded ? 'at least ' : ''}${all.toLocaleString('en-US')} runs, ` +
        `more than the limit of ${maxRuns.toLocaleString('en-US')} per backfill. Split the period into backfills of about ` +
        `${formatDuration(chunkMs)} each (the first: start ${start.toISOString()}, end ${firstEnd}), or raise the ` +
        `limit with maxRuns (the starter's --max-runs) if you mean to start them all.`,
    );
  }
  if (runs > 0) await onSchedule(scheduleId, () => handle.backfill({ start, end, overlap }));
  return { scheduleId, start, end, overlap, runs };
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
