import type { ScheduleSpec } from '@temporalio/client';
import { parseDuration, type DurationInput } from './duration';
import { ScheduleValidationError } from './errors';
import { CRON_SHORTHANDS, cronTimes, parseCronFields } from './internal/cron-fields';

/**
 * When a schedule runs: exactly one of `every` or `cron`, plus an optional time zone and jitter.
 */
export interface ScheduleTiming {
  /** Interval between runs, at least one second: `'1h'`, `'10m'`, or milliseconds. */
  every?: DurationInput;
  /**
   * A cron expression with 5 (minute hour day-of-month month day-of-week), 6 (plus year) or 7
   * (second first, plus year) fields, or `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`.
   */
  cron?: string;
  /** IANA time zone for `cron`, such as `Europe/Paris`. Default: UTC. */
  timezone?: string;
  /** Each run starts up to this much later, at random. Must not exceed `every`. Default: 0. */
  jitter?: DurationInput;
}

/** Smallest interval: the server rounds intervals to whole seconds. */
export const MIN_INTERVAL_MS = 1000;

/**
 * Validates a {@link ScheduleTiming} and turns it into the SDK's `ScheduleSpec`, with durations
 * in milliseconds. Pure: no server call.
 *
 * @throws ScheduleValidationError `CONFLICTING_SPEC` (both `every` and `cron`), `MISSING_SPEC`
 *   (neither), `INVALID_DURATION`, `INVALID_CRON`, `UNKNOWN_TIMEZONE` or `JITTER_TOO_LARGE`.
 */
export function buildScheduleSpec(timing: ScheduleTiming): ScheduleSpec {
  const { every, cron } = timing;
  if (every !== undefined && cron !== undefined) {
    throw new ScheduleValidationError(
      'CONFLICTING_SPEC',
      'every',
      'Give either an interval (every) or a cron expression, not both.',
    );
  }
  if (every === undefined && cron === undefined) {
    throw new ScheduleValidationError(
      'MISSING_SPEC',
      'every',
      "Give an interval (every, e.g. '1h') or a cron expression (e.g. '0 * * * *').",
    );
  }
  const spec: ScheduleSpec = {};
  let everyMs: number | undefined;
  if (every !== undefined) {
    everyMs = parseInterval(every);
    spec.intervals = [{ every: everyMs }];
  }
  if (timing.timezone !== undefined) spec.timezone = validateTimezone(timing.timezone);
  if (cron !== undefined) spec.cronExpressions = [validateCron(cron, { timezone: spec.timezone })];
  if (timing.jitter !== undefined) {
    spec.jitter = parseJitter(timing.jitter, everyMs);
  }
  return spec;
}

/**
 * Parses an interval: at least one second.
 *
 * @throws ScheduleValidationError `INVALID_DURATION` when zero, negative, too small or unparseable.
 */
export function parseInterval(every: DurationInput): number {
  return parseDuration(every, { field: 'every', minMs: MIN_INTERVAL_MS });
}

/**
 * Parses a jitter and checks it against the interval when there is one.
 *
 * @throws ScheduleValidationError `INVALID_DURATION` or `JITTER_TOO_LARGE`.
 */
export function parseJitter(jitter: DurationInput, everyMs?: number): number {
  const jitterMs = parseDuration(jitter, { field: 'jitter' });
  if (everyMs !== undefined && jitterMs > everyMs) {
    throw new ScheduleValidationError(
      'JITTER_TOO_LARGE',
      'jitter',
      `Jitter ${String(jitter)} is larger than the interval (${everyMs} ms): runs would drift into the next slot. Use a jitter below the interval.`,
    );
  }
  return jitterMs;
}

/** Options of {@link validateCron}. */
export interface ValidateCronOptions {
  /** IANA time zone the expression is evaluated in. Default UTC. */
  timezone?: string | undefined;
  /** The expression must match a time after this one. Default: now. */
  now?: Date;
}

/**
 * Checks a cron expression with the server's own rules (field count, each field's syntax and
 * range, month and day names; see the README), then that it matches at least one time after
 * `now`, so an expression that can never fire (`0 0 31 2 *`: day 31 of February) is rejected
 * here rather than left to run nothing. Returns the expression without its comment, fields
 * separated by one space, a shorthand in lower case.
 *
 * @throws ScheduleValidationError `INVALID_CRON` saying which field is wrong, or that it never
 *   fires.
 */
export function validateCron(cron: string, options: ValidateCronOptions = {}): string {
  const expression = cron.replace(/#.*$/, '').trim();
  const fail = (why: string): never => {
    throw new ScheduleValidationError(
      'INVALID_CRON',
      'cron',
      `Invalid cron expression '${cron}': ${why}`,
    );
  };
  if (/^(CRON_)?TZ=/i.test(expression)) {
    fail('give the time zone separately (timezone option or --timezone), not as a prefix.');
  }
  let fields: string[];
  let normalized: string;
  if (expression.startsWith('@')) {
    normalized = expression.toLowerCase();
    const expanded = CRON_SHORTHANDS[normalized];
    if (expanded === undefined) {
      return fail(
        `unknown shorthand; use one of ${Object.keys(CRON_SHORTHANDS).join(', ')}, or an interval instead of @every.`,
      );
    }
    fields = expanded.split(' ');
  } else {
    fields = expression.split(/\s+/).filter(Boolean);
    normalized = fields.join(' ');
  }
  if (fields.length < 5 || fields.length > 7) {
    fail(
      `expected 5 fields (minute hour day-of-month month day-of-week), 6 (plus year) or 7 (second first), got ${fields.length}. Example: '0 * * * *' runs at the top of every hour.`,
    );
  }
  let times;
  try {
    times = cronTimes(parseCronFields(fields), options.timezone);
  } catch (error) {
    return fail(`${(error as Error).message}.`);
  }
  const now = options.now ?? new Date();
  if (times.nextRun(now) === null) {
    fail(
      `it matches no time after ${now.toISOString()}, so the schedule would never run. ` +
        'Check the day of the month against the month (e.g. 31 in February) and the year; ' +
        'day-of-month and day-of-week must both match.',
    );
  }
  return normalized;
}

/**
 * Checks that a time zone is a known IANA name (through `Intl.DateTimeFormat`) and returns it.
 *
 * @throws ScheduleValidationError `UNKNOWN_TIMEZONE`.
 */
export function validateTimezone(timezone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    if (timezone.trim() === '') throw new RangeError('empty');
    return timezone;
  } catch {
    throw new ScheduleValidationError(
      'UNKNOWN_TIMEZONE',
      'timezone',
      `Unknown time zone '${timezone}': use an IANA name such as UTC, Europe/Paris or America/New_York.`,
    );
  }
}
