import { STORY_LISTS } from '@hn/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '../src/index';

let api: FakeHackerNewsApi;

beforeAll(async () => {
  api = await startFakeHackerNewsApi();
});
afterAll(async () => {
  await api.close();
});

describe('fake Hacker News API endpoints', () => {
  it('listens on loopback with a base URL without a trailing slash', () => {
    expect(api.baseUrl).toBe(`http://127.0.0.1:${api.port}/v0`);
    expect(api.origin).toBe(`http://127.0.0.1:${api.port}`);
  });

  it.each(STORY_LISTS)('serves /v0/%sstories.json', async (name) => {
    const res = await fetch(`${api.baseUrl}/${name}stories.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toEqual(api.dataset.lists[name]);
  });

  it('serves items as stored, with keys in the real API order', async () => {
    const id = api.dataset.lists.top[0]!;
    const res = await fetch(`${api.baseUrl}/item/${id}.json`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual(api.dataset.items.get(id));
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).toEqual([...keys].sort());
  });

  it('answers 200 null for an id without an item, in range or not', async () => {
    const missing = api.dataset.lists.top.find((id) => !api.dataset.items.has(id))!;
    for (const id of [missing, api.dataset.maxItem + 1000, 1]) {
      const res = await fetch(`${api.baseUrl}/item/${id}.json`);
      expect(res.status).toBe(200);
      expect(await res.json()).toBeNull();
    }
  });

  it('serves deleted and dead items as the real API does', async () => {
    const deleted = [...api.dataset.items.values()].find((i) => 'deleted' in i)!;
    expect(await (await fetch(`${api.baseUrl}/item/${deleted.id}.json`)).json()).toEqual({
      deleted: true,
      id: deleted.id,
      time: deleted.time,
      type: 'story',
    });
    const dead = [...api.dataset.items.values()].find((i) => 'dead' in i)!;
    expect(await (await fetch(`${api.baseUrl}/item/${dead.id}.json`)).json()).toEqual({
      ...dead,
      dead: true,
    });
  });

  it('serves maxitem', async () => {
    const res = await fetch(`${api.baseUrl}/maxitem.json`);
    expect(await res.json()).toBe(api.dataset.maxItem);
  });

  it('ignores the query string', async () => {
    const res = await fetch(`${api.baseUrl}/topstories.json?print=pretty`);
    expect(await res.json()).toEqual(api.dataset.lists.top);
  });

  it.each([
    '/v0/nope.json',
    '/v0/item/abc.json',
    '/v0/item/.json',
    '/v0/item/12',
    '/',
    '/v1/topstories.json',
  ])('answers 404 for the unknown path %s', async (path) => {
    const res = await fetch(`${api.origin}${path}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Not Found' });
  });

  it('answers 405 to methods other than GET and HEAD', async () => {
    const res = await fetch(`${api.baseUrl}/maxitem.json`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${api.baseUrl}/maxitem.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('handles many concurrent keep-alive requests', async () => {
    const ids = api.dataset.lists.new.slice(0, 300);
    const bodies = await Promise.all(
      ids.map(
        async (id) =>
          (await fetch(`${api.baseUrl}/item/${id}.json`)).json() as Promise<{ id: number } | null>,
      ),
    );
    expect(bodies.map((b) => b?.id)).toEqual(
      ids.map((id) => (api.dataset.items.has(id) ? id : undefined)),
    );
  });
});
