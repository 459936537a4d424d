/**
 * The pipeline's destination: one Kysely schema and its migrations for SQLite and PostgreSQL,
 * idempotent writes of runs, items and partitions, the partitions' data-quality checks, and read
 * helpers. `createStore` migrates the database on open, safely from several processes at once.
 *
 * ```ts
 * import { createStore, parseDestinationUrl } from '@hn/storage';
 *
 * const store = await createStore(parseDestinationUrl(process.env.HN_DESTINATION ?? 'sqlite:hn.db'));
 * await store.assertWritable();
 * console.log(await store.listPartitions({ from: '2025-01-01T00:00:00Z' }));
 * await store.close();
 * ```
 *
 * @module
 */
export {
  type PostgresStoreConfig,
  type SqliteStoreConfig,
  type StoreConfig,
  type StoreKind,
  validateStoreConfig,
} from './config';
export { parseDestinationUrl, readableDestination } from './destination-url';
export {
  BLOCKING_CHECKS,
  type CheckPartitionsOptions,
  type CheckThresholds,
  countPartitionChecks,
  DEFAULT_CHECK_THRESHOLDS,
  type PartitionCheckCount,
  type PartitionCheckFilter,
} from './internal/partition-checks';
export { createFollowStore } from './follow-store';
export { isStorageError, StorageError, type StorageErrorCode } from './errors';
export { openDatabase, type OpenDatabaseOptions } from './open-database';
export {
  createMigrator,
  MIGRATION_LOCK_TABLE,
  MIGRATION_TABLE,
  MIGRATIONS,
  migrateToLatest,
} from './migrations';
export {
  type Database,
  type IngestPartitionsTable,
  type PartitionChecksTable,
  type ItemsTable,
  type RunSkippedTable,
  type RunStoriesTable,
  type RunsTable,
  type StoriesTable,
  TABLE_NAMES,
  type TableName,
  type WordCountsTable,
} from './schema';
export {
  createStore,
  type CreateStoreOptions,
  type IdRange,
  type ItemStats,
  type PartitionFilter,
  type RankedStory,
  type RowCounts,
  type SqlStore,
  type StoredPartition,
  type StoredRun,
} from './store';
export { withStore } from './with-store';
