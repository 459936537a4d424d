import { ScheduleAlreadyRunning, type Workflow } from '@temporalio/client';
import { onSchedule, type ScheduleClientLike } from './internal/client';
import {
  buildScheduleOptions,
  replaceScheduleUpdate,
  type EnsureScheduleOptions,
} from './schedule-options';

/** What {@link ensureSchedule} did. */
export interface EnsureScheduleResult {
  scheduleId: string;
  /** `true` when the schedule was created, `false` when an existing one was updated. */
  created: boolean;
}

/**
 * Creates the schedule, or updates it when it already exists, so that running it twice leaves
 * one schedule with the latest settings. Options are validated before any call; omitted options
 * take the hourly pipeline's defaults (`SCHEDULE_DEFAULTS`).
 *
 * It tries to create first and updates on `ScheduleAlreadyRunning`, so two concurrent calls
 * cannot both create. On update, the spec, action and policies are replaced, while a paused
 * schedule stays paused (with its note) unless `paused` is given. `memo` is set on create only.
 *
 * @example
 * ```ts
 * await ensureSchedule<typeof HackerNewsWorkflow>(client, { every: '1h', args: [{ limit: 10 }] });
 * ```
 * @throws ScheduleValidationError for invalid options (nothing is sent).
 * @throws ScheduleNotFoundError when the schedule is deleted between the create and the update.
 */
export async function ensureSchedule<W extends Workflow = Workflow>(
  client: ScheduleClientLike,
  options: EnsureScheduleOptions<W> = {},
): Promise<EnsureScheduleResult> {
  const built = buildScheduleOptions(options);
  const { scheduleId } = built;
  try {
    await client.schedule.create(built);
    return { scheduleId, created: true };
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await onSchedule(scheduleId, () =>
    client.schedule
      .getHandle(scheduleId)
      .update<W>((previous) => replaceScheduleUpdate(previous, built, options)),
  );
  return { scheduleId, created: false };
}
