import type BetterSqlite3 from 'better-sqlite3';
import type Pg from 'pg';
import { StorageError } from '../errors';

/** The `better-sqlite3` constructor, loaded on first use. */
export type BetterSqlite3Constructor = typeof BetterSqlite3;

/** The `pg` module, loaded on first use. */
export type PgModule = typeof Pg;

/**
 * Drivers are optional peer dependencies, imported only by the dialect that needs them, so a
 * PostgreSQL deployment never loads a native SQLite binding and vice versa.
 */
export async function loadBetterSqlite3(): Promise<BetterSqlite3Constructor> {
  try {
    const mod = await import('better-sqlite3');
    return interop(mod) as BetterSqlite3Constructor;
  } catch (error) {
    throw driverError('better-sqlite3', 'SQLite', error);
  }
}

export async function loadPg(): Promise<PgModule> {
  try {
    const mod = await import('pg');
    return interop(mod) as PgModule;
  } catch (error) {
    throw driverError('pg', 'PostgreSQL', error);
  }
}

function interop(mod: unknown): unknown {
  return (mod as { default?: unknown }).default ?? mod;
}

export function driverError(name: string, database: string, error: unknown): StorageError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return new StorageError(
      'DRIVER_MISSING',
      `The ${database} driver "${name}" is not installed. Add it to the application that ` +
        `creates the store (for example \`pnpm add ${name}\`).`,
      { cause: error },
    );
  }
  return new StorageError(
    'DRIVER_LOAD_FAILED',
    `The ${database} driver "${name}" is installed but could not be loaded: ${messageOf(error)}`,
    { cause: error },
  );
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
