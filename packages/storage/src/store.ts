import { resolve } from 'node:path';
import type { IdRange, ItemStats, PartitionFilter, StoredPartition } from './read-types';
import type {
  IngestPartitionRecord,
  ItemRecord,
  ItemStore,
  PartitionCheckResult,
  PartitionNeighbour,
  PipelineStore,
  RunRecord,
  SaveItemsResult,
  SaveRunResult,
  Story,
  StoryList,
} from '@hn/contract';
import { redactUrl } from '@hn/contract';
import { type Kysely, sql } from 'kysely';
import { type StoreConfig, type StoreKind, validateStoreConfig } from './config';
import { StorageError, type StorageErrorCode } from './errors';
import { migrateToLatest } from './migrations';
import { postgresConnectionError } from './internal/connection-error';
import { messageOf } from './internal/drivers';
import { openPostgres } from './internal/open-postgres';
import { openSqlite } from './internal/open-sqlite';
import {
  BLOCKING_CHECKS,
  type CheckPartitionsOptions,
  checkSavedPartition,
  countStoredPartitionChecks,
  type PartitionCheckCount,
  type PartitionCheckFilter,
  readPartitionChecks,
  runPartitionChecks,
} from './internal/partition-checks';
import {
  completedKeysOf,
  completedPartitionsAtOf,
  itemStatsOf,
  listPartitionRows,
  newestItemTimeOf,
} from './internal/read-items';
import { saveItemRows } from './internal/save-items';
import { savePartitionRow } from './internal/save-partition';
import { saveRunRows } from './internal/save-run';
import { assertWritableStore } from './internal/writable';
import { type Database, TABLE_NAMES, type TableName } from './schema';

/** Options of {@link createStore}. */
export interface CreateStoreOptions {
  /**
   * Apply pending migrations before returning. Default `true`; pass `false` when migrations run
   * as a separate deployment step (then call `migrate()` there).
   */
  migrate?: boolean;
}

/** Rows per table, as returned by {@link SqlStore.countRows}. */
export type RowCounts = Record<TableName, number>;

/** A stored run, as returned by {@link SqlStore.latestRun}. */
export interface StoredRun {
  runId: string;
  workflowId: string;
  list: StoryList;
  /** ISO-8601 UTC. */
  startedAt: string;
  /** ISO-8601 UTC. */
  finishedAt: string;
  storyCount: number;
  skippedCount: number;
}

/** A story as one run listed it, as returned by {@link SqlStore.storiesOfRun}. */
export interface RankedStory extends Story {
  /** Position in the run's list, from 1. */
  rank: number;
  /** `finishedAt` of the earliest run that saw the story (ISO-8601 UTC). */
  firstSeenAt: string;
  /** `finishedAt` of the latest run that saw the story (ISO-8601 UTC). */
  lastSeenAt: string;
}

export type { IdRange, ItemStats, PartitionFilter, StoredPartition } from './read-types';

/**
 * A {@link PipelineStore} and {@link ItemStore} on SQLite or PostgreSQL, with read helpers for apps and tests and the
 * underlying Kysely instance for anything else.
 */
