import { afterEach, describe, expect, it } from 'vitest';
import {
  jsonScenario,
  sendJson,
  startFakeHackerNewsApi,
  startHostileHackerNewsApi,
  type FakeHackerNewsApi,
} from '../src/index';

// A test's own route ahead of the scenario or dataset, and the counters tests wait on.

let api: FakeHackerNewsApi;
afterEach(() => api?.close());

const get = (path: string, init?: RequestInit) => fetch(`${api.baseUrl}${path}`, init);

describe('a route handler', () => {
  it('answers what it takes and passes the rest on with next(), now or later', async () => {
    api = await startFakeHackerNewsApi({
      scenario: jsonScenario({ lists: { top: [1, 2] }, items: { 1: { id: 1 } } }),
    });
    const held: Array<() => void> = [];
    api.setHandler((path, _req, res, next) => {
      if (path === '/item/2.json') sendJson(res, 'busy', 503, { 'retry-after': '1' });
      else if (path === '/item/1.json') held.push(next);
      else next();
    });
    const busy = await get('/item/2.json');
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '1']);
    expect(await (await get('/topstories.json')).json()).toEqual([1, 2]);
    const pending = get('/item/1.json');
    await api.waitFor((stats) => stats.inFlight === 1);
    await expect.poll(() => held.length).toBe(1);
    held[0]!();
    expect(await (await pending).json()).toEqual({ id: 1 });
    // Without the handler the scenario answers alone: anything else is a 404.
    api.setHandler(undefined);
    expect((await get('/item/2.json')).status).toBe(404);
    expect((await get('/maxitem.json')).status).toBe(404);
    expect(api.requests('/item/2.json')).toBe(2);
    expect(api.requests('/topstories.json')).toBe(1);
    expect(api.requests('/maxitem.json')).toBe(1);
    expect(api.requests()).toBe(5);
  });

  it('hands over to the dataset when no scenario is set', async () => {
    api = await startFakeHackerNewsApi({ handler: (_path, _req, _res, next) => next() });
    const top = (await (await get('/topstories.json')).json()) as number[];
    expect(top).toEqual(api.dataset.lists.top);
    api.setScenario(jsonScenario({ lists: { top: [7] } }));
    expect(await (await get('/topstories.json')).json()).toEqual([7]);
    api.setScenario(undefined);
    expect(await (await get('/topstories.json')).json()).toEqual(top);
  });

  it('counts answers the client abandoned', async () => {
    api = await startFakeHackerNewsApi({ handler: () => undefined });
    const controller = new AbortController();
    const pending = get('/item/1.json', { signal: controller.signal }).catch(() => 'aborted');
    await api.waitFor((stats) => stats.inFlight === 1);
    controller.abort();
    expect(await pending).toBe('aborted');
    await api.waitFor((stats) => stats.inFlight === 0);
    expect(api.stats().abortedByClient).toBe(1);
  });

  it('startHostileHackerNewsApi is the same server with an empty scenario', async () => {
    const hostile = await startHostileHackerNewsApi();
    api = hostile;
    expect((await get('/topstories.json')).status).toBe(404);
    expect(hostile.totalRequests()).toBe(1);
    hostile.resetRequests();
    expect(hostile.totalRequests()).toBe(0);
  });
});
