import type { FollowStatus } from '@hn/contract';
import { followStatusQuery } from '@hn/workflows';
import type { Client } from '@temporalio/client';

/** One running follower, as {@link listFollowers} answers it. */
export interface FollowerView {
  workflowId: string;
  runId: string;
  /** Its status query's answer; `null` when it could not answer (no worker polling). */
  status: Pick<
    FollowStatus,
    | 'phase'
    | 'cursor'
    | 'maxItem'
    | 'lagIds'
    | 'lagSeconds'
    | 'itemsPerSecond'
    | 'refreshed'
    | 'settled'
    | 'lastWarning'
    | 'lastPollAt'
  > | null;
}

/** The most followers {@link listFollowers} returns: one per task queue and destination. */
export const MAX_FOLLOWERS = 5;

/**
 * The running followers (`HackerNewsFollowWorkflow`) of the client's namespace, from Temporal's
 * visibility list, each with its lag from its `followStatus` query. A query that fails leaves
 * `status` null rather than failing the list.
 */
export async function listFollowers(client: Client): Promise<FollowerView[]> {
  const executions = [];
  for await (const execution of client.workflow.list({
    query: `WorkflowType = 'HackerNewsFollowWorkflow' AND ExecutionStatus = 'Running'`,
    pageSize: MAX_FOLLOWERS,
  })) {
    executions.push(execution);
    if (executions.length >= MAX_FOLLOWERS) break;
  }
  return Promise.all(
    executions.map(async ({ workflowId, runId }): Promise<FollowerView> => {
      try {
        const status = await client.workflow.getHandle(workflowId, runId).query(followStatusQuery);
        const { phase, cursor, maxItem, lagIds, lagSeconds, itemsPerSecond } = status;
        const { refreshed, settled, lastWarning, lastPollAt } = status;
        return {
          workflowId,
          runId,
          status: {
            phase,
            cursor,
            maxItem,
            lagIds,
            lagSeconds,
            itemsPerSecond,
            refreshed,
            settled,
            lastWarning,
            lastPollAt,
          },
        };
      } catch {
        return { workflowId, runId, status: null };
      }
    }),
  );
}
