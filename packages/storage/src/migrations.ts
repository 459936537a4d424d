import {
  type Kysely,
  type Migration,
  type MigrationResultSet,
  Migrator,
  SqliteAdapter,
  sql,
} from 'kysely';
import { StorageError } from './errors';
import { messageOf } from './internal/drivers';
import { withSqliteWriteLock } from './internal/sqlite-write-lock';

/** Table in which Kysely records applied migrations; prefixed so a shared database stays tidy. */
export const MIGRATION_TABLE = 'hn_storage_migration';
/**
 * Lock table Kysely creates beside {@link MIGRATION_TABLE}. It does not serialise anything by
 * itself: see {@link migrateToLatest} for what does.
 */
export const MIGRATION_LOCK_TABLE = 'hn_storage_migration_lock';

/** How long a start waits for another process's migration before failing: 10 minutes. */
const MIGRATION_LOCK_TIMEOUT_MS = 10 * 60_000;

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
 * Every Hacker News item by id, and the partitions (time windows or id ranges) that ingested
 * them. Only new tables: existing tables and their rows are untouched.
 */
const items: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('items')
      .addColumn('id', 'integer', (col) => col.primaryKey())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('type', 'text')
      .addColumn('by', 'text')
      .addColumn('time', 'bigint')
      .addColumn('title', 'text')
      .addColumn('url', 'text')
      .addColumn('text', 'text')
      .addColumn('score', 'integer')
      .addColumn('descendants', 'integer')
      .addColumn('parent', 'integer')
      .addColumn('poll', 'integer')
      .addColumn('kids', 'text')
      .addColumn('parts', 'text')
      .addColumn('deleted', 'integer', (col) => col.notNull())
      .addColumn('dead', 'integer', (col) => col.notNull())
      .addColumn('truncated', 'text')
      .addColumn('detail', 'text')
      .addColumn('fetched_at', 'bigint', (col) => col.notNull())
      .execute();
    // The one secondary index: `newestItemTime()` (the ingest-lag metric) reads MAX(time) of
    // items from its end instead of scanning every row. Partial, so ids the API answered null
    // for cost nothing. Every other read (range stats, gap checks) goes by the primary key.
    await db.schema
      .createIndex('items_time_idx')
      .on('items')
      .column('time')
      .where(sql.ref('status'), '=', 'item')
      .execute();

    await db.schema
      .createTable('ingest_partitions')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('window_start', 'text')
      .addColumn('window_end', 'text')
      .addColumn('from_id', 'integer', (col) => col.notNull())
      .addColumn('to_id', 'integer', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('counts', 'text')
      .addColumn('workflow_id', 'text', (col) => col.notNull())
      .addColumn('run_id', 'text', (col) => col.notNull())
      .addColumn('started_at', 'text', (col) => col.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();
    // `listPartitions` orders by window start and filters on it; one row per partition (an hour
    // of Hacker News is one row), so the index costs nothing worth counting on writes.
    await db.schema
      .createIndex('ingest_partitions_window_start_idx')
      .on('ingest_partitions')
      .column('window_start')
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('ingest_partitions').execute();
    await db.schema.dropTable('items').execute();
  },
};

/**
 * The data-quality checks of stored partitions: one row per (partition, check), and the
 * `maxitem` each partition saw. The new column is nullable, so existing rows stay valid.
 */
const partitionChecks: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('partition_checks')
      .addColumn('partition_key', 'text', (col) => col.notNull())
      .addColumn('check_name', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('value', 'double precision')
      .addColumn('message', 'text', (col) => col.notNull())
      .addColumn('checked_at', 'text', (col) => col.notNull())
      .addPrimaryKeyConstraint('partition_checks_pk', ['partition_key', 'check_name'])
      .execute();
    await db.schema.alterTable('ingest_partitions').addColumn('max_item', 'bigint').execute();
    // The contiguity check looks a partition's predecessor up by its window end.
    await db.schema
      .createIndex('ingest_partitions_window_end_idx')
      .on('ingest_partitions')
      .column('window_end')
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('ingest_partitions_window_end_idx').execute();
    await db.schema.alterTable('ingest_partitions').dropColumn('max_item').execute();
    await db.schema.dropTable('partition_checks').execute();
  },
};

/**
 * Indexes for the read model's queries (`@hn/read-model`, the dashboard): stories of a period by
 * score and items per hour by type read a range of (type, time) instead of every item. Partial,
 * like `items_time_idx`: ids the API answered null for cost nothing.
 */
const readIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('items_type_time_idx')
      .on('items')
      .columns(['type', 'time'])
      .where(sql.ref('status'), '=', 'item')
      .execute();
    // The health view's newest runs: partitions by when their row was last written.
    await db.schema
      .createIndex('ingest_partitions_updated_at_idx')
      .on('ingest_partitions')
      .column('updated_at')
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('ingest_partitions_updated_at_idx').execute();
    await db.schema.dropIndex('items_type_time_idx').execute();
  },
};

