import { parseArgs } from 'node:util';
import { COMMAND_OPTIONS, COMMANDS, type CommandName } from './commands';
import { UsageError } from './errors';

/** Flag values of one command, as parsed. */
export type FlagValues = Record<string, string | boolean | undefined>;

/** A parsed command line. */
export interface ParsedCommandLine {
  /** `undefined` when only `--help` was given: show the program's help. */
  command: CommandName | undefined;
  values: FlagValues;
}

/**
 * Parses `[command] [flags]` strictly: unknown flags, missing values and stray arguments are
 * usage errors.
 *
 * @throws UsageError
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h') {
    return rest.length === 0
      ? { command: undefined, values: { help: true } }
      : parseFor('create', argv);
  }
  if (first === undefined || first.startsWith('-')) return parseFor('create', argv);
  if (!isCommand(first)) {
    throw new UsageError(`Unknown command '${first}'. Commands: ${COMMANDS.join(', ')}.`);
  }
  return parseFor(first, rest);
}

function parseFor(command: CommandName, args: readonly string[]): ParsedCommandLine {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: COMMAND_OPTIONS[command],
      strict: true,
      allowPositionals: false,
    });
    return { command, values: values as FlagValues };
  } catch (error) {
    throw new UsageError(describeParseError(error, command), command);
  }
}

function describeParseError(error: unknown, command: CommandName): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option '${option ?? message}' for '${command}'.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('argument missing')
        ? `Option '${option}' needs a value.`
        : `Option '${option}' does not take a value.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument ${/'([^']*)'/.exec(message)?.[0] ?? ''} for '${command}': options start with --.`;
    default:
      return message;
  }
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}
