// What the store's read methods take and return. Apart from store.ts so that the internal
// readers (internal/read-items.ts) use them without importing the store that imports them.
import type { IngestPartitionRecord, ItemType } from '@hn/contract';

/** Which partitions `SqlStore.listPartitions` returns; without bounds, all of them. */
export interface PartitionFilter {
  /** Only time windows that end after this instant (ISO-8601 or a `Date`). */
  from?: string | Date;
  /** Only time windows that start before this instant (ISO-8601 or a `Date`). */
  to?: string | Date;
}

/** A stored partition: the record as saved, and when its row was last written. */
export interface StoredPartition extends IngestPartitionRecord {
  /** The API's `maxitem` when the id range was found; `null` when not recorded. */
  maxItem: number | null;
  /** ISO-8601 UTC. */
  updatedAt: string;
}

/** An id range, both ends inclusive, as `SqlStore.itemStats` takes it. */
export interface IdRange {
  fromId: number;
  toId: number;
}

/**
 * What the store holds for an id range, as returned by `SqlStore.itemStats`. The item counts mirror
 * `IngestCounts`, so they can be compared with a partition's counts.
 */
export interface ItemStats extends IdRange {
  /** Ids in the range: `toId - fromId + 1`. */
  ids: number;
  /**
   * Rows stored for ids in the range. `id` is the primary key, so each id has at most one row,
   * and `rows === ids` means every id of the range is stored exactly once.
   */
  rows: number;
  /** Ids of the range without a row: `ids - rows`. */
  gaps: number;
  /** The lowest id of the range without a row; `null` when there is none. */
  firstGap: number | null;
  /** Lowest and highest stored id in the range; `null` when it has no row. */
  minId: number | null;
  maxId: number | null;
  /** Rows with status `item` (tombstones included). */
  items: number;
  /** Items by type; a tombstone without a type counts in `items` only. */
  byType: Record<ItemType, number>;
  /** Items flagged `deleted`. */
  deleted: number;
  /** Items flagged `dead`. */
  dead: number;
  /** Rows with status `missing` (the API answered null). */
  missing: number;
  /** Rows with status `invalid`. */
  invalid: number;
}
