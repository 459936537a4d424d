import { describe, expect, it } from 'vitest';
import { serializeError } from './serialize-error';

// The shape of @temporalio/common's ApplicationFailure, as activities throw it.
class ApplicationFailure extends Error {
  override readonly name = 'ApplicationFailure';
  constructor(
    message: string,
    readonly type: string,
    readonly nonRetryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

class ApiError extends Error {
  override readonly name = 'HackerNewsApiError';
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

describe('serializeError', () => {
  it('keeps name, message, type, code, retryable/nonRetryable and the cause chain', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      port: 1,
    });
    const api = new ApiError('GET http://h/v0/item/1.json failed', 'NETWORK', true, 503);
    (api as { cause?: unknown }).cause = root;
    const failure = new ApplicationFailure('fetch failed', 'HackerNewsNetworkError', false, {
      cause: api,
    });
    const out = serializeError(failure);
    expect(out).toMatchObject({
      name: 'ApplicationFailure',
      message: 'fetch failed',
      type: 'HackerNewsNetworkError',
      nonRetryable: false,
      cause: {
        name: 'HackerNewsApiError',
        code: 'NETWORK',
        retryable: true,
        status: 503,
        cause: { name: 'Error', code: 'ECONNREFUSED', syscall: 'connect', port: 1 },
      },
    });
    expect(out.stack).toMatch(/^at /);
    expect(out.stack).not.toContain('fetch failed');
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('bounds depth, message length, AggregateError members, and ends cycles', () => {
    let deep: Error = new Error('bottom');
    for (let i = 0; i < 10; i += 1) deep = new Error(`level ${i}`, { cause: deep });
    let out = serializeError(deep, { maxDepth: 3 });
    let depth = 0;
    while (out.cause) {
      out = out.cause;
      depth += 1;
    }
    expect(depth).toBe(3);
    expect(out.causeTruncated).toBe('deeper than 3 causes');

    const long = serializeError(new Error('x'.repeat(5000)), { maxStringLength: 100 });
    expect(long.message).toBe(`${'x'.repeat(100)}… (4900 more characters)`);

    const cyclic = new Error('a');
    (cyclic as { cause?: unknown }).cause = cyclic;
    expect(serializeError(cyclic).causeTruncated).toBe('cycle');

    const aggregate = new AggregateError(
      Array.from({ length: 8 }, (_, i) => new Error(`e${i}`)),
      'all failed',
    );
    const agg = serializeError(aggregate);
    expect(agg.errors?.map((e) => e.message)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    expect(agg.errorsOmitted).toBe(3);
  });

  it('redacts credentials in messages and serialises thrown non-errors', () => {
    const out = serializeError(new Error('GET https://me:pw@h/v0?token=t failed'));
    expect(out.message).toBe('GET https://me:***@h/v0?token=*** failed');
    expect(serializeError('plain string')).toEqual({ name: 'NonError', message: 'plain string' });
    expect(serializeError({ reason: 1n })).toMatchObject({ name: 'NonError' });
    expect(serializeError(undefined)).toEqual({ name: 'NonError', message: 'undefined' });
  });

  it('survives getters that throw', () => {
    const hostile = new Error('boom');
    Object.defineProperty(hostile, 'code', {
      get() {
        throw new Error('no');
      },
    });
    expect(serializeError(hostile)).toMatchObject({ name: 'Error', message: 'boom' });
  });
});
