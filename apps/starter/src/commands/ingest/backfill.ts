// `ingest backfill` (and `schedule backfill --parallelism` on the ingest schedule): starts
// HackerNewsBackfillWorkflow, shows its progress and prints what each partition came to.
import { printRun, type CliContext, runWatched } from '@hn/runtime/cli';
import { backfillProgressLine, backfillSummary } from '@hn/runtime';
import {
  DEFAULT_BACKFILL_WORKFLOW_ID,
  TASK_QUEUE,
  backfillPriority,
  type HackerNewsBackfillInput,
} from '@hn/contract';
import { HackerNewsBackfillWorkflow, backfillProgressQuery } from '@hn/workflows';

import { PartitionsFailedError } from '@hn/runtime/client';

/** Where a backfill starts (default: `hackernews-backfill` on `TASK_QUEUE`) and how it reports. */
export interface BackfillTarget {
  workflowId?: string;
  taskQueue?: string;
  json?: boolean;
}

/**
 * Starts the backfill, draws its progress on a terminal (not with `--json`), waits for it and
 * prints the result.
 *
 * @throws AlreadyRunningError when a backfill with the workflow id is running; RunFailedError
 *   when the backfill itself failed; PartitionsFailedError (after printing) when some
 *   partitions failed.
 */
export async function runBackfill(
  ctx: CliContext,
  input: HackerNewsBackfillInput,
  { workflowId = DEFAULT_BACKFILL_WORKFLOW_ID, taskQueue = TASK_QUEUE, json }: BackfillTarget,
): Promise<void> {
  const run = await runWatched(
    ctx,
    HackerNewsBackfillWorkflow,
    {
      taskQueue,
      workflowId,
      args: [input],
      // Behind the follower and scheduled runs, sharing workers fairly with other backfills.
      priority: backfillPriority(workflowId),
    },
    {
      label: { a: 'A backfill', the: 'The backfill' },
      idOption: '--workflow-id',
      ...(json !== true && {
        progress: { query: backfillProgressQuery, line: backfillProgressLine },
      }),
    },
  );
  printRun(ctx, run, json, backfillSummary);
  const { result } = run;
  if (result.failed > 0) {
    throw new PartitionsFailedError(
      `${result.failed} of ${result.total} partitions failed (listed above); run the same backfill again to retry them: completed partitions are skipped.`,
    );
  }
}
