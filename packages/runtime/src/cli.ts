/**
 * A command line on commander and `@hn/runtime/client`: a program of command modules whose
 * errors are printed once, with their causes, and mapped to exit codes (`runCli`,
 * `reportError`); output sanitised for the terminal (`writeOut`, `writeErr`, `printRun` for a
 * finished run, `printConnected` for a call to Temporal); flags from the contract's option
 * tables (`addOptionFlag`, `flagNames`) and value parsers (`nonEmpty`, `wholeNumber`,
 * `positiveInteger`); workflow inputs from a command's flags, checked by the contract's
 * resolvers (`startInputFromFlags`, `ingestInputFromFlags`, `backfillInputFromFlags`,
 * `followInputFromFlags`); a run watched with its progress on the status line and a hint when
 * no worker polls (`watchOptions`).
 *
 * ```ts
 * import { processContext, runCli, writeOut, type CommandModule } from '@hn/runtime/cli';
 *
 * const hello: CommandModule = {
 *   register: (program, ctx) => program.command('hello').action(() => writeOut(ctx, 'hello')),
 * };
 * process.exitCode = await runCli(process.argv.slice(2), processContext(), [hello], {
 *   name: 'my-cli',
 *   description: 'Says hello.',
 * });
 * ```
 *
 * @module
 */
export {
  printConnected,
  printRun,
  processContext,
  writeErr,
  writeOut,
  type CliContext,
  type CommandOutput,
  type ConnectedClient,
  type RunIds,
} from './cli/context';
export {
  addOptionFlag,
  addTextFlag,
  flagNames,
  flagOf,
  inheritFlags,
  type InheritFlags,
  type TextFlagSpec,
} from './cli/flags';
export { nonEmpty, positiveInteger, wholeNumber, type OptionParser } from './cli/options';
export {
  CONNECTION_HELP,
  commandList,
  createProgram,
  runCli,
  usageErrorOf,
  type CommandModule,
  type ProgramOptions,
} from './cli/program';
export { causesOf, reportError, type CauseView, type ReportErrorOptions } from './cli/report-error';
export {
  NO_WORKER_HINT_MS,
  runWatched,
  watchOptions,
  watchUntilInterrupted,
  type WatchOptions,
} from './cli/watch';
export { periodFrom, type Period } from './cli/period';
export {
  FOLLOW_FLAGS,
  INGEST_FLAGS,
  LAST_OPTION,
  START_FLAGS,
  backfillInputFromFlags,
  followInputFromFlags,
  givenOptions,
  ingestInputFromFlags,
  startInputFromFlags,
  type BackfillFlags,
  type FollowFlags,
  type IngestFlags,
  type IngestTuningFlags,
  type StartFlags,
} from './cli/input-flags';
