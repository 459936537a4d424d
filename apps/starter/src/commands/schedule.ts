// `schedule <command>`: the pipeline's Temporal Schedule, through @hn/schedules. A bare `schedule`
// (flags only) is `schedule create`.
import {
  addTextFlag,
  backfillInputFromFlags,
  commandList,
  printConnected,
  type CliContext,
  type CommandOutput,
  nonEmpty,
  positiveInteger,
  wholeNumber,
  type CommandModule,
  type TextFlagSpec,
} from '@hn/runtime/cli';
import { scheduleListTable } from '@hn/runtime';
import {
  BACKFILL_OPTIONS,
  DEFAULT_SCHEDULE_ID,
  INGEST_SCHEDULE_ID,
  TOP_STORIES_OPTIONS,
  optionRange,
  type HackerNewsInput,
} from '@hn/contract';
import {
  backfillSchedule,
  buildBackfill,
  buildIngestScheduleOptions,
  buildScheduleOptions,
  DEFAULT_BACKFILL_OVERLAP,
  deleteSchedule,
  describeSchedule,
  ensureIngestSchedule,
  ensureSchedule,
  INGEST_SCHEDULE_SETTINGS,
  ingestScheduleBackfillTarget,
  listSchedules,
  MAX_BACKFILL_RUNS,
  overlapPolicyText,
  parseOverlapPolicy,
  pauseSchedule,
  SCHEDULE_SETTINGS,
  toScheduleListItemView,
  toScheduleView,
  triggerSchedule,
  unpauseSchedule,
  updateSchedule,
  validateScheduleUpdate,
  formatScheduleView,
  mergeScheduledInput,
  scheduledInputFrom,
  scheduleSettingsFrom,
  type ScheduledInputText,
  type ScheduleSettingsText,
  type EnsureIngestScheduleOptions,
  type EnsureScheduleOptions,
  type IngestScheduleBackfillTarget,
  type OverlapPolicy,
  type UpdateScheduleOptions,
} from '@hn/schedules';
import type { HackerNewsWorkflow } from '@hn/workflows';
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';

import { UsageError } from '@hn/runtime/client';
import { runBackfill } from './ingest/backfill';

type Pipeline = typeof HackerNewsWorkflow;

/** Flags every schedule command takes. */
interface CommonFlags {
  id: string;
  json?: boolean;
}

/** Timing, policy and input flags of `create` and `update`. */
interface SettingsFlags extends CommonFlags, ScheduledInputText, ScheduleSettingsText {
  partition?: string;
}

/** A validated command, ready to run against a client. */
type Operation = (client: Client) => Promise<CommandOutput>;

/** Input of scheduled runs when none is given: a report, which carries `newStoryIds`. */
const SCHEDULED_INPUT: HackerNewsInput = { output: 'report' };

const POLICIES = SCHEDULE_SETTINGS.overlap.choices.join(', ');

/** The timing and policy settings `create`, `update` and `ingest` take, in help order. */
const TIMING = ['every', 'cron', 'timezone', 'jitter', 'overlap', 'catchupWindow', 'note'] as const;

/** A subcommand's action: validates its flags, then runs against a client. */
type Run = (prepare: (flags: never) => Operation) => (flags: CommonFlags) => Promise<void>;

/** `schedule`: create, describe, list, trigger, pause, unpause, backfill, update, delete. */
export const scheduleCommand: CommandModule = {
  register(program, ctx) {
    const group = program
      .command('schedule')
      .summary('Manage the Temporal Schedule that runs the pipeline.')
      .description(
        "Manages the Temporal Schedule that runs the pipeline. With options and no command, 'create'.",
      )
      .usage('[command] [options]');
    const run: Run = (prepare) => (flags) =>
      printConnected(ctx, flags.json, prepare(flags as never));
    for (const add of [
      addCreate,
      addIngest,
      addUpdate,
      addDescribe,
      addList,
      addPause,
      addUnpause,
      addTrigger,
      addBackfill,
      addDelete,
    ]) {
      add(group, run, ctx);
    }
  },
};

