import type { ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The subcommands; `create` is also what runs when none is given. */
export const COMMANDS = [
  'create',
  'list',
  'describe',
  'pause',
  'unpause',
  'trigger',
  'backfill',
  'update',
  'delete',
] as const;

/** One of {@link COMMANDS}. */
export type CommandName = (typeof COMMANDS)[number];

const common = {
  id: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

const settings = {
  every: { type: 'string' },
  cron: { type: 'string' },
  timezone: { type: 'string' },
  jitter: { type: 'string' },
  overlap: { type: 'string' },
  'catchup-window': { type: 'string' },
  'pause-on-failure': { type: 'boolean' },
  note: { type: 'string' },
  limit: { type: 'string' },
  list: { type: 'string' },
  output: { type: 'string' },
} as const satisfies Options;

/** The flags each command accepts (parsed strictly). */
export const COMMAND_OPTIONS = {
  create: { ...common, ...settings, paused: { type: 'boolean' } },
  update: { ...common, ...settings, 'no-pause-on-failure': { type: 'boolean' } },
  list: { ...common, limit: { type: 'string' }, query: { type: 'string' } },
  describe: common,
  pause: { ...common, note: { type: 'string' } },
  unpause: { ...common, note: { type: 'string' } },
  trigger: { ...common, overlap: { type: 'string' } },
  backfill: {
    ...common,
    start: { type: 'string' },
    end: { type: 'string' },
    overlap: { type: 'string' },
  },
  delete: common,
} as const satisfies Record<CommandName, Options>;

const PROGRAM = 'pnpm --filter starter schedule';

const COMMON_HELP = `  --id <id>             Schedule id (default hackernews-schedule)
  --json                Print JSON for scripts instead of text
  -h, --help            Show this help`;

const SETTINGS_HELP = `Timing (one of --every or --cron):
  --every <duration>    Interval such as 10m, 1h, 1h30m (default 1h on create)
  --cron <expression>   Cron with 5 to 7 fields, e.g. "0 * * * *", or @hourly, @daily
  --timezone <zone>     IANA time zone for --cron, e.g. Europe/Paris (default UTC)
  --jitter <duration>   Delay each run randomly by up to this much (at most the interval)

Policies:
  --overlap <policy>    When a run is due while one is running: skip (default), buffer-one,
                        buffer-all, cancel-other, terminate-other, allow-all
  --catchup-window <d>  How late a run missed during an outage may still start (default 10m)
  --pause-on-failure    Pause the schedule when a run fails (default: keep running)
  --note <text>         Note shown by describe, list and the Web UI

Workflow input (checked like the workflow checks it):
  --limit <n>           Stories per run, 1 to 500 (workflow default 10)
  --list <name>         top, new, best, ask, show or job (workflow default top)
  --output <kind>       report (default for schedules: includes newStoryIds) or stories`;

/** Help text of the program and of each command. */
export const HELP: Record<CommandName | 'main', string> = {
  main: `Manage the Temporal Schedule that runs the Hacker News pipeline.

Usage: ${PROGRAM} [command] [options]

Commands:
  create      Create the schedule, or update it if it exists (the default command)
  list        List the schedules in the namespace
  describe    Show a schedule's timing, policies, input, recent and next runs
  pause       Stop starting runs until unpaused
  unpause     Resume starting runs
  trigger     Start a run now
  backfill    Take the runs a period would have had, now (--start, --end)
  update      Change only the settings given
  delete      Delete the schedule (runs already started keep running)

Run '${PROGRAM} <command> --help' for a command's options.

Connection: TEMPORAL_ADDRESS (default localhost:7233), TEMPORAL_NAMESPACE (default default),
TEMPORAL_API_KEY, TLS variables, or a profile (TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE).

Exit codes: 0 ok, 1 operation failed, 2 usage error, 3 schedule not found, 4 cannot connect.`,
  create: `Create the pipeline's schedule, or update it to these settings if it exists.
Running it twice leaves one schedule with the latest settings; a paused schedule stays paused.

Usage: ${PROGRAM} [create] [options]

${SETTINGS_HELP}
  --paused              Create it paused

Options:
${COMMON_HELP}`,
  update: `Change an existing schedule: only the settings given change.

Usage: ${PROGRAM} update [options]

${SETTINGS_HELP}
  --no-pause-on-failure Keep running when a run fails

Options:
${COMMON_HELP}`,
  list: `List the schedules in the namespace (eventually consistent: a new schedule may take a
moment to appear).

Usage: ${PROGRAM} list [--limit <n>] [--query <visibility query>] [--json]

  --limit <n>           At most this many schedules (default 100)
  --query <query>       Visibility filter, e.g. "ScheduleId STARTS_WITH 'hackernews'"
  --json                Print JSON
  -h, --help            Show this help`,
  describe: `Show a schedule: timing, policies, workflow input, state, recent and next runs.

Usage: ${PROGRAM} describe [options]

Options:
${COMMON_HELP}`,
  pause: `Pause a schedule: no run starts until it is unpaused. Runs already started continue.

Usage: ${PROGRAM} pause [--note <why>] [options]

  --note <text>         Why it is paused (shown as the schedule's note)
${COMMON_HELP}`,
  unpause: `Unpause a schedule. Runs missed while paused are not taken (see backfill).

Usage: ${PROGRAM} unpause [--note <text>] [options]

  --note <text>         Note to set
${COMMON_HELP}`,
  trigger: `Start a run now, even if the schedule is paused.

Usage: ${PROGRAM} trigger [--overlap <policy>] [options]

  --overlap <policy>    Overlap policy for this run (default: the schedule's own, skip for the
                        pipeline, so it does nothing while a run is in progress); allow-all forces it
${COMMON_HELP}`,
  backfill: `Take the runs the schedule would have started between --start and --end, now.
The Hacker News API only serves current lists, so backfilled runs fetch today's stories.

Usage: ${PROGRAM} backfill --start <ISO date> --end <ISO date> [options]

  --start <date>        Start of the period, e.g. 2025-01-01T00:00:00Z
  --end <date>          End of the period, after --start
  --overlap <policy>    Overlap policy of the backfilled runs (default buffer-all: one after another)
${COMMON_HELP}`,
  delete: `Delete a schedule. Runs it already started keep running.

Usage: ${PROGRAM} delete [options]

Options:
${COMMON_HELP}`,
};
