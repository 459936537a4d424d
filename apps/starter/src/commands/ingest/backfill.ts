// `ingest backfill` (and `schedule backfill --parallelism` on the ingest schedule): starts
// HackerNewsBackfillWorkflow, shows its progress and prints what each partition came to.
import { writeOut, type CliContext, flagNames, runWatched } from '@hn/runtime/cli';
import { backfillProgressLine, backfillSummary, toTerminalJson } from '@hn/runtime';
import { backfillPriority, resolveBackfillInput, type HackerNewsBackfillInput } from '@hn/contract';
import { HackerNewsBackfillWorkflow, backfillProgressQuery } from '@hn/workflows';

import { ingestFlagValues } from '../../cli/flags';
import { PartitionsFailedError, UsageError } from '@hn/runtime/client';

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
  const ingest = ingestFlagValues(flags);
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
  const { result, runId } = await runWatched(
    ctx,
    HackerNewsBackfillWorkflow,
    {
      taskQueue: target.taskQueue,
      workflowId: target.workflowId,
      args: [input],
      // Behind the follower and scheduled runs, sharing workers fairly with other backfills.
      priority: backfillPriority(target.workflowId),
    },
    {
      label: { a: 'A backfill', the: 'The backfill' },
      idOption: '--workflow-id',
      ...(!target.json && {
        progress: { query: backfillProgressQuery, line: backfillProgressLine },
      }),
    },
  );
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
}