function addCreate(group: Command, run: Run): void {
  settings(
    common(
      group
        .command('create', { isDefault: true })
        .summary('Create or update the schedule (the default).')
        .description(
          'Creates the schedule, or updates it to these settings if it exists. Running it twice ' +
            'leaves one schedule with the latest settings; a paused schedule stays paused.',
        ),
    ),
    SCHEDULE_SETTINGS,
    [...TIMING, 'limit', 'pauseOnFailure', 'paused'],
  )
    // `schedule frob` reaches the default command: say what is wrong instead of "too many arguments".
    .allowExcessArguments(true)
    .action((flags: SettingsFlags, command: Command) => {
      if (command.args.length > 0) {
        throw new UsageError(
          `Unknown command '${command.args[0]}'. Commands: ${commandList(group)}.`,
        );
      }
      return run(prepareCreate)(flags);
    });
}

function addIngest(group: Command, run: Run): void {
  settings(
    group
      .command('ingest')
      .summary('Create or update the hourly item ingest schedule (hackernews-ingest).')
      .description(
        'Creates the item ingest schedule, or updates it to these settings if it exists: each ' +
          'run ingests the partition (by default one interval) ending at its scheduled time, so ' +
          'change its timing here rather than with update. Defaults: every 1h, overlap ' +
          'buffer-all (no partition dropped), catch-up window 1d. The other commands take ' +
          `--id ${INGEST_SCHEDULE_ID}.`,
      )
      .option('--id <id>', 'schedule id', nonEmpty('--id'), INGEST_SCHEDULE_ID)
      .option('--json', 'print JSON for scripts instead of text'),
    INGEST_SCHEDULE_SETTINGS,
    [...TIMING, 'partition', 'pauseOnFailure', 'paused'],
  ).action(run(prepareIngest));
}

function addUpdate(group: Command, run: Run): void {
  settings(
    common(
      group
        .command('update')
        .summary('Change an existing schedule: only the settings given.')
        .description('Changes an existing schedule: only the settings given, the rest stays.'),
    ),
    SCHEDULE_SETTINGS,
    [...TIMING, 'limit', 'pauseOnFailure'],
    { negatable: true },
  ).action(run(prepareUpdate));
}

function addList(group: Command, _run: Run, ctx: CliContext): void {
  group
    .command('list')
    .summary('List the schedules in the namespace.')
    .description(
      'Lists the schedules in the namespace (eventually consistent: a new one may take a moment to appear).',
    )
    .option('--limit <n>', 'at most this many schedules', positiveInteger('--limit'), 100)
    .option(
      '--query <query>',
      'visibility filter, e.g. "ScheduleId STARTS_WITH \'hackernews\'"',
      nonEmpty('--query'),
    )
    .option('--json', 'print JSON for scripts')
    .action((flags: { limit: number; query?: string; json?: boolean }) =>
      printConnected(ctx, flags.json, prepareList(flags, ctx)),
    );
}

