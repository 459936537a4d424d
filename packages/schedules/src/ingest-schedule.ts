import {
  DEFAULT_INGEST_OPTIONS,
  DEFAULT_INGEST_WORKFLOW_ID,
  INGEST_OPTIONS,
  checkOption,
  formatDuration,
  type InputProblem,
  INGEST_SCHEDULE_ID,
  INGEST_WORKFLOW_TYPE,
  SCHEDULED_INGEST_PRIORITY,
  formatPartition,
  ingestScheduleSummary,
  parsePartition,
  type HackerNewsIngestInput,
} from '@hn/contract';
import { ensureSchedule, type EnsureScheduleResult } from './ensure-schedule';
import { ScheduleValidationError } from './errors';
import type { ScheduleClientLike } from './internal/client';
import {
  buildScheduleOptions,
  type BuiltScheduleOptions,
  type EnsureScheduleOptions,
} from './schedule-options';
import { parseInterval } from './spec';

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
export interface EnsureIngestScheduleOptions extends Omit<
  EnsureScheduleOptions,
  'workflowType' | 'args'
> {
  /**
   * Length of the window each run ingests (`30s`, `15m`, `1h`, `1d`; 1 second to 31 days): the
   * one ending at the run's scheduled time. Default: the interval `every` when it is one, else
   * `1h`, so consecutive runs ingest consecutive partitions with no overlap and no gap. Give it
   * with `cron` when the cron's period is not an hour.
   */
  partition?: string;
}

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

function withIngestDefaults({
  partition,
  ...options
}: EnsureIngestScheduleOptions): EnsureScheduleOptions {
  const timed = options.every !== undefined || options.cron !== undefined;
  const length = partitionOf(partition, options.every);
  if (partition !== undefined && options.cron === undefined) {
    checkPartitionFits(length, options.every ?? INGEST_SCHEDULE_DEFAULTS.every);
  }
  return {
    ...options,
    scheduleId: options.scheduleId ?? INGEST_SCHEDULE_DEFAULTS.scheduleId,
    ...(!timed && { every: INGEST_SCHEDULE_DEFAULTS.every }),
    overlap: options.overlap ?? INGEST_SCHEDULE_DEFAULTS.overlap,
    catchupWindow: options.catchupWindow ?? INGEST_SCHEDULE_DEFAULTS.catchupWindow,
    pauseOnFailure: options.pauseOnFailure ?? INGEST_SCHEDULE_DEFAULTS.pauseOnFailure,
    note:
      options.note ??
      (length === DEFAULT_INGEST_OPTIONS.partition
        ? INGEST_SCHEDULE_DEFAULTS.note
        : `Hacker News item ingest: each run ingests the ${length} ending at its scheduled time.`),
    staticSummary: options.staticSummary ?? ingestScheduleSummary(length),
    workflowType: INGEST_WORKFLOW_TYPE,
    workflowId: options.workflowId ?? DEFAULT_INGEST_WORKFLOW_ID,
    // Ahead of backfills, behind the follower, on shared workers (PRIORITY_KEYS of @hn/contract).
    priority: options.priority ?? SCHEDULED_INGEST_PRIORITY,
    // The workflow's default partition needs no argument; the schedule then reads as it always has.
    args:
      length === DEFAULT_INGEST_OPTIONS.partition
        ? []
        : [{ partition: length } satisfies HackerNewsIngestInput],
  };
}

/**
 * A partition longer than the interval makes every run re-ingest what the runs before it stored
 * (every minute, two days): refused. With a cron the period is not one number; it is not checked.
 *
 * @throws ScheduleValidationError `PARTITION_EXCEEDS_INTERVAL`.
 */
function checkPartitionFits(partition: string, every: EnsureScheduleOptions['every']): void {
  if (every === undefined) return;
  const partitionMs = parsePartition(partition) as number;
  const everyMs = parseInterval(every);
  if (partitionMs > everyMs) {
    throw new ScheduleValidationError(
      'PARTITION_EXCEEDS_INTERVAL',
      'partition',
      `partition (${partition}) is longer than the interval (${formatDuration(everyMs)}): every run would ingest again what the runs before it stored. Give a partition of at most the interval (by default it is the interval).`,
    );
  }
}

/**
 * The partition each run ingests: `partition` when given, else the interval, else `1h`.
 *
 * @throws ScheduleValidationError `INVALID_DURATION` for a partition, or an interval used as one,
 * that is not a whole number of seconds from 1 second to 31 days.
 */
function partitionOf(partition: string | undefined, every: EnsureScheduleOptions['every']): string {
  if (partition !== undefined) {
    const problems: InputProblem[] = [];
    const ms = checkOption(INGEST_OPTIONS.partition, 'partition', partition, problems);
    if (typeof ms !== 'number') {
      throw new ScheduleValidationError('INVALID_DURATION', 'partition', `${problems.join('; ')}.`);
    }
    return formatPartition(ms) as string;
  }
  if (every === undefined) return DEFAULT_INGEST_OPTIONS.partition;
  const length = formatPartition(parseInterval(every));
  if (length === undefined) {
    throw new ScheduleValidationError(
      'INVALID_DURATION',
      'every',
      `Each run ingests one interval, so the interval must be a whole number of seconds up to 31 days, got ${JSON.stringify(every)}. Give a partition to ingest another length.`,
    );
  }
  return length;
}
