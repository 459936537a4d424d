import { type Kysely, type Migration, Migrator } from 'kysely';
import { StorageError } from './errors';
import { messageOf } from './internal/drivers';

/** Table in which Kysely records applied migrations; prefixed so a shared database stays tidy. */
export const MIGRATION_TABLE = 'hn_storage_migration';
/** Lock table Kysely uses so that concurrent starts migrate once. */
export const MIGRATION_LOCK_TABLE = 'hn_storage_migration_lock';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('stories')
      .addColumn('id', 'integer', (col) => col.primaryKey())
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('by', 'text', (col) => col.notNull())
      .addColumn('url', 'text', (col) => col.notNull())
      .addColumn('score', 'integer', (col) => col.notNull())
      // Unix seconds outlive a 32-bit integer in 2038.
      .addColumn('time', 'bigint', (col) => col.notNull())
      .addColumn('comments', 'integer', (col) => col.notNull())
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('first_seen_at', 'text', (col) => col.notNull())
      .addColumn('last_seen_at', 'text', (col) => col.notNull())
      .execute();

    await db.schema
      .createTable('runs')
      .addColumn('run_id', 'text', (col) => col.primaryKey())
      .addColumn('workflow_id', 'text', (col) => col.notNull())
      .addColumn('list', 'text', (col) => col.notNull())
      .addColumn('started_at', 'text', (col) => col.notNull())
      .addColumn('finished_at', 'text', (col) => col.notNull())
      .addColumn('story_count', 'integer', (col) => col.notNull())
      .addColumn('skipped_count', 'integer', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('runs_finished_at_idx').on('runs').column('finished_at').execute();

    await db.schema
      .createTable('run_stories')
      .addColumn('run_id', 'text', (col) =>
        col.notNull().references('runs.run_id').onDelete('cascade'),
      )
      .addColumn('story_id', 'integer', (col) => col.notNull().references('stories.id'))
      .addColumn('rank', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('run_stories_pk', ['run_id', 'story_id'])
      .execute();
    await db.schema
      .createIndex('run_stories_story_id_idx')
      .on('run_stories')
      .column('story_id')
      .execute();

    await db.schema
      .createTable('run_skipped')
      .addColumn('run_id', 'text', (col) =>
        col.notNull().references('runs.run_id').onDelete('cascade'),
      )
      .addColumn('item_id', 'integer', (col) => col.notNull())
      .addColumn('reason', 'text', (col) => col.notNull())
      .addColumn('detail', 'text')
      .addPrimaryKeyConstraint('run_skipped_pk', ['run_id', 'item_id'])
      .execute();

    await db.schema
      .createTable('word_counts')
      .addColumn('run_id', 'text', (col) =>
        col.notNull().references('runs.run_id').onDelete('cascade'),
      )
      .addColumn('word', 'text', (col) => col.notNull())
      .addColumn('count', 'integer', (col) => col.notNull())
      .addColumn('rank', 'integer', (col) => col.notNull())
      .addPrimaryKeyConstraint('word_counts_pk', ['run_id', 'word'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of ['word_counts', 'run_skipped', 'run_stories', 'runs', 'stories']) {
      await db.schema.dropTable(table).execute();
    }
  },
};

/**
 * The schema's migrations, in order, shipped in code so a bundled worker needs no migration
 * files. Never edit an applied migration: add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
};

/**
 * Brings the schema of `db` up to date. Safe to call from several processes at once: Kysely
 * serialises migrations with a lock.
 *
 * @throws {StorageError} `MIGRATION_FAILED` naming the failed migration.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new StorageError(
      'MIGRATION_FAILED',
      `Migrating the storage schema failed${failed ? ` at "${failed}"` : ''}: ${messageOf(error)}`,
      { cause: error },
    );
  }
}
