import { optionHelp, type FieldNames, type OptionSpec } from '@hn/contract';
import type { Command } from 'commander';
import { UsageError } from '../exit-codes';
import { nonEmpty, wholeNumber } from './options';

/**
 * The flag of a workflow input field: `chunkSize` → `--chunk-size`, `ingest.concurrency` (a
 * backfill's ingest option) → `--concurrency`.
 */
export function flagOf(field: string): string {
  const name = field.slice(field.lastIndexOf('.') + 1);
  return `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * The field → flag map a command passes to the contract's resolvers, so each problem names the
 * command's own flags: {@link flagOf} unless `overrides` names the field otherwise.
 */
export function flagNames(overrides: Readonly<Record<string, string>> = {}): FieldNames {
  return (field) => overrides[field] ?? flagOf(field);
}

const PLACEHOLDER = { integer: '<n>', choice: '<name>', boolean: '', duration: '<duration>' };

/**
 * Adds the flag of one row of an option table (`INGEST_OPTIONS`, `BACKFILL_OPTIONS` ...): its
 * name from the field, its help (range and default) from the row. The value is checked by the
 * contract's resolver, with the rest.
 *
 * ```ts
 * addOptionFlag(command, 'chunkSize', INGEST_OPTIONS.chunkSize); // --chunk-size <n>
 * ```
 */
export function addOptionFlag(command: Command, field: string, spec: OptionSpec): Command {
  const flag = flagOf(field);
  const usage = `${flag} ${PLACEHOLDER[spec.type]}`.trimEnd();
  return spec.type === 'integer'
    ? command.option(usage, optionHelp(spec), wholeNumber(flag))
    : command.option(usage, optionHelp(spec));
}

/**
 * A flag described as text, such as a row of `@hn/schedules`' `SCHEDULE_SETTINGS`: its value's
 * name (none for a switch), a one-line doc, the default shown, the accepted words, and for a
 * switch what leaving it off means. The value stays text, checked by the library it is passed to
 * (`nonEmpty`: refused here when empty).
 */
export interface TextFlagSpec {
  readonly value?: string;
  readonly doc: string;
  readonly default?: string;
  readonly choices?: readonly string[];
  readonly off?: string;
  readonly nonEmpty?: boolean;
}

/**
 * Adds the flag of a {@link TextFlagSpec}: `--catchup-window <duration>` with help
 * `how late ... (default 10m)`. `negatable` adds a switch's `--no-` flag (help: its `off`)
 * instead of its default, for a command that changes only what is given.
 *
 * ```ts
 * addTextFlag(command, 'catchupWindow', SCHEDULE_SETTINGS.catchupWindow);
 * ```
 */
export function addTextFlag(
  command: Command,
  field: string,
  spec: TextFlagSpec,
  options: { negatable?: boolean } = {},
): Command {
  const flag = flagOf(field);
  const choices = spec.choices ? `: ${spec.choices.join(', ')}` : '';
  if (spec.value === undefined && spec.off !== undefined) {
    if (options.negatable) {
      return command.option(flag, spec.doc).option(`--no-${flag.slice(2)}`, spec.off);
    }
    return command.option(flag, `${spec.doc} (default: ${spec.off})`);
  }
  const shown = spec.default === undefined ? '' : ` (default ${spec.default})`;
  const usage = spec.value === undefined ? flag : `${flag} <${spec.value}>`;
  const help = `${spec.doc}${choices}${shown}`;
  return spec.nonEmpty ? command.option(usage, help, nonEmpty(flag)) : command.option(usage, help);
}

/** Options of {@link inheritFlags}. */
export interface InheritFlags {
  /** Options taken from the group when the subcommand has none of its own. */
  take?: readonly string[];
  /** Options taken only when given on the command line (the group's defaults are not the subcommand's). */
  takeGiven?: readonly string[];
  /** Options of the group the subcommand refuses, when given: `what` says what it takes instead. */
  refuse?: { options: readonly string[]; what: (flags: readonly string[]) => string };
}

/**
 * A subcommand's options with those its group holds: commander gives the group's same-named
 * options (`--from`, `--json` ...) to the group even after the subcommand's name, so they are
 * taken from there; the group's options the subcommand does not take are refused.
 *
 * ```ts
 * inheritFlags(own, command.parent!, {
 *   take: ['from', 'to', 'json'],
 *   refuse: { options: ['last', 'ids'], what: (f) => `'ingest status' takes only --from, --to and --json, not ${f.join(', ')}.` },
 * });
 * ```
 *
 * @throws UsageError naming each refused option given.
 */
export function inheritFlags<T extends object>(own: T, group: Command, rules: InheritFlags): T {
  const given = group.opts<Record<string, unknown>>();
  const fromCli = (name: string): boolean => group.getOptionValueSource(name) === 'cli';
  const merged = { ...own } as Record<string, unknown>;
  for (const name of rules.take ?? []) {
    if (given[name] !== undefined) merged[name] ??= given[name];
  }
  for (const name of rules.takeGiven ?? []) {
    if (fromCli(name)) merged[name] ??= given[name];
  }
  const stray = (rules.refuse?.options ?? []).filter(fromCli).map(flagOf);
  if (rules.refuse && stray.length > 0) throw new UsageError(rules.refuse.what(stray));
  return merged as T;
}
