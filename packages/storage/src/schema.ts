import type {
  CheckStatus,
  ItemStatus,
  ItemType,
  PartitionCheckName,
  PartitionStatus,
  SkipReason,
  Story,
  StoryList,
} from '@hn/contract';
import type { ColumnType } from 'kysely';

/**
 * A story as last seen by any run. Timestamps are ISO-8601 UTC strings (`toISOString()`), so
 * they sort correctly as text in both dialects.
 */
export interface StoriesTable {
  id: number;
  title: string;
  by: string;
  url: string;
  score: number;
  /** Creation time, Unix seconds. */
  time: number;
  comments: number;
  type: Story['type'];
  /** `finishedAt` of the earliest run that saw the story. */
  first_seen_at: string;
  /** `finishedAt` of the latest run that saw the story. */
  last_seen_at: string;
}

/** One pipeline run: the idempotency key is `run_id`. */
export interface RunsTable {
  run_id: string;
  workflow_id: string;
  list: StoryList;
  started_at: string;
  finished_at: string;
  story_count: number;
  skipped_count: number;
}

/** Which stories a run returned, in list order (`rank` starts at 1). */
export interface RunStoriesTable {
  run_id: string;
  story_id: number;
  rank: number;
}

/** Items a run skipped, and why. */
export interface RunSkippedTable {
  run_id: string;
  item_id: number;
  reason: SkipReason;
  detail: string | null;
}

/** A run's most frequent title words (`rank` starts at 1). */
export interface WordCountsTable {
  run_id: string;
  word: string;
  count: number;
  rank: number;
}

/**
 * One id of the Hacker News item space (an `ItemRecord`), keyed by `id`. Columns the API may
 * omit are `NULL`. Arrays are JSON text; flags are integers 0/1, which both dialects store and
 * sum alike.
 */
export interface ItemsTable {
  id: number;
  status: ItemStatus;
  type: ItemType | null;
  by: string | null;
  /** Creation time, Unix seconds. */
  time: number | null;
  title: string | null;
  url: string | null;
  text: string | null;
  score: number | null;
  descendants: number | null;
  parent: number | null;
  poll: number | null;
  /** JSON array of comment ids, ranked. */
  kids: string | null;
  /** JSON array of poll option ids. */
  parts: string | null;
  deleted: 0 | 1;
  dead: 0 | 1;
  /** JSON array of the names of fields cut to their size cap. */
  truncated: string | null;
  detail: string | null;
  /** When the item was last fetched, Unix milliseconds. */
  fetched_at: number;
  /** When the item was first fetched, Unix milliseconds. */
  first_fetched_at: number | null;
  /** How many fetches of the item were stored. */
  fetch_count: ColumnType<number, number | undefined, number>;
  /** When the item is next due to settle (Unix seconds); `NULL` once settled. */
  next_settle_at: number | null;
}

/** The follower's cursor per key (its workflow id): every id below `cursor` is stored. */
export interface FollowCursorsTable {
  key: string;
  cursor: number;
  /** The id the follower started from: every id from it on is its to fetch. */
  first_id: number | null;
  /** ISO-8601 UTC. */
  updated_at: string;
}

/** One ingested partition (an `IngestPartitionRecord`), keyed by `key`. */
export interface IngestPartitionsTable {
  key: string;
  /** ISO-8601 UTC, inclusive; `NULL` for an id-range partition. */
  window_start: string | null;
  /** ISO-8601 UTC, exclusive; `NULL` for an id-range partition. */
  window_end: string | null;
  from_id: number;
  to_id: number;
  status: PartitionStatus;
  /** JSON `IngestCounts`. */
  counts: string | null;
  workflow_id: string;
  run_id: string;
  started_at: string;
  finished_at: string | null;
  /** When the row was last written (ISO-8601 UTC). */
  updated_at: string;
  /** The API's `maxitem` when the id range was found; `NULL` when not known. */
  max_item: number | null;
}

/**
 * The latest result of each data-quality check of each partition (a `PartitionCheckResult`),
 * keyed by (`partition_key`, `check_name`): a re-run overwrites it.
 */
export interface PartitionChecksTable {
  partition_key: string;
  check_name: PartitionCheckName;
  status: CheckStatus;
  /** What was measured; `NULL` when nothing was. */
  value: number | null;
  message: string;
  /** ISO-8601 UTC. */
  checked_at: string;
}

/** The Kysely database type of the store: one entry per table. */
export interface Database {
  stories: StoriesTable;
  runs: RunsTable;
  run_stories: RunStoriesTable;
  run_skipped: RunSkippedTable;
  word_counts: WordCountsTable;
  items: ItemsTable;
  ingest_partitions: IngestPartitionsTable;
  partition_checks: PartitionChecksTable;
  follow_cursors: FollowCursorsTable;
}

/** The name of one of the store's tables of pipeline data. */
export type TableName = Exclude<keyof Database, 'partition_checks'>;

/**
 * The store's tables of pipeline data, parents before children, as `countRows` counts them.
 * `partition_checks` is left out: it holds results derived from these tables (`checkPartitions`
 * rebuilds it), not data the pipeline stored.
 */
export const TABLE_NAMES: readonly TableName[] = [
  'stories',
  'runs',
  'run_stories',
  'run_skipped',
  'word_counts',
  'items',
  'ingest_partitions',
  'follow_cursors',
];
