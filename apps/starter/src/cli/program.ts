import { Command, CommanderError } from 'commander';
import type { CliContext } from './context';
import { EXIT, EXIT_CODES_HELP, UsageError, type ExitCode } from '@hn/runtime/client';
import { reportError } from './report-error';

/** How the starter is invoked: the name every usage line and hint shows. */
export const PROGRAM = 'pnpm --filter starter';

/**
 * A command, or a group of subcommands, of the starter. Each lives in its own file under
 * `src/commands/` and is listed in `src/commands/index.ts`.
 */
export interface CommandModule {
  /**
   * Adds the command to `program` (`program.command('name')...`): its options, help text and
   * action. The action validates everything before `ctx.connect()`, and reports failure by
   * throwing: a {@link UsageError} (exit 2), a `ScheduleNotFoundError` (3), a `ConnectError`
   * (4), anything else (1), with its `cause` chain printed.
   */
  register(program: Command, ctx: CliContext): void;
}

const CONNECTION_HELP = `Connection: TEMPORAL_ADDRESS (default localhost:7233), TEMPORAL_NAMESPACE (default
default), TEMPORAL_API_KEY, TLS variables, or a temporal.toml profile (TEMPORAL_PROFILE).
A '--' anywhere on the command line is ignored (pnpm passes it through).`;

/** Builds the program with `commands`; every command gets the same error handling and help. */
export function createProgram(
  ctx: CliContext,
  commands: readonly CommandModule[],
  state: { command?: Command } = {},
): Command {
  const program = new Command(PROGRAM)
    .description('Runs the Hacker News pipeline on Temporal and manages its Schedule.')
    .usage('<command> [options]');
  for (const entry of commands) entry.register(program, ctx);
  visit(program, (command) => {
    command
      .configureOutput({
        writeOut: (text) => ctx.stdout.write(text),
        writeErr: (text) => ctx.stderr.write(text),
        outputError: () => undefined, // reportError prints every error, once
      })
      .showSuggestionAfterError(true)
      .helpCommand(false)
      .exitOverride((error) => {
        state.command = command;
        throw error;
      })
      .addHelpText('after', `\n${CONNECTION_HELP}\n\n${EXIT_CODES_HELP}`);
    if (command.commands.length > 0) {
      command.hook('preSubcommand', (_, sub) => {
        state.command = sub;
      });
    }
  });
  program.hook('preAction', (_, action) => {
    state.command = action;
  });
  return program;
}

/**
 * Runs the starter's command line and returns its exit code: `0` ok (also `--help`), `1` the
 * run or operation failed, `2` usage error, `3` no such schedule, `4` Temporal unreachable.
 * Every `--` is dropped first (pnpm 10 passes the one that separates its own options through).
 */
export async function runCli(
  argv: readonly string[],
  ctx: CliContext,
  commands: readonly CommandModule[],
): Promise<ExitCode> {
  const args = argv.filter((arg) => arg !== '--');
  const state: { command?: Command } = {};
  const program = createProgram(ctx, commands, state);
  try {
    await program.parseAsync(args, { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    if (
      error instanceof CommanderError &&
      (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
    ) {
      return EXIT.OK;
    }
    const command = state.command ?? program;
    const reported = error instanceof CommanderError ? usageErrorOf(error, command) : error;
    return reportError(ctx, reported, {
      json: args.includes('--json'),
      helpCommand: pathOf(command),
    });
  } finally {
    ctx.status.clear();
  }
}

/** Commander's message, said the way the rest of the starter says things. */
function usageErrorOf(error: CommanderError, command: Command): UsageError {
  const name = pathOf(command).slice(PROGRAM.length + 1) || 'starter';
  const message = error.message.replace(/^error: /, '');
  switch (error.code) {
    case 'commander.unknownOption': {
      const [, option, suggestion] = /'([^']+)'(?:\s*\(Did you mean (.+)\?\))?/.exec(message) ?? [];
      return new UsageError(
        `Unknown option '${option}' for '${name}'.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
      );
    }
    case 'commander.unknownCommand': {
      const [, unknown] = /'([^']+)'/.exec(message) ?? [];
      const known = command.commands.map((c) => c.name()).join(', ');
      return new UsageError(`Unknown command '${unknown}'. Commands: ${known}.`);
    }
    case 'commander.excessArguments': {
      const extra = command.args.slice(command.registeredArguments.length);
      return new UsageError(
        `Unexpected argument '${extra.join(' ')}' for '${name}': it takes no arguments, only options (they start with --).`,
      );
    }
    case 'commander.optionMissingArgument':
      return new UsageError(
        `${capitalize(message.replace(' argument missing', ''))} needs a value.`,
      );
    case 'commander.help':
      return new UsageError(`Missing command: give one of ${commandList(command)}.`);
    default:
      return new UsageError(capitalize(message));
  }
}

function commandList(command: Command): string {
  return command.commands.map((c) => c.name()).join(', ');
}

function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function visit(command: Command, fn: (command: Command) => void): void {
  fn(command);
  for (const sub of command.commands) visit(sub, fn);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
