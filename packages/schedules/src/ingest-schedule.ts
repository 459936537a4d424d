import {
  DEFAULT_INGEST_WORKFLOW_ID,
  INGEST_SCHEDULE_ID,
  INGEST_WORKFLOW_TYPE,
  ingestScheduleSummary,
} from '@hn/contract';
import { ensureSchedule, type EnsureScheduleResult } from './ensure-schedule';
import type { ScheduleClientLike } from './internal/client';
import {
  buildScheduleOptions,
  type BuiltScheduleOptions,
  type EnsureScheduleOptions,
} from './schedule-options';

/**
 * Defaults of the hourly item ingest's schedule, chosen for partitions: each run ingests the hour
 * ending at its scheduled time, so a dropped run is a missing partition.
 *
 * - `every`: one run, one partition, per hour.
 * - `overlap`: `BUFFER_ALL`, so a run due while the previous partition still ingests waits for
 *   it instead of being skipped (`SKIP` would drop that partition for good). Buffered runs start
 *   one after another, never side by side.
 * - `catchupWindow`: 1 day. After an outage, the partitions missed in the last day run once the
 *   server is back (up to 24 runs, buffered one after another); older ones are left to a
 *   deliberate backfill rather than replayed in a burst (the SDK's default is one year, up to
 *   8,760 runs).
 * - `pauseOnFailure`: false: a failed partition is recorded `failed` in the store and stays
 *   visible there; the next hours keep running.
 * - `staticSummary`: what every run of the schedule shows in the Web UI's lists. A Schedule's
 *   action is the same for every run, so it names the rule; the run's own window is in its
 *   search attributes (`HnPartitionStart`) and its current details.
 */
export const INGEST_SCHEDULE_DEFAULTS = {
  scheduleId: INGEST_SCHEDULE_ID,
  every: '1h',
  overlap: 'BUFFER_ALL',
  catchupWindow: '1d',
  pauseOnFailure: false,
  note: 'Hacker News item ingest: each run ingests the hour ending at its scheduled time.',
  staticSummary: ingestScheduleSummary('1h'),
} as const;

/** Options of {@link ensureIngestSchedule}: the schedule's, without the action's type and input. */
export type EnsureIngestScheduleOptions = Omit<EnsureScheduleOptions, 'workflowType' | 'args'>;

/**
 * The create options of the ingest schedule: `HackerNewsIngestWorkflow` started with no
 * arguments (so each run takes the hour ending at its `TemporalScheduledStartTime`), workflow id
 * prefix `hackernews-ingest`, and {@link INGEST_SCHEDULE_DEFAULTS} for what is not given. Pure.
 *
 * @throws ScheduleValidationError for invalid options (see `buildScheduleOptions`).
 */
export function buildIngestScheduleOptions(
  options: EnsureIngestScheduleOptions = {},
): BuiltScheduleOptions {
  return buildScheduleOptions(withIngestDefaults(options));
}

/**
 * Creates the ingest schedule (`hackernews-ingest` unless `scheduleId` is given), or updates it
 * to these settings when it exists, as `ensureSchedule` does: a paused schedule stays paused
 * unless `paused` is given. A backfill of it (`backfillSchedule`) ingests each partition of the
 * period once, one run after another under `BUFFER_ALL`.
 *
 * @throws ScheduleValidationError for invalid options (nothing is sent).
 */
export function ensureIngestSchedule(
  client: ScheduleClientLike,
  options: EnsureIngestScheduleOptions = {},
): Promise<EnsureScheduleResult> {
  return ensureSchedule(client, withIngestDefaults(options));
}

function withIngestDefaults(options: EnsureIngestScheduleOptions): EnsureScheduleOptions {
  const timed = options.every !== undefined || options.cron !== undefined;
  return {
    ...options,
    scheduleId: options.scheduleId ?? INGEST_SCHEDULE_DEFAULTS.scheduleId,
    ...(!timed && { every: INGEST_SCHEDULE_DEFAULTS.every }),
    overlap: options.overlap ?? INGEST_SCHEDULE_DEFAULTS.overlap,
    catchupWindow: options.catchupWindow ?? INGEST_SCHEDULE_DEFAULTS.catchupWindow,
    pauseOnFailure: options.pauseOnFailure ?? INGEST_SCHEDULE_DEFAULTS.pauseOnFailure,
    note: options.note ?? INGEST_SCHEDULE_DEFAULTS.note,
    staticSummary: options.staticSummary ?? INGEST_SCHEDULE_DEFAULTS.staticSummary,
    workflowType: INGEST_WORKFLOW_TYPE,
    workflowId: options.workflowId ?? DEFAULT_INGEST_WORKFLOW_ID,
    args: [],
  };
}
