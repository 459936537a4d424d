import { DURATION_HELP, resolveInput, type HackerNewsInput } from '@hn/contract';
import { SCHEDULE_DEFAULTS } from './constants';
import { ScheduleValidationError } from './errors';
import { INGEST_SCHEDULE_DEFAULTS } from './ingest-schedule';
import { OVERLAP_POLICIES, parseOverlapPolicy, type OverlapPolicy } from './overlap-policy';
import type { EnsureScheduleOptions } from './schedule-options';

/** A schedule's timing and policy settings as a command line or a form gives them: text. */
export interface ScheduleSettingsText {
  every?: string;
  cron?: string;
  timezone?: string;
  jitter?: string;
  /** An overlap policy in any case, `-` or `_`: `skip`, `buffer-all`, `ALLOW_ALL`. */
  overlap?: string;
  catchupWindow?: string;
  note?: string;
  /** A switch: `true` pauses the schedule when a run fails, `false` keeps it running. */
  pauseOnFailure?: boolean;
  /** A switch: `true` creates (or sets) the schedule paused. */
  paused?: boolean;
}

/**
 * One schedule setting as text gives it: what its value is (`duration`, `zone` ...; none for a
 * switch), a one-line doc, the default on create as text, the accepted words, and for a switch
 * what leaving it off means.
 */
export interface ScheduleSettingRow {
  readonly value?: string;
  readonly doc: string;
  readonly default?: string;
  readonly choices?: readonly string[];
  readonly off?: string;
  /** Refused when empty, before the setting's own check. */
  readonly nonEmpty?: boolean;
}

/** An overlap policy as text writes it: `BUFFER_ALL` → `buffer-all`. */
export function overlapPolicyText(policy: OverlapPolicy): string {
  return policy.toLowerCase().replace(/_/g, '-');
}

/** The defaults {@link scheduleSettingRows} shows: `SCHEDULE_DEFAULTS` or `INGEST_SCHEDULE_DEFAULTS`. */
interface ScheduleSettingDefaults {
  every: string;
  overlap: OverlapPolicy;
  catchupWindow: string;
}

/**
 * The settings of {@link ScheduleSettingsText}, plus `pauseOnFailure` and `paused`, one row each
 * with `defaults` shown: the single definition a command line's flags and help derive from.
 * `SCHEDULE_SETTINGS` and `INGEST_SCHEDULE_SETTINGS` are its two uses.
 */
function scheduleSettingRows(defaults: ScheduleSettingDefaults) {
  return Object.freeze({
    every: { value: 'duration', doc: `interval: ${DURATION_HELP}`, default: defaults.every },
    cron: {
      value: 'expression',
      doc: 'cron with 5 to 7 fields, e.g. "0 * * * *", or @hourly, @daily',
    },
    timezone: {
      value: 'zone',
      doc: 'IANA time zone of the cron expression, e.g. Europe/Paris',
      default: 'UTC',
    },
    jitter: {
      value: 'duration',
      doc: 'delay each run randomly by up to this much (at most the interval)',
    },
    overlap: {
      value: 'policy',
      doc: 'when a run is due while one is running',
      choices: OVERLAP_POLICIES.map(overlapPolicyText),
      default: overlapPolicyText(defaults.overlap),
    },
    catchupWindow: {
      value: 'duration',
      doc: 'how late a run missed during an outage may still start',
      default: defaults.catchupWindow,
    },
    note: { value: 'text', doc: "the schedule's note, shown by describe, list and the Web UI" },
    pauseOnFailure: {
      doc: 'pause the schedule when a run fails',
      off: 'keep running when a run fails',
    },
    paused: { doc: 'create it paused' },
  } as const satisfies Readonly<Record<string, ScheduleSettingRow>>);
}

/** The pipeline schedule's settings (`ensureSchedule`), with `SCHEDULE_DEFAULTS`. */
export const SCHEDULE_SETTINGS = scheduleSettingRows(SCHEDULE_DEFAULTS);

/**
 * The ingest schedule's settings (`ensureIngestSchedule`), with `INGEST_SCHEDULE_DEFAULTS`, and
 * its `partition`.
 */
export const INGEST_SCHEDULE_SETTINGS = Object.freeze({
  ...scheduleSettingRows(INGEST_SCHEDULE_DEFAULTS),
  partition: {
    value: 'length',
    doc: `window each run ingests, ending at its scheduled time: ${DURATION_HELP}, at most the interval`,
    default: `the interval, or ${INGEST_SCHEDULE_DEFAULTS.every} with cron`,
    nonEmpty: true,
  },
} as const satisfies Readonly<Record<string, ScheduleSettingRow>>);

