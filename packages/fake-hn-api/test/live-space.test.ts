import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDataset,
  createItemSpace,
  FakeHnApiError,
  MAX_UPDATES,
  startFakeHackerNewsApi,
  UPDATES_WINDOW_SECONDS,
  type Dataset,
  type HnItem,
  type ItemSpace,
} from '../src/index';

// A live space on an injected clock: every figure below is a pure function of (seed, id, time).

const NOW_MS = Date.parse('2026-12-06T12:00:00Z');
const NOW = NOW_MS / 1000;
const HOUR = 3600;
const DAY = 24 * HOUR;

let curated: Dataset;
beforeAll(() => {
  curated = createDataset({ seed: 1 });
});

/** A live space whose clock reads `clockMs.value`, `speed` times as fast from its start. */
function liveSpace(speed = 1): { space: ItemSpace; clockMs: { value: number } } {
  const clockMs = { value: NOW_MS };
  const space = createItemSpace({ seed: 1, curated, live: { clock: () => clockMs.value, speed } });
  return { space, clockMs };
}

describe('a live space', () => {
  it('has its newest item at the clock: maxitem is the last id timed at or before now', () => {
    const { space } = liveSpace();
    const max = space.maxItem;
    expect(max).toBe(space.maxItemAt(NOW));
    expect(max).toBeGreaterThan(curated.maxItem);
    expect(space.item(max + 1)).toBeNull();
    // The newest timed ids are within a minute of now, and none is in the future.
    const times = [...Array(20).keys()].map((k) => space.itemTime(max - k)).filter((t) => t);
    expect(Math.max(...(times as number[]))).toBeGreaterThan(NOW - 60);
    expect(Math.max(...(times as number[]))).toBeLessThanOrEqual(NOW);
    // The curated block is served as it is.
    const top = curated.lists.top[0]!;
    expect(space.item(top)).toEqual(curated.items.get(top));
  });

  it('grows at about 600 ids an hour while its clock runs, and maxitem follows the clock', () => {
    const { space, clockMs } = liveSpace();
    const start = space.maxItem;
    clockMs.value += HOUR * 1000;
    const grown = space.maxItem - start;
    expect(grown).toBeGreaterThanOrEqual(595);
    expect(grown).toBeLessThanOrEqual(605);
    // Ten times as fast: ten hours of ids in one hour of the injected clock.
    const fast = liveSpace(10);
    const before = fast.space.maxItem;
    fast.clockMs.value += HOUR * 1000;
    expect(fast.space.maxItem - before).toBeGreaterThan(5_950);
    expect(fast.space.maxItem - before).toBeLessThan(6_050);
    // Frozen.
    const frozen = liveSpace(0);
    const fixed = frozen.space.maxItem;
    frozen.clockMs.value += DAY * 1000;
    expect(frozen.space.maxItem).toBe(fixed);
  });

  it('gives the same item for the same (seed, id, time), on another instance too', () => {
    const a = liveSpace().space;
    const b = liveSpace().space;
    const max = a.maxItem;
    for (const id of [max, max - 17, max - 600, max - 20_000, 12_345]) {
      for (const at of [NOW, NOW - 90, NOW + DAY]) {
        expect(JSON.stringify(a.item(id, at))).toBe(JSON.stringify(b.item(id, at)));
      }
    }
  });

  it('times some submissions seconds to two minutes before ids allocated ahead of them', () => {
    const { space } = liveSpace();
    const max = space.maxItem;
    let outOfOrder = 0;
    let largest = 0;
    let latest = 0;
    for (let id = max - 6_000; id <= max; id++) {
      const time = space.itemTime(id);
      if (time === undefined) continue;
      if (time < latest) {
        outOfOrder++;
        largest = Math.max(largest, latest - time);
      }
      latest = Math.max(latest, time);
    }
    expect(outOfOrder).toBeGreaterThan(50);
    expect(largest).toBeGreaterThan(30);
    expect(largest).toBeLessThanOrEqual(120 + 6);
  });

  it('has runs of nulls and tombstones without a time', () => {
    const { space } = liveSpace();
    const max = space.maxItem;
    let run = 0;
    let longest = 0;
    let timeless = 0;
    for (let id = max - 50_000; id <= max; id++) {
      const item = space.item(id);
      run = item === null ? run + 1 : 0;
      longest = Math.max(longest, run);
      if (item && 'deleted' in item && item.time === undefined) timeless++;
    }
    expect(longest).toBeGreaterThanOrEqual(3);
    expect(timeless).toBeGreaterThan(0);
  });

  it('stores about 1,800 ids in the last three hours', () => {
    const { space } = liveSpace();
    const window = space.idRangeForWindow(NOW - 3 * HOUR, NOW + 1)!;
    const ids = window.toId - window.fromId + 1;
    expect(ids).toBeGreaterThan(1_780);
    expect(ids).toBeLessThan(1_820);
    expect(space.expectedCounts(window.fromId, window.toId).items).toBeGreaterThan(1_700);
  });

  it('grows a story score from 1 and settles it within two days', () => {
    const { space } = liveSpace();
    const max = space.maxItem;
    // A story submitted an hour ago that ends with 20 points or more, read over its first days
    // (from two minutes after its time: a submission is served once its id is allocated).
    const story = findId(space, max - 600, (item) => {
      const settled = space.item(item.id, NOW + 3 * DAY);
      return item.type === 'story' && settled !== null && 'score' in settled && settled.score >= 20;
    })!;
    const time = space.itemTime(story)!;
    const score = (age: number) => (space.item(story, time + age) as { score: number }).score;
    expect(score(120)).toBeLessThanOrEqual(2);
    expect(score(6 * HOUR)).toBeGreaterThan(score(120));
    const scores = [120, HOUR, 6 * HOUR, DAY, 2 * DAY, 3 * DAY, 14 * DAY].map(score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(score(2 * DAY)).toBe(score(14 * DAY));
    // Across many stories, most scores still move in their first hours.
    let moved = 0;
    for (let id = max - 2_000; id < max; id++) {
      const item = space.item(id, NOW + DAY);
      const earlier = space.item(id, NOW);
      if (item && earlier && 'score' in item && item.type === 'story' && 'score' in earlier) {
        if (item.score !== earlier.score) moved++;
      }
    }
    expect(moved).toBeGreaterThan(50);
  });

  it('adds kids and descendants as replies arrive', () => {
    const { space } = liveSpace();
    const max = space.maxItem;
    const story = findId(
      space,
      max - 1_500,
      (item) => item.type === 'story' && 'descendants' in item && item.descendants > 2,
    )!;
    // The first second it is served (a submission's id is allocated up to two minutes after its time).
    let at = space.itemTime(story)!;
    while (space.item(story, at) === null) at++;
    const early = space.item(story, at) as { descendants: number; kids?: number[] };
    const later = space.item(story, NOW) as { descendants: number; kids: number[] };
    expect(early.descendants).toBeLessThan(later.descendants);
    expect(early.kids?.length ?? 0).toBeLessThan(later.kids.length);
    for (const kid of later.kids.slice(early.kids?.length ?? 0)) {
      expect(space.itemTime(kid) ?? NOW).toBeGreaterThan(at);
    }
  });

  it('deletes a few items later, and makes a few dead, after they were served alive', () => {
    const { space } = liveSpace();
    const max = space.maxItem;
    let deletedLater = 0;
    let deadLater = 0;
    for (let id = max - 20_000; id <= max - 3_000; id++) {
      const young = space.item(id, space.itemTime(id) ?? NOW);
      const old = space.item(id, NOW + 3 * DAY);
      if (!young || !old || 'deleted' in young) continue;
      if ('deleted' in old) {
        deletedLater++;
        expect(old).toEqual({ deleted: true, id, time: young.time, type: young.type });
      } else if ('dead' in old && !('dead' in young)) {
        deadLater++;
      }
    }
    expect(deletedLater).toBeGreaterThan(20);
    expect(deadLater).toBeGreaterThan(10);
  });

  it('lists in /v0/updates the items whose fields changed, bounded', () => {
    const { space, clockMs } = liveSpace();
    for (const step of [0, 37_000, 600_000]) {
      clockMs.value += step;
      const now = space.now();
      const { items, profiles } = space.updates();
      expect(items.length).toBeGreaterThan(10);
      expect(items.length).toBeLessThanOrEqual(MAX_UPDATES);
      expect(new Set(items).size).toBe(items.length);
      expect(profiles.length).toBeGreaterThan(0);
      for (const id of items) {
        const before = JSON.stringify(space.item(id, now - UPDATES_WINDOW_SECONDS));
        expect(JSON.stringify(space.item(id, now)), `item ${id}`).not.toBe(before);
      }
    }
    // A space that is not live changes nothing.
    expect(createItemSpace({ seed: 1, curated, maxItem: 43_000_000 }).updates()).toEqual({
      items: [],
      profiles: [],
    });
  });

  it('answers an id far beyond maxitem with null at once', () => {
    const { space } = liveSpace();
    const started = performance.now();
    for (const id of [1e12, 2 ** 31, Number.MAX_SAFE_INTEGER, -1, 0.5]) {
      expect(space.item(id)).toBeNull();
      expect(space.itemTime(id)).toBeUndefined();
    }
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('rejects a bad clock, speed or a maxItem beside live', () => {
    const bad = [
      { live: { speed: -1 } },
      { live: { speed: Number.NaN } },
      { live: { clock: 5 as unknown as () => number } },
      { live: true, maxItem: 1 },
    ];
    for (const options of bad) {
      expect(() => createItemSpace({ curated, ...options })).toThrow(FakeHnApiError);
    }
  });
});

describe('a live server', () => {
  it('serves maxitem, items and updates at its clock', async () => {
    const clockMs = { value: NOW_MS };
    const api = await startFakeHackerNewsApi({
      dataset: curated,
      live: { clock: () => clockMs.value },
    });
    try {
      const get = async (path: string) => (await fetch(`${api.baseUrl}${path}`)).json();
      const first = (await get('/maxitem.json')) as number;
      expect(first).toBe(api.space!.maxItemAt(NOW));
      clockMs.value += 60_000;
      expect(await get('/maxitem.json')).toBe(api.space!.maxItemAt(NOW + 60));
      expect(await get(`/item/${first}.json`)).toEqual(
        JSON.parse(JSON.stringify(api.space!.item(first))),
      );
      expect(await get('/item/1000000000000.json')).toBeNull();
      expect(await get('/updates.json')).toEqual(api.space!.updates());
      expect(await get('/topstories.json')).toEqual(curated.lists.top);
      expect(() => api.setMaxItem(1)).toThrow(/follows its clock/);
      expect(api.stats().byKind.updates).toBe(1);
    } finally {
      await api.close();
    }
  });
});

function findId(
  space: ItemSpace,
  from: number,
  predicate: (item: HnItem) => boolean,
): number | undefined {
  for (let id = from; id < from + 1_000; id++) {
    const item = space.item(id);
    if (item && predicate(item)) return id;
  }
  return undefined;
}
