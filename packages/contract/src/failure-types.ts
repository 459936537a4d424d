/**
 * Every `ApplicationFailure.type` the pipeline's activities and workflows fail with. Match
 * failures by these strings (`err.cause.type` in a workflow, `err.cause.type` of a
 * `WorkflowFailedError` in a client), never with `instanceof`: the class does not survive the
 * trip through Temporal, the type does, in every SDK.
 */
export const FAILURE_TYPES = {
  /** The API could not be reached (connection refused, reset, DNS): retryable. */
  network: 'HackerNewsNetworkError',
  /** A request took longer than the client's timeout: retryable. */
  timeout: 'HackerNewsTimeout',
  /** The API answered 5xx: retryable. */
  serverError: 'HackerNewsServerError',
  /** The API answered 429: retryable, with `nextRetryDelay` from `Retry-After` when present. */
  rateLimited: 'HackerNewsRateLimited',
  /** The API answered another 4xx: non-retryable. */
  clientError: 'HackerNewsClientError',
  /** A story list answered 404: non-retryable (an item's 404 is a skip, not a failure). */
  notFound: 'HackerNewsNotFound',
  /** A truncated or garbled body (not JSON): retryable, the next answer is usually whole. */
  malformedResponse: 'HackerNewsMalformedResponse',
  /** JSON that fails validation: non-retryable, the same request gets the same answer. */
  invalidPayload: 'HackerNewsInvalidPayload',
  /** A body past the client's size cap: non-retryable. */
  responseTooLarge: 'HackerNewsResponseTooLarge',
  /** A request aborted by cancellation: retryable; the abort says nothing about the data. */
  aborted: 'HackerNewsAborted',
  /**
   * A batch activity finished some items but others still failed with retryable errors after
   * its in-activity retries: retryable, and the next attempt fetches only the failed items.
   */
  incompleteBatch: 'HackerNewsIncompleteBatch',
  /** The destination store failed: retryable, because stores are idempotent. */
  storeFailed: 'PipelineStoreError',
  /** A workflow or activity was called with bad input: non-retryable, nothing was done. */
  invalidInput: 'InvalidInput',
  /** A run could fetch none of its items after the retry policy gave up: non-retryable. */
  unavailable: 'HackerNewsUnavailable',
  /**
   * An ingest run ended with ids it could not store (a chunk still failing when its retry policy
   * gave up, or failing for good): non-retryable. The partition is recorded `failed`; details
   * are an `IngestFailureDetails` with the counts of what was stored. Re-running the same input
   * completes it: stores upsert by id.
   */
  ingestFailed: 'HackerNewsIngestFailed',
  /** An ingest activity ran on a worker without an item store: non-retryable, configure one. */
  itemStoreMissing: 'ItemStoreMissing',
} as const;

/** One of the {@link FAILURE_TYPES} values. */
export type FailureType = (typeof FAILURE_TYPES)[keyof typeof FAILURE_TYPES];
