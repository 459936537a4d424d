import { Kysely, PostgresDialect } from 'kysely';
import type { PostgresStoreConfig } from '../config';
import type { Database } from '../schema';
import { loadPg } from './drivers';

const INT8_OID = 20;

/**
 * Creates a pooled PostgreSQL connection; nothing connects until the first query. With
 * `readOnly`, every session runs with `default_transaction_read_only`, so a write fails on the
 * server.
 */
export async function openPostgres(
  config: Required<PostgresStoreConfig>,
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<Kysely<Database>> {
  const pg = await loadPg();
  const defaultParser = pg.types.getTypeParser as (
    oid: number,
    format?: 'text' | 'binary',
  ) => (value: string) => unknown;
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    connectionTimeoutMillis: config.connectionTimeoutMs,
    ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    types: {
      // `bigint` columns (story times) and `count(*)` are int8, which pg returns as strings by
      // default. Every int8 this schema holds is far below 2^53, so a number is exact. Scoped to
      // this pool rather than set globally, to leave other users of `pg` untouched.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : defaultParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection can fail when the server restarts; the pool discards it and the
  // next query connects again. Without a listener the event would crash the process.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
