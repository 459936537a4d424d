import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteStoreConfig } from '../config';
import { StorageError } from '../errors';
import type { Database } from '../schema';
import { loadBetterSqlite3, messageOf } from './drivers';

/** Opens the SQLite file with WAL, a busy timeout and foreign keys on. */
export async function openSqlite(config: Required<SqliteStoreConfig>): Promise<Kysely<Database>> {
  const BetterSqlite3 = await loadBetterSqlite3();
  const { filename, busyTimeoutMs } = config;
  const inMemory = filename === ':memory:';
  let database: InstanceType<typeof BetterSqlite3> | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(resolve(filename)), { recursive: true });
    database = new BetterSqlite3(filename, { timeout: busyTimeoutMs });
    // WAL lets readers (the apps' read helpers) run while a worker writes.
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    database.pragma('foreign_keys = ON');
    // With WAL, NORMAL is still crash-safe: a power loss can only lose the last commits.
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    database?.close();
    if (error instanceof StorageError) throw error;
    if (isBindingError(error)) {
      throw new StorageError(
        'DRIVER_LOAD_FAILED',
        `The SQLite driver "better-sqlite3" could not load its native binding: ${messageOf(error)} ` +
          'Rebuild it for this Node.js version (`pnpm rebuild better-sqlite3`).',
        { cause: error },
      );
    }
    throw new StorageError(
      'CONNECTION_FAILED',
      `Cannot open the SQLite database at "${filename}": ${messageOf(error)} ` +
        'Check that the path is a SQLite file (or does not exist yet) and that its directory is writable.',
      { cause: error },
    );
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

function isBindingError(error: unknown): boolean {
  const message = messageOf(error);
  return (
    message.includes('bindings file') ||
    message.includes('NODE_MODULE_VERSION') ||
    message.includes('better_sqlite3.node')
  );
}
