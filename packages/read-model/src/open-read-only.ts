import { type Database, type StoreConfig, validateStoreConfig } from '@hn/storage';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type Pg from 'pg';
import { ReadModelError } from './errors';

const INT8_OID = 20;

/**
 * Opens the store's database for reading only, with `@hn/storage`'s schema types. SQLite opens
 * the existing file with `readonly` (a missing file is an error, never created); PostgreSQL
 * sessions run with `default_transaction_read_only`, so no statement from here can write.
 *
 * @throws {ReadModelError} `OPEN_FAILED` when the configuration is invalid, the driver is not
 *   installed, or the SQLite file does not exist.
 */
export async function openReadOnly(config: StoreConfig): Promise<Kysely<Database>> {
  let valid: ReturnType<typeof validateStoreConfig>;
  try {
    valid = validateStoreConfig(config);
  } catch (error) {
    throw new ReadModelError('OPEN_FAILED', (error as Error).message, { cause: error });
  }
  if (valid.kind === 'sqlite') {
    if (valid.filename === ':memory:') {
      throw new ReadModelError(
        'OPEN_FAILED',
        'A read model reads a stored database: give the path of an existing SQLite file, not ":memory:".',
      );
    }
    const Sqlite = interop(await load('better-sqlite3')) as typeof BetterSqlite3;
    let database: InstanceType<typeof BetterSqlite3>;
    try {
      database = new Sqlite(valid.filename, {
        readonly: true,
        fileMustExist: true,
        timeout: valid.busyTimeoutMs,
      });
    } catch (error) {
      throw new ReadModelError(
        'OPEN_FAILED',
        `Cannot open the SQLite database at "${valid.filename}" read-only: ${(error as Error).message}. ` +
          'Give the path of a store the pipeline has written (for example "./data/hn.db").',
        { cause: error },
      );
    }
    return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  }
  const pg = interop(await load('pg')) as typeof Pg;
  const defaultParser = pg.types.getTypeParser as (
    oid: number,
    format?: 'text' | 'binary',
  ) => (value: string) => unknown;
  const pool = new pg.Pool({
    connectionString: valid.url,
    max: valid.poolSize,
    connectionTimeoutMillis: valid.connectionTimeoutMs,
    // Every statement of every session is read-only: a write fails on the server.
    options: '-c default_transaction_read_only=on',
    types: {
      // `count(*)` and bigint times are int8; every one this schema holds is far below 2^53.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : defaultParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function load(name: 'better-sqlite3' | 'pg'): Promise<unknown> {
  try {
    return await import(name);
  } catch (error) {
    throw new ReadModelError(
      'OPEN_FAILED',
      `The database driver "${name}" is not installed or could not load: ${(error as Error).message}. ` +
        `Add it to the application (\`pnpm add ${name}\`).`,
      { cause: error },
    );
  }
}

function interop(mod: unknown): unknown {
  return (mod as { default?: unknown }).default ?? mod;
}
