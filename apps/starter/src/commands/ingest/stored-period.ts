// What `ingest status` and `ingest check` share: the destination they read and their period flags.
import { readableDestination } from '@hn/storage';
import { UsageError } from '@hn/runtime/client';
import { defaultDestination } from '@hn/runtime';
import { inheritFlags, type Period } from '@hn/runtime/cli';
import type { Command } from 'commander';

/** The destination the worker writes to, as text. */
export function destinationText(): string {
  return process.env.HN_DESTINATION ?? defaultDestination();
}

/**
 * The destination to `what` (read, check), or the SQLite file it names when that does not exist yet.
 *
 * @throws {UsageError} when `HN_DESTINATION` is `none`.
 */
export function storedDestination(what: string): ReturnType<typeof readableDestination> {
  const text = destinationText();
  if (text === 'none') {
    throw new UsageError(`HN_DESTINATION is "none": there is no destination to ${what}.`);
  }
  return readableDestination(text);
}

/** Flags of `ingest status` and `ingest check`: a period and `--json`. */
export interface PeriodFlags extends Period {
  json?: boolean;
}

/**
 * A period command's own flags, and `--from`, `--to`, `--json` given to `ingest` (commander
 * leaves them on the group); the group's `refused` flags refused.
 */
export function periodFlags(command: Command, refused: readonly string[]): PeriodFlags {
  return inheritFlags(command.opts<PeriodFlags>(), command.parent!, {
    take: ['from', 'to', 'json'],
    refuse: {
      options: refused,
      what: (flags) =>
        `'ingest ${command.name()}' takes only --from, --to and --json, not ${flags.join(', ')}.`,
    },
  });
}
