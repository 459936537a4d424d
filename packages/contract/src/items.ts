/**
 * The item types of the Hacker News API: everything it publishes is one of these, under one id
 * space from 1 to `/v0/maxitem.json`.
 */
export const ITEM_TYPES = ['story', 'comment', 'job', 'poll', 'pollopt'] as const;

/** One of the {@link ITEM_TYPES}. */
export type ItemType = (typeof ITEM_TYPES)[number];

/**
 * What an id of the item space turned out to be:
 * - `item`: the API returned an item (deleted and dead ones too, as tombstones with their flags);
 * - `missing`: the API answered `null` (or 404) for the id;
 * - `invalid`: the API answered something that fails validation; `detail` says why.
 *
 * Every id of an ingested range is stored exactly once with one of these, so a range has no gap.
 */
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Every {@link ItemStatus}, for code that validates or counts them. */
export const ITEM_STATUSES = ['item', 'missing', 'invalid'] as const;

/**
 * One id of the Hacker News item space as the store keeps it: every field of the API's item,
 * `null` where the API omits it.
 */
export interface ItemRecord {
  id: number;
  status: ItemStatus;
  type: ItemType | null;
  by: string | null;
  /** Creation time, Unix seconds. */
  time: number | null;
  title: string | null;
  url: string | null;
  /** HTML, as the API serves it. */
  text: string | null;
  score: number | null;
  /** Comment count of a story or poll. */
  descendants: number | null;
  /** The parent of a comment (an earlier item). */
  parent: number | null;
  /** The poll of a pollopt. */
  poll: number | null;
  /** Ids of the item's comments, in ranked display order. */
  kids: number[] | null;
  /** Ids of a poll's options. */
  parts: number[] | null;
  deleted: boolean;
  dead: boolean;
  /** Names of the fields cut to their size cap, or `null` when nothing was cut. */
  truncated: string[] | null;
  /** Why an `invalid` id is invalid; `null` otherwise. */
  detail: string | null;
  /** When the pipeline fetched the item, Unix milliseconds. */
  fetchedAt: number;
}

/** Counts of what an ingest stored, by what each id turned out to be. */
export interface IngestCounts {
  /** Ids stored with status `item`, of every type (tombstones included). */
  items: number;
  /** Items by type; a tombstone without a type counts in `items` only. */
  byType: Record<ItemType, number>;
  /** Items flagged `deleted`. */
  deleted: number;
  /** Items flagged `dead`. */
  dead: number;
  /** Ids the API answered `null` for. */
  missing: number;
  /** Ids whose payload failed validation. */
  invalid: number;
  /** Bytes of JSON received for these ids. */
  bytes: number;
}

/** Where an ingest partition is. */
export type PartitionStatus = (typeof PARTITION_STATUSES)[number];

/** Every {@link PartitionStatus}, for code that validates them. */
export const PARTITION_STATUSES = ['running', 'completed', 'failed'] as const;

/**
 * One ingested partition: a time window (or an explicit id range) with the id range it mapped
 * to, what was stored and which run did it. Keyed by `key`; saving the same key again replaces
 * the row, so a re-run partition has one row.
 */
export interface IngestPartitionRecord {
  /**
   * Stable identity of the partition: `window:<start ISO>/<end ISO>` for a time window,
   * `ids:<fromId>..<toId>` for an id range.
   */
  key: string;
  /** ISO-8601 UTC, inclusive; `null` for an id-range ingest. */
  windowStart: string | null;
  /** ISO-8601 UTC, exclusive; `null` for an id-range ingest. */
  windowEnd: string | null;
  /** First id of the range. An empty range has `toId = fromId - 1`. */
  fromId: number;
  /** Last id of the range, inclusive. */
  toId: number;
  status: PartitionStatus;
  /** What was stored; `null` while nothing is counted yet. */
  counts: IngestCounts | null;
  workflowId: string;
  runId: string;
  /** ISO-8601 UTC. */
  startedAt: string;
  /** ISO-8601 UTC; `null` while running. */
  finishedAt: string | null;
  /**
   * The API's `maxitem` when the partition's id range was found, so the `maxitem` check can
   * tell that no id past it was taken; absent or `null` when not known (the check then warns).
   */
  maxItem?: number | null;
}

/** Outcome of a data-quality check of a stored partition, best first. */
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Every {@link CheckStatus}, best first. */
export const CHECK_STATUSES = ['pass', 'warn', 'fail'] as const;

