import { Context } from '@temporalio/activity';
import { ApplicationFailure, type Logger, type MetricMeter } from '@temporalio/common';
import {
  FAILURE_TYPES,
  emptyIngestCounts,
  type IngestCheckpoint,
  type IngestItemsInput,
  type IngestItemsResult,
  type ItemRecord,
  type ItemStore,
} from '@hn/contract';
import { HackerNewsApiError, toApplicationFailure } from '../errors';
import { parseInput } from '../internal/activity-input';
import { messageOf } from '../internal/message-of';
import { storeFailure } from '../internal/store-failure';
import { activityMetricMeter, recordIngestLag, recordStoredBatch } from '../metrics';
import type { RawItem } from '../raw-item';
import { IngestRangeError, ingestRange } from './ingest-range';
import { ingestCheckpoint, ingestItemsInput } from './ingest-input';

/** What `ingestItems` needs. */
export interface IngestItemsDeps {
  /** The worker's item store; throws `ItemStoreMissing` when there is none. */
  itemStore: (activity: string) => ItemStore;
  fetchItem: (id: number, signal: AbortSignal) => Promise<RawItem | null>;
  heartbeatIntervalMs: number;
  logger: () => Logger;
  /** Counts a stored batch in the metrics; see {@link createStoredBatchRecorder}. */
  recordStored: (meter: MetricMeter, records: readonly ItemRecord[]) => void;
}

/**
 * Counts each stored batch in the ingest metrics and sets the lag gauge from the newest item time
 * stored so far by this recorder (one per set of activities, so one per worker).
 */
export function createStoredBatchRecorder(): IngestItemsDeps['recordStored'] {
  let newestStoredTime: number | undefined;
  return (meter, records) => {
    const newest = recordStoredBatch(meter, records);
    if (newest !== undefined && (newestStoredTime === undefined || newest > newestStoredTime)) {
      newestStoredTime = newest;
    }
    if (newestStoredTime !== undefined) recordIngestLag(meter, newestStoredTime, Date.now());
  };
}

/** The body of the `ingestItems` activity (documented in `createIngestActivities`). */
export async function ingestItems(
  deps: IngestItemsDeps,
  input: IngestItemsInput,
): Promise<IngestItemsResult> {
  const { fromId, toId, concurrency, batchSize } = parseInput(
    'ingestItems',
    ingestItemsInput,
    input,
  );
  const store = deps.itemStore('ingestItems');
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
      fetch: deps.fetchItem,
      save: async (records) => {
        await store.saveItems(records);
        deps.recordStored(meter, records);
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

/** The failure of an ingest that stopped at `error.checkpoint`, with that checkpoint as detail. */
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
