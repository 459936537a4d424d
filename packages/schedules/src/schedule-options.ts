import type {
  CalendarSpecDescription,
  ScheduleDescription,
  ScheduleOptions,
  ScheduleOptionsStartWorkflowAction,
  ScheduleSpec,
  ScheduleUpdateOptions,
  Workflow,
} from '@temporalio/client';
import {
  DEFAULT_SCHEDULE_ID,
  DEFAULT_WORKFLOW_ID,
  TASK_QUEUE,
  WORKFLOW_TYPE,
  detailsText,
  summaryText,
  type RunPriority,
} from '@hn/contract';
import { SCHEDULE_DEFAULTS } from './constants';
import { formatDuration, parseDuration, type DurationInput } from './duration';
import { ScheduleValidationError } from './errors';
import { parseOverlapPolicy, type OverlapPolicy } from './overlap-policy';
import {
  defaultPauseNote,
  defaultScheduleNote,
  isDefaultScheduleNote,
  joinScheduleNote,
  splitScheduleNote,
} from './schedule-note';
import { formatCalendar } from './schedule-view';
import {
  buildScheduleSpec,
  parseInterval,
  parseJitter,
  validateCron,
  validateTimezone,
  type ScheduleTiming,
} from './spec';

/** Smallest catch-up window the server honours; shorter windows are rejected up front. */
export const MIN_CATCHUP_WINDOW_MS = 10_000;

/** What each run starts. Defaults target the Hacker News pipeline. */
export interface ScheduleActionOptions<W extends Workflow = Workflow> {
  /** Workflow type name. Default `'HackerNewsWorkflow'`. */
  workflowType?: string;
  /** Task queue of the workers. Default `'hackernews-task-queue'`. */
  taskQueue?: string;
  /**
   * Workflow id prefix; Temporal appends the scheduled time to it for each run.
   * Default `'hackernews-workflow'`.
   */
  workflowId?: string;
  /** The workflow's arguments, e.g. `[{ limit: 10, list: 'top' }]`. Default `[]`. */
  args?: Parameters<W>;
  /**
   * One-line summary of the runs the schedule starts: every run started or backfilled by it
   * carries it, and the Web UI shows it in its workflow lists. Made one safe line and cut to
   * 200 characters (`summaryText` of `@hn/contract`). Default: none.
   */
  staticSummary?: string;
  /**
   * Static details (Temporal Markdown) of the runs the schedule starts, shown on a run's page.
   * Control characters other than line breaks are dropped; cut to 2,000 characters. Default:
   * none.
   */
  staticDetails?: string;
  /** Temporal priority of the runs the schedule starts. Default: the server's (3). */
  priority?: RunPriority;
}

/** How the schedule behaves around overlaps, outages and failures. */
export interface SchedulePolicyOptions {
  /** What to do when a run is due while the previous one still runs. Default `SKIP`. */
  overlap?: OverlapPolicy;
  /** How late a missed run may still start after an outage; at least 10s. Default `10m`. */
  catchupWindow?: DurationInput;
  /** Pause the schedule when a run fails (after its retries). Default `false`. */
  pauseOnFailure?: boolean;
}

/** The schedule's state. */
export interface ScheduleStateOptions {
  /**
   * The schedule's own note, shown in `describe`, `list` and the Web UI. Default on create:
   * derived from the timing (`'Hacker News pipeline (every 1h).'`), and kept in step with the
   * timing on update while it is that default. A pause reason is kept apart (see
   * `pauseSchedule`).
   */
  note?: string;
  /** Create paused, or pause/unpause on update. Default: not paused on create, unchanged on update. */
  paused?: boolean;
}

/**
 * Everything {@link ensureSchedule} needs; all optional. With no timing, the schedule runs
 * every hour.
 */
export interface EnsureScheduleOptions<W extends Workflow = Workflow>
  extends ScheduleTiming, SchedulePolicyOptions, ScheduleStateOptions, ScheduleActionOptions<W> {
  /** Default `'hackernews-schedule'`. */
  scheduleId?: string;
  /** Non-indexed data attached to the schedule. Set on create only: the server cannot update it. */
  memo?: Record<string, unknown>;
}

