import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, isStorageError, openDatabase } from '../src/index';
import { SKIP_POSTGRES, STORE_KINDS, useDatabases } from './databases';

for (const kind of STORE_KINDS) {
  describe.skipIf(kind === 'postgres' && SKIP_POSTGRES)(`openDatabase on ${kind}`, () => {
    const databases = useDatabases(kind);

    it('reads what a store wrote and refuses every write with readOnly', async () => {
      const config = await databases.newConfig();
      const store = await createStore(config);
      await store.savePartition({
        key: 'ids:1..10',
        windowStart: null,
        windowEnd: null,
        fromId: 1,
        toId: 10,
        status: 'running',
        counts: null,
        workflowId: 'wf',
        runId: 'run',
        startedAt: '2025-01-01T00:00:00.000Z',
        finishedAt: null,
      });
      await store.close();

      const db = await openDatabase(config, { readOnly: true });
      try {
        const rows = await db.selectFrom('ingest_partitions').select('key').execute();
        expect(rows).toHaveLength(1);
        await expect(db.deleteFrom('ingest_partitions').execute()).rejects.toThrow(
          kind === 'sqlite' ? /readonly/i : /read-only transaction/,
        );
        await expect(sql`create table scratch (id integer)`.execute(db)).rejects.toThrow();
      } finally {
        await db.destroy();
      }

      // Without readOnly the same database takes writes.
      const writable = await openDatabase(config);
      try {
        await writable.deleteFrom('ingest_partitions').execute();
        expect(await writable.selectFrom('ingest_partitions').select('key').execute()).toEqual([]);
      } finally {
        await writable.destroy();
      }
    });
  });
}

describe('openDatabase on sqlite with readOnly', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hn-storage-open-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails on a missing file and creates nothing', async () => {
    const filename = join(dir, 'nothing', 'hn.db');
    const error = await openDatabase({ kind: 'sqlite', filename }, { readOnly: true }).catch(
      (reason: unknown) => reason,
    );
    expect(isStorageError(error, 'CONNECTION_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/read-only.*Give the path of a store/);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });

  it('refuses ":memory:", which has nothing to read', async () => {
    const error = await openDatabase(
      { kind: 'sqlite', filename: ':memory:' },
      { readOnly: true },
    ).catch((reason: unknown) => reason);
    expect(isStorageError(error, 'INVALID_CONFIG')).toBe(true);
  });
});
