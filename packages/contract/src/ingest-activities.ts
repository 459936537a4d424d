import type { IngestCounts } from './items';

/** Input of the `findItemRange` activity: a time window as ISO-8601 instants with a time zone. */
export interface FindItemRangeInput {
  /** Inclusive. */
  start: string;
  /** Exclusive; after `start`. */
  end: string;
}

/**
 * The ids whose `time` falls in a window, as `findItemRange` found them. An empty window is a
 * valid, empty range: `toId = fromId - 1`.
 */
export interface ItemRange {
  fromId: number;
  /** Inclusive; at most `maxItem`. */
  toId: number;
  /** `/v0/maxitem.json` when the search ran. */
  maxItem: number;
  /** Item requests the search made (the `maxitem` request not included). */
  probes: number;
}

/** Input of the `ingestItems` activity. */
export interface IngestItemsInput {
  /** First id, from 1. */
  fromId: number;
  /** Last id, inclusive; `fromId - 1` for an empty range; at most 10,000 ids. */
  toId: number;
  /** Requests in flight within this activity, 1 to 500. Default 10. */
  concurrency?: number;
  /** Items per store transaction, 1 to 1,000. Default 250. */
  batchSize?: number;
}

/**
 * How far an `ingestItems` call got: every id from `fromId` below `nextId` is stored, and
 * `counts` counts exactly those. It is the activity's heartbeat detail (a retried attempt
 * resumes at `nextId`), the detail of its retryable failures, and, with `nextId = toId + 1`, its
 * result. Counts and ids only: item data goes from the activity straight to the store.
 */
export interface IngestCheckpoint {
  fromId: number;
  toId: number;
  nextId: number;
  counts: IngestCounts;
  /** The first invalid ids (at most 20); `counts.invalid` is exact. */
  invalidSample: number[];
}

/** Result of `ingestItems`: its {@link IngestCheckpoint} with `nextId = toId + 1`. */
export type IngestItemsResult = IngestCheckpoint;

/** Input of the `completedPartitions` activity: partition keys, at most 500. */
export interface CompletedPartitionsInput {
  keys: string[];
}
