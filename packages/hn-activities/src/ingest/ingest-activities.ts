import { Context } from '@temporalio/activity';
import { ApplicationFailure, type Logger } from '@temporalio/common';
import {
  FAILURE_TYPES,
  MAX_PARTITION_BOUNDARIES,
  checkWindow,
  emptyIngestCounts,
  parseInstant,
  type FindItemRangeInput,
  type FindPartitionEdgesInput,
  type IngestCheckpoint,
  type IngestItemsInput,
  type IngestItemsResult,
  type IngestPartitionRecord,
  type InputProblem,
  type ItemRange,
  type ItemStore,
  type PartitionEdges,
} from '@hn/contract';
import { HackerNewsApiError, toApplicationFailure } from '../errors';
import type { HackerNewsClient } from '../hacker-news-client';
import { parseInput } from '../internal/activity-input';
import {
  activityMetricMeter,
  recordIngestLag,
  recordPartitionChecks,
  recordStoredBatch,
} from '../metrics';
import { storeFailure } from '../internal/store-failure';
import type { RawItem } from '../raw-item';
import { IngestRangeError, ingestRange } from './ingest-range';
import {
  findItemRangeInput,
  ingestCheckpoint,
  ingestItemsInput,
  partitionRecordInput,
} from './ingest-input';
import { EDGE_LAG_MS, EDGE_SLACK_MS, SearchFailedError, searchEdges } from './search-item-range';
import { storedEdgesOf } from './stored-edges';
import { z } from 'zod';

/** What the ingest activities need from `createActivities`. */
export interface IngestActivitiesDeps {
  client: HackerNewsClient;
  /** Destination of `ingestItems` and `recordPartition`. */
  items: ItemStore | undefined;
  /** Fetches one item, retrying its transient failures in-process. */
  fetchItem: (id: number, signal: AbortSignal) => Promise<RawItem | null>;
  heartbeatIntervalMs: number;
  logger: () => Logger;
}