/** The settings {@link scheduleSettingsFrom} returns: those given, nothing else. */
export type ScheduleSettings = Pick<
  EnsureScheduleOptions,
  | 'every'
  | 'cron'
  | 'timezone'
  | 'jitter'
  | 'overlap'
  | 'catchupWindow'
  | 'note'
  | 'pauseOnFailure'
  | 'paused'
>;

/**
 * The settings given as text, as `ensureSchedule`, `ensureIngestSchedule` and `updateSchedule`
 * take them, the switches (`pauseOnFailure`, `paused`) included: the ones given only (an update
 * keeps the others), the overlap policy parsed. The
 * rest is checked by the function they are passed to, before any call.
 *
 * ```ts
 * await ensureSchedule(client, { ...scheduleSettingsFrom({ every: '30m', overlap: 'buffer-one' }) });
 * ```
 *
 * @throws ScheduleValidationError (`INVALID_OVERLAP_POLICY`) naming `overlapName`.
 */
export function scheduleSettingsFrom(
  text: ScheduleSettingsText,
  overlapName = '--overlap',
): ScheduleSettings {
  return {
    ...(text.every !== undefined && { every: text.every }),
    ...(text.cron !== undefined && { cron: text.cron }),
    ...(text.timezone !== undefined && { timezone: text.timezone }),
    ...(text.jitter !== undefined && { jitter: text.jitter }),
    ...(text.overlap !== undefined && { overlap: parseOverlapPolicy(text.overlap, overlapName) }),
    ...(text.catchupWindow !== undefined && { catchupWindow: text.catchupWindow }),
    ...(text.note !== undefined && { note: text.note }),
    ...(text.pauseOnFailure !== undefined && { pauseOnFailure: text.pauseOnFailure }),
    ...(text.paused !== undefined && { paused: text.paused }),
  };
}

/** The pipeline input fields a command line sets on a schedule's runs. */
export interface ScheduledInputText {
  limit?: number;
  list?: string;
  output?: string;
}

/**
 * The input of `HackerNewsWorkflow` the schedule's runs take, from the fields given, checked
 * with the workflow's own rules now rather than at every scheduled run.
 *
 * @throws ScheduleValidationError (`INVALID_WORKFLOW_INPUT`) listing every problem.
 */
export function scheduledInputFrom(text: ScheduledInputText): HackerNewsInput {
  const input: Record<string, unknown> = {};
  if (text.limit !== undefined) input.limit = text.limit;
  if (text.list !== undefined) input.list = text.list;
  if (text.output !== undefined) input.output = text.output;
  checkScheduledInput(input);
  return input;
}

/**
 * Checks a scheduled run's input with `HackerNewsWorkflow`'s own rules (`resolveInput`).
 *
 * @throws ScheduleValidationError (`INVALID_WORKFLOW_INPUT`, field `args`) listing every problem.
 */
export function checkScheduledInput(input: unknown): asserts input is HackerNewsInput {
  const { problems } = resolveInput(input);
  if (problems.length > 0) {
    throw new ScheduleValidationError(
      'INVALID_WORKFLOW_INPUT',
      'args',
      `Invalid workflow input: ${problems.join('; ')}.`,
    );
  }
}

/**
 * An `updateSchedule` `args` function that sets `input`'s fields on the schedule's input and
 * keeps the others, checked again as a whole.
 *
 * ```ts
 * await updateSchedule(client, { scheduleId, args: mergeScheduledInput(scheduleId, { limit: 50 }) });
 * ```
 *
 * @throws ScheduleValidationError (`INVALID_WORKFLOW_INPUT`), when called, for a schedule that
 *   starts its workflow with more than one argument (they would be dropped) or a merged input the
 *   workflow refuses.
 */
export function mergeScheduledInput(
  scheduleId: string,
  input: HackerNewsInput,
): (previous: readonly unknown[]) => [HackerNewsInput] {
  return (previous) => {
    if (previous.length > 1) {
      throw new ScheduleValidationError(
        'INVALID_WORKFLOW_INPUT',
        'args',
        `Schedule '${scheduleId}' starts its workflow with ${previous.length} arguments; HackerNewsWorkflow takes ` +
          'one, its input, which --limit, --list and --output change. Recreate the schedule with ' +
          "'schedule delete' then 'schedule create' rather than drop the others silently.",
      );
    }
    const first = previous[0];
    const merged = {
      ...(typeof first === 'object' && first !== null && !Array.isArray(first) ? first : {}),
      ...input,
    };
    checkScheduledInput(merged);
    return [merged];
  };
}
