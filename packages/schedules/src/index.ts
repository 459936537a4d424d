/**
 * Temporal Schedules for the Hacker News pipeline: create-or-update (`ensureSchedule`,
 * `ensureIngestSchedule`), describe, list, pause, trigger, backfill and delete, with every option
 * validated before any call (`ScheduleValidationError` with a stable `code` and `field`).
 *
 * ```ts
 * import { Client } from '@temporalio/client';
 * import { ensureIngestSchedule, ingestScheduleBackfillTarget } from '@hn/schedules';
 *
 * const client = new Client();
 * await ensureIngestSchedule(client, { every: '15m' }); // each run ingests the 15m ending at it
 * const { partition, taskQueue } = await ingestScheduleBackfillTarget(client, 'hackernews-ingest');
 * ```
 *
 * Durations (`every`, `jitter`, `catchupWindow`, `partition`) read `@hn/contract`'s one grammar:
 * `30s`, `10m`, `6h`, `1d`, `1h30m`.
 *
 * @module
 */
export {
  BACKFILL_CLOCK_SKEW_MS,
  backfillSchedule,
  buildBackfill,
  DEFAULT_BACKFILL_OVERLAP,
  MAX_BACKFILL_RUNS,
  type BackfillResult,
  type BackfillScheduleOptions,
  type BuiltBackfill,
} from './backfill';
export { SCHEDULE_DEFAULTS } from './constants';
export {
  formatDuration,
  parseDuration,
  type DurationInput,
  type ParseDurationOptions,
} from './duration';
export { ensureSchedule, type EnsureScheduleResult } from './ensure-schedule';
export {
  buildIngestScheduleOptions,
  ensureIngestSchedule,
  INGEST_SCHEDULE_DEFAULTS,
  type EnsureIngestScheduleOptions,
} from './ingest-schedule';
export {
  ingestScheduleBackfillTarget,
  type IngestScheduleBackfillTarget,
} from './ingest-schedule-backfill';
export {
  ScheduleNotFoundError,
  ScheduleValidationError,
  type ScheduleValidationCode,
} from './errors';
export type { ScheduleClientLike } from './internal/client';
export { OVERLAP_POLICIES, parseOverlapPolicy, type OverlapPolicy } from './overlap-policy';
export { countScheduledTimes, type CountScheduledTimesOptions } from './scheduled-times';
export {
  defaultScheduleNote,
  joinScheduleNote,
  splitScheduleNote,
  type ScheduleNotes,
} from './schedule-note';
export {
  deleteSchedule,
  describeSchedule,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  type ListSchedulesOptions,
  type PauseScheduleOptions,
  type ScheduleRef,
  type TriggerScheduleOptions,
} from './schedule-operations';
export {
  buildScheduleOptions,
  buildScheduleUpdate,
  MIN_CATCHUP_WINDOW_MS,
  validateScheduleUpdate,
  type BuiltScheduleOptions,
  type BuiltScheduleUpdate,
  type EnsureScheduleOptions,
  type ScheduleActionOptions,
  type SchedulePolicyOptions,
  type ScheduleStateOptions,
  type UpdateScheduleOptions,
} from './schedule-options';
export {
  formatCalendar,
  toScheduleListItemView,
  toScheduleView,
  toSpecView,
  type ScheduleListItemView,
  type ScheduleRunView,
  type ScheduleSpecView,
  type ScheduleView,
} from './schedule-view';
export {
  buildScheduleSpec,
  MIN_INTERVAL_MS,
  parseInterval,
  parseJitter,
  validateCron,
  validateTimezone,
  type ScheduleTiming,
  type ValidateCronOptions,
} from './spec';
export {
  checkScheduledInput,
  INGEST_SCHEDULE_SETTINGS,
  mergeScheduledInput,
  overlapPolicyText,
  SCHEDULE_SETTINGS,
  scheduledInputFrom,
  scheduleSettingsFrom,
  type ScheduledInputText,
  type ScheduleSettingRow,
  type ScheduleSettings,
  type ScheduleSettingsText,
} from './settings-from-text';
export { formatScheduleView } from './schedule-view-text';
export { updateSchedule } from './update-schedule';
