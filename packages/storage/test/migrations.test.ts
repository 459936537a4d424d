import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  createMigrator,
  createStore,
  MIGRATION_TABLE,
  MIGRATIONS,
  type StoreConfig,
} from '../src/index';
import { SKIP_POSTGRES, STORE_KINDS, useDatabases } from './databases';
import { makeRun } from './fixtures';
import { makeItemRange } from './items-fixtures';

/** A database with only the first migration applied, as an existing deployment has it. */
async function initialDatabase(config: StoreConfig): Promise<void> {
  const store = await createStore(config, { migrate: false });
  try {
    const { error } = await createMigrator(store.db).migrateTo('0001_initial');
    expect(error).toBeUndefined();
    await store.saveRun(makeRun());
  } finally {
    await store.close();
  }
}

for (const kind of STORE_KINDS) {
  describe.skipIf(kind === 'postgres' && SKIP_POSTGRES)(`migrations on ${kind}`, () => {
    const databases = useDatabases(kind);

    const appliedMigrations = async (config: StoreConfig) => {
      const store = await createStore(config, { migrate: false });
      try {
        const { rows } = await sql<{
          name: string;
        }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(store.db);
        const tables = (await store.db.introspection.getTables()).map((table) => table.name);
        return { names: rows.map((row) => row.name), tables };
      } finally {
        await store.close();
      }
    };

    it('moves a database of the first schema forward, keeping its runs', async () => {
      const config = await databases.newConfig();
      await initialDatabase(config);
      expect((await appliedMigrations(config)).names).toEqual(['0001_initial']);

      const store = await createStore(config);
      try {
        expect((await appliedMigrations(config)).names).toEqual(Object.keys(MIGRATIONS));
        expect(await store.latestRun()).toMatchObject({ runId: 'run-1', storyCount: 3 });
        expect((await store.storiesOfRun('run-1')).map((story) => story.id)).toEqual([1, 2, 3]);
        expect(await store.saveItems(makeItemRange(1, 100))).toEqual({ written: 100 });
        expect(await store.countRows()).toEqual({
          stories: 3,
          runs: 1,
          run_stories: 3,
          run_skipped: 1,
          word_counts: 2,
          items: 100,
          ingest_partitions: 0,
          follow_cursors: 0,
        });
      } finally {
        await store.close();
      }
    });

    it('adds the partition checks to a database of partitions, and takes them away again', async () => {
      const config = await databases.newConfig();
      const old = await createStore(config, { migrate: false });
      expect((await createMigrator(old.db).migrateTo('0002_items')).error).toBeUndefined();
      await old.db
        .insertInto('ingest_partitions')
        .values({
          key: 'ids:1..100',
          window_start: null,
          window_end: null,
          from_id: 1,
          to_id: 100,
          status: 'completed',
          counts: null,
          workflow_id: 'hn-ingest',
          run_id: 'run-1',
          started_at: '2025-01-01T00:00:00.000Z',
          finished_at: '2025-01-01T00:01:00.000Z',
          updated_at: '2025-01-01T00:01:00.000Z',
        })
        .execute();
      await old.close();

      const store = await createStore(config);
      try {
        expect(await store.listPartitions()).toMatchObject([{ key: 'ids:1..100', maxItem: null }]);
        // Its ids were never stored, and it saw no maxitem: the checks say so.
        const results = await store.checkPartitions();
        expect(results.map((r) => [r.check, r.status])).toEqual([
          ['contiguity', 'pass'],
          ['window_times', 'pass'],
          ['missing_ids', 'fail'],
          ['maxitem', 'warn'],
        ]);
        expect(await store.completedPartitionKeys(['ids:1..100'])).toEqual([]);

        const down = await createMigrator(store.db).migrateTo('0002_items');
        expect(down.error).toBeUndefined();
        const tables = (await store.db.introspection.getTables()).map((table) => table.name);
        expect(tables).not.toContain('partition_checks');
        expect(tables).toContain('ingest_partitions');
      } finally {
        await store.close();
      }
    });

    it('rolls a failing migration back completely, and the next start applies it', async () => {
      const config = await databases.newConfig();
      await initialDatabase(config);
      // A table in the way makes 0002 fail after it has created `items` and its index.
      const blocker = await createStore(config, { migrate: false });
      await sql`create table ingest_partitions (other text)`.execute(blocker.db);

      const error = await createStore(config).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'MIGRATION_FAILED' });
      expect((error as Error).message).toMatch(
        /failed at "0002_items": .*"?ingest_partitions"? already exists/,
      );
      const after = await appliedMigrations(config);
      expect(after.names).toEqual(['0001_initial']);
      expect(after.tables).not.toContain('items');

      await sql`drop table ingest_partitions`.execute(blocker.db);
      await blocker.close();
      const store = await createStore(config);
      expect(await store.countRows()).toMatchObject({ runs: 1, items: 0, ingest_partitions: 0 });
      await store.close();
    });
  });
}
