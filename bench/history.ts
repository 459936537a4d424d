import type { WorkflowHandle } from '@temporalio/client';

/** Where a run's time went while tasks waited in Temporal's task queues, in milliseconds. */
export interface QueueWaits {
  /** Sum over workflow tasks of WorkflowTaskScheduled → WorkflowTaskStarted. */
  workflowTasksMs: number;
  workflowTasks: number;
  /** Sum over activities of ActivityTaskScheduled → ActivityTaskStarted. */
  activityTasksMs: number;
  activityTasks: number;
}

// temporal.api.enums.v1.EventType
const WORKFLOW_TASK_STARTED = 6;
const ACTIVITY_TASK_STARTED = 11;

/**
 * Reads a finished run's history and sums the schedule-to-start waits: the time its tasks spent
 * queued until a worker poll picked them up.
 */
export async function queueWaits(handle: WorkflowHandle): Promise<QueueWaits> {
  const events = (await handle.fetchHistory()).events ?? [];
  const times = new Map<number, number>();
  for (const event of events) {
    const seconds = Number(event.eventTime?.seconds ?? 0);
    times.set(Number(event.eventId), seconds * 1000 + (event.eventTime?.nanos ?? 0) / 1e6);
  }
  const waits: QueueWaits = {
    workflowTasksMs: 0,
    workflowTasks: 0,
    activityTasksMs: 0,
    activityTasks: 0,
  };
  for (const event of events) {
    const started = times.get(Number(event.eventId))!;
    if (Number(event.eventType) === WORKFLOW_TASK_STARTED) {
      const scheduledId = Number(event.workflowTaskStartedEventAttributes?.scheduledEventId);
      waits.workflowTasksMs += started - (times.get(scheduledId) ?? started);
      waits.workflowTasks += 1;
    } else if (Number(event.eventType) === ACTIVITY_TASK_STARTED) {
      const scheduledId = Number(event.activityTaskStartedEventAttributes?.scheduledEventId);
      waits.activityTasksMs += started - (times.get(scheduledId) ?? started);
      waits.activityTasks += 1;
    }
  }
  return waits;
}
