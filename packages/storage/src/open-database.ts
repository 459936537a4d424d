import type { Kysely } from 'kysely';
import { type StoreConfig, validateStoreConfig } from './config';
import { openPostgres } from './internal/open-postgres';
import { openSqlite } from './internal/open-sqlite';
import type { Database } from './schema';

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /**
   * Opens for reading only: SQLite opens the existing file `readonly` (a missing file or
   * `:memory:` is an error, nothing is created), PostgreSQL sessions run with
   * `default_transaction_read_only`, so no statement through it can write. Default `false`.
   */
  readOnly?: boolean;
}

/**
 * Opens the store's database as a typed Kysely instance, without checking that it is reachable
 * and without migrating (`createStore` does both). The caller destroys it.
 *
 * @example
 * ```ts
 * const db = await openDatabase(parseDestinationUrl('sqlite:./data/hn.db'), { readOnly: true });
 * const items = await db.selectFrom('items').select((eb) => eb.fn.countAll().as('n')).execute();
 * await db.destroy();
 * ```
 * @throws {StorageError} `INVALID_CONFIG` (before anything is opened), `DRIVER_MISSING`,
 *   `DRIVER_LOAD_FAILED`, `CONNECTION_FAILED` (SQLite: a file that cannot be opened).
 */
export async function openDatabase(
  config: StoreConfig,
  options: OpenDatabaseOptions = {},
): Promise<Kysely<Database>> {
  const valid = validateStoreConfig(config);
  const readOnly = options.readOnly ?? false;
  return valid.kind === 'sqlite'
    ? openSqlite(valid, { readOnly })
    : openPostgres(valid, { readOnly });
}
