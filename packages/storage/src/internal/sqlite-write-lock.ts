import { type Kysely, sql } from 'kysely';
import { retryWhileBusy } from './sqlite-busy';

/** What the work under the lock returns, and whether its writes are kept. */
export interface LockedOutcome<T> {
  result: T;
  commit: boolean;
}

/**
 * Runs `work` on one connection inside `BEGIN IMMEDIATE`, which takes the database's write lock
 * across processes, then commits or rolls back as `work` says; rolls back when it throws.
 * Waits up to `timeoutMs` for the lock (SQLite's busy timeout, retried).
 */
export async function withSqliteWriteLock<DB, T>(
  db: Kysely<DB>,
  timeoutMs: number,
  work: (locked: Kysely<DB>) => Promise<LockedOutcome<T>>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await retryWhileBusy(
      timeoutMs,
      () => sql`begin immediate`.execute(connection),
      (error) =>
        new Error(
          `Another process held the SQLite database's write lock for more than ` +
            `${Math.round(timeoutMs / 1000)} s. Check for a process stuck in a long write.`,
          { cause: error },
        ),
    );
    let outcome: LockedOutcome<T>;
    try {
      outcome = await work(connection);
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
    await sql.raw(outcome.commit ? 'commit' : 'rollback').execute(connection);
    return outcome.result;
  });
}
