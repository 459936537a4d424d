import { existsSync } from 'node:fs';
import type { StoreConfig } from './config';
import { StorageError } from './errors';

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const SQLITE_EXTENSIONS = /\.(db|sqlite|sqlite3|db3)$/i;

/**
 * Turns a destination written by a person (a flag, an environment variable) into a
 * {@link StoreConfig}:
 *
 * - `postgres://…` or `postgresql://…` → PostgreSQL with that URL;
 * - `sqlite:PATH` (also `sqlite://PATH`, `sqlite::memory:`) → SQLite at `PATH`;
 * - a path starting with `/`, `./` or `../`, or ending in `.db`, `.sqlite`, `.sqlite3`, `.db3`
 *   → SQLite at that path.
 *
 * @throws {StorageError} `INVALID_DESTINATION` for anything else (an empty string, another
 *   scheme, a bare word), saying which forms are accepted.
 */
export function parseDestinationUrl(text: string): StoreConfig {
  const input = typeof text === 'string' ? text.trim() : '';
  if (input === '') {
    throw invalid('The destination is empty.');
  }
  const scheme = SCHEME.exec(input)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!URL.canParse(input)) {
      throw invalid(
        'The PostgreSQL destination is not a valid URL; percent-encode special characters in the password.',
      );
    }
    return { kind: 'postgres', url: input };
  }
  if (/^sqlite:/i.test(input)) {
    let filename = input.slice('sqlite:'.length);
    if (filename.startsWith('//')) filename = filename.slice(2);
    if (filename === '')
      throw invalid('"sqlite:" needs a path, for example "sqlite:./data/hn.db".');
    return { kind: 'sqlite', filename };
  }
  if (scheme !== undefined) {
    throw invalid(`Unsupported destination scheme "${scheme}://".`);
  }
  if (/^(\/|\.\.?\/)/.test(input) || SQLITE_EXTENSIONS.test(input)) {
    return { kind: 'sqlite', filename: input };
  }
  // Echoing the input could print a password when the scheme was forgotten.
  const shown = input.includes('@') ? 'The destination' : `"${input}"`;
  throw invalid(`${shown} is neither a URL nor a database file path.`);
}

function invalid(reason: string): StorageError {
  return new StorageError(
    'INVALID_DESTINATION',
    `${reason} Use "sqlite:./data/hn.db", a path such as "./data/hn.db", or ` +
      '"postgres://user:password@host:5432/database".',
  );
}

/**
 * The destination to read from, or the SQLite file it names when that file does not exist yet: a
 * fresh clone has no database, which is an empty answer to a reader, and opening the store would
 * create (and migrate) a file the worker may never use. PostgreSQL and `:memory:` are always
 * `{ config }`.
 *
 * ```ts
 * const destination = readableDestination(process.env.HN_DESTINATION ?? 'sqlite:hn.db');
 * if ('missing' in destination) console.log(`${destination.missing} does not exist yet`);
 * else console.log(await (await createStore(destination.config)).listPartitions({}));
 * ```
 *
 * @throws {StorageError} `INVALID_DESTINATION` as {@link parseDestinationUrl}.
 */
export function readableDestination(text: string): { config: StoreConfig } | { missing: string } {
  const config = parseDestinationUrl(text);
  if (config.kind === 'sqlite' && config.filename !== ':memory:' && !existsSync(config.filename)) {
    return { missing: config.filename };
  }
  return { config };
}