/**
 * A partial change to an existing schedule: only the options given change. Setting `every`
 * replaces a cron expression and the other way round. `args` may be a function of the current
 * arguments, to change one field of the workflow input.
 */
export interface UpdateScheduleOptions<W extends Workflow = Workflow>
  extends
    ScheduleTiming,
    SchedulePolicyOptions,
    ScheduleStateOptions,
    Omit<ScheduleActionOptions<W>, 'args'> {
  /** Default `'hackernews-schedule'`. */
  scheduleId?: string;
  args?: Parameters<W> | ((previous: readonly unknown[]) => Parameters<W>);
}

/** The SDK's create options for a start-workflow schedule. */
export type BuiltScheduleOptions<W extends Workflow = Workflow> = ScheduleOptions<
  ScheduleOptionsStartWorkflowAction<W>
>;

/** The SDK's update options for a start-workflow schedule. */
export type BuiltScheduleUpdate<W extends Workflow = Workflow> = ScheduleUpdateOptions<
  ScheduleOptionsStartWorkflowAction<W>
>;

/**
 * Validates options and fills in the hourly pipeline's defaults ({@link SCHEDULE_DEFAULTS}),
 * returning what `client.schedule.create` expects. Pure: no server call.
 *
 * @throws ScheduleValidationError for any invalid option (see {@link buildScheduleSpec}), an
 *   empty schedule id, an unknown overlap policy or a catch-up window under 10 seconds.
 */
export function buildScheduleOptions<W extends Workflow = Workflow>(
  options: EnsureScheduleOptions<W> = {},
): BuiltScheduleOptions<W> {
  const scheduleId = validateScheduleId(options.scheduleId);
  const timing: ScheduleTiming =
    options.every === undefined && options.cron === undefined
      ? { ...options, every: SCHEDULE_DEFAULTS.every }
      : options;
  const spec = buildScheduleSpec(pickTiming(timing));
  const built: BuiltScheduleOptions<W> = {
    scheduleId,
    spec,
    action: buildAction(options),
    policies: {
      overlap: validateOverlap(options.overlap ?? SCHEDULE_DEFAULTS.overlap),
      catchupWindow: parseCatchupWindow(options.catchupWindow ?? SCHEDULE_DEFAULTS.catchupWindow),
      pauseOnFailure: options.pauseOnFailure ?? SCHEDULE_DEFAULTS.pauseOnFailure,
    },
    state: {
      note: joinScheduleNote({
        note: options.note ?? defaultScheduleNote(timingText(spec)),
        ...(options.paused === true && { pauseNote: defaultPauseNote() }),
      }),
      ...(options.paused !== undefined && { paused: options.paused }),
    },
  };
  if (options.memo !== undefined) built.memo = options.memo;
  return built;
}

/**
 * Validates every option of a partial update without a server call: the checks that need the
 * current schedule (a new jitter against the current interval) run in
 * {@link buildScheduleUpdate}.
 *
 * @throws ScheduleValidationError
 */
export function validateScheduleUpdate<W extends Workflow>(
  options: UpdateScheduleOptions<W>,
): void {
  validateScheduleId(options.scheduleId);
  if (options.every !== undefined && options.cron !== undefined) {
    throw new ScheduleValidationError(
      'CONFLICTING_SPEC',
      'every',
      'Give either an interval (every) or a cron expression, not both.',
    );
  }
  const everyMs = options.every === undefined ? undefined : parseInterval(options.every);
  if (options.timezone !== undefined) validateTimezone(options.timezone);
  if (options.cron !== undefined) validateCron(options.cron, { timezone: options.timezone });
  if (options.jitter !== undefined) parseJitter(options.jitter, everyMs);
  if (options.overlap !== undefined) validateOverlap(options.overlap);
  if (options.catchupWindow !== undefined) parseCatchupWindow(options.catchupWindow);
}

