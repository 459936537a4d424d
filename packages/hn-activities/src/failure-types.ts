/**
 * The `ApplicationFailure.type` strings this package's activities throw. Workflows match
 * failures by these strings (`err.cause.type`), never by `instanceof`.
 *
 * Also published alone as `@hn/activities/failure-types`, which has no dependencies and is safe
 * to import from workflow code.
 */
export const HN_FAILURE_TYPES = {
  /** `NETWORK`: retryable. */
  network: 'HackerNewsNetworkError',
  /** `TIMEOUT`: retryable. */
  timeout: 'HackerNewsTimeout',
  /** `HTTP_5XX`: retryable. */
  serverError: 'HackerNewsServerError',
  /** `RATE_LIMITED`: retryable, with `nextRetryDelay` from `Retry-After` when present. */
  rateLimited: 'HackerNewsRateLimited',
  /** `HTTP_4XX`: non-retryable. */
  clientError: 'HackerNewsClientError',
  /** `NOT_FOUND`: non-retryable. */
  notFound: 'HackerNewsNotFound',
  /** `INVALID_PAYLOAD`: non-retryable. */
  malformedResponse: 'HackerNewsMalformedResponse',
  invalidPayload: 'HackerNewsInvalidPayload',
  /** `RESPONSE_TOO_LARGE`: non-retryable. */
  responseTooLarge: 'HackerNewsResponseTooLarge',
  /** `ABORTED`: retryable; the abort says nothing about the data. */
  aborted: 'HackerNewsAborted',
  /**
   * `fetchStories` finished some items but others still failed with retryable errors after
   * the in-activity retries: retryable, and the next attempt fetches only the failed items.
   */
  incompleteBatch: 'HackerNewsIncompleteBatch',
  /** The destination store failed: retryable, because stores are idempotent. */
  storeFailed: 'PipelineStoreError',
  /** An activity was called with bad input: non-retryable. */
  invalidInput: 'InvalidInput',
} as const;

/** One of the {@link HN_FAILURE_TYPES} values. */
export type HackerNewsFailureType = (typeof HN_FAILURE_TYPES)[keyof typeof HN_FAILURE_TYPES];
