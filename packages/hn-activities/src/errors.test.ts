import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { HackerNewsApiError, toApplicationFailure, type HackerNewsErrorCode } from './errors';
import { HN_FAILURE_TYPES } from './failure-types';

const cases: Array<[HackerNewsErrorCode, string, boolean]> = [
  ['NETWORK', HN_FAILURE_TYPES.network, true],
  ['TIMEOUT', HN_FAILURE_TYPES.timeout, true],
  ['HTTP_5XX', HN_FAILURE_TYPES.serverError, true],
  ['RATE_LIMITED', HN_FAILURE_TYPES.rateLimited, true],
  ['HTTP_4XX', HN_FAILURE_TYPES.clientError, false],
  ['NOT_FOUND', HN_FAILURE_TYPES.notFound, false],
  ['INVALID_PAYLOAD', HN_FAILURE_TYPES.invalidPayload, false],
  ['RESPONSE_TOO_LARGE', HN_FAILURE_TYPES.responseTooLarge, false],
];

describe('toApplicationFailure', () => {
  it.each(cases)('maps %s to %s (retryable: %s)', (code, type, retryable) => {
    const error = new HackerNewsApiError({
      code,
      url: 'http://x/a.json',
      message: 'boom',
      status: 500,
    });
    expect(error.retryable).toBe(retryable);
    const failure = toApplicationFailure(error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(!retryable);
    expect(failure.message).toBe('boom');
    expect(failure.cause).toBe(error);
    expect(failure.details).toEqual([{ code, url: 'http://x/a.json', status: 500 }]);
  });

  it('keeps an abort retryable in Temporal while the error itself is not', () => {
    const error = new HackerNewsApiError({ code: 'ABORTED', url: 'http://x', message: 'aborted' });
    expect(error.retryable).toBe(false);
    const failure = toApplicationFailure(error);
    expect(failure.type).toBe(HN_FAILURE_TYPES.aborted);
    expect(failure.nonRetryable).toBe(false);
  });

  it('honours Retry-After through nextRetryDelay', () => {
    const limited = new HackerNewsApiError({
      code: 'RATE_LIMITED',
      url: 'http://x',
      message: 'slow down',
      status: 429,
      retryAfterMs: 3000,
    });
    expect(toApplicationFailure(limited).nextRetryDelay).toBe(3000);
    const plain = new HackerNewsApiError({
      code: 'RATE_LIMITED',
      url: 'http://x',
      message: 'slow down',
    });
    expect(toApplicationFailure(plain).nextRetryDelay).toBeUndefined();
  });
});
