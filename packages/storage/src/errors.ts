/**
 * Stable codes of {@link StorageError}. Match on these, never on messages.
 *
 * - `INVALID_CONFIG`: a store configuration was rejected before anything was opened.
 * - `INVALID_DESTINATION`: {@link parseDestinationUrl} did not recognise its input.
 * - `INVALID_RUN`: `saveRun` was given a record it cannot store; nothing was written.
 * - `INVALID_ITEMS`: `saveItems` was given a batch it cannot store (the message names the item
 *   and field); nothing was written.
 * - `INVALID_PARTITION`: `savePartition` was given a record it cannot store; nothing was written.
 * - `INVALID_ARGUMENT`: a read helper was given an argument it cannot use.
 * - `DRIVER_MISSING`: the optional driver for the chosen database (`better-sqlite3`, `pg`) is not
 *   installed.
 * - `DRIVER_LOAD_FAILED`: the driver is installed but could not be loaded (for example a native
 *   binding built for another Node.js version).
 * - `CONNECTION_FAILED`: the database could not be opened or reached.
 * - `MIGRATION_FAILED`: bringing the schema up to date failed.
 * - `SAVE_FAILED`: a save (`saveRun`, `saveItems`, `savePartition`) failed; its transaction was
 *   rolled back, nothing was written.
 * - `DISK_FULL`: a save failed because the database's disk is full (SQLite's `SQLITE_FULL`,
 *   PostgreSQL's `53100`); nothing was written, and saving again fails until space is freed. Not
 *   retryable.
 * - `NOT_WRITABLE`: `assertWritable()` found that the store cannot be written (a
 *   read-only file or folder, a user without the rights to insert). Not retryable.
 * - `QUERY_FAILED`: a read helper failed.
 * - `STORE_CLOSED`: the store was used after `close()`.
 */
export type StorageErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_DESTINATION'
  | 'INVALID_RUN'
  | 'INVALID_ITEMS'
  | 'INVALID_PARTITION'
  | 'INVALID_ARGUMENT'
  | 'DRIVER_MISSING'
  | 'DRIVER_LOAD_FAILED'
  | 'CONNECTION_FAILED'
  | 'MIGRATION_FAILED'
  | 'SAVE_FAILED'
  | 'DISK_FULL'
  | 'NOT_WRITABLE'
  | 'QUERY_FAILED'
  | 'STORE_CLOSED';

/**
 * Codes of failures that doing the same again can cure: a connection that comes back, a lock or
 * a deadlock that clears. Every other code needs a change first (input, configuration, space).
 */
const RETRYABLE_CODES: ReadonlySet<StorageErrorCode> = new Set([
  'CONNECTION_FAILED',
  'SAVE_FAILED',
  'QUERY_FAILED',
  'MIGRATION_FAILED',
]);

/**
 * The one error type `@hn/storage` throws. `code` is stable; `message` says what to check;
 * `cause` keeps the driver's original error. Messages never contain a database password.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  /**
   * Whether calling again unchanged may succeed (`CONNECTION_FAILED`, `SAVE_FAILED`,
   * `QUERY_FAILED`, `MIGRATION_FAILED`). A caller with a retry policy (a Temporal activity)
   * should stop retrying when it is `false`: a full disk or bad input fails the same way again.
   */
  readonly retryable: boolean;

  constructor(code: StorageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.retryable = RETRYABLE_CODES.has(code);
  }
}

/** True when `error` is a {@link StorageError}, optionally with the given `code`. */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
