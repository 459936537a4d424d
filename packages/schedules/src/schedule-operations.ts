import type { ScheduleDescription, ScheduleSummary } from '@temporalio/client';
import { DEFAULT_SCHEDULE_ID } from '@hn/contract';
import { ScheduleValidationError } from './errors';
import { onSchedule, type ScheduleClientLike } from './internal/client';
import { parseOverlapPolicy, type OverlapPolicy } from './overlap-policy';
import {
  defaultPauseNote,
  defaultScheduleNote,
  joinScheduleNote,
  splitScheduleNote,
} from './schedule-note';
import { validateScheduleId } from './schedule-options';
import { toSpecView } from './schedule-view';

/** Identifies one schedule. */
export interface ScheduleRef {
  /** Default `'hackernews-schedule'`. */
  scheduleId?: string;
}

/** Options of {@link pauseSchedule}. */
export interface PauseScheduleOptions extends ScheduleRef {
  /**
   * Why it is paused: the pause note, shown while paused (`ScheduleView.pauseNote`). The
   * schedule's own note is kept. Default `'since <ISO time>'`.
   */
  note?: string;
}

/** Options of {@link triggerSchedule}. */
export interface TriggerScheduleOptions extends ScheduleRef {
  /**
   * Overlap policy for this one run. Default: the schedule's own policy (`SKIP` for the
   * pipeline), so a manual run never stacks on a running one; pass `ALLOW_ALL` to force it.
   */
  overlap?: OverlapPolicy;
}

/** Options of {@link listSchedules}. */
export interface ListSchedulesOptions {
  /** At most this many schedules. Default 100. */
  limit?: number;
  /** A visibility query, e.g. `ScheduleId STARTS_WITH 'hackernews'`. */
  query?: string;
}

/**
 * Fetches a schedule's full description: spec, action, policies, state, recent and upcoming runs.
 *
 * @throws ScheduleNotFoundError when the schedule does not exist.
 */
export async function describeSchedule(
  client: ScheduleClientLike,
  { scheduleId = DEFAULT_SCHEDULE_ID }: ScheduleRef = {},
): Promise<ScheduleDescription> {
  validateScheduleId(scheduleId);
  return onSchedule(scheduleId, () => client.schedule.getHandle(scheduleId).describe());
}

/**
 * Lists schedules in the client's namespace, up to `limit`. Listing is eventually consistent:
 * a schedule created a moment ago may be missing, or show stale fields, for a short while.
 *
 * @throws ScheduleValidationError `INVALID_LIMIT` when `limit` is not a positive integer.
 */
export async function listSchedules(
  client: ScheduleClientLike,
  { limit = 100, query }: ListSchedulesOptions = {},
): Promise<ScheduleSummary[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ScheduleValidationError(
      'INVALID_LIMIT',
      'limit',
      `Invalid limit '${limit}': expected a positive integer.`,
    );
  }
  const schedules: ScheduleSummary[] = [];
  for await (const schedule of client.schedule.list({
    pageSize: Math.min(limit, 1000),
    ...(query && { query }),
  })) {
    schedules.push(schedule);
    if (schedules.length >= limit) break;
  }
  return schedules;
}

/**
 * Pauses a schedule: no run starts until it is unpaused (runs already started continue). The
 * reason goes into the pause note; the schedule's own note is kept (Temporal has one note field:
 * see the README's "Notes"). Pausing a paused schedule replaces its reason.
 *
 * @throws ScheduleNotFoundError when the schedule does not exist.
 */
export async function pauseSchedule(
  client: ScheduleClientLike,
  { scheduleId = DEFAULT_SCHEDULE_ID, note }: PauseScheduleOptions = {},
): Promise<void> {
  validateScheduleId(scheduleId);
  const handle = client.schedule.getHandle(scheduleId);
  await onSchedule(scheduleId, async () => {
    const { state } = await handle.describe();
    const current = splitScheduleNote(state.note, state.paused);
    await handle.pause(
      joinScheduleNote({ note: current.note, pauseNote: note ?? defaultPauseNote() }),
    );
  });
}

/**
 * Unpauses a schedule and drops the pause note, giving the schedule its own note back (or the
 * default note of its timing, when whatever paused it replaced the note). Runs missed while
 * paused are not taken (backfill them if needed).
 *
 * @throws ScheduleNotFoundError when the schedule does not exist.
 */
export async function unpauseSchedule(
  client: ScheduleClientLike,
  { scheduleId = DEFAULT_SCHEDULE_ID }: ScheduleRef = {},
): Promise<void> {
  validateScheduleId(scheduleId);
  const handle = client.schedule.getHandle(scheduleId);
  await onSchedule(scheduleId, async () => {
    const { spec, state } = await handle.describe();
    const { note } = splitScheduleNote(state.note, state.paused);
    // The server unpauses only on a non-empty note, so there is always one.
    await handle.unpause(note || defaultScheduleNote(toSpecView(spec).text));
  });
}

/**
 * Starts a run now, even when the schedule is paused.
 *
 * @throws ScheduleValidationError for an unknown overlap policy.
 * @throws ScheduleNotFoundError when the schedule does not exist.
 */
export async function triggerSchedule(
  client: ScheduleClientLike,
  { scheduleId = DEFAULT_SCHEDULE_ID, overlap }: TriggerScheduleOptions = {},
): Promise<void> {
  validateScheduleId(scheduleId);
  const requested = overlap === undefined ? undefined : parseOverlapPolicy(String(overlap));
  const handle = client.schedule.getHandle(scheduleId);
  await onSchedule(scheduleId, async () => {
    const policy = requested ?? (await handle.describe()).policies.overlap ?? 'SKIP';
    await handle.trigger(policy);
  });
}

/**
 * Deletes a schedule. Runs it already started are not affected.
 *
 * @throws ScheduleNotFoundError when the schedule does not exist.
 */
export async function deleteSchedule(
  client: ScheduleClientLike,
  { scheduleId = DEFAULT_SCHEDULE_ID }: ScheduleRef = {},
): Promise<void> {
  validateScheduleId(scheduleId);
  await onSchedule(scheduleId, () => client.schedule.getHandle(scheduleId).delete());
}
