import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { StoreKind } from '../config';
import { StorageError } from '../errors';
import { TABLE_NAMES, type Database } from '../schema';
import { messageOf } from './drivers';
import { inTransaction } from './transaction';

/** Thrown inside the probe's transaction so that it always rolls back. */
class ProbeDone extends Error {}

/**
 * Fails with `NOT_WRITABLE` unless the store can be written: for SQLite, the file and its folder
 * (WAL writes `-wal` and `-shm` files beside it) and a write to the database; for PostgreSQL, the
 * INSERT, UPDATE and DELETE rights on every table and a write. The write is rolled back.
 */
export async function assertWritableStore(
  db: Kysely<Database>,
  kind: StoreKind,
  where: string,
  filename: string | undefined,
): Promise<void> {
  const problems: string[] = [];
  if (filename !== undefined && filename !== ':memory:') {
    const file = resolve(filename);
    for (const [path, what] of [
      [file, 'the file'],
      [dirname(file), 'its folder'],
    ] as const) {
      try {
        accessSync(path, constants.W_OK);
      } catch (error) {
        problems.push(`${what} ${path} is not writable (${codeOf(error)})`);
      }
    }
  }
  if (kind === 'postgres') {
    const rows = await sql<{ name: string; ok: boolean }>`
      select t.name, has_table_privilege(t.name, 'INSERT, UPDATE, DELETE') as ok
      from unnest(${sql.val([...TABLE_NAMES, 'partition_checks'])}::text[]) as t(name)`.execute(db);
    const denied = rows.rows.filter((row) => !row.ok).map((row) => row.name);
    if (denied.length > 0) {
      problems.push(`the user lacks INSERT, UPDATE or DELETE on ${denied.join(', ')}`);
    }
  }
  if (problems.length === 0) {
    try {
      await inTransaction(db, async (trx) => {
        await trx
          .insertInto('partition_checks')
          .values({
            partition_key: 'writability probe',
            check_name: 'freshness',
            status: 'pass',
            value: null,
            message: 'rolled back',
            checked_at: new Date(0).toISOString(),
          })
          .onConflict((oc) => oc.columns(['partition_key', 'check_name']).doNothing())
          .execute();
        throw new ProbeDone();
      });
    } catch (error) {
      if (!(error instanceof ProbeDone)) problems.push(`a test write failed: ${messageOf(error)}`);
    }
  }
  if (problems.length > 0) {
    const advice =
      kind === 'sqlite'
        ? 'Make the file and its folder writable by this user, or use another path.'
        : 'Grant the user these rights (GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ' +
          '... TO ...), or connect as the user that owns the tables.';
    throw new StorageError(
      'NOT_WRITABLE',
      `The store ${where} cannot be written: ${problems.join('; ')}. ${advice}`,
    );
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : messageOf(error);
}
