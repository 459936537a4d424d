import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createMigrator, createStore, MIGRATION_TABLE, type StoreConfig } from '../src/index';
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
        expect((await appliedMigrations(config)).names).toEqual([
          '0001_initial',
          '0002_items',
          '0006_item_fetches',
        ]);
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
