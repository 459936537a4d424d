/** Stable codes of {@link ScheduleValidationError}. */
export type ScheduleValidationCode =
  | 'INVALID_DURATION'
  | 'INVALID_CRON'
  | 'UNKNOWN_TIMEZONE'
  | 'JITTER_TOO_LARGE'
  | 'CONFLICTING_SPEC'
  | 'MISSING_SPEC'
  | 'INVALID_OVERLAP_POLICY'
  | 'INVALID_DATE'
  | 'INVALID_BACKFILL_RANGE'
  | 'BACKFILL_TOO_LARGE'
  | 'INVALID_SCHEDULE_ID'
  | 'INVALID_LIMIT'
  | 'PARTITION_EXCEEDS_INTERVAL'
  | 'NOT_AN_INGEST_SCHEDULE'
  | 'INVALID_WORKFLOW_INPUT';

/**
 * Raised before any call to the server when schedule options are invalid. `code` is stable and
 * safe to match on; `field` names the offending option (`every`, `cron`, `jitter`, ...).
 */
export class ScheduleValidationError extends Error {
  readonly code: ScheduleValidationCode;
  readonly field: string;

  constructor(code: ScheduleValidationCode, field: string, message: string) {
    super(message);
    this.name = 'ScheduleValidationError';
    this.code = code;
    this.field = field;
  }
}

/**
 * Raised when a schedule does not exist (never created, or deleted). Wraps the SDK's
 * `ScheduleNotFoundError`, available as `cause`.
 */
export class ScheduleNotFoundError extends Error {
  readonly code = 'SCHEDULE_NOT_FOUND';
  readonly scheduleId: string;

  constructor(scheduleId: string, options?: { cause?: unknown }) {
    super(
      `Schedule '${scheduleId}' does not exist: create it first (ensureSchedule, ensureIngestSchedule), ` +
        'and check the namespace the client is connected to.',
      options,
    );
    this.name = 'ScheduleNotFoundError';
    this.scheduleId = scheduleId;
  }
}