function addBackfill(group: Command, run: Run, ctx: CliContext): void {
  common(
    group
      .command('backfill')
      .summary('Take the runs of a past period now (--start, --end).')
      .description(
        'Takes the runs the schedule would have started between --start and --end, now. The ' +
          "Hacker News API only serves current lists, so backfilled runs fetch today's stories.",
      ),
  )
    .option('--start <date>', 'start of the period, ISO-8601, e.g. 2025-01-01T00:00:00Z')
    .option('--end <date>', 'end of the period, after --start and not in the future')
    .option(
      '--overlap <policy>',
      `overlap policy of the backfilled runs (default ${overlapPolicyText(DEFAULT_BACKFILL_OVERLAP)}: one after another)`,
    )
    .option(
      '--max-runs <n>',
      `most runs this backfill may start (default ${MAX_BACKFILL_RUNS.toLocaleString('en-US')})`,
      positiveInteger('--max-runs'),
    )
    .option(
      '--parallelism <n>',
      `ingest schedule only: run HackerNewsBackfillWorkflow instead, n partitions at a time, ${optionRange(BACKFILL_OPTIONS.parallelism)}`,
      wholeNumber('--parallelism'),
    )
    .option('--reingest', 'with --parallelism: run completed partitions again too')
    .addHelpText(
      'after',
      `
The period's runs are counted from the schedule's spec first: more than --max-runs is refused
with how to split the period, none sends nothing. Backfilled runs follow the overlap policy:
${overlapPolicyText(DEFAULT_BACKFILL_OVERLAP)} runs them one at a time, so a backfill never runs two pipelines at once.

On the ingest schedule (--id ${INGEST_SCHEDULE_ID}) a Schedule backfill ingests one partition
after another and re-ingests completed ones. --parallelism <n> runs the bounded path instead:
HackerNewsBackfillWorkflow with the schedule's partition and task queue, n partitions at once,
completed partitions skipped, progress and a table as 'ingest backfill' prints them.`,
    )
    .action((flags: BackfillCommandFlags) => {
      if (flags.parallelism !== undefined || flags.reingest === true) {
        return bounded(ctx, flags);
      }
      return run(prepareBackfill)(flags);
    });
}

/** A command on one schedule (`--id`, `--json`): its help, its own flags, what it does. */
interface ByIdCommand<F extends CommonFlags> {
  name: string;
  summary: string;
  description: string;
  flags?: (command: Command) => Command;
  /** Checks the flags (before connecting) and returns what runs against the client. */
  prepare: (flags: F) => Operation;
}

/** Adds a {@link ByIdCommand} to the group. */
function byId<F extends CommonFlags>(spec: ByIdCommand<F>): (group: Command, run: Run) => void {
  return (group, run) => {
    const command = common(
      group.command(spec.name).summary(spec.summary).description(spec.description),
    );
    (spec.flags?.(command) ?? command).action(run(spec.prepare));
  };
}

const addDescribe = byId({
  name: 'describe',
  summary: 'Show a schedule: timing, policies, input, recent and next runs.',
  description:
    'Shows a schedule: timing, policies, workflow input, state, notes, recent and next runs.',
  prepare: (flags) => (client) => describedAs(client, flags.id, 'described'),
});

const addPause = byId<CommonFlags & { note?: string }>({
  name: 'pause',
  summary: 'Stop starting runs until unpaused.',
  description:
    'Pauses a schedule: no run starts until it is unpaused; runs already started continue.',
  flags: (command) =>
    command.option(
      '--note <text>',
      "why: the pause note, shown while paused (the schedule's own note is kept)",
    ),
  prepare: (flags) => async (client) => {
    const { id, note } = flags;
    await pauseSchedule(client, { scheduleId: id, ...(note !== undefined && { note }) });
    return describedAs(client, id, 'paused');
  },
});

const addUnpause = byId({
  name: 'unpause',
  summary: 'Resume starting runs.',
  description:
    'Unpauses a schedule; its own note comes back. Runs missed while paused are not taken (see backfill).',
  prepare: (flags) => async (client) => {
    await unpauseSchedule(client, { scheduleId: flags.id });
    return describedAs(client, flags.id, 'unpaused');
  },
});

const addTrigger = byId<CommonFlags & { overlap?: string }>({
  name: 'trigger',
  summary: 'Start a run now.',
  description: 'Starts a run now, even if the schedule is paused.',
  flags: (command) =>
    command.option(
      '--overlap <policy>',
      `overlap policy for this run: ${POLICIES} (default: the schedule's own, skip for the ` +
        'pipeline, so it does nothing while a run is in progress; allow-all forces it)',
    ),
  prepare: (flags) => {
    const overlap = overlapFrom(flags.overlap);
    return async (client) => {
      await triggerSchedule(client, { scheduleId: flags.id, ...(overlap && { overlap }) });
      return {
        json: { result: 'triggered', scheduleId: flags.id, overlap: overlap ?? 'schedule policy' },
        text: `Triggered schedule ${flags.id}${overlap ? ` (overlap ${overlap})` : ''}. See the run with 'describe'.`,
      };
    };
  },
});

