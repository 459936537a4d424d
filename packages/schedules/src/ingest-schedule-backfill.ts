import {
  DEFAULT_BACKFILL_WORKFLOW_ID,
  INGEST_WORKFLOW_TYPE,
  type HackerNewsIngestInput,
} from '@hn/contract';
import { ScheduleValidationError } from './errors';
import type { ScheduleClientLike } from './internal/client';
import { describeSchedule } from './schedule-operations';

/** What a `HackerNewsBackfillWorkflow` over an ingest schedule's period takes from the schedule. */
export interface IngestScheduleBackfillTarget {
  /** The schedule's partition (its action's `partition`), `undefined` for the default (1h). */
  partition: string | undefined;
  /** The task queue the schedule starts its runs on. */
  taskQueue: string;
  /** `hackernews-backfill-<scheduleId>`: one bounded backfill per schedule at a time. */
  workflowId: string;
}

/**
 * Reads an ingest schedule for a bounded backfill of its period (`HackerNewsBackfillWorkflow`
 * instead of the Schedule's own backfill): the partition its runs ingest, so the backfill's
 * partitions are the schedule's (same keys, same rows), and its task queue.
 *
 * @throws ScheduleNotFoundError when the schedule does not exist; ScheduleValidationError
 *   `NOT_AN_INGEST_SCHEDULE` when it starts another workflow.
 */
export async function ingestScheduleBackfillTarget(
  client: ScheduleClientLike,
  scheduleId: string,
): Promise<IngestScheduleBackfillTarget> {
  const { action } = await describeSchedule(client, { scheduleId });
  if (action.type !== 'startWorkflow' || action.workflowType !== INGEST_WORKFLOW_TYPE) {
    const type = action.type === 'startWorkflow' ? action.workflowType : action.type;
    throw new ScheduleValidationError(
      'NOT_AN_INGEST_SCHEDULE',
      'scheduleId',
      `Schedule '${scheduleId}' starts ${type}, not ${INGEST_WORKFLOW_TYPE}: only an ingest schedule's partitions can be backfilled this way.`,
    );
  }
  const [input] = (action.args ?? []) as [HackerNewsIngestInput | undefined];
  const partition = typeof input?.partition === 'string' ? input.partition : undefined;
  return {
    partition,
    taskQueue: action.taskQueue,
    workflowId: `${DEFAULT_BACKFILL_WORKFLOW_ID}-${scheduleId}`,
  };
}