/**
 * The data-quality checks of a stored partition:
 * - `contiguity`: no id gap or overlap between its id range and its stored neighbours' ranges;
 * - `window_times`: its items are timed inside its window (with a tolerance for lagging clocks);
 * - `missing_ids`: the share of its ids with no item (null, invalid or no row) is low;
 * - `maxitem`: its last id is at most the `maxitem` the API gave when its range was found;
 * - `freshness`: (newest window partition only) how long ago its window ended.
 */
export const PARTITION_CHECK_NAMES = [
  'contiguity',
  'window_times',
  'missing_ids',
  'maxitem',
  'freshness',
] as const;

/** One of the {@link PARTITION_CHECK_NAMES}. */
export type PartitionCheckName = (typeof PARTITION_CHECK_NAMES)[number];

/** The latest result of one check of one partition; a re-run replaces it. */
export interface PartitionCheckResult {
  /** The partition's `key`. */
  partitionKey: string;
  check: PartitionCheckName;
  status: CheckStatus;
  /** What was measured (ids, a share, seconds: the message says which); `null` if nothing. */
  value: number | null;
  /** One line saying what was measured against what. */
  message: string;
  /** ISO-8601 UTC. */
  checkedAt: string;
}

/** Partitions whose latest `check` has `status`: one sample of `hn_partition_checks`. */
export interface PartitionCheckCount {
  check: PartitionCheckName;
  status: CheckStatus;
  partitions: number;
}

/** A stored `completed` window partition, as {@link ItemStore.completedPartitionsAt} finds it. */
export interface PartitionNeighbour {
  key: string;
  /** ISO-8601 UTC, as stored. */
  windowStart: string;
  windowEnd: string;
  fromId: number;
  toId: number;
}

/** What {@link ItemStore.saveItems} reports. */
export interface SaveItemsResult {
  /** Rows inserted or updated. */
  written: number;
}

/**
 * The destination port of the ingest activities. Implementations must be idempotent and atomic
 * per call: saving the same items twice leaves one row per id, and a failed call leaves nothing
 * of itself.
 */
export interface ItemStore {
  /** Upserts a batch of items by id in one transaction. */
  saveItems(items: readonly ItemRecord[]): Promise<SaveItemsResult>;
  /** Upserts a partition's row by `key`. */
  savePartition(partition: IngestPartitionRecord): Promise<void>;
  /**
   * Which of `keys` have a partition row with status `completed` and no failing data-quality
   * check, in any order: a backfill skips these and runs the others again. Reads keys only;
   * callers pass a bounded list (a backfill asks for one run's partitions at a time).
   */
  completedPartitionKeys(keys: readonly string[]): Promise<string[]>;
  /**
   * Partitions per (check, status) among the stored check results, every pair listed (zeros
   * too), for the `hn_partition_checks` gauge. Optional: a store without checks leaves it out.
   */
  partitionCheckCounts?(): Promise<PartitionCheckCount[]>;
  /**
   * The `completed` window partitions whose window starts or ends at one of `boundaries`
   * (ISO-8601 instants, at most 501): the stored neighbours a partition's edges are taken from,
   * so that partitions tile the ids. Reads one indexed query per 500 boundaries. Optional: a store
   * without it gives no neighbours, and every edge is searched.
   */
  completedPartitionsAt?(boundaries: readonly string[]): Promise<PartitionNeighbour[]>;
  close(): Promise<void>;
}

/** Zero counts, to start a sum. */
export function emptyIngestCounts(): IngestCounts {
  return {
    items: 0,
    byType: { story: 0, comment: 0, job: 0, poll: 0, pollopt: 0 },
    deleted: 0,
    dead: 0,
    missing: 0,
    invalid: 0,
    bytes: 0,
  };
}

/** The sum of two counts, as a new object. */
export function addIngestCounts(a: IngestCounts, b: IngestCounts): IngestCounts {
  const byType = { ...a.byType };
  for (const type of ITEM_TYPES) byType[type] += b.byType[type];
  return {
    items: a.items + b.items,
    byType,
    deleted: a.deleted + b.deleted,
    dead: a.dead + b.dead,
    missing: a.missing + b.missing,
    invalid: a.invalid + b.invalid,
    bytes: a.bytes + b.bytes,
  };
}

/** Ids the counts cover: stored items, missing ids and invalid ids. */
export function countedIds(counts: IngestCounts): number {
  return counts.items + counts.missing + counts.invalid;
}
