import { optionHelp, type FieldNames, type OptionSpec } from '@hn/contract';
import type { Command } from 'commander';
import { wholeNumber } from './options';

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
 * Adds the flag of one row of an option table: its name from the field, its help (range and
 * default) from the row. The value is checked by the contract's resolver, with the rest.
 */
export function addOptionFlag(command: Command, field: string, spec: OptionSpec): Command {
  const flag = flagOf(field);
  const usage = `${flag} ${PLACEHOLDER[spec.type]}`.trimEnd();
  return spec.type === 'integer'
    ? command.option(usage, optionHelp(spec), wholeNumber(flag))
    : command.option(usage, optionHelp(spec));
}

/** The ingest options `ingest` and `ingest backfill` take as flags (rows of `INGEST_OPTIONS`). */
export const INGEST_FLAGS = ['concurrency', 'chunkSize'] as const;

/** The {@link INGEST_FLAGS} given on the command line, as ingest options. */
export function ingestFlagValues(
  flags: Partial<Record<(typeof INGEST_FLAGS)[number], number>>,
): Partial<Record<(typeof INGEST_FLAGS)[number], number>> {
  return Object.fromEntries(
    INGEST_FLAGS.filter((field) => flags[field] !== undefined).map((field) => [
      field,
      flags[field],
    ]),
  );
}
