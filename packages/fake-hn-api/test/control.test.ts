import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '../src/index';

let api: FakeHackerNewsApi;

beforeAll(async () => {
  api = await startFakeHackerNewsApi();
});
afterAll(async () => {
  await api.close();
});

function post(path: string, body?: string): Promise<Response> {
  return fetch(`${api.origin}/__control/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
}

describe('control endpoint', () => {
  it('changes faults from another process over HTTP', async () => {
    const res = await post(
      'faults',
      JSON.stringify({ failNextRequests: 2, notFoundLists: ['ask'] }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      failNextRequests: 2,
      notFoundLists: ['ask'],
      errorRate: 0,
    });
    expect(api.faults.failNextRequests).toBe(2);

    expect((await fetch(`${api.baseUrl}/maxitem.json`)).status).toBe(503);
    expect((await fetch(`${api.baseUrl}/maxitem.json`)).status).toBe(503);
    expect((await fetch(`${api.baseUrl}/askstories.json`)).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/maxitem.json`)).status).toBe(200);

    const faults = await (await fetch(`${api.origin}/__control/faults`)).json();
    expect(faults).toMatchObject({ failNextRequests: 0, notFoundLists: ['ask'] });
  });

  it('sets item faults with string keys from JSON', async () => {
    const id = api.dataset.lists.top[0]!;
    expect(
      (await post('faults', JSON.stringify({ itemFaults: { [id]: 'not-found' } }))).status,
    ).toBe(200);
    expect((await fetch(`${api.baseUrl}/item/${id}.json`)).status).toBe(404);
  });

  it('reports stats and does not count control requests', async () => {
    await post('reset');
    await fetch(`${api.baseUrl}/topstories.json`).then((r) => r.arrayBuffer());
    const stats = await (await fetch(`${api.origin}/__control/stats`)).json();
    expect(stats).toMatchObject({ totalRequests: 1, byList: { top: 1 }, byStatus: { 200: 1 } });
  });

  it('resets faults and stats', async () => {
    await post('faults', JSON.stringify({ down: true }));
    await fetch(`${api.baseUrl}/maxitem.json`).then((r) => r.arrayBuffer());
    const res = await post('reset');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ down: false });
    expect(api.stats().totalRequests).toBe(0);
    expect((await fetch(`${api.baseUrl}/maxitem.json`)).status).toBe(200);
  });

  it('answers 400 with a message for bad input and changes nothing', async () => {
    await post('reset');
    const bad: [string, RegExp][] = [
      ['{not json', /^control body is not valid JSON: \{not json$/],
      ['[1,2]', /^faults must be an object$/],
      ['{"errorRate": 5}', /^errorRate must be a number between 0 and 1, got 5$/],
      ['{"explode": true}', /^unknown fault "explode"/],
    ];
    for (const [body, message] of bad) {
      const res = await post('faults', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect(api.faults.errorRate).toBe(0);
  });

  it('answers 404 for an unknown control route', async () => {
    const res = await fetch(`${api.origin}/__control/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/POST \/__control\/faults/);
  });
});
