import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES, type FailureType } from '@hn/contract';

/**
 * Why a Hacker News API call failed. Stable: match on it, never on the message.
 *
 * | code                 | cause                                                       | retryable |
 * | -------------------- | ----------------------------------------------------------- | --------- |
 * | `NETWORK`            | connection refused or reset, DNS failure, socket error      | yes       |
 * | `TIMEOUT`            | no complete response within `timeoutMs`                     | yes       |
 * | `HTTP_5XX`           | the API answered 5xx                                        | yes       |
 * | `RATE_LIMITED`       | the API answered 429                                        | yes       |
 * | `HTTP_4XX`           | the API answered 4xx other than 404 and 429                 | no        |
 * | `NOT_FOUND`          | the API answered 404                                        | no        |
 * | `MALFORMED_RESPONSE` | a body that is not JSON (truncated or garbled in transit)   | yes       |
 * | `INVALID_PAYLOAD`    | JSON that fails the schema, or an unexpected 1xx/3xx status | no        |
 * | `RESPONSE_TOO_LARGE` | the body exceeds `maxResponseBytes`                         | no        |
 * | `ABORTED`            | the caller's `AbortSignal` fired                            | no        |
 */
export type HackerNewsErrorCode =
  | 'NETWORK'
  | 'TIMEOUT'
  | 'HTTP_5XX'
  | 'RATE_LIMITED'
  | 'HTTP_4XX'
  | 'NOT_FOUND'
  | 'MALFORMED_RESPONSE'
  | 'INVALID_PAYLOAD'
  | 'RESPONSE_TOO_LARGE'
  | 'ABORTED';

const RETRYABLE_CODES: ReadonlySet<HackerNewsErrorCode> = new Set<HackerNewsErrorCode>([
  'NETWORK',
  'TIMEOUT',
  'HTTP_5XX',
  'RATE_LIMITED',
  'MALFORMED_RESPONSE',
]);

/** Constructor options of {@link HackerNewsApiError}. */
export interface HackerNewsApiErrorOptions {
  code: HackerNewsErrorCode;
  message: string;
  /** The URL that was requested. */
  url: string;
  /** HTTP status, when the API answered. */
  status?: number;
  /** Delay the API asked for in `Retry-After`, in milliseconds (429 and 503 only). */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A failed Hacker News API call, thrown by {@link HackerNewsClient} methods.
 *
 * `retryable` tells whether repeating the same request may succeed: true for `NETWORK`,
 * `TIMEOUT`, `HTTP_5XX`, `RATE_LIMITED` and `MALFORMED_RESPONSE`, false otherwise. `ABORTED` is not retryable because
 * the caller asked to stop; repeating the request with the same signal would fail again.
 */
export class HackerNewsApiError extends Error {
  override readonly name = 'HackerNewsApiError';
  /** Stable classification of the failure. */
  readonly code: HackerNewsErrorCode;
  /** Whether repeating the request may succeed. */
  readonly retryable: boolean;
  /** The URL that was requested. */
  readonly url: string;
  /** HTTP status, when the API answered. */
  readonly status?: number;
  /** Delay the API asked for in `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(options: HackerNewsApiErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryable = RETRYABLE_CODES.has(options.code);
    this.url = options.url;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

const FAILURE_TYPE_BY_CODE: Record<HackerNewsErrorCode, FailureType> = {
  NETWORK: FAILURE_TYPES.network,
  TIMEOUT: FAILURE_TYPES.timeout,
  HTTP_5XX: FAILURE_TYPES.serverError,
  RATE_LIMITED: FAILURE_TYPES.rateLimited,
  HTTP_4XX: FAILURE_TYPES.clientError,
  NOT_FOUND: FAILURE_TYPES.notFound,
  MALFORMED_RESPONSE: FAILURE_TYPES.malformedResponse,
  INVALID_PAYLOAD: FAILURE_TYPES.invalidPayload,
  RESPONSE_TOO_LARGE: FAILURE_TYPES.responseTooLarge,
  ABORTED: FAILURE_TYPES.aborted,
};

/** Details attached to failures built by {@link toApplicationFailure}. */
export interface HackerNewsFailureDetails {
  code: HackerNewsErrorCode;
  url: string;
  status?: number;
}

/**
 * Maps a {@link HackerNewsApiError} to the `ApplicationFailure` an activity throws.
 *
 * The failure's `type` is the matching {@link FAILURE_TYPES} value and its single detail is
 * a {@link HackerNewsFailureDetails}. Non-retryable codes set `nonRetryable`; retryable ones stay
 * retryable under the activity's retry policy. A 429 or 503 with `Retry-After` sets
 * `nextRetryDelay`.
 * `ABORTED` maps to a retryable failure.
 */
export function toApplicationFailure(error: HackerNewsApiError): ApplicationFailure {
  const details: HackerNewsFailureDetails = { code: error.code, url: error.url };
  if (error.status !== undefined) details.status = error.status;
  return ApplicationFailure.create({
    message: error.message,
    type: FAILURE_TYPE_BY_CODE[error.code],
    nonRetryable: !error.retryable && error.code !== 'ABORTED',
    details: [details],
    cause: error,
    ...(error.retryable && error.retryAfterMs !== undefined
      ? { nextRetryDelay: error.retryAfterMs }
      : {}),
  });
}

/** A non-retryable `InvalidInput` failure: bad activity input is rejected before any request. */
export function invalidInputFailure(message: string): ApplicationFailure {
  return ApplicationFailure.create({
    message,
    type: FAILURE_TYPES.invalidInput,
    nonRetryable: true,
  });
}
