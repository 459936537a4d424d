// `ingest`: runs HackerNewsIngestWorkflow over a time window or an id range, shows its progress and
// prints what was stored by type; `ingest status` lists the stored partitions and their gaps;
// `ingest backfill` ingests a past period partition by partition, a few at a time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_BACKFILL_PARALLELISM,
  DEFAULT_BACKFILL_WORKFLOW_ID,
  DEFAULT_INGEST_WORKFLOW_ID,
  DEFAULT_MAX_BACKFILL_PARTITIONS,
  MAX_BACKFILL_PARALLELISM,
  TASK_QUEUE,
  detailsText,
  ingestRunSummary,
  resolveIngestInput,
  type HackerNewsIngestInput,
  type HackerNewsIngestResult,
} from '@hn/contract';
import { createStore, parseDestinationUrl } from '@hn/storage';
import { HackerNewsIngestWorkflow, ingestProgressQuery } from '@hn/workflows';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { writeOut, type CliContext } from '../cli/context';
import { nonEmpty, positiveInteger, wholeNumber } from '../cli/options';
import type { CommandModule } from '../cli/program';
import { UsageError } from '../cli/usage-error';
import { toTerminalJson } from '../terminal/terminal-json';
import { backfillInput, runBackfill, type BackfillFlags } from './ingest/backfill';
import { registerFollowCommand } from './ingest/follow';
import { ingestProgressLine, ingestSummary, statusRows, statusTable } from './ingest/format';
import { AlreadyRunningError, RunFailedError } from './start';

const PROGRESS_EVERY_MS = 250;
const LAST_UNITS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The worker's default destination (`HN_DESTINATION` unset): `.data/hn-pipeline.db` in the
 * worker's folder, where `pnpm --filter worker start` runs it.
 */
export const DEFAULT_STATUS_DESTINATION = `sqlite:${fileURLToPath(
  new URL('../../../worker/.data/hn-pipeline.db', import.meta.url),
)}`;

/** Options of `ingest`, as commander parses them. */
export interface IngestOptions {
  last?: string;
  from?: string;
  to?: string;
  ids?: string;
  concurrency?: number;
  chunkSize?: number;
  workflowId: string;
  taskQueue: string;
  json?: boolean;
}

/** Options of `ingest status`. */
export interface IngestStatusOptions {
  from?: string;
  to?: string;
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
      .option('--last <duration>', 'the window ending now: <n>m, <n>h or <n>d (e.g. 6h)')
      .option('--from <time>', 'window start, ISO-8601 with a time zone (with --to)')
      .option('--to <time>', 'window end, exclusive (with --from)')
      .option('--ids <from..to>', 'an id range, both ends inclusive (e.g. 1..2000)')
      .option(
        '--concurrency <n>',
        'Hacker News requests in flight, 1-500 (default 50)',
        wholeNumber('--concurrency'),
      )
      .option(
        '--chunk-size <n>',
        'ids per activity, 1-10000 (default 1000)',
        wholeNumber('--chunk-size'),
      )
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
      .summary('List the stored ingest partitions, with gaps between hourly windows.')
      .description(
        "Reads the destination (HN_DESTINATION; default the worker's own, apps/worker/.data/hn-pipeline.db) " +
          'and prints one row per partition: window, id range, items, missing, status, workflow id, run id; ' +
          'hours between consecutive windows that no partition covers are shown as gap rows.',
      )
      .option('--from <time>', 'only windows ending after this time (ISO-8601)')
      .option('--to <time>', 'only windows starting before this time (ISO-8601)')
      .option('--json', 'print the rows as JSON')
      .action((options: IngestStatusOptions, command: Command) =>
        runStatus(ctx, statusOptions(options, command.parent?.opts<IngestOptions>())),
      );

    group
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
      .option('--to <time>', 'period end, exclusive, on a partition boundary, not in the future')
      .option(
        '--partition <duration>',
        "partition length: <n>m, <n>h or <n>d (default 1h, the schedule's)",
      )
      .option(
        '--parallelism <n>',
        `partition runs in flight, 1-${MAX_BACKFILL_PARALLELISM} (default ${DEFAULT_BACKFILL_PARALLELISM})`,
        wholeNumber('--parallelism'),
      )
      .option('--reingest', 'run completed partitions again too (default: skip them)')
      .option(
        '--max-partitions <n>',
        `most partitions the period may hold (default ${DEFAULT_MAX_BACKFILL_PARTITIONS.toLocaleString('en-US')})`,
        positiveInteger('--max-partitions'),
      )
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
      .action((options: IngestBackfillOptions, command: Command) =>
        startBackfill(ctx, backfillOptions(options, command.parent!)),
      );
    registerFollowCommand(group, ctx);
  },
};

/**
 * The workflow input from the flags, checked with the workflow's own rules
 * (`resolveIngestInput`), reworded with flag names. `now` anchors `--last`.
 *
 * @throws UsageError listing every problem.
 */