/**
 * Applies a partial update to a schedule's current description and returns the complete
 * definition `handle.update` expects. Options not given keep their current value. Pure.
 *
 * @throws ScheduleValidationError as {@link validateScheduleUpdate}, and `JITTER_TOO_LARGE` when
 *   the resulting jitter exceeds the resulting interval.
 */
export function buildScheduleUpdate<W extends Workflow = Workflow>(
  previous: ScheduleDescription,
  options: UpdateScheduleOptions<W>,
): BuiltScheduleUpdate<W> {
  validateScheduleUpdate(options);
  const spec: ScheduleSpec = { ...previous.spec };
  if (options.every !== undefined) {
    spec.intervals = [{ every: parseInterval(options.every) }];
    spec.calendars = [];
    delete spec.cronExpressions;
  }
  if (options.cron !== undefined) {
    spec.cronExpressions = [
      validateCron(options.cron, { timezone: options.timezone ?? previous.spec.timezone }),
    ];
    spec.intervals = [];
    spec.calendars = [];
  }
  if (options.timezone !== undefined) spec.timezone = options.timezone;
  if (options.jitter !== undefined || options.every !== undefined) {
    // `Duration` comes from @temporalio/common; this package sees it as number | string.
    const interval = spec.intervals?.[0]?.every as DurationInput | undefined;
    const jitter = options.jitter ?? (spec.jitter as DurationInput | undefined);
    if (jitter !== undefined) {
      spec.jitter = parseJitter(
        jitter,
        interval === undefined ? undefined : parseDuration(interval),
      );
    }
  }

  const { args: previousArgs = [], ...previousAction } = previous.action;
  const args =
    typeof options.args === 'function'
      ? options.args(previousArgs)
      : (options.args ?? previousArgs);
  const action = {
    ...previousAction,
    ...(options.workflowType !== undefined && { workflowType: options.workflowType }),
    ...(options.taskQueue !== undefined && { taskQueue: options.taskQueue }),
    ...(options.workflowId !== undefined && { workflowId: options.workflowId }),
    ...metadataOf(options),
    args,
  } as ScheduleOptionsStartWorkflowAction<W>;

  return {
    spec,
    action,
    policies: {
      overlap:
        options.overlap === undefined
          ? previous.policies.overlap
          : validateOverlap(options.overlap),
      catchupWindow:
        options.catchupWindow === undefined
          ? previous.policies.catchupWindow
          : parseCatchupWindow(options.catchupWindow),
      pauseOnFailure: options.pauseOnFailure ?? previous.policies.pauseOnFailure,
    },
    state: {
      paused: options.paused ?? previous.state.paused,
      note: updatedNote(previous, options, spec),
      remainingActions: previous.state.remainingActions,
    },
  };
}

/**
 * The `state.note` after a partial update: the schedule's note as given, or the default one
 * regenerated when the timing changed and the note was that default; the pause reason kept
 * while paused. Unchanged text when nothing about the note changes.
 */
function updatedNote(
  previous: ScheduleDescription,
  options: UpdateScheduleOptions<Workflow>,
  spec: ScheduleSpec,
): string | undefined {
  const paused = options.paused ?? previous.state.paused;
  const current = splitScheduleNote(previous.state.note, previous.state.paused);
  const timingChanged = [options.every, options.cron, options.timezone, options.jitter].some(
    (value) => value !== undefined,
  );
  const followsTiming =
    timingChanged && (current.note === '' || isDefaultScheduleNote(current.note));
  if (options.note === undefined && paused === previous.state.paused && !followsTiming) {
    return previous.state.note;
  }
  const note =
    options.note ?? (followsTiming ? defaultScheduleNote(timingText(spec)) : current.note);
  return joinScheduleNote({
    note,
    ...(paused && { pauseNote: current.pauseNote ?? defaultPauseNote() }),
  });
}

/**
 * Turns complete options (from {@link buildScheduleOptions}) into an update of an existing
 * schedule: spec, action, policies and the schedule's note are replaced; the paused state and
 * its pause reason are kept unless `paused` is given, so re-running a deployment does not
 * resume a schedule an operator paused.
 */
