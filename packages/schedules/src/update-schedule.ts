import type { Workflow } from '@temporalio/client';
import { DEFAULT_SCHEDULE_ID } from '@hn/contract';
import { onSchedule, type ScheduleClientLike } from './internal/client';
import {
  buildScheduleUpdate,
  validateScheduleUpdate,
  type UpdateScheduleOptions,
} from './schedule-options';

/**
 * Changes an existing schedule: only the options given change (interval or cron, time zone,
 * jitter, overlap policy, catch-up window, pause-on-failure, note, paused, the workflow's
 * arguments). Options are validated before any call.
 *
 * @example
 * ```ts
 * await updateSchedule(client, { every: '30m', args: ([input]) => [{ ...(input as object), limit: 20 }] });
 * ```
 * @throws ScheduleValidationError for invalid options, including a jitter larger than the
 *   schedule's resulting interval (nothing is changed).
 * @throws ScheduleNotFoundError when the schedule does not exist.
 */
export async function updateSchedule<W extends Workflow = Workflow>(
  client: ScheduleClientLike,
  options: UpdateScheduleOptions<W>,
): Promise<void> {
  validateScheduleUpdate(options);
  const scheduleId = options.scheduleId ?? DEFAULT_SCHEDULE_ID;
  await onSchedule(scheduleId, () =>
    client.schedule
      .getHandle(scheduleId)
      .update<W>((previous) => buildScheduleUpdate(previous, options)),
  );
}