export function ingestInput(
  options: IngestOptions,
  now: number = Date.now(),
): HackerNewsIngestInput {
  const problems: string[] = [];
  const targets = [
    options.last !== undefined && '--last',
    (options.from !== undefined || options.to !== undefined) && '--from/--to',
    options.ids !== undefined && '--ids',
  ].filter(Boolean);
  if (targets.length === 0) {
    throw new UsageError(
      'Give what to ingest: --last <duration>, --from <time> --to <time>, or --ids <from>..<to>.',
    );
  }
  if (targets.length > 1) {
    throw new UsageError(`Give one of --last, --from/--to or --ids, not ${targets.join(' and ')}.`);
  }
  const input: HackerNewsIngestInput = {
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.chunkSize !== undefined && { chunkSize: options.chunkSize }),
  };
  if (options.last !== undefined) {
    const match = /^([1-9]\d{0,5})([mhd])$/.exec(options.last.trim());
    if (!match) {
      problems.push(`--last must be <n>m, <n>h or <n>d (e.g. 6h), got "${options.last}"`);
    } else {
      const ms = Number(match[1]) * LAST_UNITS[match[2] as keyof typeof LAST_UNITS];
      input.start = new Date(now - ms).toISOString();
      input.end = new Date(now).toISOString();
    }
  } else if (options.ids !== undefined) {
    const match = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(options.ids);
    if (!match) problems.push(`--ids must be <from>..<to> (e.g. 1..2000), got "${options.ids}"`);
    else {
      input.fromId = Number(match[1]);
      input.toId = Number(match[2]);
    }
  } else {
    if (options.from !== undefined) input.start = options.from;
    if (options.to !== undefined) input.end = options.to;
  }
  // With a target flag already rejected, only the tuning options' problems are worth adding.
  const contractProblems = resolveIngestInput(input).problems.filter(
    (p) => problems.length === 0 || /^(chunkSize|concurrency) /.test(p),
  );
  problems.push(...contractProblems.map((p) => asFlags(p, options)));
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return input;
}

async function runIngest(ctx: CliContext, options: IngestOptions): Promise<void> {
  const input = ingestInput(options);
  // The input is valid here (ingestInput checked it), so the target is the run's own.
  const { target, key } = resolveIngestInput(input).input;
  const { client, close } = await ctx.connect();
  try {
    const handle = await client.workflow
      .start(HackerNewsIngestWorkflow, {
        taskQueue: options.taskQueue,
        workflowId: options.workflowId,
        args: [input],
        staticSummary: ingestRunSummary(target),
        staticDetails: detailsText(
          `Started by the starter's \`ingest\` command.\nPartition key: \`${key}\``,
        ),
      })
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        throw new AlreadyRunningError(
          `An ingest with id ${options.workflowId} is already running: wait for it, or pass another --workflow-id.`,
          { cause: error },
        );
      });
    const runId = handle.firstExecutionRunId;
    let stopped = false;
    if (options.json !== true && ctx.status.enabled) {
      ctx.status.draw(`starting ${options.workflowId}…`);
      void (async () => {
        while (!stopped) {
          // With no worker (or across a continue-as-new) the query fails; the next one may not.
          const progress = await handle.query(ingestProgressQuery).catch(() => undefined);
          if (progress && !stopped) ctx.status.draw(ingestProgressLine(progress, ctx.status.width));
          await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS));
        }
      })();
    }
    let result: HackerNewsIngestResult;
    try {
      result = await handle.result();
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      throw new RunFailedError(`The ingest ${options.workflowId} (run id ${runId}) failed.`, {
        cause: error.cause ?? error,
      });
    } finally {
      stopped = true;
      ctx.status.clear();
    }
    if (options.json === true) {
      writeOut(ctx, toTerminalJson({ workflowId: options.workflowId, runId, ...result }));
    } else {
      writeOut(
        ctx,
        ingestSummary(result, { workflowId: options.workflowId, runId }, ctx.stdout.columns ?? 120),
      );
    }
  } finally {
    await close();
  }
}

