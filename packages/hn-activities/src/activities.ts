import { Context } from '@temporalio/activity';
import type { Logger } from '@temporalio/common';
import type { FollowStore, ItemStore, PipelineStore } from '@hn/contract';
import type { HackerNewsClient } from './hacker-news-client';
import { createItemFetcher, type ItemRetryOptions } from './internal/fetch-item';
import { createFollowActivities } from './follow/follow-activities';
import { createIngestActivities } from './ingest/ingest-activities';
import { createPartitionActivities } from './ingest/partition-activities';
import { createStoryActivities } from './story-activities';

export type { ItemRetryOptions } from './internal/fetch-item';
export type {
  ExtractTopWordsInput,
  FetchStoriesInput,
  FetchStoriesResult,
  FetchStoryIdsInput,
  IncompleteBatchDetails,
  ItemFailure,
  StoreRunResult,
} from './story-activities';

/** Dependencies of {@link createActivities}. */
export interface ActivitiesDeps {
  /** The API client; the worker owns it and closes it on shutdown. */
  client: HackerNewsClient;
  /** Destination of `storeRun`. Without one, `storeRun` stores nothing. */
  store?: PipelineStore;
  /**
   * Destination of `ingestItems` and `recordPartition` (the worker's `SqlStore`). Without one,
   * they fail with a non-retryable `ItemStoreMissing`.
   */
  items?: ItemStore;
  /**
   * The follower's cursor and settling reads (`createFollowStore(store.db)` of `@hn/storage`).
   * Without one, the follower's activities fail with a non-retryable `ItemStoreMissing`.
   */
  follow?: FollowStore;
  /** Logger for activity events. Default: the activity context's logger. */
  logger?: Logger;
  /** In-activity retries of transient per-item failures. */
  itemRetry?: ItemRetryOptions;
  /**
   * Interval of liveness heartbeats while `fetchStories` waits on slow requests, so that a
   * heartbeat timeout and cancellation work even when no item completes. Default 1000 ms.
   */
  heartbeatIntervalMs?: number;
}

/**
 * Creates the Hacker News activities around injected dependencies. Register the returned
 * object with a Worker: `Worker.create({ activities: createActivities({ client }), ... })`.
 *
 * Every activity validates its input first and throws a non-retryable `InvalidInput`
 * `ApplicationFailure` on bad input. API failures become `ApplicationFailure`s typed with
 * `FAILURE_TYPES`. Activity cancellation aborts outstanding requests and rethrows the
 * cancellation.
 */
export function createActivities(deps: ActivitiesDeps) {
  const { client } = deps;
  const fetchItem = createItemFetcher(client, deps.itemRetry);
  const heartbeatIntervalMs = deps.heartbeatIntervalMs ?? 1000;
  const logger = (): Logger => deps.logger ?? Context.current().log;
  return {
    ...createIngestActivities({
      client,
      items: deps.items,
      follow: deps.follow,
      fetchItem,
      heartbeatIntervalMs,
      logger,
    }),
    ...createPartitionActivities({ items: deps.items }),
    ...createFollowActivities({
      client,
      items: deps.items,
      follow: deps.follow,
      fetchItem,
      logger,
    }),
    ...createStoryActivities({ client, store: deps.store, fetchItem, heartbeatIntervalMs, logger }),
  };
}

/** The activities {@link createActivities} returns, for `proxyActivities<HackerNewsActivities>()`. */
export type HackerNewsActivities = ReturnType<typeof createActivities>;
