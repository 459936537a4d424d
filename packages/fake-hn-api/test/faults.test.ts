import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeHnApiError, startFakeHackerNewsApi, type FakeHackerNewsApi } from '../src/index';

let api: FakeHackerNewsApi;
let storyId: number;

beforeAll(async () => {
  api = await startFakeHackerNewsApi({ seed: 7 });
  storyId = api.dataset.lists.top[0]!;
});
afterEach(() => {
  api.resetFaults();
  api.resetStats();
});
afterAll(async () => {
  await api.close();
});

async function statuses(base: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${base}/maxitem.json`);
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

describe('faults', () => {
  it('adds latency to every answer', async () => {
    api.setFaults({ latencyMs: 120 });
    const started = performance.now();
    const res = await fetch(`${api.baseUrl}/maxitem.json`);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('answers 500, 502 and 503 at errorRate 1', async () => {
    api.setFaults({ errorRate: 1 });
    const seen = await statuses(api.baseUrl, 30);
    expect(new Set(seen)).toEqual(new Set([500, 502, 503]));
    expect(api.stats().faults.error).toBe(30);
  });

  it('injects about errorRate of errors, the same ones for the same seed', async () => {
    api.setFaults({ errorRate: 0.3 });
    const seen = await statuses(api.baseUrl, 100);
    const count = (status: number) => seen.filter((s) => s === status).length;
    // Seed 7, from the start of the sequence: 24 of 100, split over the three statuses.
    expect([count(500), count(502), count(503)]).toEqual([7, 6, 11]);
    expect(count(200)).toBe(76);
    expect(api.stats().faults.error).toBe(24);
  });

  it('rate-limits with Retry-After', async () => {
    api.setFaults({ rateLimitRate: 1, retryAfterSeconds: 3 });
    const res = await fetch(`${api.baseUrl}/topstories.json`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(api.stats().faults.rateLimit).toBe(1);
  });

  it('hangs until the client gives up', async () => {
    api.setFaults({ hangRate: 1 });
    await expect(
      fetch(`${api.baseUrl}/topstories.json`, { signal: AbortSignal.timeout(150) }),
    ).rejects.toThrow();
    expect(api.stats().faults.hang).toBe(1);
    await expect.poll(() => api.stats().inFlight).toBe(0);
  });

  it('answers truncated JSON with status 200', async () => {
    api.setFaults({ malformedRate: 1 });
    for (const path of [
      '/topstories.json',
      `/item/${storyId}.json`,
      '/maxitem.json',
      '/item/1.json',
    ]) {
      const res = await fetch(`${api.baseUrl}${path}`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
    }
  });

  it('answers 503 to everything while down', async () => {
    api.setFaults({ down: true });
    expect(await statuses(api.baseUrl, 3)).toEqual([503, 503, 503]);
    const unknown = await fetch(`${api.origin}/nope`);
    expect(unknown.status).toBe(503);
    api.setFaults({ down: false });
    expect(await statuses(api.baseUrl, 1)).toEqual([200]);
  });

  it('fails the next N requests, then recovers', async () => {
    api.setFaults({ failNextRequests: 3 });
    expect(await statuses(api.baseUrl, 5)).toEqual([503, 503, 503, 200, 200]);
    expect(api.faults.failNextRequests).toBe(0);
    expect(api.stats().faults.failNext).toBe(3);
  });

  it('answers 404 for the lists in notFoundLists', async () => {
    api.setFaults({ notFoundLists: ['job', 'show'] });
    expect((await fetch(`${api.baseUrl}/jobstories.json`)).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/showstories.json`)).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/topstories.json`)).status).toBe(200);
  });

  it('applies per-item faults', async () => {
    const [a, b, c, d, e] = api.dataset.lists.top.slice(0, 5) as [
      number,
      number,
      number,
      number,
      number,
    ];
    api.setFaults({
      itemFaults: { [a]: 'error', [b]: 'hang', [c]: 'malformed', [d]: 'not-found', [e]: 'invalid' },
    });
    expect((await fetch(`${api.baseUrl}/item/${a}.json`)).status).toBe(500);
    await expect(
      fetch(`${api.baseUrl}/item/${b}.json`, { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    const malformed = await fetch(`${api.baseUrl}/item/${c}.json`);
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow(SyntaxError);
    expect((await fetch(`${api.baseUrl}/item/${d}.json`)).status).toBe(404);
    const invalid = await fetch(`${api.baseUrl}/item/${e}.json`);
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toMatchObject({ id: e, title: 12345, time: 'yesterday' });
    const untouched = api.dataset.lists.top[5]!;
    expect((await fetch(`${api.baseUrl}/item/${untouched}.json`)).status).toBe(200);
    expect(api.stats().faults).toMatchObject({
      error: 1,
      hang: 1,
      malformed: 1,
      notFound: 1,
      invalid: 1,
    });
  });

  it('marks an id without an item invalid too', async () => {
    api.setFaults({ itemFaults: { 1: 'invalid' } });
    expect(await (await fetch(`${api.baseUrl}/item/1.json`)).json()).toEqual({ id: 1, type: 42 });
  });

  it('gives the same fault sequence for the same seed and request order', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const other = await startFakeHackerNewsApi({
        seed,
        dataset: api.dataset,
        faults: { errorRate: 0.2, rateLimitRate: 0.2, malformedRate: 0.2 },
      });
      try {
        return await statuses(other.baseUrl, 40);
      } finally {
        await other.close();
      }
    };
    const first = await run(11);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
  });

  it('restarts the fault sequence on resetFaults', async () => {
    api.setFaults({ errorRate: 0.5 });
    const first = await statuses(api.baseUrl, 20);
    api.resetFaults();
    api.setFaults({ errorRate: 0.5 });
    expect(await statuses(api.baseUrl, 20)).toEqual(first);
    api.resetFaults();
    expect(api.faults.errorRate).toBe(0);
  });

  it('rejects invalid faults without changing anything', () => {
    api.setFaults({ latencyMs: 5 });
    const bad: [unknown, RegExp][] = [
      [{ errorRate: 2 }, /^errorRate must be a number between 0 and 1, got 2$/],
      [{ errorRate: 0.6, hangRate: 0.6 }, /must not exceed 1, got 1\.2$/],
      [{ latencyMs: -1 }, /^latencyMs must be a non-negative number, got -1$/],
      [{ failNextRequests: 1.5 }, /^failNextRequests must be a non-negative integer, got 1\.5$/],
      [{ down: 'yes' }, /^down must be a boolean, got "yes"$/],
      [{ notFoundLists: ['front'] }, /^notFoundLists holds "front"/],
      [{ itemFaults: { 12: 'explode' } }, /^itemFaults\[12\] must be one of .*, got "explode"$/],
      [{ itemFaults: { abc: 'error' } }, /^itemFaults key "abc" is not an item id$/],
      [{ errorrate: 0.1 }, /^unknown fault "errorrate"; known: latencyMs, /],
    ];
    for (const [partial, message] of bad) {
      const error = (() => {
        try {
          api.setFaults(partial as never);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error, JSON.stringify(partial)).toBeInstanceOf(FakeHnApiError);
      expect(error, JSON.stringify(partial)).toMatchObject({ code: 'INVALID_FAULTS', message });
    }
    expect(api.faults.latencyMs).toBe(5);
  });

  it('rejects bad start options', async () => {
    await expect(startFakeHackerNewsApi({ port: -1 })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
    await expect(startFakeHackerNewsApi({ faults: { hangRate: 3 } })).rejects.toMatchObject({
      code: 'INVALID_FAULTS',
    });
  });
});
