import { type Database, isStorageError, openDatabase, type StoreConfig } from '@hn/storage';
import type { Kysely } from 'kysely';
import { ReadModelError } from './errors';

/**
 * Opens the store's database for reading only, with `@hn/storage`'s schema types
 * (`openDatabase(config, { readOnly: true })`). SQLite opens the existing file with `readonly`
 * (a missing file is an error, never created); PostgreSQL sessions run with
 * `default_transaction_read_only`, so no statement from here can write.
 *
 * @throws {ReadModelError} `OPEN_FAILED` when the configuration is invalid, the driver is not
 *   installed, or the SQLite file does not exist.
 */
export async function openReadOnly(config: StoreConfig): Promise<Kysely<Database>> {
  try {
    return await openDatabase(config, { readOnly: true });
  } catch (error) {
    if (!isStorageError(error)) throw error;
    throw new ReadModelError('OPEN_FAILED', error.message, { cause: error });
  }
}
