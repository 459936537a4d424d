import { Command, CommanderError } from 'commander';
import { EXIT, EXIT_CODES_HELP, UsageError, type ExitCode } from '../exit-codes';
import type { CliContext } from './context';
import { reportError, type ReportErrorOptions } from './report-error';

/**
 * A command, or a group of subcommands, of a program: one file each, listed in the order
 * `--help` shows them.
 */
export interface CommandModule {
  /**
   * Adds the command to `program` (`program.command('name')...`): its options, help text and
   * action. The action validates everything before `ctx.connect()`, and reports failure by
   * throwing: a `UsageError` (exit 2), a "not found" error of the program's rules (3), a
   * connection failure (4), anything else (1), with its `cause` chain printed.
   */
  register(program: Command, ctx: CliContext): void;
}

/** What {@link createProgram} and {@link runCli} build: the program's name, words and rules. */
export interface ProgramOptions extends Pick<ReportErrorOptions, 'rules' | 'describe'> {
  /** How the program is invoked: the name every usage line and hint shows. */
  name: string;
  /** One line under the usage of `--help`. */
  description: string;
}

/** How a client finds Temporal, as `--help` says it (the settings `connectClient` reads). */
export const CONNECTION_HELP = `Connection: TEMPORAL_ADDRESS (default localhost:7233), TEMPORAL_NAMESPACE (default
default), TEMPORAL_API_KEY, TLS variables, or a temporal.toml profile (TEMPORAL_PROFILE).
A '--' anywhere on the command line is ignored (pnpm passes it through).`;

/**
 * Builds a commander program with `commands`; every command gets the same output (through
 * `ctx`), error handling, and help (connection settings and exit codes after each). `state`
 * keeps the command being parsed, for the error report.
 */
export function createProgram(
  ctx: CliContext,
  commands: readonly CommandModule[],
  options: ProgramOptions,
  state: { command?: Command } = {},
): Command {
  const program = new Command(options.name)
    .description(options.description)
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
 * Runs a command line and returns its exit code (`EXIT`): `0` ok (also `--help`), `1` the run
 * or operation failed, `2` usage error, `3` not found, `4` Temporal unreachable; every error is
 * printed once by `reportError`, commander's in the same words as the rest. Every `--` is
 * dropped first (pnpm 10 passes the one that separates its own options through).
 *
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processContext(), [startCommand], {
 *   name: 'my-cli',
 *   description: 'Runs the pipeline.',
 * });
 * ```
 */
export async function runCli(
  argv: readonly string[],
  ctx: CliContext,
  commands: readonly CommandModule[],
  options: ProgramOptions,
): Promise<ExitCode> {
  const args = argv.filter((arg) => arg !== '--');
  const state: { command?: Command } = {};
  const program = createProgram(ctx, commands, options, state);
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
    const reported =
      error instanceof CommanderError ? usageErrorOf(error, command, options.name) : error;
    return reportError(ctx, reported, {
      json: args.includes('--json'),
      helpCommand: pathOf(command),
      ...(options.rules && { rules: options.rules }),
      ...(options.describe && { describe: options.describe }),
    });
  } finally {
    ctx.status.clear();
  }
}

/** Commander's message, said the way the rest of the program says things. */
export function usageErrorOf(error: CommanderError, command: Command, program: string): UsageError {
  const name = pathOf(command).slice(program.length + 1) || program.split(' ').at(-1)!;
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
      return new UsageError(`Unknown command '${unknown}'. Commands: ${commandList(command)}.`);
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

/** The names of `command`'s subcommands, comma-separated: `create, update, describe`. */
export function commandList(command: Command): string {
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