/**
 * When each item was first and last fetched and how often (`fetched_at` stays the last fetch),
 * when it is next due to settle (`SETTLE_AGES_SECONDS` of `@hn/contract`), and the follower's
 * stored cursors. Existing rows count one fetch, first made at their `fetched_at`, and are due at
 * their next settling age.
 */
const itemFetches: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('items').addColumn('first_fetched_at', 'bigint').execute();
    await db.schema
      .alterTable('items')
      .addColumn('fetch_count', 'integer', (col) => col.notNull().defaultTo(1))
      .execute();
    await db.schema.alterTable('items').addColumn('next_settle_at', 'bigint').execute();
    const fetchedSeconds = sql`(fetched_at / 1000)`;
    const ages = [3_600, 86_400, 3 * 86_400, 14 * 86_400];
    const due = sql.join(
      ages.map(
        (age) => sql`when time + ${sql.lit(age)} > ${fetchedSeconds} then time + ${sql.lit(age)}`,
      ),
      sql` `,
    );
    await sql`update items set first_fetched_at = fetched_at, next_settle_at = case when status = 'item' and deleted = 0 and time is not null then (case ${due} else null end) else null end`.execute(
      db,
    );
    // The follower's settling reads the most overdue items first; partial, so settled items
    // (most of the archive) cost nothing.
    await db.schema
      .createIndex('items_next_settle_at_idx')
      .on('items')
      .column('next_settle_at')
      .where(sql.ref('next_settle_at'), 'is not', null)
      .execute();
    await db.schema
      .createTable('follow_cursors')
      .addColumn('key', 'text', (col) => col.primaryKey())
      .addColumn('cursor', 'bigint', (col) => col.notNull())
      .addColumn('updated_at', 'text', (col) => col.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('follow_cursors').execute();
    await db.schema.dropIndex('items_next_settle_at_idx').execute();
    for (const column of ['next_settle_at', 'fetch_count', 'first_fetched_at']) {
      await db.schema.alterTable('items').dropColumn(column).execute();
    }
  },
};

/**
 * The follower's first id (`follow_cursors.first_id`): every id from it on is the follower's, so
 * a partition's edge searched past it stops there. Existing rows start at their cursor.
 */
const followFirstId: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('follow_cursors').addColumn('first_id', 'bigint').execute();
    await sql`update follow_cursors set first_id = cursor`.execute(db);
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('follow_cursors').dropColumn('first_id').execute();
  },
};

/**
 * The schema's migrations, in order, shipped in code so a bundled worker needs no migration
 * files. Never edit an applied migration: add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_items': items,
  '0003_partition_checks': partitionChecks,
  '0004_read_indexes': readIndexes,
  '0005_item_fetches': itemFetches,
  '0006_follow_first_id': followFirstId,
};

/**
 * Brings the schema of `db` up to date. Safe to call from several processes at once, on a new
 * database too: each pending migration is applied exactly once, and every caller returns when
 * the schema is current.
 *
 * - PostgreSQL: Kysely takes a session-level advisory lock (`pg_advisory_lock`) and runs the
 *   migrations in one transaction.
 * - SQLite: Kysely's migration lock is a no-op there (it only guards one connection) and its
 *   migrations run outside a transaction, so this function runs them inside `BEGIN IMMEDIATE`
 *   itself: the first process holds the database's write lock, the others wait (retrying for up
 *   to 10 minutes), then find nothing pending. A failed migration rolls back completely.
 *
 * @throws {StorageError} `MIGRATION_FAILED` naming the failed migration, or saying that another
 *   process held the lock for too long.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  const migrate = (target: Kysely<DB>) => createMigrator(target).migrateToLatest();
  let resultSet: MigrationResultSet;
  if (isSqliteAdapter(db.getExecutor().adapter)) {
    resultSet = await withSqliteWriteLock(db, MIGRATION_LOCK_TIMEOUT_MS, async (locked) => {
      const result = await migrate(locked);
      return { result, commit: result.error === undefined };
    }).catch((error: unknown) => {
      if (error instanceof StorageError) throw error;
      return { error };
    });
  } else {
    resultSet = await migrate(db);
  }
  const { error, results } = resultSet;
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new StorageError(
      'MIGRATION_FAILED',
      `Migrating the storage schema failed${failed ? ` at "${failed}"` : ''}: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

/**
 * A Kysely instance from another copy of kysely (its ESM and CJS builds both loaded) fails
 * `instanceof`: the class name along the prototype chain identifies it too.
 */
function isSqliteAdapter(adapter: object): boolean {
  if (adapter instanceof SqliteAdapter) return true;
  for (let proto: unknown = Object.getPrototypeOf(adapter); proto;) {
    if ((proto as { constructor?: { name?: unknown } }).constructor?.name === 'SqliteAdapter') {
      return true;
    }
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}

/**
 * A Kysely migrator over {@link MIGRATIONS} and the store's migration tables, for tools and
 * tests that manage the schema step by step (`migrateTo`, `migrateDown`). Unlike
 * {@link migrateToLatest}, it takes no SQLite lock of its own.
 */
export function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}
