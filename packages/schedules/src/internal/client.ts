import { ScheduleNotFoundError as SdkScheduleNotFoundError, type Client } from '@temporalio/client';
import { ScheduleNotFoundError } from '../errors';

/** The part of a `Client` the schedule functions use: a real `Client` fits. */
export type ScheduleClientLike = Pick<Client, 'schedule'>;

/** Runs a call against one schedule, turning the SDK's not-found error into ours. */
export async function onSchedule<T>(scheduleId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SdkScheduleNotFoundError) {
      throw new ScheduleNotFoundError(scheduleId, { cause: error });
    }
    throw error;
  }
}