export interface SqlStore extends PipelineStore, ItemStore {
  /** Which database this store uses. */
  readonly kind: StoreKind;
  /** The typed query builder over the store's tables. Closed by `close()`. */
  readonly db: Kysely<Database>;
  /**
   * Saves a run atomically and idempotently: one transaction, so a failure leaves nothing;
   * saving a run id that is already stored writes nothing and returns `runCreated: false`.
   * Stories shared with other runs are updated in place (`last_seen_at` moves forward).
   *
   * @throws {StorageError} `INVALID_RUN` (nothing attempted), `SAVE_FAILED` (rolled back),
   *   `CONNECTION_FAILED` (PostgreSQL unreachable; retrying is safe), `STORE_CLOSED`.
   */
  saveRun(run: RunRecord): Promise<SaveRunResult>;
  /**
   * Upserts a batch of items by id in one transaction: atomic (a failure leaves nothing of the
   * batch) and idempotent (writing a batch twice stores each id once, with the same values). The
   * whole batch is validated first; each id may appear once. An item fetched earlier
   * (`fetchedAt`) than the stored row does not replace it. Batches of any size are split into
   * multi-row INSERTs that fit the database's bound-parameter limit.
   *
   * @returns `written`: rows inserted or updated (a stale item is not written).
   * @throws {StorageError} `INVALID_ITEMS` (nothing attempted; names the item and field),
   *   `SAVE_FAILED` (rolled back), `CONNECTION_FAILED` (outcome unknown; saving again is safe),
   *   `STORE_CLOSED`.
   */
  saveItems(items: readonly ItemRecord[]): Promise<SaveItemsResult>;
  /**
   * Upserts a partition's row by `key`; the latest save replaces every column and sets
   * `updatedAt`. Timestamps are stored as `toISOString()`. A partition saved `completed` is
   * checked at once ({@link SqlStore.checkPartitions}'s checks of it, the contiguity of its stored
   * neighbours and the freshness check), and the results are stored.
   *
   * @throws {StorageError} `INVALID_PARTITION` (nothing attempted), `SAVE_FAILED`, `DISK_FULL`,
   *   `CONNECTION_FAILED`, `STORE_CLOSED`.
   */
  savePartition(partition: IngestPartitionRecord): Promise<void>;
  /**
   * Stored partitions, time windows in window-start order, then id-range partitions by
   * `fromId`. With `from` and/or `to`, only time windows overlapping `[from, to)`.
   *
   * @throws {StorageError} `INVALID_ARGUMENT` for a bound that is not a timestamp.
   */
  listPartitions(filter?: PartitionFilter): Promise<StoredPartition[]>;
  /**
   * Which of `keys` have a partition row with status `completed` and no failing check (other
   * than `freshness`), in key order: a backfill skips these, and runs a partition that failed a
   * check again. Queries in slices of 500 keys, so any number of keys fits the database's
   * bound-parameter limit.
   *
   * @throws {StorageError} `INVALID_ARGUMENT` for anything but an array of strings.
   */
  completedPartitionKeys(keys: readonly string[]): Promise<string[]>;
  /**
   * The `completed` window partitions that start or end at one of `boundaries` (ISO-8601
   * instants), in window-start order: the stored neighbours whose edges a new partition takes,
   * so partitions tile the ids. Queries in slices of 500 boundaries.
   *
   * @throws {StorageError} `INVALID_ARGUMENT` for anything but an array of instants.
   */
  completedPartitionsAt(boundaries: readonly string[]): Promise<PartitionNeighbour[]>;
  /**
   * Counts for the ids `fromId..toId` (inclusive): rows, gaps and the lowest missing id, items
   * by status and type, deleted and dead. One aggregate over the primary-key range, so it is
   * cheap enough to call after every partition.
   *
   * @throws {StorageError} `INVALID_ARGUMENT` for a range that is not `1 <= fromId`,
   *   `fromId - 1 <= toId`.
   */
  itemStats(range: IdRange): Promise<ItemStats>;
  /**
   * The creation time (Unix seconds) of the newest stored item (status `item`), for an
   * ingest-lag metric; `undefined` when none is stored. Reads one entry of an index.
   */
  newestItemTime(): Promise<number | undefined>;
  /**
   * Runs the data-quality checks on stored data, nothing fetched: every check of each completed
   * partition whose window overlaps `[from, to)` (all partitions without bounds), and the
   * freshness of the newest window partition. Stores the results, one row per (partition,
   * check), replacing earlier ones, and returns them in partition order.
   *
   * @throws {StorageError} `INVALID_ARGUMENT` for a bound or threshold it cannot use,
   *   `SAVE_FAILED`, `DISK_FULL`, `CONNECTION_FAILED`, `STORE_CLOSED`.
   */
  checkPartitions(options?: CheckPartitionsOptions): Promise<PartitionCheckResult[]>;
  /**
   * The stored check results of the partitions whose window overlaps `[from, to)` (all without
   * bounds), in partition order then check order. Reads only.
   */
  partitionChecks(filter?: PartitionCheckFilter): Promise<PartitionCheckResult[]>;
  /**
   * Fails unless this store can be written: for SQLite the file and its folder, for PostgreSQL
   * the rights on every table, then a write that is rolled back. For a process that should fail
   * at start-up rather than at its first save.
   *
   * @throws {StorageError} `NOT_WRITABLE` saying what is not writable and what to do.
   */
  assertWritable(): Promise<void>;
  /**
   * How many partitions have each (check, status) among the stored results, every pair listed
   * (zeros too), for the `hn_partition_checks{check,status}` gauge. One grouped count.
   */
  partitionCheckCounts(): Promise<PartitionCheckCount[]>;
  /** Applies pending migrations. `createStore` already does unless told not to. */
  migrate(): Promise<void>;
  /** Number of rows in each table. */
  countRows(): Promise<RowCounts>;
  /** The run that finished last, or `undefined` when none is stored. */
  latestRun(): Promise<StoredRun | undefined>;
  /** The stories of one run in list order; empty when the run is unknown. */
  storiesOfRun(runId: string): Promise<RankedStory[]>;
  /** Closes the database or its connection pool. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the store described by `config`, checks that the database is reachable and applies
 * pending migrations. `better-sqlite3` or `pg` (optional peer dependencies) is loaded on demand.
 *
 * SQLite runs in WAL mode with a busy timeout and foreign keys on; PostgreSQL uses a `pg` pool.
 *
 * @example
 * ```ts
 * const store = await createStore(parseDestinationUrl('sqlite:./data/hn.db'));
 * await store.saveRun(run);
 * await store.close();
 * ```
 * @throws {StorageError} `INVALID_CONFIG` (before anything is opened), `DRIVER_MISSING`,
 *   `DRIVER_LOAD_FAILED`, `CONNECTION_FAILED`, `MIGRATION_FAILED`.
 */
export async function createStore(
  config: StoreConfig,
  options: CreateStoreOptions = {},
): Promise<SqlStore> {
  const valid = validateStoreConfig(config);
  const url = valid.kind === 'postgres' ? valid.url : undefined;
  const db = valid.kind === 'sqlite' ? await openSqlite(valid) : await openPostgres(valid);
  try {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      throw toStorageError(url, error, 'CONNECTION_FAILED', 'Cannot reach the database');
    }
    if (options.migrate !== false) await migrateToLatest(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return new KyselyStore(
    valid.kind,
    db,
    url,
    valid.kind === 'sqlite' && valid.filename !== ':memory:' ? resolve(valid.filename) : undefined,
  );
}

class KyselyStore implements SqlStore {
  private closing: Promise<void> | undefined;

  constructor(
    readonly kind: StoreKind,
    readonly db: Kysely<Database>,
    private readonly url: string | undefined,
    private readonly filename: string | undefined,
  ) {}

  async saveRun(run: RunRecord): Promise<SaveRunResult> {
    this.assertOpen();
    try {
      return await saveRunRows(this.db, run);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      const runId = typeof run?.runId === 'string' ? run.runId : '?';
      const full = diskFullError(error, `run "${runId}"`, this.filename, this.url);
      if (full !== undefined) throw full;
      const connection =
        this.url === undefined ? undefined : postgresConnectionError(this.url, error);
      if (connection !== undefined) {
        throw new StorageError(
          'CONNECTION_FAILED',
          `${connection.message} Run "${runId}" may or may not have been saved; saving it again is safe.`,
          { cause: error },
        );
      }
      throw new StorageError(
        'SAVE_FAILED',
        `Saving run "${runId}" failed and was rolled back, nothing was written: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  async saveItems(items: readonly ItemRecord[]): Promise<SaveItemsResult> {
    this.assertOpen();
    try {
      return await saveItemRows(this.db, this.kind, items);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw this.saveError(error, describeBatch(items), 'They may or may not have been saved');
    }
  }

  async savePartition(partition: IngestPartitionRecord): Promise<void> {
    this.assertOpen();
    try {
      await savePartitionRow(this.db, partition, new Date());
      if (partition.status === 'completed') await checkSavedPartition(this.db, partition.key);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      const key = typeof partition?.key === 'string' ? partition.key : '?';
      throw this.saveError(error, `partition "${key}"`, 'It may or may not have been saved');
    }
  }

  async listPartitions(filter?: PartitionFilter): Promise<StoredPartition[]> {
    return this.read('Listing partitions', () => listPartitionRows(this.db, filter));
  }

  async completedPartitionKeys(keys: readonly string[]): Promise<string[]> {
    return this.read('Reading completed partitions', () =>
      completedKeysOf(this.db, keys, BLOCKING_CHECKS),
    );
  }

  async completedPartitionsAt(boundaries: readonly string[]): Promise<PartitionNeighbour[]> {
    return this.read('Reading neighbouring partitions', () =>
      completedPartitionsAtOf(this.db, boundaries),
    );
  }

  async checkPartitions(options?: CheckPartitionsOptions): Promise<PartitionCheckResult[]> {
    this.assertOpen();
    try {
      return await runPartitionChecks(this.db, options);
    } catch (error) {
      if (error instanceof StorageError) throw error;
      throw this.saveError(error, 'partition checks', 'Earlier results may remain');
    }
  }

  async partitionChecks(filter?: PartitionCheckFilter): Promise<PartitionCheckResult[]> {
    return this.read('Reading partition checks', () => readPartitionChecks(this.db, filter));
  }

  async partitionCheckCounts(): Promise<PartitionCheckCount[]> {
    return this.read('Counting partition checks', () => countStoredPartitionChecks(this.db));
  }

  async assertWritable(): Promise<void> {
    this.assertOpen();
    const where =
      this.url !== undefined
        ? `PostgreSQL at ${redactUrl(this.url)}`
        : `SQLite ${this.filename ?? ':memory:'}`;
    try {
      await assertWritableStore(this.db, this.kind, where, this.filename);
    } catch (error) {
      throw toStorageError(this.url, error, 'NOT_WRITABLE', `Checking that ${where} is writable`);
    }
  }

  async itemStats(range: IdRange): Promise<ItemStats> {
    return this.read('Counting items', () => itemStatsOf(this.db, range));
  }

  async newestItemTime(): Promise<number | undefined> {
    return this.read('Reading the newest item time', () => newestItemTimeOf(this.db));
  }

  async migrate(): Promise<void> {
    this.assertOpen();
    await migrateToLatest(this.db);
  }

  async countRows(): Promise<RowCounts> {
    return this.read('Counting rows', async () => {
      const counts = {} as RowCounts;
      for (const table of TABLE_NAMES) {
        const row = await this.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow();
        counts[table] = Number(row.count);
      }
      return counts;
    });
  }

  async latestRun(): Promise<StoredRun | undefined> {
    return this.read('Reading the latest run', async () => {
      const row = await this.db
        .selectFrom('runs')
        .selectAll()
        .orderBy('finished_at', 'desc')
        .orderBy('run_id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        runId: row.run_id,
        workflowId: row.workflow_id,
        list: row.list,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        storyCount: row.story_count,
        skippedCount: row.skipped_count,
      };
    });
  }

  async storiesOfRun(runId: string): Promise<RankedStory[]> {
    return this.read(`Reading the stories of run "${runId}"`, async () => {
      const rows = await this.db
        .selectFrom('run_stories')
        .innerJoin('stories', 'stories.id', 'run_stories.story_id')
        .selectAll('stories')
        .select('run_stories.rank')
        .where('run_stories.run_id', '=', runId)
        .orderBy('run_stories.rank')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        title: row.title,
        by: row.by,
        url: row.url,
        score: row.score,
        time: row.time,
        comments: row.comments,
        type: row.type,
        rank: row.rank,
        firstSeenAt: row.first_seen_at,
        lastSeenAt: row.last_seen_at,
      }));
    });
  }

  close(): Promise<void> {
    this.closing ??= this.db.destroy();
    return this.closing;
  }

  private saveError(error: unknown, what: string, outcome: string): StorageError {
    const full = diskFullError(error, what, this.filename, this.url);
    if (full !== undefined) return full;
    const connection =
      this.url === undefined ? undefined : postgresConnectionError(this.url, error);
    if (connection !== undefined) {
      return new StorageError(
        'CONNECTION_FAILED',
        `${connection.message} Saving ${what}: ${outcome}; saving again is safe.`,
        { cause: error },
      );
    }
    return new StorageError(
      'SAVE_FAILED',
      `Saving ${what} failed and was rolled back, nothing was written: ${messageOf(error)}`,
      { cause: error },
    );
  }

  private async read<T>(what: string, query: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await query();
    } catch (error) {
      throw toStorageError(this.url, error, 'QUERY_FAILED', what);
    }
  }

  private assertOpen(): void {
    if (this.closing !== undefined) {
      throw new StorageError(
        'STORE_CLOSED',
        'This store was closed; create a new one with createStore().',
      );
    }
  }
}

function toStorageError(
  url: string | undefined,
  error: unknown,
  fallback: StorageErrorCode,
  what: string,
): StorageError {
  if (error instanceof StorageError) return error;
  const connection = url === undefined ? undefined : postgresConnectionError(url, error);
  return (
    connection ??
    new StorageError(fallback, `${what} failed: ${messageOf(error)}`, { cause: error })
  );
}

/** "3 items (ids 1 to 3)", for messages; the batch has been validated. */
function describeBatch(items: readonly ItemRecord[]): string {
  let low = Infinity;
  let high = -Infinity;
  for (const { id } of items) {
    low = Math.min(low, id);
    high = Math.max(high, id);
  }
  return `${items.length} items (ids ${low} to ${high})`;
}

/**
 * `DISK_FULL` when `error` says the database's disk is full: SQLite's `SQLITE_FULL` (the file
 * grows past the free space, or past `max_page_count`) or PostgreSQL's `disk_full` (53100).
 * Not retryable: the same save fails again until space is freed.
 */
function diskFullError(
  error: unknown,
  what: string,
  filename: string | undefined,
  url: string | undefined,
): StorageError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_FULL' && code !== '53100') return undefined;
  const where =
    code === '53100'
      ? `the PostgreSQL server's disk (${url === undefined ? 'server' : redactUrl(url)})`
      : `the disk of the SQLite file ${filename ?? '(in memory)'}`;
  return new StorageError(
    'DISK_FULL',
    `Saving ${what} failed: disk full: ${where} has no room left (${code}: ${messageOf(error)}). ` +
      'Nothing was written. Free space there (or move the database), then run again; retrying ' +
      'before that fails the same way.',
    { cause: error },
  );
}
