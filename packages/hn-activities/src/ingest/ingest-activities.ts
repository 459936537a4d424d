import { ApplicationFailure, type Logger } from '@temporalio/common';
import {
  FAILURE_TYPES,
  type FindItemRangeInput,
  type FindPartitionEdgesInput,
  type FollowStore,
  type IngestItemsInput,
  type IngestItemsResult,
  type IngestPartitionRecord,
  type ItemRange,
  type ItemStore,
  type PartitionEdges,
} from '@hn/contract';
import type { HackerNewsClient } from '../hacker-news-client';
import type { RawItem } from '../raw-item';
import { findItemRange, findPartitionEdges } from './find-edges';
import { createStoredBatchRecorder, ingestItems } from './ingest-items';
import { recordPartition } from './record-partition';

/** What the ingest activities need from `createActivities`. */
export interface IngestActivitiesDeps {
  client: HackerNewsClient;
  /** Destination of `ingestItems` and `recordPartition`. */
  items: ItemStore | undefined;
  /** The followers' stored starts, which fix a window's last edge where it reaches past one. */
  follow: FollowStore | undefined;
  /** Fetches one item, retrying its transient failures in-process. */
  fetchItem: (id: number, signal: AbortSignal) => Promise<RawItem | null>;
  heartbeatIntervalMs: number;
  logger: () => Logger;
}

/**
 * The ingest activities; `createActivities` includes them. Each method's body is a module-level
 * function of its own file (`find-edges.ts`, `ingest-items.ts`, `record-partition.ts`).
 */
export function createIngestActivities(deps: IngestActivitiesDeps) {
  const itemDeps = {
    ...deps,
    itemStore: (activity: string) => requireItemStore(deps.items, activity),
    // One recorder per set of activities (one worker): it keeps the newest stored item time
    // for the lag gauge.
    recordStored: createStoredBatchRecorder(),
  };

  return {
    /**
     * The ids of the window `[start, end)`: `{ fromId, toId, maxItem, probes }`, where `fromId`
     * and `toId + 1` are the window's edges as `searchEdges` finds them for each boundary plus
     * `EDGE_LAG_MS`, with `EDGE_SLACK_MS` (each at most a tenth of the window, `edgeTolerance`):
     * for an hour, an id timed 2 to 4 minutes after the boundary, past every id seen timed before
     * boundary + 2 minutes, so no item of the window lagging by up to 2 minutes is left past it
     * (a follower's first id stops the end edge, see the package README); between 1 and `/v0/maxitem.json`. A window past `maxitem` ends
     * at `maxitem`; an empty window is a valid, empty range (`toId = fromId - 1`).
     *
     * Requests: one for `maxitem`, then item requests in rounds of 3 in parallel: median 12 and
     * at most 14 with `maxitem` over 400 hours where clocks lag by up to 2 minutes (see the
     * package README); never more than 96.
     *
     * Failures: `InvalidInput`; API failures typed by {@link FAILURE_TYPES} (transient ones
     * retried in-process first); a non-retryable `HackerNewsInvalidPayload` naming the window and
     * the likely cause when the API's answers cannot be searched (every probe `null`, times
     * running backwards, `maxitem` past the newest item, or the budget spent).
     */
    findItemRange(input: FindItemRangeInput): Promise<ItemRange> {
      return findItemRange(deps, input);
    },

    /**
     * The id edges of consecutive partitions in one pass (`PartitionEdges`): for N + 1
     * boundaries, N + 1 edges, so partition `i` is `[edges[i], edges[i + 1] - 1]` and no id is in
     * two partitions or in none. Each edge after the first is predicted from the rate of the ones
     * before it: about 3 requests each on data like Hacker News's. `firstEdge` skips the first
     * search; an edge next to a stored `completed` partition (before the first boundary, after
     * the last, or one named in `keep`) is taken from its row (`storedEdgesOf`), so the
     * partitions tile the stored ones too. Failures as `findItemRange`'s.
     */
    findPartitionEdges(input: FindPartitionEdgesInput): Promise<PartitionEdges> {
      return findPartitionEdges(deps, input);
    },

    /**
     * Fetches every id of `[fromId, toId]` and stores each one exactly once, through the worker's
     * item store, in batches of `batchSize` in id order, with at most `concurrency` requests in
     * flight. Returns counts only (an {@link IngestItemsResult}); item data never passes through
     * Temporal.
     *
     * Every item type is kept; deleted and dead items as tombstones; `null` and 404 as `missing`;
     * a payload failing validation as `invalid` with the reason. It heartbeats its checkpoint
     * (an `IngestCheckpoint`: every id below `nextId` stored) after each batch and every
     * `heartbeatIntervalMs`; a retried attempt resumes at the heartbeat's `nextId` with its counts.
     *
     * Failures (each with the checkpoint as its only detail):
     * - a transient failure still failing after the in-activity retries: retryable
     *   `HackerNewsIncompleteBatch` (cause: the item's failure), after storing everything below it;
     * - a client error (4xx other than 404 and 429): non-retryable, typed by {@link FAILURE_TYPES};
     * - the store failing: retryable `PipelineStoreError`;
     * - no item store: non-retryable `ItemStoreMissing`; bad input: `InvalidInput`.
     * Cancellation aborts the requests in flight.
     */
    ingestItems(input: IngestItemsInput): Promise<IngestItemsResult> {
      return ingestItems(itemDeps, input);
    },

    /**
     * Saves an ingest partition's row through the item store (an upsert by `key`, so a re-run
     * partition keeps one row). Failures: `InvalidInput`; no item store: `ItemStoreMissing`; the
     * store failing: retryable `PipelineStoreError`.
     */
    recordPartition(record: IngestPartitionRecord): Promise<void> {
      return recordPartition(itemDeps, record);
    },
  };
}

/** `items`, or the non-retryable `ItemStoreMissing` failure that `activity` has no store. */
function requireItemStore(items: ItemStore | undefined, activity: string): ItemStore {
  if (items) return items;
  throw ApplicationFailure.create({
    type: FAILURE_TYPES.itemStoreMissing,
    nonRetryable: true,
    message: `${activity}: this worker has no item store; pass \`items\` to createActivities (the worker's SqlStore)`,
  });
}
