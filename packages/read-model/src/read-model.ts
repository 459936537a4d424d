import type { Database, StoreConfig, StoreKind } from '@hn/storage';
import type { Kysely } from 'kysely';
import { ReadModelError } from './errors';
import { openReadOnly } from './open-read-only';
import { readHealth, type Health } from './queries/health';
import { readPartitionGrid, type PartitionGrid, type PartitionGridQuery } from './queries/grid';
import {
  readPartitionDetail,
  type PartitionDetail,
  type PartitionLookup,
} from './queries/partition-detail';
import {
  readItemsPerHour,
  readLatestTopStoriesRun,
  readTopDomains,
  readTopStories,
  readWordTrend,
  type ItemsPerHour,
  type LatestTopStoriesRun,
  type PeriodQuery,
  type TopDomains,
  type TopStories,
  type WordTrend,
} from './queries/data';

/**
 * Read-only queries over a pipeline store, each bounded whatever its input: a year of hourly
 * partitions at most, a period clamped to its query's limit (the answer says so), lists capped.
 * Every method throws {@link ReadModelError} (`QUERY_FAILED`, or `NOT_FOUND`).
 */
export interface ReadModel {
  /** Which database it reads. */
  readonly kind: StoreKind;
  /** The typed query builder, read-only: for queries of your own. */
  readonly db: Kysely<Database>;
  /** Items stored by type, partitions by status, the last runs. */
  health(): Promise<Health>;
  /** One status per hour of `[from, from + days)`: a cell of the grid each. */
  partitionGrid(query: PartitionGridQuery): Promise<PartitionGrid>;
  /** One partition, by key or by an instant inside its window. */
  partition(lookup: PartitionLookup): Promise<PartitionDetail>;
  /** The highest-scored stories timed inside the period. */
  topStories(query: PeriodQuery & { limit: number }): Promise<TopStories>;
  /** Items per hour of the period, by type. */
  itemsPerHour(query: PeriodQuery): Promise<ItemsPerHour>;
  /** The period's most frequent title words, counted per day (or week) across partitions. */
  wordTrend(query: PeriodQuery & { words: number }): Promise<WordTrend>;
  /** The hosts that the period's stories link to most. */
  topDomains(query: PeriodQuery & { limit: number }): Promise<TopDomains>;
  /** The newest top-stories run (the tutorial's pipeline) with its stories and top words. */
  latestTopStoriesRun(): Promise<LatestTopStoriesRun | null>;
  /** Closes the connection (pool). */
  close(): Promise<void>;
}

/**
 * Opens a read model over the store at `config` (as `@hn/storage`'s `createStore` takes it),
 * read-only: SQLite's file is opened `readonly`, PostgreSQL's sessions are read-only.
 *
 * ```ts
 * const model = await openReadModel({ kind: 'sqlite', filename: './data/hn.db' });
 * const { partitions } = await model.health();
 * await model.close();
 * ```
 *
 * @throws {ReadModelError} `OPEN_FAILED`.
 */
export async function openReadModel(config: StoreConfig): Promise<ReadModel> {
  return createReadModel(config.kind, await openReadOnly(config));
}

/** A read model over a Kysely instance you opened (it should be read-only); `close` closes it. */
export function createReadModel(kind: StoreKind, db: Kysely<Database>): ReadModel {
  const run = async <T>(what: string, query: () => Promise<T>): Promise<T> => {
    try {
      return await query();
    } catch (error) {
      if (error instanceof ReadModelError) throw error;
      throw new ReadModelError('QUERY_FAILED', `${what} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return {
    kind,
    db,
    health: () => run('Reading the health summary', () => readHealth(db)),
    partitionGrid: (query) => run('Reading the partition grid', () => readPartitionGrid(db, query)),
    partition: (lookup) => run('Reading a partition', () => readPartitionDetail(db, lookup)),
    topStories: (query) => run('Reading the top stories', () => readTopStories(db, query)),
    itemsPerHour: (query) => run('Reading items per hour', () => readItemsPerHour(db, query)),
    wordTrend: (query) => run('Reading the title words trend', () => readWordTrend(db, query)),
    topDomains: (query) => run('Reading the top domains', () => readTopDomains(db, query)),
    latestTopStoriesRun: () =>
      run('Reading the latest top-stories run', () => readLatestTopStoriesRun(db)),
    close: () => db.destroy(),
  };
}
