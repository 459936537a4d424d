import type { BackfillProgress, HackerNewsBackfillResult } from '@hn/contract';
import { backfillProgressQuery } from '@hn/workflows';
import type { Client } from '@temporalio/client';

/** One backfill, running or past, as {@link listBackfills} answers it. */
export interface BackfillView {
  workflowId: string;
  runId: string;
  status: string;
  /** ISO-8601 UTC. */
  startedAt: string;
  closedAt: string | null;
  /** Partitions in the period; `null` when neither the query nor the result answered. */
  total: number | null;
  /** Completed or skipped. */
  settled: number;
  inFlight: number;
  failed: number;
  /** Estimated finish (ISO-8601 UTC) from the rate so far; `null` when unknown or done. */
  eta: string | null;
  /** The backfill's period, ISO-8601 UTC. */
  window: { start: string; end: string } | null;
}

/** The most backfills {@link listBackfills} returns. */
export const MAX_BACKFILLS = 20;

/**
 * The newest backfills (`HackerNewsBackfillWorkflow` runs) of the client's namespace, from
 * Temporal's visibility list: a running one's progress from its `backfillProgress` query, a
 * completed one's from its result. At most {@link MAX_BACKFILLS}; a query that fails (a run
 * without a worker) leaves its counts at zero rather than failing the list.
 */
export async function listBackfills(
  client: Client,
  limit: number = MAX_BACKFILLS,
  now = Date.now(),
): Promise<BackfillView[]> {
  const executions = [];
  for await (const execution of client.workflow.list({
    query: `WorkflowType = 'HackerNewsBackfillWorkflow'`,
    pageSize: limit,
  })) {
    executions.push(execution);
    if (executions.length >= Math.min(limit, MAX_BACKFILLS)) break;
  }
  return Promise.all(
    executions.map(async (execution): Promise<BackfillView> => {
      const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
      const view: BackfillView = {
        workflowId: execution.workflowId,
        runId: execution.runId,
        status: execution.status.name,
        startedAt: execution.startTime.toISOString(),
        closedAt: execution.closeTime?.toISOString() ?? null,
        total: null,
        settled: 0,
        inFlight: 0,
        failed: 0,
        eta: null,
        window: null,
      };
      try {
        if (execution.status.name === 'RUNNING') {
          const progress: BackfillProgress = await handle.query(backfillProgressQuery);
          view.total = progress.total;
          view.settled = progress.completed + progress.skipped;
          view.inFlight = progress.inFlight;
          view.failed = progress.failed;
          view.window = progress.window;
          const done = view.settled + view.failed;
          const elapsed = now - execution.startTime.getTime();
          if (done > 0 && progress.total > done) {
            view.eta = new Date(now + (elapsed / done) * (progress.total - done)).toISOString();
          }
        } else if (execution.status.name === 'COMPLETED') {
          const result = (await handle.result()) as HackerNewsBackfillResult;
          view.total = result.total;
          view.settled = result.completed + result.skipped;
          view.failed = result.failed;
          view.window = result.window;
        }
      } catch {
        // A run that cannot answer (no worker, a run closed meanwhile) shows its status only.
      }
      return view;
    }),
  );
}
