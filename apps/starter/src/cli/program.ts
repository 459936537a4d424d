import { INGEST_SCHEDULE_ID } from '@hn/contract';
import { runCli as runProgram, type CliContext, type CommandModule } from '@hn/runtime/cli';
import type { ExitCode } from '@hn/runtime/client';
import { ScheduleNotFoundError, ScheduleValidationError } from '@hn/schedules';

/** How the starter is invoked: the name every usage line and hint shows. */
export const PROGRAM = 'pnpm --filter starter';

/**
 * Runs the starter's command line and returns its exit code: `0` ok (also `--help`), `1` the
 * run or operation failed, `2` usage error, `3` no such schedule, `4` Temporal unreachable.
 */
export function runCli(
  argv: readonly string[],
  ctx: CliContext,
  commands: readonly CommandModule[],
): Promise<ExitCode> {
  return runProgram(argv, ctx, commands, {
    name: PROGRAM,
    description: 'Runs the Hacker News pipeline on Temporal and manages its Schedule.',
    rules: { usage: [ScheduleValidationError], notFound: [ScheduleNotFoundError] },
    describe: (error) => {
      if (!(error instanceof ScheduleNotFoundError)) return undefined;
      // The library's message names its own functions; here, the command that creates it.
      const create =
        error.scheduleId === INGEST_SCHEDULE_ID
          ? 'schedule ingest'
          : `schedule --id ${error.scheduleId}`;
      return `Schedule '${error.scheduleId}' does not exist. Create it with '${PROGRAM} ${create}', and check the namespace you are connected to.`;
    },
  });
}
