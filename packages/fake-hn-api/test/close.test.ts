import { describe, expect, it } from 'vitest';
import { startFakeHackerNewsApi } from '../src/index';

describe('close', () => {
  it('ends hung requests promptly', async () => {
    const api = await startFakeHackerNewsApi({ faults: { hangRate: 1 } });
    const hung = Promise.allSettled([1, 2, 3].map(() => fetch(`${api.baseUrl}/topstories.json`)));
    await expect.poll(() => api.stats().inFlight).toBe(3);
    const started = performance.now();
    await api.close();
    const results = await hung;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });

  it('ends delayed answers and idle keep-alive sockets, and can be called twice', async () => {
    const api = await startFakeHackerNewsApi();
    await (await fetch(`${api.baseUrl}/maxitem.json`)).arrayBuffer();
    api.setFaults({ latencyMs: 10_000 });
    const delayed = fetch(`${api.baseUrl}/maxitem.json`);
    await expect.poll(() => api.stats().inFlight).toBe(1);
    const started = performance.now();
    await Promise.all([api.close(), api.close()]);
    await expect(delayed).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(fetch(`${api.baseUrl}/maxitem.json`)).rejects.toThrow();
  });

  it('fails to start on a port in use', async () => {
    const api = await startFakeHackerNewsApi();
    try {
      await expect(startFakeHackerNewsApi({ port: api.port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await api.close();
    }
  });
});