/** The ingest activities; `createActivities` includes them. */
export function createIngestActivities(deps: IngestActivitiesDeps) {
  const { fetchItem } = deps;
  // The newest item time this set of activities (one worker) has stored, for the lag gauge.
  let newestStoredTime: number | undefined;

  const itemStore = (activity: string): ItemStore => {
    if (deps.items) return deps.items;
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.itemStoreMissing,
      nonRetryable: true,
      message: `${activity}: this worker has no item store; pass \`items\` to createActivities (the worker's SqlStore)`,
    });
  };

  return {
    /**
     * The ids of the window `[start, end)`: `{ fromId, toId, maxItem, probes }`, where `fromId`
     * and `toId + 1` are the window's edges as {@link searchEdges} finds them for each boundary
     * plus {@link EDGE_LAG_MS}, with {@link EDGE_SLACK_MS}: an id timed 2 to 4 minutes after the
     * boundary, past every id seen timed before boundary + 2 minutes, so no item of the window
     * lagging by up to 2 minutes is left past it; between 1 and `/v0/maxitem.json`. A window past `maxitem` ends at
     * `maxitem`; an empty window is a valid, empty range (`toId = fromId - 1`).
     *
     * Requests: one for `maxitem`, then item requests in rounds of 3 in parallel: measured 9 to
     * 16 with `maxitem`, median 12, where clocks lag by up to 2 minutes (see the package README);
     * never more than 96.
     *
     * Failures: `InvalidInput`; API failures typed by {@link FAILURE_TYPES} (transient ones
     * retried in-process first); a non-retryable `HackerNewsInvalidPayload` naming the window and
     * the likely cause when the API's answers cannot be searched (every probe `null`, times
     * running backwards, `maxitem` past the newest item, or the budget spent).
     */
    async findItemRange(input: FindItemRangeInput): Promise<ItemRange> {
      const { start, end } = parseInput('findItemRange', findItemRangeInput, input);
      const found = await findEdges(deps, [start, end], [], `the window ${start}/${end}`);
      const [fromId, endEdge] = found.edges as [number, number];
      const range = { fromId, toId: endEdge - 1, maxItem: found.maxItem, probes: found.probes };
      deps.logger().info('findItemRange: done', { start, end, ...range });
      return range;
    },

    /**
     * The id edges of consecutive partitions in one pass (`PartitionEdges`): for N + 1
     * boundaries, N + 1 edges, so partition `i` is `[edges[i], edges[i + 1] - 1]` and no id is in
     * two partitions or in none. Each edge after the first is predicted from the rate of the ones
     * before it: about 3 requests each on data like Hacker News's. `firstEdge` skips the first
     * search; an edge next to a stored `completed` partition (before the first boundary, after
     * the last, or one named in `keep`) is taken from its row ({@link storedEdgesOf}), so the
     * partitions tile the stored ones too. Failures as `findItemRange`'s.
     */
    async findPartitionEdges(input: FindPartitionEdgesInput): Promise<PartitionEdges> {
      const { boundaries, firstEdge, keep } = parseInput(
        'findPartitionEdges',
        findPartitionEdgesInput,
        input,
      );
      const scope = `the partitions ${boundaries[0]}/${boundaries.at(-1)}`;
      const known = await storedEdgesOf(deps.items, boundaries, keep);
      if (firstEdge !== undefined) known[0] = firstEdge;
      const found = await findEdges(deps, boundaries, known, scope);
      deps.logger().info('findPartitionEdges: done', {
        boundaries: boundaries.length,
        stored: found.stored,
        maxItem: found.maxItem,
        probes: found.probes,
      });
      return found;
    },

    /**
     * Fetches every id of `[fromId, toId]` and stores each one exactly once, through the worker's
     * item store, in batches of `batchSize` in id order, with at most `concurrency` requests in
     * flight. Returns counts only (an {@link IngestItemsResult}); item data never passes through
     * Temporal.
     *
     * Every item type is kept; deleted and dead items as tombstones; `null` and 404 as `missing`;
     * a payload failing validation as `invalid` with the reason. It heartbeats its checkpoint
     * (an {@link IngestCheckpoint}: every id below `nextId` stored) after each batch and every
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
    async ingestItems(input: IngestItemsInput): Promise<IngestItemsResult> {
      const { fromId, toId, concurrency, batchSize } = parseInput(
        'ingestItems',
        ingestItemsInput,
        input,
      );
      const store = itemStore('ingestItems');
      const context = Context.current();
      const log = deps.logger();
      const resume = resumeFrom(context.info.heartbeatDetails, fromId, toId, log);
      let latest: IngestCheckpoint = resume ?? {
        fromId,
        toId,
        nextId: fromId,
        counts: emptyIngestCounts(),
        invalidSample: [],
      };
      const meter = activityMetricMeter();
      const heartbeat = (): void => context.heartbeat(latest);
      heartbeat();
      const ticker = setInterval(heartbeat, deps.heartbeatIntervalMs);
      try {
        const result = await ingestRange({
          fromId,
          toId,
          concurrency,
          batchSize,
          ...(resume ? { resume } : {}),
          fetch: fetchItem,
          save: async (records) => {
            await store.saveItems(records);
            const newest = recordStoredBatch(meter, records);
            if (
              newest !== undefined &&
              (newestStoredTime === undefined || newest > newestStoredTime)
            ) {
              newestStoredTime = newest;
            }
            if (newestStoredTime !== undefined)
              recordIngestLag(meter, newestStoredTime, Date.now());
          },
          signal: context.cancellationSignal,
          onCheckpoint: (checkpoint) => {
            latest = checkpoint;
            heartbeat();
          },
        });
        log.info('ingestItems: done', {
          fromId,
          toId,
          resumedAt: resume?.nextId ?? null,
          items: result.counts.items,
          missing: result.counts.missing,
          invalid: result.counts.invalid,
        });
        return result;
      } catch (error) {
        if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
        if (!(error instanceof IngestRangeError)) throw error;
        latest = error.checkpoint;
        heartbeat();
        throw ingestFailure(error, log);
      } finally {
        clearInterval(ticker);
      }
    },

    /**
     * Saves an ingest partition's row through the item store (an upsert by `key`, so a re-run
     * partition keeps one row). Failures: `InvalidInput`; no item store: `ItemStoreMissing`; the
     * store failing: retryable `PipelineStoreError`.
     */
    async recordPartition(record: IngestPartitionRecord): Promise<void> {
      parseInput('recordPartition', partitionRecordInput, record);
      const store = itemStore('recordPartition');
      try {
        await store.savePartition(record);
      } catch (error) {
        throw storeFailure(`Saving partition ${record.key}`, error);
      }
      if (record.status === 'completed') await exportPartitionChecks(store, deps.logger());
    },
  };
}

const findPartitionEdgesInput = z
  .object({
    boundaries: z.array(z.string()).min(2).max(MAX_PARTITION_BOUNDARIES),
    firstEdge: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    keep: z.array(z.string().min(1).max(200)).max(MAX_PARTITION_BOUNDARIES).optional(),
  })
  .strict()
  .superRefine((value, context) => {
    const problems: InputProblem[] = [];
    value.boundaries.slice(1).forEach((end, index) => {
      checkWindow(value.boundaries[index], end, problems, Number.MAX_SAFE_INTEGER);
    });
    for (const { message } of problems.slice(0, 5)) context.addIssue({ code: 'custom', message });
  });

/**
 * The edges of `boundaries` (ISO instants) by {@link searchEdges} against the API; `scope` names
 * them in a failure.
 */
