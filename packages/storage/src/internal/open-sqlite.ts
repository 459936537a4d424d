import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteStoreConfig } from '../config';
import { StorageError } from '../errors';
import type { Database } from '../schema';
import { type BetterSqlite3Constructor, loadBetterSqlite3, messageOf } from './drivers';
import { isSqliteBusy, retryWhileBusy } from './sqlite-busy';

/**
 * Opens the SQLite file with a busy timeout, WAL and foreign keys on. Safe when several processes
 * open the same new file at once. With `readOnly`, opens an existing file `readonly` (a missing
 * file is an error, never created) and leaves its journal mode as it is.
 */
export async function openSqlite(
  config: Required<SqliteStoreConfig>,
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<Kysely<Database>> {
  const BetterSqlite3 = await loadBetterSqlite3();
  const { filename, busyTimeoutMs } = config;
  if (readOnly) return openSqliteReadOnly(BetterSqlite3, filename, busyTimeoutMs);
  const inMemory = filename === ':memory:';
  let database: InstanceType<typeof BetterSqlite3> | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(resolve(filename)), { recursive: true });
    // `timeout` sets SQLite's busy timeout as the connection opens, before any statement runs.
    database = new BetterSqlite3(filename, { timeout: busyTimeoutMs });
    if (!inMemory) await useWal(database, busyTimeoutMs);
    database.pragma('foreign_keys = ON');
    // With WAL, NORMAL is still crash-safe: a power loss can only lose the last commits.
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    database?.close();
    if (error instanceof StorageError) throw error;
    if (isSqliteBusy(error)) {
      throw new StorageError(
        'CONNECTION_FAILED',
        `Cannot open the SQLite database at "${filename}": another process kept it locked for ` +
          `more than busyTimeoutMs (${busyTimeoutMs} ms). Raise busyTimeoutMs or find that process.`,
        { cause: error },
      );
    }
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

function openSqliteReadOnly(
  BetterSqlite3: BetterSqlite3Constructor,
  filename: string,
  busyTimeoutMs: number,
): Kysely<Database> {
  if (filename === ':memory:') {
    throw new StorageError(
      'INVALID_CONFIG',
      'A read-only database must be a stored one: give the path of an existing SQLite file, not ":memory:".',
    );
  }
  let database: InstanceType<BetterSqlite3Constructor>;
  try {
    database = new BetterSqlite3(filename, {
      readonly: true,
      fileMustExist: true,
      timeout: busyTimeoutMs,
    });
  } catch (error) {
    throw new StorageError(
      'CONNECTION_FAILED',
      `Cannot open the SQLite database at "${filename}" read-only: ${messageOf(error)}. ` +
        'Give the path of a store the pipeline has written (for example "./data/hn.db").',
      { cause: error },
    );
  }
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

/**
 * WAL lets readers (the apps' read helpers) run while a worker writes. The mode is persistent,
 * so it is only switched when the file is not in WAL yet (a new file). Switching needs an
 * exclusive lock that SQLite requests without its busy handler, so when several processes open
 * a new file at once the switch fails with SQLITE_BUSY at once: retry it within the timeout.
 */
async function useWal(
  database: InstanceType<BetterSqlite3Constructor>,
  timeoutMs: number,
): Promise<void> {
  await retryWhileBusy(timeoutMs, () => {
    if (database.pragma('journal_mode', { simple: true }) === 'wal') return;
    const mode: unknown = database.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new StorageError(
        'CONNECTION_FAILED',
        `SQLite refused to switch the database to WAL mode (it stayed "${String(mode)}"). ` +
          'Use a file on a local disk: WAL does not work on network file systems.',
      );
    }
  });
}

function isBindingError(error: unknown): boolean {
  const message = messageOf(error);
  return (
    message.includes('bindings file') ||
    message.includes('NODE_MODULE_VERSION') ||
    message.includes('better_sqlite3.node')
  );
}
