// `ingest backfill` (and `schedule backfill --parallelism` on the ingest schedule): starts
// HackerNewsBackfillWorkflow, shows its progress and prints what each partition came to.
import {
  resolveBackfillInput,
  type HackerNewsBackfillInput,
  type HackerNewsBackfillResult,
} from '@hn/contract';
import { HackerNewsBackfillWorkflow, backfillProgressQuery } from '@hn/workflows';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import { writeOut, type CliContext } from '../../cli/context';
import { flagNames } from '../../cli/flags';
import { UsageError } from '../../cli/usage-error';
import { toTerminalJson } from '../../terminal/terminal-json';
import { AlreadyRunningError, RunFailedError } from '../start';
import { backfillProgressLine, backfillSummary } from './format';

const PROGRESS_EVERY_MS = 250;

/** Flags of a backfill, as the commands parse them. */
export interface BackfillFlags {
  from?: string;
  to?: string;
  partition?: string;
  parallelism?: number;
  reingest?: boolean;
  maxPartitions?: number;
  concurrency?: number;
  chunkSize?: number;
}

/** Where a backfill starts and how it reports. */
export interface BackfillTarget {
  workflowId: string;
  taskQueue: string;
  json: boolean;
}

/** Some partitions of a finished backfill failed: the table was printed. Exit code 1. */
export class PartitionsFailedError extends Error {
  readonly code = 'PARTITIONS_FAILED';
}

/**
 * The workflow input from the flags, checked with the workflow's own rules
 * (`resolveBackfillInput`), its problems naming the command's flags. `now` is for the "not in the future" check.
 *
 * @throws UsageError listing every problem.
 */
export function backfillInput(
  flags: BackfillFlags,
  names: { from: string; to: string } = { from: '--from', to: '--to' },
  now: number = Date.now(),
): HackerNewsBackfillInput {
  if (flags.from === undefined || flags.to === undefined) {
    throw new UsageError(
      `A backfill needs ${names.from} and ${names.to}, e.g. ${names.from} 2025-01-01T00:00:00Z ${names.to} 2025-01-02T00:00:00Z.`,
    );
  }
  const ingest = {
    ...(flags.concurrency !== undefined && { concurrency: flags.concurrency }),
    ...(flags.chunkSize !== undefined && { chunkSize: flags.chunkSize }),
  };
  const input: HackerNewsBackfillInput = {
    start: flags.from,
    end: flags.to,
    ...(flags.partition !== undefined && { partition: flags.partition }),
    ...(flags.parallelism !== undefined && { parallelism: flags.parallelism }),
    ...(flags.reingest === true && { mode: 'reingest' as const }),
    ...(flags.maxPartitions !== undefined && { maxPartitions: flags.maxPartitions }),
    ...(Object.keys(ingest).length > 0 && { ingest }),
  };
  const fields = flagNames({
    start: names.from,
    end: names.to,
    window: `${names.from}/${names.to}`,
  });
  const { problems } = resolveBackfillInput(input, { now, names: fields });
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return input;
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
  target: BackfillTarget,
): Promise<void> {
  const { client, close } = await ctx.connect();
  try {
    const handle = await client.workflow
      .start(HackerNewsBackfillWorkflow, {
        taskQueue: target.taskQueue,
        workflowId: target.workflowId,
        args: [input],
      })
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        throw new AlreadyRunningError(
          `A backfill with id ${target.workflowId} is already running: wait for it, or pass another --workflow-id.`,
          { cause: error },
        );
      });
    const runId = handle.firstExecutionRunId;
    let stopped = false;
    if (!target.json && ctx.status.enabled) {
      ctx.status.draw(`starting ${target.workflowId}…`);
      void (async () => {
        while (!stopped) {
          // Across a continue-as-new (or with no worker) a query fails or goes unanswered; the next
          // one may not, so each has a deadline.
          const progress = await client
            .withDeadline(Date.now() + 5_000, () => handle.query(backfillProgressQuery))
            .catch(() => undefined);
          if (progress && !stopped)
            ctx.status.draw(backfillProgressLine(progress, ctx.status.width));
          await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS));
        }
      })();
    }
    let result: HackerNewsBackfillResult;
    try {
      result = await handle.result();
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      throw new RunFailedError(`The backfill ${target.workflowId} (run id ${runId}) failed.`, {
        cause: error.cause ?? error,
      });
    } finally {
      stopped = true;
      ctx.status.clear();
    }
    const ids = { workflowId: target.workflowId, runId };
    writeOut(
      ctx,
      target.json
        ? toTerminalJson({ ...ids, ...result })
        : backfillSummary(result, ids, ctx.stdout.columns ?? 120),
    );
    if (result.failed > 0) {
      throw new PartitionsFailedError(
        `${result.failed} of ${result.total} partitions failed (listed above); run the same backfill again to retry them: completed partitions are skipped.`,
      );
    }
  } finally {
    await close();
  }
}
