import { StorageError } from './errors';

/** An embedded SQLite database in one file. */
export interface SqliteStoreConfig {
  kind: 'sqlite';
  /**
   * Path of the database file; missing parent directories are created. `:memory:` opens a
   * private in-memory database.
   */
  filename: string;
  /** How long a write waits for another process's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** A PostgreSQL server, shared by workers on several machines. */
export interface PostgresStoreConfig {
  kind: 'postgres';
  /** `postgres://user:password@host:port/database` (or `postgresql://`). */
  url: string;
  /** Maximum pooled connections. Default 10. */
  poolSize?: number;
  /** How long to wait for a new connection before failing. Default 10000 ms. */
  connectionTimeoutMs?: number;
}

/** Where the store keeps its data. */
export type StoreConfig = SqliteStoreConfig | PostgresStoreConfig;

/** The kinds of database the store supports. */
export type StoreKind = StoreConfig['kind'];

const POSTGRES_SCHEME = /^postgres(ql)?:\/\//i;

/**
 * Checks a configuration before anything is opened and returns it with defaults applied.
 *
 * @throws {StorageError} `INVALID_CONFIG` naming the field and what is expected.
 */
export function validateStoreConfig(config: StoreConfig): Required<StoreConfig> {
  const input = config as unknown;
  if (typeof input !== 'object' || input === null) {
    throw invalid(`Expected a store configuration object, got ${describe(input)}.`);
  }
  const kind = (input as { kind?: unknown }).kind;
  if (kind === 'sqlite') {
    const { filename, busyTimeoutMs = 5000 } = config as SqliteStoreConfig;
    if (typeof filename !== 'string' || filename.trim() === '') {
      throw invalid(
        'SQLite `filename` must be a non-empty path, for example "./data/hn.db" or ":memory:".',
      );
    }
    checkPositiveInteger('busyTimeoutMs', busyTimeoutMs, true);
    return { kind, filename, busyTimeoutMs };
  }
  if (kind === 'postgres') {
    const { url, poolSize = 10, connectionTimeoutMs = 10_000 } = config as PostgresStoreConfig;
    if (typeof url !== 'string' || !POSTGRES_SCHEME.test(url)) {
      throw invalid(
        'PostgreSQL `url` must start with postgres:// or postgresql://, for example ' +
          '"postgres://user:password@localhost:5432/hn".',
      );
    }
    if (!URL.canParse(url)) {
      throw invalid(
        'PostgreSQL `url` is not a valid URL; percent-encode special characters in the password.',
      );
    }
    checkPositiveInteger('poolSize', poolSize, false);
    checkPositiveInteger('connectionTimeoutMs', connectionTimeoutMs, false);
    return { kind, url, poolSize, connectionTimeoutMs };
  }
  throw invalid(`Unknown store kind ${describe(kind)}: expected "sqlite" or "postgres".`);
}

function checkPositiveInteger(name: string, value: unknown, allowZero: boolean): void {
  const ok =
    typeof value === 'number' && Number.isInteger(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) {
    throw invalid(
      `\`${name}\` must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${describe(value)}.`,
    );
  }
}

function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return value === null ? 'null' : 'an object';
    case 'function':
      return 'a function';
    default:
      return String(value);
  }
}

function invalid(message: string): StorageError {
  return new StorageError('INVALID_CONFIG', message);
}