const addDelete = byId({
  name: 'delete',
  summary: 'Delete the schedule.',
  description: 'Deletes a schedule. Runs it already started keep running.',
  prepare: (flags) => async (client) => {
    await deleteSchedule(client, { scheduleId: flags.id });
    return {
      json: { result: 'deleted', scheduleId: flags.id },
      text: `Deleted schedule ${flags.id}. Runs it already started keep running.`,
    };
  },
});

/** Adds the flags every schedule command takes. */
function common(command: Command): Command {
  return command
    .option('--id <id>', 'schedule id', nonEmpty('--id'), DEFAULT_SCHEDULE_ID)
    .option('--json', 'print JSON for scripts instead of text');
}

/**
 * Adds the flags of `fields`, rows of `table`, in order; `limit` stands for the workflow input
 * flags (`--limit`, `--list`, `--output`).
 */
function settings<T extends Readonly<Record<string, TextFlagSpec>>>(
  command: Command,
  table: T,
  fields: readonly (keyof T | 'limit')[],
  options: { negatable?: boolean } = {},
): Command {
  for (const field of fields) {
    if (field === 'limit') input(command);
    else addTextFlag(command, field as string, table[field] as TextFlagSpec, options);
  }
  return command;
}

/** Adds the workflow input flags of `create` and `update`. */
function input(command: Command): Command {
  return command
    .option(
      '--limit <n>',
      `workflow input: ${TOP_STORIES_OPTIONS.limit.doc} per run, ${optionRange(TOP_STORIES_OPTIONS.limit)}`,
      wholeNumber('--limit'),
    )
    .option('--list <name>', `workflow input: ${TOP_STORIES_OPTIONS.list.choices.join(', ')}`)
    .option('--output <kind>', 'workflow input: report (default for schedules) or stories');
}

function prepareCreate(flags: SettingsFlags): Operation {
  const options: EnsureScheduleOptions<Pipeline> = {
    scheduleId: flags.id,
    ...scheduleSettingsFrom(flags),
    args: [{ ...SCHEDULED_INPUT, ...scheduledInputFrom(flags) }],
  };
  buildScheduleOptions(options);
  return async (client) => {
    const { scheduleId, created } = await ensureSchedule(client, options);
    return describedAs(client, scheduleId, created ? 'created' : 'updated');
  };
}

function prepareIngest(flags: SettingsFlags): Operation {
  const options: EnsureIngestScheduleOptions = {
    scheduleId: flags.id,
    ...scheduleSettingsFrom(flags),
    ...(flags.partition !== undefined && { partition: flags.partition }),
  };
  buildIngestScheduleOptions(options);
  return async (client) => {
    const { scheduleId, created } = await ensureIngestSchedule(client, options);
    return describedAs(client, scheduleId, created ? 'created' : 'updated');
  };
}

function prepareUpdate(flags: SettingsFlags): Operation {
  const input = scheduledInputFrom(flags);
  const options: UpdateScheduleOptions<Pipeline> = {
    scheduleId: flags.id,
    ...scheduleSettingsFrom(flags),
    ...(Object.keys(input).length > 0 && { args: mergeScheduledInput(flags.id, input) }),
  };
  validateScheduleUpdate(options);
  return async (client) => {
    await updateSchedule(client, options);
    return describedAs(client, flags.id, 'updated');
  };
}

function prepareList(flags: { limit: number; query?: string }, ctx: CliContext): Operation {
  return async (client) => {
    const items = (
      await listSchedules(client, {
        limit: flags.limit,
        ...(flags.query && { query: flags.query }),
      })
    ).map(toScheduleListItemView);
    return {
      json: { schedules: items },
      text: scheduleListTable(items, ctx.stdout.columns ?? Number.POSITIVE_INFINITY),
    };
  };
}

