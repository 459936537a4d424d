// `ingest`: runs HackerNewsIngestWorkflow over a time window or an id range, shows its progress and
// prints what was stored by type; `ingest status` lists the stored partitions and their gaps;
// `ingest backfill` ingests a past period partition by partition, a few at a time.
import {
  writeOut,
  type CliContext,
  addOptionFlag,
  backfillInputFromFlags,
  ingestInputFromFlags,
  inheritFlags,
  INGEST_FLAGS,
  LAST_OPTION,
  type BackfillFlags,
  type IngestFlags,
  periodFrom,
  nonEmpty,
  type CommandModule,
  runWatched,
  printRun,
} from '@hn/runtime/cli';
import {
  checksByPartition,
  ingestProgressLine,
  ingestSummary,
  statusJson,
  statusTable,
  toTerminalJson,
} from '@hn/runtime';
import {
  BACKFILL_OPTIONS,
  DEFAULT_BACKFILL_WORKFLOW_ID,
  DEFAULT_INGEST_WORKFLOW_ID,
  DURATION_HELP,
  INGEST_OPTIONS,
  MAX_ITEM_ID,
  TASK_QUEUE,
  detailsText,
  ingestRunSummary,
  partitionRows,
  resolveIngestInput,
} from '@hn/contract';
import { withStore } from '@hn/storage';
import { HackerNewsIngestWorkflow, ingestProgressQuery } from '@hn/workflows';
import type { Command } from 'commander';

import { runBackfill } from './ingest/backfill';
import { registerCheckCommand } from './ingest/check';
import { periodFlags, storedDestination, type PeriodFlags } from './ingest/stored-period';
import { registerFollowCommand } from './ingest/follow';

/** Options of `ingest`, as commander parses them. */
export interface IngestOptions extends IngestFlags {
  workflowId: string;
  taskQueue: string;
  json?: boolean;
}

/** Options of `ingest backfill`. */
export interface IngestBackfillOptions extends BackfillFlags {
  workflowId?: string;
  taskQueue?: string;
  json?: boolean;
}

/** `ingest`, `ingest status` and `ingest backfill`. */
export const ingestCommand: CommandModule = {
  register(program, ctx) {
    const group = program
      .command('ingest')
      .summary('Ingest Hacker News items by time window or id range into the destination.')
      .description(
        'Runs HackerNewsIngestWorkflow on a worker: every id of the window or range is stored ' +
          "once in the worker's destination. Shows progress on stderr (on a terminal) and a summary by type.",
      )
      .option('--last <duration>', `${LAST_OPTION.doc}: ${DURATION_HELP}, at most 31d`)
      .option('--from <time>', 'window start, ISO-8601 with a time zone (with --to)')
      .option('--to <time>', 'window end, exclusive (with --from)')
      .option(
        '--ids <from..to>',
        `an id range, both ends inclusive, from 1 to ${MAX_ITEM_ID} (e.g. 1..2000)`,
      );
    for (const field of INGEST_FLAGS) addOptionFlag(group, field, INGEST_OPTIONS[field]);
    group
      .option(
        '--workflow-id <id>',
        'workflow id',
        nonEmpty('--workflow-id'),
        DEFAULT_INGEST_WORKFLOW_ID,
      )
      .option('--task-queue <name>', 'task queue to start on', nonEmpty('--task-queue'), TASK_QUEUE)
      .option('--json', 'print the result as JSON (exact data), no progress')
      .addHelpText(
        'after',
        `
Give exactly one of --last, --from/--to or --ids. A failed run prints the failure and each of
its causes and exits with 1. 'ingest status' lists what is stored.`,
      )
      .action((options: IngestOptions) => runIngest(ctx, options));

    group
      .command('status')
      .summary(
        'List the stored ingest partitions, with the gaps between them (in time and in ids).',
      )
      .description(
        "Reads the destination (HN_DESTINATION; default the workspace's .data/hn-pipeline.db) " +
          'and prints one row per partition: window, id range, items, missing, status, workflow id, run id; ' +
          'the time between consecutive windows and the ids between consecutive ranges that no partition covers are shown as gap rows.',
      )
      .option('--from <time>', 'only windows ending after this time (ISO-8601)')
      .option('--to <time>', 'only windows starting before this time (ISO-8601)')
      .option('--json', 'print the rows as JSON')
      .action((_: PeriodFlags, command: Command) =>
        runStatus(
          ctx,
          periodFlags(command, ['last', 'ids', ...INGEST_FLAGS, 'workflowId', 'taskQueue']),
        ),
      );

    const backfill = group
      .command('backfill')
      .summary('Ingest every partition of a past period, a few partitions at a time.')
      .description(
        'Runs HackerNewsBackfillWorkflow: one HackerNewsIngestWorkflow per partition of [--from, --to), ' +
          'at most --parallelism at once, continuing as new every 100 partitions. Partitions the ' +
          'destination already has completed are skipped (--reingest runs them again). Shows progress on ' +
          'stderr (on a terminal) and a table of partitions by outcome.',
      )
      .option(
        '--from <time>',
        'period start, ISO-8601 on a partition boundary (e.g. 2025-01-01T00:00:00Z)',
      )
      .option('--to <time>', 'period end, exclusive, on a partition boundary, not in the future');
    for (const field of ['partition', 'parallelism', 'maxPartitions'] as const) {
      addOptionFlag(backfill, field, BACKFILL_OPTIONS[field]);
    }
    backfill
      .option('--reingest', 'run completed partitions again too (default: skip them)')
      .option(
        '--workflow-id <id>',
        `workflow id (default ${DEFAULT_BACKFILL_WORKFLOW_ID})`,
        nonEmpty('--workflow-id'),
      )
      .option('--task-queue <name>', 'task queue to start on', nonEmpty('--task-queue'))
      .option('--json', 'print the result as JSON, no progress')
      .addHelpText(
        'after',
        `
--concurrency and --chunk-size apply to each partition run. Each partition run has the workflow
id hackernews-ingest/window:<start>/<end>, so a partition is never ingested twice at once; one
already in flight elsewhere is reported failed (WorkflowExecutionAlreadyStarted). Exits with 1
when a partition failed, after the table: run the same backfill again to retry only those.`,
      )
      .action((options: IngestBackfillOptions, command: Command) => {
        const flags = backfillOptions(options, command.parent!);
        return runBackfill(ctx, backfillInputFromFlags(flags), flags);
      });

    registerCheckCommand(group, ctx);
    registerFollowCommand(group, ctx);
  },
};

