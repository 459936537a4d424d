import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { HackerNewsApiError, toApplicationFailure, type HackerNewsErrorCode } from './errors';
import { FAILURE_TYPES } from '@hn/contract';

const cases: Array<[HackerNewsErrorCode, string, boolean]> = [
  ['NETWORK', FAILURE_TYPES.network, true],
  ['TIMEOUT', FAILURE_TYPES.timeout, true],
  ['HTTP_5XX', FAILURE_TYPES.serverError, true],
  ['RATE_LIMITED', FAILURE_TYPES.rateLimited, true],
  ['HTTP_4XX', FAILURE_TYPES.clientError, false],
  ['NOT_FOUND', FAILURE_TYPES.notFound, false],
  ['INVALID_PAYLOAD', FAILURE_TYPES.invalidPayload, false],
  ['RESPONSE_TOO_LARGE', FAILURE_TYPES.responseTooLarge, false],
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
    expect(failure.type).toBe(FAILURE_TYPES.aborted);
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
