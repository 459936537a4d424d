/**
 * The Hacker News activities of the pipeline and the HTTP client they share: every payload
 * validated and bounded, every failure an `ApplicationFailure` typed by `FAILURE_TYPES` of
 * `@hn/contract`, item data stored from inside the activities so that only counts and cursors
 * reach workflow history.
 *
 * ```ts
 * import { createActivities, createHackerNewsClient } from '@hn/activities';
 * import { createStore } from '@hn/storage';
 *
 * const store = await createStore({ kind: 'sqlite', filename: 'hn.db' });
 * const activities = createActivities({
 *   client: createHackerNewsClient({ maxConcurrency: 50 }),
 *   store, // runs of the top-stories pipeline
 *   items: store, // items and partitions of the ingest
 * });
 * // Worker.create({ activities, taskQueue: TASK_QUEUE, workflowsPath: workflowsPath(), ... })
 * ```
 *
 * @module
 */
export {
  createActivities,
  type ActivitiesDeps,
  type ExtractTopWordsInput,
  type FetchStoriesInput,
  type FetchStoriesResult,
  type FetchStoryIdsInput,
  type HackerNewsActivities,
  type IncompleteBatchDetails,
  type ItemFailure,
  type ItemRetryOptions,
  type StoreRunResult,
} from './activities';
export {
  HackerNewsApiError,
  toApplicationFailure,
  type HackerNewsApiErrorOptions,
  type HackerNewsErrorCode,
  type HackerNewsFailureDetails,
} from './errors';
export {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  createHackerNewsClient,
  type HackerNewsClient,
  type HackerNewsClientOptions,
  type HackerNewsRequestOptions,
} from './hacker-news-client';
export { ingestRange, type IngestRangeOptions } from './ingest/ingest-range';
export { toItemRecord } from './ingest/item-record';
export {
  EDGE_LAG_MS,
  EDGE_SLACK_MS,
  EDGE_TOLERANCE_DIVISOR,
  edgeTolerance,
} from './ingest/search-item-range';
export { MAX_UPDATES_ENTRIES, type HackerNewsUpdates, type RawItem } from './raw-item';
export { toStoryOutcome, type StoryOutcome } from './story';
export { topWords } from './word-frequency';