async function runIngest(ctx: CliContext, options: IngestOptions): Promise<void> {
  const input = ingestInputFromFlags(options);
  // The input is valid here (ingestInputFromFlags checked it), so the target is the run's own.
  const { target, key } = resolveIngestInput(input).input;
  const { workflowId, json } = options;
  const run = await runWatched(
    ctx,
    HackerNewsIngestWorkflow,
    {
      taskQueue: options.taskQueue,
      workflowId,
      args: [input],
      staticSummary: ingestRunSummary(target),
      staticDetails: detailsText(
        `Started by the starter's \`ingest\` command.\nPartition key: \`${key}\``,
      ),
    },
    {
      label: { a: 'An ingest', the: 'The ingest' },
      idOption: '--workflow-id',
      ...(json !== true && { progress: { query: ingestProgressQuery, line: ingestProgressLine } }),
    },
  );
  printRun(ctx, run, json, ingestSummary);
}

async function runStatus(ctx: CliContext, options: PeriodFlags): Promise<void> {
  const bounds = periodFrom(options);
  const destination = storedDestination('read');
  if ('missing' in destination) {
    writeOut(ctx, options.json === true ? '[]' : noPartitionsYet(destination.missing));
    return;
  }
  const { rows, checks } = await withStore(destination.config, async (store) => ({
    rows: partitionRows(await store.listPartitions(bounds)),
    checks: checksByPartition(await store.partitionChecks(bounds)),
  }));
  writeOut(
    ctx,
    options.json === true
      ? toTerminalJson(statusJson(rows, checks))
      : statusTable(rows, ctx.stdout.columns ?? 160, checks),
  );
}

/** What `ingest status` prints when the SQLite destination does not exist yet. */
function noPartitionsYet(filename: string): string {
  return [
    `No partitions yet: ${filename} does not exist.`,
    'The worker creates it when it starts (pnpm --filter worker start) and an ingest fills it',
    '(pnpm --filter starter ingest --ids 1..2000). If the worker writes elsewhere, set',
    "HN_DESTINATION to the worker's destination.",
  ].join('\n');
}

/** `backfill`'s options with the `ingest` flags it shares (from, to, json, tuning, ids of the run). */
function backfillOptions(own: IngestBackfillOptions, group: Command): IngestBackfillOptions {
  return inheritFlags(own, group, {
    take: ['from', 'to', 'json', ...INGEST_FLAGS],
    takeGiven: ['workflowId', 'taskQueue'],
    refuse: {
      options: ['last', 'ids'],
      what: (flags) =>
        `'ingest backfill' takes a period (--from, --to), not ${flags.join(' or ')}.`,
    },
  });
}
