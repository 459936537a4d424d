// What `ingest status` and `ingest check` share: their `--from`/`--to` period over stored
// partitions, and the destination they read (the worker's, unless HN_DESTINATION says otherwise).
import { existsSync } from 'node:fs';
import { parseDestinationUrl, type StoreConfig } from '@hn/storage';
import { UsageError } from '@hn/runtime/client';
import { defaultDestination } from '@hn/runtime';

/** The `--from`/`--to` flags of a command that reads stored partitions. */
export interface PeriodFlags {
  from?: string;
  to?: string;
}

/**
 * The period as the store's partition filter takes it (both ends optional).
 *
 * @throws {UsageError} naming each flag that is not an ISO-8601 time, or a `--to` not after
 *   `--from`.
 */
export function storedPeriod({ from, to }: PeriodFlags): { from?: string; to?: string } {
  const problems: string[] = [];
  for (const [flag, value] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      problems.push(
        `${flag} must be an ISO-8601 time such as 2025-01-01T09:00:00Z, got "${value}"`,
      );
    }
  }
  if (problems.length === 0 && from !== undefined && to !== undefined) {
    if (Date.parse(to) <= Date.parse(from)) {
      problems.push(`--to (${to}) must be after --from (${from})`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

/**
 * The destination to read, or `undefined` when it is a SQLite file that does not exist yet: a
 * fresh clone has no database, which is an empty answer, and opening the store would create (and
 * migrate) a file the worker may never use.
 *
 * @throws {UsageError} when `HN_DESTINATION` is `none`.
 */
export function storedDestination(what: string): { config: StoreConfig } | { missing: string } {
  const text = process.env.HN_DESTINATION ?? defaultDestination();
  if (text === 'none') {
    throw new UsageError(`HN_DESTINATION is "none": there is no destination to ${what}.`);
  }
  const config = parseDestinationUrl(text);
  if (config.kind === 'sqlite' && config.filename !== ':memory:' && !existsSync(config.filename)) {
    return { missing: config.filename };
  }
  return { config };
}
