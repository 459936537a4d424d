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
export { IngestRangeError, ingestRange, type IngestRangeOptions } from './ingest/ingest-range';
export { countRecord, invalidRecord, missingRecord, toItemRecord } from './ingest/item-record';
export {
  LAG_TOLERANCE_MS,
  MAX_SEARCH_REQUESTS,
  PROBES_PER_ROUND,
  SearchFailedError,
  searchEdges,
  searchItemRange,
  type SearchEdgesOptions,
  type SearchEdgesResult,
  type SearchFailureCause,
} from './ingest/search-item-range';
export {
  capText,
  checkItemUrl,
  limitItem,
  type CappedText,
  type CheckedUrl,
  type LimitedField,
  type LimitedItem,
  type UrlProblem,
} from './item-limits';
export { cutToJsonBytes, fitSkipped, fitStory, jsonBytes, waterLevel } from './payload-budget';
export { MAX_UPDATES_ENTRIES, type HackerNewsUpdates, type RawItem } from './raw-item';
export { itemPageUrl, skippedFromError, toStoryOutcome, type StoryOutcome } from './story';
export { ENGLISH_STOPWORDS, topWords } from './word-frequency';
