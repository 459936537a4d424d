import { DURATION_HELP, formatDuration, parseDuration as parseDurationText } from '@hn/contract';
import { ScheduleValidationError } from './errors';

export { formatDuration };

/** A duration: milliseconds as a number, or text such as `'90s'`, `'10m'`, `'1h30m'`, `'2 hours'`. */
export type DurationInput = number | string;

/** Options of {@link parseDuration}. */
export interface ParseDurationOptions {
  /** Option name used in error messages and `ScheduleValidationError.field`. Default `duration`. */
  field?: string;
  /** Smallest accepted value in milliseconds. Default 0. */
  minMs?: number;
}

/**
 * Parses a duration to milliseconds. Accepts a non-negative number of milliseconds, or text in
 * the project's one duration grammar (`@hn/contract`'s `parseDuration`): one or more
 * `<number><unit>` parts (`ms`, `s`, `m`, `h`, `d`, or their long forms), optionally separated by
 * spaces: `'10m'`, `'1h30m'`, `'90 seconds'`.
 *
 * @throws ScheduleValidationError `INVALID_DURATION` when the text cannot be parsed, is
 *   negative (the message says it must be positive), or is below `minMs`.
 */
export function parseDuration(input: DurationInput, options: ParseDurationOptions = {}): number {
  const { field = 'duration', minMs = 0 } = options;
  if (typeof input === 'number' ? input < 0 : input.trim().startsWith('-')) {
    throw new ScheduleValidationError(
      'INVALID_DURATION',
      field,
      `Invalid ${field} '${String(input)}': it must be positive, e.g. 30s, 10m or 1h.`,
    );
  }
  const ms = typeof input === 'number' ? input : parseDurationText(input);
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new ScheduleValidationError(
      'INVALID_DURATION',
      field,
      `Invalid ${field} '${String(input)}': expected ${DURATION_HELP}.`,
    );
  }
  if (ms < minMs) {
    throw new ScheduleValidationError(
      'INVALID_DURATION',
      field,
      `Invalid ${field} '${String(input)}': it must be at least ${formatDuration(minMs)}.`,
    );
  }
  return Math.round(ms);
}