/** Flags of `schedule backfill`. */
interface BackfillCommandFlags extends CommonFlags {
  start?: string;
  end?: string;
  overlap?: string;
  maxRuns?: number;
  parallelism?: number;
  reingest?: boolean;
}

/**
 * `schedule backfill --parallelism`: the ingest schedule's period through
 * HackerNewsBackfillWorkflow, with the schedule's own partition and task queue.
 */
async function bounded(ctx: CliContext, flags: BackfillCommandFlags): Promise<void> {
  const names = { from: '--start', to: '--end' };
  if (flags.parallelism === undefined) {
    throw new UsageError('--reingest goes with --parallelism <n> (the bounded backfill).');
  }
  const stray = [
    flags.overlap !== undefined && '--overlap',
    flags.maxRuns !== undefined && '--max-runs',
  ];
  if (stray.some(Boolean)) {
    throw new UsageError(
      `${stray.filter(Boolean).join(' and ')} shape a Schedule backfill; with --parallelism the backfill workflow runs the partitions (its bound is --parallelism).`,
    );
  }
  const flagsInput = {
    from: flags.start,
    to: flags.end,
    parallelism: flags.parallelism,
    reingest: flags.reingest,
  };
  // Checked with the default partition first, so a bad date or parallelism is refused before
  // connecting; the schedule's own partition is checked again below.
  backfillInputFromFlags(flagsInput, names);
  const { client, close } = await ctx.connect();
  let target: IngestScheduleBackfillTarget;
  try {
    target = await ingestScheduleBackfillTarget(client, flags.id);
  } finally {
    await close();
  }
  const { partition, taskQueue, workflowId } = target;
  const input = backfillInputFromFlags({ ...flagsInput, ...(partition && { partition }) }, names);
  await runBackfill(ctx, input, { workflowId, taskQueue, json: flags.json === true });
}

function prepareBackfill(flags: BackfillCommandFlags): Operation {
  if (flags.start === undefined || flags.end === undefined) {
    throw new UsageError(
      'backfill needs --start and --end, e.g. --start 2025-01-01T00:00:00Z --end 2025-01-01T06:00:00Z.',
    );
  }
  const overlap = overlapFrom(flags.overlap);
  const request = {
    scheduleId: flags.id,
    start: flags.start,
    end: flags.end,
    ...(overlap && { overlap }),
    ...(flags.maxRuns !== undefined && { maxRuns: flags.maxRuns }),
  };
  buildBackfill(request);
  return async (client) => {
    const result = await backfillSchedule(client, request);
    const period = { start: result.start.toISOString(), end: result.end.toISOString() };
    return {
      json: {
        result: result.runs > 0 ? 'backfilled' : 'nothing to backfill',
        ...result,
        ...period,
      },
      text:
        result.runs === 0
          ? `No run of schedule ${flags.id} falls between ${period.start} and ${period.end}: nothing to backfill.`
          : `Backfill of ${flags.id} from ${period.start} to ${period.end} requested: ${result.runs} runs, ` +
            `overlap ${result.overlap}. Runs appear in 'describe'.` +
            (flags.id === INGEST_SCHEDULE_ID
              ? `\nThey ingest one partition after another. For ${BACKFILL_OPTIONS.parallelism.default} at a time, with completed ` +
                `partitions skipped, use --parallelism ${BACKFILL_OPTIONS.parallelism.default} (HackerNewsBackfillWorkflow) instead.`
              : ''),
    };
  };
}

async function describedAs(
  client: Client,
  scheduleId: string,
  result: string,
): Promise<CommandOutput> {
  const view = toScheduleView(await describeSchedule(client, { scheduleId }));
  const title =
    result === 'described' ? '' : `${capitalize(result)} schedule ${view.scheduleId}.\n`;
  return { json: { result, schedule: view }, text: title + formatScheduleView(view) };
}

function overlapFrom(text: string | undefined): OverlapPolicy | undefined {
  return text === undefined ? undefined : parseOverlapPolicy(text, '--overlap');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
