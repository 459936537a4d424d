import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STORY_LISTS } from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '../src/index';

let api: FakeHackerNewsApi;

beforeAll(async () => {
  api = await startFakeHackerNewsApi();
});
beforeEach(() => {
  api.resetFaults();
  api.resetStats();
});
afterAll(async () => {
  await api.close();
});

const get = async (path: string): Promise<number> => {
  const res = await fetch(`${api.origin}${path}`);
  await res.arrayBuffer();
  return res.status;
};

describe('stats', () => {
  it('counts requests by kind, list, item and status', async () => {
    const id = api.dataset.lists.top[0]!;
    await get('/v0/topstories.json');
    await get('/v0/topstories.json');
    await get('/v0/jobstories.json');
    await get(`/v0/item/${id}.json`);
    await get(`/v0/item/${id}.json`);
    await get('/v0/maxitem.json');
    await get('/v0/unknown');
    expect(api.stats()).toMatchObject({
      totalRequests: 7,
      byKind: { list: 3, item: 2, maxitem: 1, updates: 0, unknown: 1 },
      byList: { top: 2, job: 1, new: 0 },
      byItem: { [id]: 2 },
      byStatus: { 200: 6, 404: 1 },
      inFlight: 0,
    });
  });

  it('tracks in-flight requests and the maximum reached', async () => {
    api.setFaults({ latencyMs: 80 });
    const ids = api.dataset.lists.best.slice(0, 12);
    const pending = Promise.all(ids.map((id) => get(`/v0/item/${id}.json`)));
    await expect.poll(() => api.stats().inFlight).toBe(12);
    await pending;
    expect(api.stats()).toMatchObject({ inFlight: 0, maxInFlight: 12 });
  });

  it('bounds concurrency the way a client bounds it', async () => {
    api.setFaults({ latencyMs: 20 });
    const ids = api.dataset.lists.best.slice(0, 24);
    const queue = [...ids];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift())
        await get(`/v0/item/${id}.json`);
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    // Four requests at a time, each held 20 ms: the four overlap, and never a fifth.
    expect(api.stats().maxInFlight).toBe(4);
    expect(api.stats().totalRequests).toBe(24);
  });

  it('counts injected faults by kind', async () => {
    api.setFaults({ failNextRequests: 1 });
    await get('/v0/maxitem.json');
    api.setFaults({ rateLimitRate: 1 });
    await get('/v0/maxitem.json');
    expect(api.stats().faults).toMatchObject({ failNext: 1, rateLimit: 1, error: 0 });
    expect(api.stats().byStatus).toEqual({ 503: 1, 429: 1 });
  });

  it('resets the counters', async () => {
    api.setFaults({ failNextRequests: 1 });
    await get('/v0/maxitem.json');
    await get('/v0/topstories.json');
    await get(`/v0/item/${api.dataset.lists.top[0]!}.json`);
    await get('/v0/unknown');
    expect(api.stats().totalRequests).toBe(4);
    api.resetStats();
    const zero = <K extends string>(keys: readonly K[]) =>
      Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
    // toEqual, not toMatchObject: `{}` would match a map that was never cleared.
    expect(api.stats()).toEqual({
      totalRequests: 0,
      byKind: zero(['list', 'item', 'maxitem', 'updates', 'unknown']),
      byList: zero(STORY_LISTS),
      byItem: {},
      untrackedItemRequests: 0,
      byStatus: {},
      faults: zero([
        'down',
        'failNext',
        'error',
        'rateLimit',
        'hang',
        'malformed',
        'notFound',
        'invalid',
      ]),
      inFlight: 0,
      maxInFlight: 0,
    });
  });
});
