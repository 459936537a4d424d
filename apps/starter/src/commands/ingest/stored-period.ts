// What `ingest status` and `ingest check` share: the destination they read (the worker's, unless HN_DESTINATION says otherwise).
import { existsSync } from 'node:fs';
import { parseDestinationUrl, type StoreConfig } from '@hn/storage';
import { UsageError } from '@hn/runtime/client';
import { defaultDestination } from '@hn/runtime';

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