async function findEdges(
  deps: IngestActivitiesDeps,
  boundaries: readonly string[],
  knownEdges: ReadonlyArray<number | undefined>,
  scope: string,
): Promise<PartitionEdges> {
  const { cancellationSignal: signal } = Context.current();
  try {
    const maxItem = await deps.client.maxItem({ signal });
    const { edges, probes } = await searchEdges({
      // Past items timed before each boundary by clocks lagging up to EDGE_LAG_MS.
      boundariesMs: boundaries.map((instant) => (parseInstant(instant) as number) + EDGE_LAG_MS),
      maxItem,
      knownEdges,
      slackMs: EDGE_SLACK_MS,
      timeOf: async (id) => {
        try {
          return (await deps.fetchItem(id, signal))?.time;
        } catch (error) {
          if (error instanceof HackerNewsApiError && !error.retryable && isItemLevel(error)) {
            return undefined;
          }
          throw error;
        }
      },
    });
    const stored = knownEdges.filter((edge) => edge !== undefined).length;
    return { edges, maxItem, probes, ...(stored > 0 ? { stored } : {}) };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof HackerNewsApiError) throw toApplicationFailure(error);
    if (error instanceof SearchFailedError) {
      throw ApplicationFailure.create({
        type: FAILURE_TYPES.invalidPayload,
        nonRetryable: true,
        message: `Finding the ids of ${scope} failed, nothing was stored: ${error.message} (${error.reason}). Check HN_API_URL and the API's answers, then run it again.`,
        details: [{ cause: error.reason }],
      });
    }
    throw error;
  }
}

/** Per-item failures that say the id has no usable item: it is recorded, not retried. */
function isItemLevel(error: HackerNewsApiError): boolean {
  return (
    error.code === 'NOT_FOUND' ||
    error.code === 'INVALID_PAYLOAD' ||
    error.code === 'RESPONSE_TOO_LARGE'
  );
}

function ingestFailure(error: IngestRangeError, log: Logger): ApplicationFailure {
  const { checkpoint, cause, failedId } = error;
  const details = [checkpoint];
  const stored = `ids ${checkpoint.fromId}..${checkpoint.nextId - 1} are stored; the retry resumes at ${checkpoint.nextId}`;
  if (failedId === undefined) {
    log.warn('ingestItems: the store failed', {
      nextId: checkpoint.nextId,
      error: messageOf(cause),
    });
    return storeFailure(`Storing items (${stored})`, cause, details);
  }
  log.warn('ingestItems: an item still fails', { failedId, error: messageOf(cause) });
  if (cause instanceof HackerNewsApiError) {
    const failure = toApplicationFailure(cause);
    if (!cause.retryable) {
      return ApplicationFailure.create({
        type: failure.type ?? FAILURE_TYPES.clientError,
        nonRetryable: true,
        message: `Item ${failedId}: ${cause.message}; ${stored}`,
        details,
        cause: failure,
      });
    }
    return ApplicationFailure.create({
      type: FAILURE_TYPES.incompleteBatch,
      message: `Item ${failedId} still fails after in-activity retries (${cause.message}); ${stored}`,
      details,
      cause: failure,
      ...(cause.retryAfterMs !== undefined ? { nextRetryDelay: cause.retryAfterMs } : {}),
    });
  }
  return ApplicationFailure.create({
    type: FAILURE_TYPES.incompleteBatch,
    message: `Item ${failedId} failed: ${messageOf(cause)}; ${stored}`,
    details,
    ...(cause instanceof Error ? { cause } : {}),
  });
}

/** The checkpoint of a previous attempt of the same range, or undefined. */
function resumeFrom(
  details: unknown,
  fromId: number,
  toId: number,
  log: Logger,
): IngestCheckpoint | undefined {
  if (details === undefined || details === null) return undefined;
  const parsed = ingestCheckpoint.safeParse(details);
  if (
    !parsed.success ||
    parsed.data.fromId !== fromId ||
    parsed.data.toId !== toId ||
    parsed.data.nextId > toId + 1 ||
    parsed.data.nextId < fromId
  ) {
    log.warn('ingestItems: ignoring heartbeat details of another range; fetching every id');
    return undefined;
  }
  return parsed.data;
}

/**
 * Sets the `hn_partition_checks` gauge from the store's check results, which saving a completed
 * partition has just brought up to date. A failure to count is logged, never the activity's.
 */
async function exportPartitionChecks(store: ItemStore, log: Logger): Promise<void> {
  if (store.partitionCheckCounts === undefined) return;
  try {
    recordPartitionChecks(activityMetricMeter(), await store.partitionCheckCounts());
  } catch (error) {
    log.warn('recordPartition: counting partition checks failed', { error: messageOf(error) });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
