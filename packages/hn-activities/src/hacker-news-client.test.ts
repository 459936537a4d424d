import { getEventListeners } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonScenario, sendJson, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { hang, startApi, storyItem } from '../test/fake-api';
import { HackerNewsApiError, type HackerNewsErrorCode } from './errors';
import {
  DEFAULT_BASE_URL,
  createHackerNewsClient,
  type HackerNewsClient,
  type HackerNewsClientOptions,
} from './hacker-news-client';

let server: FakeHackerNewsApi;
const clients: HackerNewsClient[] = [];

function client(options: HackerNewsClientOptions = {}): HackerNewsClient {
  const created = createHackerNewsClient({ baseUrl: server.baseUrl, ...options });
  clients.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<HackerNewsApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HackerNewsApiError);
  return error as HackerNewsApiError;
}

beforeEach(async () => {
  server = await startApi();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server.close();
});

describe('createHackerNewsClient', () => {
  it('defaults to the public API and trims a trailing slash', async () => {
    const defaults = createHackerNewsClient();
    expect(defaults.baseUrl).toBe(DEFAULT_BASE_URL);
    await defaults.close();
    expect(client({ baseUrl: `${server.baseUrl}/` }).baseUrl).toBe(server.baseUrl);
  });

  it.each<[HackerNewsClientOptions, RegExp]>([
    [{ baseUrl: 'not a url' }, /baseUrl/],
    [{ baseUrl: 'ftp://example.com' }, /http or https/],
    [{ timeoutMs: 0 }, /timeoutMs/],
    [{ maxConcurrency: 1.5 }, /maxConcurrency/],
    [{ maxResponseBytes: -1 }, /maxResponseBytes/],
  ])('rejects bad options %o', (options, message) => {
    expect(() => createHackerNewsClient(options)).toThrow(message);
  });
});

describe('storyIds', () => {
  it('returns the validated ids of a list', async () => {
    server.setScenario(jsonScenario({ lists: { top: [3, 2, 1] } }));
    await expect(client().storyIds('top')).resolves.toEqual([3, 2, 1]);
    expect(server.requests('/topstories.json')).toBe(1);
  });

  it('rejects a payload that is not an array of positive integers', async () => {
    server.setScenario(jsonScenario({ lists: { new: [1, -2, 'x'] } }));
    const error = await failure(client().storyIds('new'));
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', retryable: false, status: 200 });
    expect(error.message).toContain('/newstories.json');
    expect(error.message).toMatch(/^GET .* returned an unexpected payload: 1: .*; 2: /);
  });

  it('rejects an unknown list before any request', async () => {
    await expect(client().storyIds('hot' as 'top')).rejects.toThrow(RangeError);
    expect(server.requests()).toBe(0);
  });
});

describe('item', () => {
  it('returns the validated item without unknown fields', async () => {
    server.setScenario(jsonScenario({ items: { 7: { ...storyItem(7), extra: 'dropped' } } }));
    const item = await client().item(7);
    expect(item).toEqual(storyItem(7));
  });

  it('returns null for a null payload', async () => {
    server.setScenario(jsonScenario({ items: { 8: null } }));
    await expect(client().item(8)).resolves.toBeNull();
  });

  it('rejects an item that fails the schema, naming the field', async () => {
    server.setScenario(jsonScenario({ items: { 9: { ...storyItem(9), time: 'yesterday' } } }));
    const error = await failure(client().item(9));
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.message).toMatch(/time: /);
  });

  it('rejects an item with another id', async () => {
    server.setScenario(jsonScenario({ items: { 10: storyItem(11) } }));
    const error = await failure(client().item(10));
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.message).toContain('returned item 11 instead of 10');
  });

  it('rejects a bad id before any request', async () => {
    await expect(client().item(0)).rejects.toThrow(RangeError);
    await expect(client().item(1.5)).rejects.toThrow(RangeError);
    expect(server.requests()).toBe(0);
  });
});

