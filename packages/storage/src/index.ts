export {
  type PostgresStoreConfig,
  type SqliteStoreConfig,
  type StoreConfig,
  type StoreKind,
  validateStoreConfig,
} from './config';
export { parseDestinationUrl } from './destination-url';
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
