import { type Kysely, sql } from 'kysely';

/**
 * Runs `work` in one transaction on one connection: commits when it returns, rolls back when it
 * (or the commit) throws, and rethrows the error that caused it. Kysely's own transaction throws
 * the ROLLBACK's error instead when the rollback fails, and SQLite rolls a transaction back by
 * itself on `SQLITE_FULL` and some I/O errors, so its ROLLBACK then fails with "cannot rollback -
 * no transaction is active" and the disk-full error was lost.
 */
export async function inTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`begin`.execute(connection);
    let result: T;
    try {
      result = await work(connection);
      await sql`commit`.execute(connection);
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
    return result;
  });
}
