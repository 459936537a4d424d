import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { StoreConfig, StoreKind } from '../src/index';
import { startTestPostgres, type TestPostgres } from './postgres';

/** The databases every suite runs on. */
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

/** `HN_SKIP_POSTGRES=1` skips the PostgreSQL suites deliberately. */
export const SKIP_POSTGRES = process.env.HN_SKIP_POSTGRES === '1';

/** Fresh databases of one kind for a suite: call in a `describe` body. */
export interface TestDatabases {
  /** A configuration for a new, empty database (a new file, or a new PostgreSQL database). */
  newConfig(): Promise<StoreConfig>;
  /** The PostgreSQL server (PostgreSQL suites only). */
  postgres(): TestPostgres;
}

/**
 * Registers hooks that provide new databases of `kind`: files in a temporary directory, or
 * databases on a throwaway PostgreSQL cluster that is stopped after the suite. A missing
 * PostgreSQL fails each test that asks for a database, with setup instructions.
 */
export function useDatabases(kind: StoreKind): TestDatabases {
  let dir: string | undefined;
  let server: TestPostgres | Error | undefined;
  let files = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hn-storage-test-'));
    if (kind === 'postgres') {
      server = await startTestPostgres().catch((error: unknown) => error as Error);
    }
  });
  afterAll(async () => {
    if (server !== undefined && !(server instanceof Error)) await server.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  const postgres = (): TestPostgres => {
    if (server instanceof Error) throw server;
    if (server === undefined) throw new Error('The PostgreSQL server has not started.');
    return server;
  };
  return {
    postgres,
    async newConfig() {
      if (kind === 'postgres') return { kind, url: await postgres().createDatabase() };
      files += 1;
      return { kind, filename: join(dir!, `db-${files}`, 'hn.db') };
    },
  };
}