describe('failure classification', () => {
  it.each<[string, (res: ServerResponse) => void, HackerNewsErrorCode, boolean, number?]>([
    ['500', (res) => sendJson(res, { error: 'boom' }, 500), 'HTTP_5XX', true, 500],
    ['503', (res) => sendJson(res, 'down', 503), 'HTTP_5XX', true, 503],
    ['429', (res) => sendJson(res, 'slow', 429), 'RATE_LIMITED', true, 429],
    ['404', (res) => sendJson(res, 'gone', 404), 'NOT_FOUND', false, 404],
    ['403', (res) => sendJson(res, 'no', 403), 'HTTP_4XX', false, 403],
    [
      '302',
      (res) => res.writeHead(302, { location: '/elsewhere' }).end(),
      'INVALID_PAYLOAD',
      false,
      302,
    ],
    [
      'truncated JSON',
      (res) => res.writeHead(200).end('{"id": 1,'),
      'MALFORMED_RESPONSE',
      true,
      200,
    ],
    ['an empty body', (res) => res.writeHead(200).end(), 'MALFORMED_RESPONSE', true, 200],
  ])('classifies %s', async (_name, respond, code, retryable, status) => {
    server.setHandler((_path, _req, res) => respond(res));
    const error = await failure(client().item(1));
    expect(error).toMatchObject({ code, retryable, status, url: `${server.baseUrl}/item/1.json` });
  });

  it('reads Retry-After in seconds and as a date', async () => {
    server.setHandler((_path, _req, res) => sendJson(res, 'slow', 429, { 'retry-after': '3' }));
    expect((await failure(client().item(1))).retryAfterMs).toBe(3000);

    const date = new Date(Date.now() + 120_000).toUTCString();
    server.setHandler((_path, _req, res) => sendJson(res, 'down', 503, { 'retry-after': date }));
    const error = await failure(client().item(1));
    expect(error.code).toBe('HTTP_5XX');
    expect(error.retryAfterMs).toBeGreaterThan(100_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('times out a request that never answers', async () => {
    server.setHandler(hang);
    const started = performance.now();
    const error = await failure(client({ timeoutMs: 100 }).item(1));
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(performance.now() - started).toBeLessThan(2000);
    await server.waitFor((s) => s.inFlight === 0);
  });

  it('times out a body that stalls after the headers', async () => {
    server.setHandler((_path, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": 1, ');
    });
    const error = await failure(client({ timeoutMs: 100 }).item(1));
    expect(error.code).toBe('TIMEOUT');
  });

  it('reports a refused connection as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(client({ baseUrl: `http://127.0.0.1:${port}/v0` }).item(1));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true, status: undefined });
    expect(error.cause).toBeDefined();
  });
});

describe('response size cap', () => {
  it('rejects a declared Content-Length above the cap without reading it', async () => {
    server.setHandler((_path, _req, res) => {
      res.writeHead(200, { 'content-length': 10_000_000 });
      res.write('[');
    });
    const error = await failure(client({ maxResponseBytes: 1024 }).storyIds('top'));
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', retryable: false });
    expect(error.message).toContain('more than 1024 bytes');
  });

  it('aborts a chunked body as soon as it passes the cap', async () => {
    const chunk = `[${'1,'.repeat(8191)}1]`.slice(0, 16_384);
    let written = 0;
    server.setHandler((_path, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = (): void => {
        // An endless body: only the client's abort stops it.
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const error = await failure(client({ maxResponseBytes: 64 * 1024 }).storyIds('top'));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    await server.waitFor((s) => s.inFlight === 0);
    expect(server.stats().abortedByClient).toBe(1);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('accepts a body exactly at the cap', async () => {
    const body = JSON.stringify([1, 2, 3]);
    server.setHandler((_path, _req, res) => res.writeHead(200).end(body));
    await expect(client({ maxResponseBytes: body.length }).storyIds('top')).resolves.toEqual([
      1, 2, 3,
    ]);
  });
});

describe('concurrency', () => {
  it('keeps at most maxConcurrency requests in flight across calls', async () => {
    const limit = 3;
    const total = 12;
    const pending: Array<[ServerResponse, number]> = [];
    server.setHandler((path, _req, res) => {
      pending.push([res, Number(/\d+/.exec(path)?.[0])]);
      if (pending.length < limit) return;
      // Hold the full batch a moment so any request beyond the limit would show up in flight.
      const batch = pending.splice(0);
      setTimeout(() => {
        for (const [held, id] of batch) sendJson(held, storyItem(id));
      }, 20);
    });
    const c = client({ maxConcurrency: limit });
    const ids = Array.from({ length: total }, (_, i) => i + 1);
    const items = await Promise.all(ids.map((id) => c.item(id)));
    expect(items.map((item) => item?.id)).toEqual(ids);
    expect(server.stats().maxInFlight).toBe(limit);
    expect(server.requests()).toBe(total);
  });
});

describe('abort', () => {
  it('stops an in-flight request at once', async () => {
    server.setHandler(hang);
    const controller = new AbortController();
    const pending = client().item(1, { signal: controller.signal });
    await server.waitFor((s) => s.inFlight === 1);
    const started = performance.now();
    controller.abort();
    const error = await failure(pending);
    expect(error).toMatchObject({ code: 'ABORTED', retryable: false });
    expect(performance.now() - started).toBeLessThan(500);
    await server.waitFor((s) => s.inFlight === 0);
    expect(server.stats().abortedByClient).toBe(1);
  });

  it('drops a request still waiting for a slot, without sending it', async () => {
    server.setHandler(hang);
    const c = client({ maxConcurrency: 1, timeoutMs: 60_000 });
    const first = new AbortController();
    const second = new AbortController();
    const running = c.item(1, { signal: first.signal });
    await server.waitFor((s) => s.inFlight === 1);
    const queued = c.item(2, { signal: second.signal });
    second.abort();
    expect((await failure(queued)).code).toBe('ABORTED');
    expect(server.requests('/item/2.json')).toBe(0);
    first.abort();
    expect((await failure(running)).code).toBe('ABORTED');
  });

  it('never sends a request whose signal is already aborted', async () => {
    const error = await failure(client().item(1, { signal: AbortSignal.abort() }));
    expect(error.code).toBe('ABORTED');
    expect(server.requests()).toBe(0);
  });
});

describe('onRequest', () => {
  it('reports one outcome per request sent, ok only after validation', async () => {
    server.setHandler((path, _req, res, next) => {
      if (path === '/item/1.json') sendJson(res, storyItem(1));
      else if (path === '/item/2.json') sendJson(res, null);
      else if (path === '/item/3.json') sendJson(res, { ...storyItem(3), time: 'yesterday' });
      else if (path === '/item/4.json') sendJson(res, 'down', 503);
      else if (path === '/item/5.json') res.writeHead(200).end('{"id": 5,');
      else if (path === '/item/6.json') sendJson(res, 'slow', 429);
      else if (path === '/item/7.json') sendJson(res, 'no', 403);
      else next();
    });
    const outcomes: string[] = [];
    const c = client({
      onRequest: (outcome) => {
        outcomes.push(outcome);
        throw new Error('an observer failing changes nothing');
      },
    });
    for (const id of [1, 2, 3, 4, 5, 6, 7, 8]) await c.item(id).catch(() => undefined);
    await c.item(9, { signal: AbortSignal.abort() }).catch(() => undefined);
    await c.item(0).catch(() => undefined);
    expect(outcomes).toEqual([
      'ok',
      'ok',
      'invalid',
      'http_5xx',
      'malformed',
      'rate_limited',
      'http_4xx',
      'not_found',
    ]);
    await expect(c.item(1)).resolves.toEqual(storyItem(1));
  });

  it('reports a timeout and a refused connection', async () => {
    server.setHandler(hang);
    const outcomes: string[] = [];
    await client({ timeoutMs: 100, onRequest: (o) => outcomes.push(o) })
      .item(1)
      .catch(() => undefined);
    const refused = createServer();
    await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
    const { port } = refused.address() as AddressInfo;
    await new Promise<void>((resolve) => refused.close(() => resolve()));
    await client({ baseUrl: `http://127.0.0.1:${port}/v0`, onRequest: (o) => outcomes.push(o) })
      .item(1)
      .catch(() => undefined);
    expect(outcomes).toEqual(['timeout', 'network']);
  });
});

describe('one signal shared by many calls', () => {
  it('carries one abort listener however many calls wait or run on it', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => i + 1);
    server.setScenario(
      jsonScenario({ items: Object.fromEntries(ids.map((id) => [id, storyItem(id)])) }),
    );
    const held: Array<() => void> = [];
    server.setHandler((path, _req, res, next) => held.push(next));
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const shared = new AbortController();
      const c = client({ maxConcurrency: 50 });
      const all = Promise.all(ids.map((id) => c.item(id, { signal: shared.signal })));
      // 50 requests in flight and 100 waiting for a slot, all on the same signal.
      await server.waitFor((s) => s.inFlight === 50);
      expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
      const release = setInterval(() => held.splice(0).forEach((send) => send()), 5);
      const items = await all.finally(() => clearInterval(release));
      expect(items.map((item) => item?.id)).toEqual(ids);
      expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('still aborts every call at once', async () => {
    server.setHandler(hang);
    const shared = new AbortController();
    const c = client({ maxConcurrency: 5, timeoutMs: 60_000 });
    const calls = [1, 2, 3, 4, 5, 6, 7, 8].map((id) =>
      failure(c.item(id, { signal: shared.signal })),
    );
    await server.waitFor((s) => s.inFlight === 5);
    shared.abort();
    const errors = await Promise.all(calls);
    expect(errors.map((e) => e.code)).toEqual(Array(8).fill('ABORTED'));
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    expect(Object.keys(server.stats().byItem)).toHaveLength(5);
  });
});

describe('credentials in the base URL', () => {
  it('sends them as basic authentication and never shows them', async () => {
    const seen: Array<string | undefined> = [];
    server.setHandler((path, req, res) => {
      seen.push(req.headers.authorization);
      if (path === '/item/1.json') sendJson(res, storyItem(1));
      else sendJson(res, 'down', 503);
    });
    const withCredentials = server.baseUrl.replace('://', '://hn%40user:s3cr%3At@');
    const c = client({ baseUrl: withCredentials });
    expect(c.baseUrl).toBe(server.baseUrl.replace('://', '://***@'));
    await expect(c.item(1)).resolves.toMatchObject({ id: 1 });
    expect(seen[0]).toBe(`Basic ${Buffer.from('hn@user:s3cr:t').toString('base64')}`);

    const error = await failure(c.item(2));
    expect(error.message).toBe(`GET ${c.baseUrl}/item/2.json failed: HTTP 503`);
    expect(error.url).toBe(`${c.baseUrl}/item/2.json`);
    expect(JSON.stringify({ message: error.message, url: error.url })).not.toMatch(
      /s3cr|hn%40user/,
    );
  });

  it('keeps them out of a rejected base URL', () => {
    expect(() => createHackerNewsClient({ baseUrl: 'ftp://user:s3cret@example.com' })).toThrow(
      'baseUrl must use http or https, got "ftp://user:***@example.com"',
    );
  });
});

describe('close', () => {
  it('refuses calls after close', async () => {
    const c = client();
    await c.close();
    await expect(c.item(1)).rejects.toThrow(/closed/);
    await expect(c.close()).resolves.toBeUndefined();
  });
});