export function replaceScheduleUpdate<W extends Workflow = Workflow>(
  previous: ScheduleDescription,
  built: BuiltScheduleOptions<W>,
  explicit: ScheduleStateOptions,
): BuiltScheduleUpdate<W> {
  const paused = explicit.paused ?? previous.state.paused;
  const { note } = splitScheduleNote(built.state?.note, built.state?.paused === true);
  const { pauseNote } = splitScheduleNote(previous.state.note, previous.state.paused);
  return {
    spec: built.spec,
    action: built.action,
    policies: built.policies ?? {},
    state: {
      paused,
      note: joinScheduleNote({
        note,
        ...(paused && { pauseNote: pauseNote ?? defaultPauseNote() }),
      }),
    },
  };
}

/** @throws ScheduleValidationError `INVALID_SCHEDULE_ID` for an empty id. */
export function validateScheduleId(scheduleId: string | undefined = DEFAULT_SCHEDULE_ID): string {
  if (typeof scheduleId !== 'string' || scheduleId.trim() === '') {
    throw new ScheduleValidationError(
      'INVALID_SCHEDULE_ID',
      'scheduleId',
      'The schedule id must be a non-empty string.',
    );
  }
  return scheduleId;
}

function buildAction<W extends Workflow>(
  options: ScheduleActionOptions<W>,
): ScheduleOptionsStartWorkflowAction<W> {
  return {
    type: 'startWorkflow',
    workflowType: options.workflowType ?? WORKFLOW_TYPE,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowId: options.workflowId ?? DEFAULT_WORKFLOW_ID,
    args: options.args ?? [],
    ...(options.priority !== undefined && { priority: options.priority }),
    ...metadataOf(options),
  } as ScheduleOptionsStartWorkflowAction<W>;
}

/** The action's summary and details, made safe; an empty one is left out. */
function metadataOf(options: Pick<ScheduleActionOptions, 'staticSummary' | 'staticDetails'>): {
  staticSummary?: string;
  staticDetails?: string;
} {
  const summary = options.staticSummary === undefined ? '' : summaryText(options.staticSummary);
  const details = options.staticDetails === undefined ? '' : detailsText(options.staticDetails);
  return {
    ...(summary !== '' && { staticSummary: summary }),
    ...(details !== '' && { staticDetails: details }),
  };
}

function pickTiming({ every, cron, timezone, jitter }: ScheduleTiming): ScheduleTiming {
  return {
    ...(every !== undefined && { every }),
    ...(cron !== undefined && { cron }),
    ...(timezone !== undefined && { timezone }),
    ...(jitter !== undefined && { jitter }),
  };
}

function validateOverlap(overlap: OverlapPolicy): OverlapPolicy {
  // Also guards JavaScript callers passing a lower-case or unknown string.
  return parseOverlapPolicy(String(overlap));
}

function parseCatchupWindow(value: DurationInput): number {
  return parseDuration(value, { field: 'catchupWindow', minMs: MIN_CATCHUP_WINDOW_MS });
}

/** The timing as one line of text, for the default note: `every 1h`, `cron 0 9 * * 1-5, in UTC`. */
function timingText(spec: ScheduleSpec): string {
  const ms = (value: unknown) => parseDuration(value as DurationInput);
  const parts = [
    ...(spec.intervals ?? []).map((interval) => `every ${formatDuration(ms(interval.every))}`),
    ...(spec.cronExpressions ?? []).map((cron) => `cron ${cron}`),
    // Calendars here are the described ones an update carries over.
    ...((spec.calendars ?? []) as unknown as CalendarSpecDescription[]).map(
      (calendar) => `cron ${formatCalendar(calendar)}`,
    ),
  ];
  if (spec.timezone) parts.push(`in ${spec.timezone}`);
  if (spec.jitter) parts.push(`jitter ${formatDuration(ms(spec.jitter))}`);
  return parts.join(', ') || 'no times';
}
