import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HackerNewsApiError } from './errors';
import { createHackerNewsClient, type HackerNewsClient } from './hacker-news-client';
import { MAX_UPDATES_ENTRIES } from './raw-item';

// A real HTTP server answering `/v0/updates.json` with whatever body the test sets.
let body: string;
let server: Server;
let client: HackerNewsClient;

beforeEach(async () => {
  body = '{}';
  server = createServer((req, res) => {
    if (req.url !== '/v0/updates.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = createHackerNewsClient({ baseUrl: `http://127.0.0.1:${port}/v0`, timeoutMs: 2_000 });
});

afterEach(async () => {
  await client.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(): Promise<HackerNewsApiError> {
  const error: unknown = await client.updates().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HackerNewsApiError);
  return error as HackerNewsApiError;
}

describe('HackerNewsClient.updates', () => {
  it('returns the changed items and profiles, dropping unknown fields', async () => {
    body = JSON.stringify({ items: [41234567, 41234501], profiles: ['pg', 'dang'], extra: 1 });
    await expect(client.updates()).resolves.toEqual({
      items: [41234567, 41234501],
      profiles: ['pg', 'dang'],
    });
  });

  it.each([
    ['an array', '[1,2,3]'],
    ['a negative id', JSON.stringify({ items: [-1], profiles: [] })],
    ['a string id', JSON.stringify({ items: ['12'], profiles: [] })],
    ['no profiles', JSON.stringify({ items: [1] })],
    ['a 100 KB user name', JSON.stringify({ items: [], profiles: ['x'.repeat(100_000)] })],
  ])('refuses %s as an invalid payload', async (_what, payload) => {
    body = payload;
    const error = await failure();
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/v0\/updates\.json returned an unexpected payload: /,
    );
  });

  it(`refuses more than ${MAX_UPDATES_ENTRIES} ids rather than truncating them`, async () => {
    const items = Array.from({ length: MAX_UPDATES_ENTRIES + 1 }, (_, index) => index + 1);
    body = JSON.stringify({ items, profiles: [] });
    expect((await failure()).message).toContain(
      `items: Too big: expected array to have <=${MAX_UPDATES_ENTRIES} items`,
    );
  });
});
