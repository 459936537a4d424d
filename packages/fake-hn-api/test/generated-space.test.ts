import { STORY_LISTS } from '@hn/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDataset,
  DATASET_FIRST_ID,
  DATASET_START_TIME,
  defineDataset,
  FakeHnApiError,
  MAX_TRACKED_ITEM_IDS,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
  type HnItem,
  type ItemSpace,
} from '../src/index';
import { rawItemProblems } from './raw-item-rules';

const MAX_ITEM = 42_620_000;
let api: FakeHackerNewsApi;
let space: ItemSpace;
let C1: number;

beforeAll(async () => {
  api = await startFakeHackerNewsApi({ seed: 1, generatedSpace: true, maxItem: MAX_ITEM });
  space = api.space!;
  C1 = api.dataset.maxItem;
});
afterAll(async () => {
  await api.close();
});

const ids = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function getText(base: string, id: number): Promise<string> {
  const res = await fetch(`${base}/item/${id}.json`);
  expect(res.status).toBe(200);
  return res.text();
}

/** Fetches every id at a bounded concurrency, as a client would. */
async function fetchAll(list: number[], concurrency = 50): Promise<Map<number, HnItem | null>> {
  const out = new Map<number, HnItem | null>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const id = list[next++]!;
      out.set(id, JSON.parse(await getText(api.baseUrl, id)) as HnItem | null);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

describe('generated id space over HTTP', () => {
  it('answers the configured maxitem and null above it', async () => {
    expect(await (await fetch(`${api.baseUrl}/maxitem.json`)).json()).toBe(MAX_ITEM);
    expect(api.maxItem).toBe(MAX_ITEM);
    for (const id of [MAX_ITEM + 1, MAX_ITEM + 1000, 999_999_999_999]) {
      expect(await getText(api.baseUrl, id)).toBe('null');
    }
    expect(JSON.parse(await getText(api.baseUrl, MAX_ITEM))).not.toBeNull();
    expect(JSON.parse(await getText(api.baseUrl, 1))).toMatchObject({ id: 1 });
  });

  it('keeps the curated dataset, its lists and its missing ids as they are', async () => {
    const curated = createDataset({ seed: 1 });
    for (const name of STORY_LISTS) {
      expect(await (await fetch(`${api.baseUrl}/${name}stories.json`)).json()).toEqual(
        curated.lists[name],
      );
    }
    const sample = [...curated.items.keys()].filter((_, i) => i % 97 === 0);
    for (const id of sample) {
      expect(JSON.parse(await getText(api.baseUrl, id))).toEqual(curated.items.get(id));
    }
    const missing = curated.lists.top.filter((id) => !curated.items.has(id));
    expect(missing.length).toBeGreaterThan(0);
    for (const id of missing) expect(await getText(api.baseUrl, id)).toBe('null');
  });

  it('serves generated items exactly as the pure space computes them, the same on every start', async () => {
    const again = await startFakeHackerNewsApi({
      seed: 1,
      generatedSpace: true,
      maxItem: MAX_ITEM,
    });
    const other = await startFakeHackerNewsApi({
      seed: 2,
      generatedSpace: true,
      maxItem: MAX_ITEM,
    });
    try {
      let differ = 0;
      for (const id of [1, 2, 777, 123_456, 9_999_999, DATASET_FIRST_ID - 1, C1 + 1, C1 + 2]) {
        const body = await getText(api.baseUrl, id);
        expect(body).toBe(JSON.stringify(space.item(id)));
        expect(await getText(again.baseUrl, id)).toBe(body);
        if ((await getText(other.baseUrl, id)) !== body) differ++;
      }
      expect(differ).toBeGreaterThanOrEqual(7);
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });

  it('counts by kind what fetching every item of a 2,000-id range finds', async () => {
    // Across the end of the curated block: 400 curated ids, 1,600 generated ones.
    const from = C1 - 399;
    const to = C1 + 1600;
    const fetched = await fetchAll(ids(from, to));
    const items = [...fetched.values()].filter((i): i is HnItem => i !== null);
    const byType = { story: 0, comment: 0, job: 0, poll: 0, pollopt: 0 };
    for (const item of items) if (item.type) byType[item.type]++;
    expect(space.expectedCounts(from, to)).toEqual({
      ids: 2000,
      items: items.length,
      missing: 2000 - items.length,
      byType,
      deleted: items.filter((i) => 'deleted' in i).length,
      dead: items.filter((i) => 'dead' in i && i.dead).length,
      withoutTime: items.filter((i) => i.time === undefined).length,
    });
    expect(byType.comment).toBeGreaterThan(byType.story);

    const problems = items.flatMap((item) => rawItemProblems(item).map((p) => `${item.id}: ${p}`));
    expect(problems).toEqual([]);
    let previous = 0;
    for (const id of ids(from, to)) {
      const item = fetched.get(id);
      if (item?.time !== undefined) {
        expect(item.time).toBeGreaterThanOrEqual(previous);
        previous = item.time;
      }
      if (item && item.type === 'comment' && 'parent' in item) {
        expect(item.parent).toBeLessThan(id);
      }
    }
  });

  it('lets a client binary-search time, stepping past ids without a time', async () => {
    const probes = { total: 0, null: 0, withoutTime: 0 };
    const timeAt = async (id: number): Promise<number | undefined> => {
      probes.total++;
      const item = JSON.parse(await getText(api.baseUrl, id)) as HnItem | null;
      if (item === null) probes.null++;
      else if (item.time === undefined) probes.withoutTime++;
      return item?.time;
    };
    // First id whose time (or, without one, the next id's) is at least t.
    const firstIdAtOrAfter = async (t: number): Promise<number> => {
      let lo = 1;
      let hi = MAX_ITEM + 1;
      while (lo < hi) {
        const mid = lo + Math.floor((hi - lo) / 2);
        let time: number | undefined;
        for (let probe = mid; probe <= MAX_ITEM && time === undefined; probe++) {
          time = await timeAt(probe);
        }
        if ((time ?? Infinity) >= t) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const hour = 3600;
    for (let i = 0; i < 24; i++) {
      // Hours before, inside and after the curated block, and years back.
      const start = DATASET_START_TIME + (i - 8) * 4 * hour - (i % 3) * 365 * 24 * hour;
      const expected = space.idRangeForWindow(start, start + hour)!;
      const fromId = await firstIdAtOrAfter(start);
      const toId = (await firstIdAtOrAfter(start + hour)) - 1;
      expect({ fromId, toId }).toEqual(expected);
    }
    expect(probes.total).toBeGreaterThanOrEqual(24 * 2 * 25);
    expect(probes.null).toBeGreaterThan(0);
    expect(probes.withoutTime).toBeGreaterThan(0);
  });

  it('moves maxitem forward at runtime, by the handle and over the control endpoint', async () => {
    const next = MAX_ITEM + 600;
    expect(await getText(api.baseUrl, next)).toBe('null');
    expect(api.setMaxItem(next)).toBe(next);
    expect(await (await fetch(`${api.baseUrl}/maxitem.json`)).json()).toBe(next);
    expect(space.maxItem).toBe(next);
    expect(await getText(api.baseUrl, next)).toBe(JSON.stringify(space.item(next)));
    expect(space.item(next)).not.toBeNull();

    const control = (body: string): Promise<Response> =>
      fetch(`${api.origin}/__control/maxitem`, { method: 'POST', body });
    let res = await control(JSON.stringify({ advanceBy: 600 }));
    expect(await res.json()).toEqual({ maxItem: next + 600 });
    res = await control(JSON.stringify({ maxItem: MAX_ITEM }));
    expect(await res.json()).toEqual({ maxItem: MAX_ITEM });
    expect(await (await fetch(`${api.origin}/__control/maxitem`)).json()).toEqual({
      maxItem: MAX_ITEM,
    });
    for (const bad of ['{"maxItem": -1}', '{"advanceBy": 1.5}', '{"max": 3}', '[1]', 'nope']) {
      res = await control(bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/maxItem|advanceBy|JSON/);
    }
    expect(api.maxItem).toBe(MAX_ITEM);
    expect(await getText(api.baseUrl, next)).toBe('null');
  });

  it('lists only kids at or below maxitem, so threads grow as maxitem moves', async () => {
    // A story whose last reply is a live comment, hidden by lowering maxitem below it.
    type Thread = HnItem & { kids: number[]; descendants: number };
    const story = ids(30_000_000, 30_010_000)
      .map((id) => space.item(id))
      .find((item): item is Thread => {
        if (item === null || item.type !== 'story' || !('kids' in item)) return false;
        const last = item.kids && item.kids.length > 1 ? space.item(item.kids.at(-1)!) : null;
        return last !== null && !('deleted' in last) && !('dead' in last);
      })!;
    const lastKid = story.kids.at(-1)!;
    try {
      api.setMaxItem(lastKid - 1);
      const before = JSON.parse(await getText(api.baseUrl, story.id)) as typeof story;
      expect(before.kids).toEqual(story.kids.slice(0, -1));
      expect(before.descendants).toBeLessThan(story.descendants);
      expect(await getText(api.baseUrl, lastKid)).toBe('null');
    } finally {
      api.setMaxItem(MAX_ITEM);
    }
    expect(JSON.parse(await getText(api.baseUrl, story.id))).toEqual(story);
  });

  it('applies faults to generated items', async () => {
    // Four consecutive ids that all have an item.
    const id = ids(12_345_678, 12_346_678).find((first) =>
      [0, 1, 2, 3].every((k) => space.item(first + k) !== null),
    )!;
    const item = space.item(id)!;
    try {
      api.setFaults({
        itemFaults: {
          [id]: 'error',
          [id + 1]: 'malformed',
          [id + 2]: 'invalid',
          [id + 3]: 'not-found',
        },
      });
      expect((await fetch(`${api.baseUrl}/item/${id}.json`)).status).toBe(500);
      const malformed = await getText(api.baseUrl, id + 1);
      expect(() => JSON.parse(malformed) as unknown).toThrow();
      const invalid = JSON.parse(await getText(api.baseUrl, id + 2)) as Record<string, unknown>;
      expect(invalid).toMatchObject({ id: id + 2, time: 'yesterday', title: 12345 });
      expect((await fetch(`${api.baseUrl}/item/${id + 3}.json`)).status).toBe(404);

      api.setFaults({ itemFaults: {}, errorRate: 1 });
      expect((await fetch(`${api.baseUrl}/item/${id}.json`)).status).toBeGreaterThanOrEqual(500);
      api.setFaults({ errorRate: 0, latencyMs: 30 });
      const started = performance.now();
      expect(JSON.parse(await getText(api.baseUrl, id))).toEqual(item);
      expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    } finally {
      api.resetFaults();
    }
  });

  it('keeps item stats bounded however many ids are served', async () => {
    api.resetStats();
    const count = MAX_TRACKED_ITEM_IDS + 50;
    await fetchAll(ids(20_000_001, 20_000_000 + count), 100);
    await fetch(`${api.baseUrl}/item/20000001.json`).then((r) => r.arrayBuffer());
    const stats = api.stats();
    expect(stats.byKind.item).toBe(count + 1);
    expect(Object.keys(stats.byItem)).toHaveLength(MAX_TRACKED_ITEM_IDS);
    expect(stats.untrackedItemRequests).toBe(50);
    expect(stats.byItem[20_000_001]).toBe(2);
  });
});

describe('generated space options', () => {
  it('is off by default: only the curated dataset, no space', async () => {
    const plain = await startFakeHackerNewsApi();
    try {
      expect(plain.space).toBeUndefined();
      expect(plain.maxItem).toBe(plain.dataset.maxItem);
      expect(await getText(plain.baseUrl, 1)).toBe('null');
    } finally {
      await plain.close();
    }
  });

  it('serves a purely generated space from an empty curated dataset', async () => {
    const small = await startFakeHackerNewsApi({
      generatedSpace: true,
      maxItem: 5000,
      itemsPerHour: 1200,
      dataset: defineDataset({ items: [] }),
    });
    try {
      expect(small.space!.curatedIds).toBeUndefined();
      expect(await (await fetch(`${small.baseUrl}/maxitem.json`)).json()).toBe(5000);
      const a = small.space!.expectedCounts(1, 5000);
      expect(a.ids).toBe(5000);
      expect(a.byType.comment).toBeGreaterThan(3500);
      const times = ids(1000, 1100)
        .map((id) => small.space!.itemTime(id))
        .filter((t): t is number => t !== undefined);
      expect(times.at(-1)! - times[0]!).toBeLessThanOrEqual(100 * 3);
    } finally {
      await small.close();
    }
  });

  it('rejects generated-space options without generatedSpace, and bad values', async () => {
    await expect(startFakeHackerNewsApi({ maxItem: 5000 })).rejects.toThrow(
      /pass generatedSpace: true/,
    );
    await expect(startFakeHackerNewsApi({ itemsPerHour: 5 })).rejects.toThrow(FakeHnApiError);
    await expect(
      startFakeHackerNewsApi({ generatedSpace: true, maxItem: 2 ** 40 }),
    ).rejects.toThrow(/maxItem must be an integer from 0 to 2147483647/);
    await expect(
      startFakeHackerNewsApi({ generatedSpace: true, itemsPerHour: Number.NaN }),
    ).rejects.toThrow(/itemsPerHour/);
    expect(() => api.setMaxItem(-3)).toThrow(/maxItem must be an integer/);
  });
});
