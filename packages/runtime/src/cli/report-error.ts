import { ActivityFailure, ApplicationFailure } from '@temporalio/client';
import { CommanderError } from 'commander';
import { toTerminalJson } from '../control-characters';
import { EXIT, causeChain, exitCodeOf, type ExitCode, type ExitCodeRules } from '../exit-codes';
import { writeErr, type CliContext } from './context';

/** One link of an error's `cause` chain, as printed. */
export interface CauseView {
  name: string;
  /** `ApplicationFailure.type`, when there is one. */
  type?: string;
  message: string;
}

/**
 * The causes below `error`, outermost first, down to the innermost ApplicationFailure (what
 * failed, with its type; below it is only the original error it was made from) or, without one,
 * to the end of the chain.
 */
export function causesOf(error: unknown): CauseView[] {
  const causes = causeChain(error).slice(1);
  const innermost = causes.findLastIndex((cause) => cause instanceof ApplicationFailure);
  return causes.slice(0, innermost >= 0 ? innermost + 1 : causes.length).map((cause) => {
    const view: CauseView = { name: nameOf(cause), message: messageOf(cause) };
    if (cause instanceof ApplicationFailure && cause.type) view.type = cause.type;
    return view;
  });
}

/** Options of {@link reportError}. */
export interface ReportErrorOptions {
  /** Print `{ "error": ... }` instead of text. */
  json: boolean;
  /** The command to point at with `--help` for a usage error, e.g. `pnpm --filter starter start`. */
  helpCommand: string;
  /** Error classes that mean a usage error or "not found" (see `exitCodeOf`); commander's are usage. */
  rules?: ExitCodeRules;
  /** The message of an error in the program's words, when the error's own does not fit. */
  describe?: (error: Error) => string | undefined;
}

/**
 * Prints an error on stderr (after clearing the status line): its message, each cause in turn,
 * and for a usage error a hint to `--help`; as JSON with `json`. Returns the exit code
 * (`exitCodeOf` with `rules`, a `CommanderError` counting as usage). Text from the server or
 * the API is sanitised like every other terminal output.
 *
 * ```ts
 * process.exitCode = reportError(ctx, error, { json: false, helpCommand: 'my-cli run' });
 * // error: The run r-1 failed.
 * //   caused by ApplicationFailure [HackerNewsIngestFailed]: 1 chunk(s) could not be stored
 * ```
 */
export function reportError(
  ctx: CliContext,
  error: unknown,
  { json, helpCommand, rules = {}, describe }: ReportErrorOptions,
): ExitCode {
  const exitCode = exitCodeOf(error, { ...rules, usage: [...(rules.usage ?? []), CommanderError] });
  const message = (error instanceof Error && describe?.(error)) || messageOf(error);
  const causes = causesOf(error);
  if (json) {
    const code = codeOf(error, exitCode);
    writeErr(
      ctx,
      toTerminalJson({
        error: { code, exitCode, message, ...(causes.length > 0 && { causes }) },
      }),
    );
    return exitCode;
  }
  const lines = [`error: ${message}`];
  for (const cause of causes) {
    lines.push(
      `  caused by ${cause.name}${cause.type ? ` [${cause.type}]` : ''}${cause.name ? ': ' : ''}${cause.message}`,
    );
  }
  if (exitCode === EXIT.USAGE) lines.push(`Run '${helpCommand} --help' for usage.`);
  writeErr(ctx, lines.join('\n'));
  return exitCode;
}

function nameOf(error: unknown): string {
  if (!(error instanceof Error)) return '';
  // A plain Error (gRPC's) says nothing its message does not.
  return error.name === 'Error' ? '' : error.name;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message.replace(/^error: /, '');
  if (error instanceof ActivityFailure) {
    const details = [
      error.activityType && `activity ${error.activityType}`,
      error.retryState && `retry state ${error.retryState}`,
    ].filter(Boolean);
    return details.length > 0 ? `${message} (${details.join(', ')})` : message;
  }
  return message;
}

function codeOf(error: unknown, exitCode: ExitCode): string {
  if (error instanceof CommanderError) return 'USAGE';
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string') return code;
  return exitCode === EXIT.CANNOT_CONNECT ? 'CANNOT_CONNECT' : 'FAILED';
}