async function runStatus(ctx: CliContext, options: IngestStatusOptions): Promise<void> {
  const problems: string[] = [];
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      problems.push(
        `${flag} must be an ISO-8601 time such as 2025-01-01T09:00:00Z, got "${value}"`,
      );
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  const text = process.env.HN_DESTINATION ?? DEFAULT_STATUS_DESTINATION;
  if (text === 'none') {
    throw new UsageError('HN_DESTINATION is "none": there is no destination to read.');
  }
  const config = parseDestinationUrl(text);
  // A fresh clone has no database yet: that is an empty answer, not an error, and opening the
  // store would create (and migrate) a file the worker may never use.
  if (config.kind === 'sqlite' && config.filename !== ':memory:' && !existsSync(config.filename)) {
    writeOut(ctx, options.json === true ? '[]' : noPartitionsYet(config.filename));
    return;
  }
  const store = await createStore(config);
  try {
    const partitions = await store.listPartitions({
      ...(options.from !== undefined && { from: options.from }),
      ...(options.to !== undefined && { to: options.to }),
    });
    const rows = statusRows(partitions);
    if (options.json === true) {
      writeOut(
        ctx,
        toTerminalJson(
          rows.map((row) =>
            row.kind === 'gap'
              ? { kind: 'gap', windowStart: row.start, windowEnd: row.end }
              : { kind: 'partition', ...row.partition },
          ),
        ),
      );
    } else {
      writeOut(ctx, statusTable(rows, ctx.stdout.columns ?? 160));
    }
  } finally {
    await store.close();
  }
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

async function startBackfill(ctx: CliContext, options: IngestBackfillOptions): Promise<void> {
  const input = backfillInput(options);
  await runBackfill(ctx, input, {
    workflowId: options.workflowId ?? DEFAULT_BACKFILL_WORKFLOW_ID,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    json: options.json === true,
  });
}

/**
 * `backfill`'s flags: commander gives `ingest`'s same-named flags (`--from`, `--to`, `--json`,
 * `--workflow-id`, `--task-queue`, `--concurrency`, `--chunk-size`) to `ingest` even after
 * `backfill`, so they are taken from there; `--last` and `--ids` are `ingest`'s alone.
 */
function backfillOptions(own: IngestBackfillOptions, parent: Command): IngestBackfillOptions {
  const given = parent.opts<IngestOptions>();
  const fromCli = (name: keyof IngestOptions) => parent.getOptionValueSource(name) === 'cli';
  const merged: IngestBackfillOptions = { ...own };
  if (given.from !== undefined) merged.from ??= given.from;
  if (given.to !== undefined) merged.to ??= given.to;
  if (given.json === true) merged.json = true;
  if (given.concurrency !== undefined) merged.concurrency ??= given.concurrency;
  if (given.chunkSize !== undefined) merged.chunkSize ??= given.chunkSize;
  if (fromCli('workflowId')) merged.workflowId ??= given.workflowId;
  if (fromCli('taskQueue')) merged.taskQueue ??= given.taskQueue;
  const stray = [given.last !== undefined && '--last', given.ids !== undefined && '--ids'].filter(
    Boolean,
  );
  if (stray.length > 0) {
    throw new UsageError(
      `'ingest backfill' takes a period (--from, --to), not ${stray.join(' or ')}.`,
    );
  }
  return merged;
}

/**
 * `status`'s own flags. Commander gives `ingest`'s same-named flags (`--from`, `--to`, `--json`)
 * to `ingest` even after `status`, so they are taken from there; `ingest`'s other flags mean
 * the command line mixes the two.
 */
function statusOptions(
  own: IngestStatusOptions,
  parent: IngestOptions | undefined,
): IngestStatusOptions {
  const merged: IngestStatusOptions = { ...own };
  if (parent?.from !== undefined) merged.from ??= parent.from;
  if (parent?.to !== undefined) merged.to ??= parent.to;
  if (parent?.json === true) merged.json = true;
  const stray = [
    parent?.last !== undefined && '--last',
    parent?.ids !== undefined && '--ids',
    parent?.concurrency !== undefined && '--concurrency',
    parent?.chunkSize !== undefined && '--chunk-size',
    parent?.workflowId !== undefined &&
      parent.workflowId !== DEFAULT_INGEST_WORKFLOW_ID &&
      '--workflow-id',
    parent?.taskQueue !== undefined && parent.taskQueue !== TASK_QUEUE && '--task-queue',
  ].filter(Boolean);
  if (stray.length > 0) {
    throw new UsageError(
      `'ingest status' takes only --from, --to and --json, not ${stray.join(', ')}.`,
    );
  }
  return merged;
}

/** The contract's option names as this command's flags. */
function asFlags(problem: string, options: IngestOptions): string {
  const window = options.last !== undefined ? '--last' : null;
  return problem
    .replace(/^a time window needs both start and end/, '--from and --to go together: give both')
    .replace(/^start\b/, window ?? '--from')
    .replace(/^end\b/, window ?? '--to')
    .replace(
      /^toId \((\d+)\) must be at least fromId \((\d+)\)/,
      '--ids: the end ($1) must be at least the start ($2)',
    )
    .replace(/^fromId\b|^toId\b/, '--ids')
    .replace(/^chunkSize\b/, '--chunk-size')
    .replace(/^concurrency\b/, '--concurrency')
    .replace(/^the window is/, `${window ?? '--from/--to'}: the window is`)
    .replace(/^the range holds/, '--ids: the range holds')
    .replace(/^--to \((.*)\) must be after start \(/, '--to ($1) must be after --from (');
}
