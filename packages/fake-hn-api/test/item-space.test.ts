import { describe, expect, it } from 'vitest';
import {
  createDataset,
  createItemSpace,
  DATASET_FIRST_ID,
  DATASET_START_TIME,
  DEFAULT_SPACE_MAX_ITEM,
  defineDataset,
  FakeHnApiError,
  type HnItem,
  type ItemSpace,
} from '../src/index';
import { rawItemProblems } from './raw-item-rules';

const curated = createDataset({ seed: 1 });
const space = createItemSpace({ seed: 1, curated, maxItem: 42_620_000 });
const C0 = DATASET_FIRST_ID;
const C1 = curated.maxItem;
const empty = defineDataset({ items: [] });

const ids = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The effective time of every id in `from..to`: its own, or the next timed id's. */
function effectiveTimes(s: ItemSpace, from: number, to: number): Map<number, number> {
  const out = new Map<number, number>();
  let next = Infinity;
  for (let id = to + 200; id >= from; id--) {
    const time = s.itemTime(id);
    if (time !== undefined) next = time;
    if (id <= to) out.set(id, next);
  }
  return out;
}

function bruteForceRange(
  eff: Map<number, number>,
  start: number,
  end: number,
): { fromId: number; toId: number } | undefined {
  const inside = [...eff].filter(([, t]) => t >= start && t < end).map(([id]) => id);
  if (inside.length === 0) return undefined;
  return { fromId: Math.min(...inside), toId: Math.max(...inside) };
}

describe('createItemSpace', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = createItemSpace({ seed: 1, curated, maxItem: 42_620_000 });
    const other = createItemSpace({ seed: 2, curated, maxItem: 42_620_000 });
    const sample = ids(1_000_000, 1_000_999);
    const json = (s: ItemSpace): string => JSON.stringify(sample.map((id) => s.item(id)));
    expect(json(again)).toBe(json(space));
    const otherJson = sample.map((id) => JSON.stringify(other.item(id)));
    const sameCount = sample.filter((id, i) => JSON.stringify(space.item(id)) === otherJson[i]);
    // Null ids can coincide by chance; anything else differs.
    expect(sameCount.length).toBeLessThan(10);
  });

  it('serves the curated dataset unchanged and generates every other id', () => {
    for (const [id, item] of curated.items) expect(space.item(id)).toBe(item);
    const missing = ids(C0, C1).filter((id) => !curated.items.has(id));
    expect(missing).toHaveLength(20);
    for (const id of missing) expect(space.item(id)).toBeNull();
    expect(space.curatedIds).toEqual({ fromId: C0, toId: C1 });
    expect(space.item(C0 - 1)).not.toBeNull();
    expect(space.item(C1 + 1)?.id).toBe(C1 + 1);
  });

  it('generates items the client schema accepts, with keys in alphabetical order', () => {
    const counts = { tombstonesWithoutTime: 0, tombstonesWithoutType: 0 };
    const problems: string[] = [];
    for (const id of ids(2_000_000, 2_010_000)) {
      const item = space.item(id);
      if (item === null) continue;
      problems.push(...rawItemProblems(item).map((problem) => `${id}: ${problem}`));
      const keys = Object.keys(item).join();
      if (keys !== Object.keys(item).sort().join()) problems.push(`${id}: keys ${keys}`);
      if (item.id !== id) problems.push(`${id}: id ${item.id}`);
      if ('deleted' in item) {
        if (item.time === undefined) counts.tombstonesWithoutTime++;
        if (item.type === undefined) counts.tombstonesWithoutType++;
      }
    }
    expect(problems).toEqual([]);
    expect(counts.tombstonesWithoutTime).toBeGreaterThan(0);
    expect(counts.tombstonesWithoutType).toBeGreaterThan(0);
  });

  it('links parents, kids, descendants and poll parts consistently', () => {
    const from = 3_000_000;
    const to = 3_012_000;
    const get = (id: number): HnItem | null => space.item(id);
    const liveMemo = new Map<number, number>();
    const live = (id: number): number => {
      const known = liveMemo.get(id);
      if (known !== undefined) return known;
      const item = get(id);
      const n =
        !item || 'deleted' in item || ('dead' in item && item.dead)
          ? 0
          : 1 + (('kids' in item && item.kids) || []).reduce((sum, kid) => sum + live(kid), 0);
      liveMemo.set(id, n);
      return n;
    };
    let polls = 0;
    for (const id of ids(from, to)) {
      const item = get(id);
      if (item === null || 'deleted' in item) continue;
      if (item.type === 'comment') {
        expect(item.parent).toBeLessThan(id);
        const parent = get(item.parent);
        expect(parent && !('deleted' in parent) ? parent.type : 'none').toMatch(
          /^(story|comment|poll)$/,
        );
        expect((parent as { kids?: number[] }).kids).toContain(id);
      }
      if ('kids' in item && item.kids) {
        for (const kid of item.kids) {
          expect(kid).toBeGreaterThan(id);
          const child = get(kid);
          // Deleted replies stay in `kids` as tombstones, which carry no parent.
          if (child && 'deleted' in child) expect(child.type ?? 'comment').toBe('comment');
          else expect(child).toMatchObject({ type: 'comment', parent: id });
        }
      }
      if ('descendants' in item) {
        const kidsLive = (item.kids ?? []).reduce((n, kid) => n + live(kid), 0);
        expect(item.descendants, `descendants of ${id}`).toBe(kidsLive);
      }
      if (item.type === 'poll') {
        polls++;
        expect(item.parts).toHaveLength(4);
        for (const part of item.parts) {
          expect(get(part)).toMatchObject({ type: 'pollopt', poll: id, by: item.by });
        }
      }
      if (item.type === 'pollopt') expect(get(item.poll)).toMatchObject({ type: 'poll' });
      if (item.type === 'comment' && 'text' in item) {
        expect(item.text.length).toBeGreaterThan(60);
        expect(item.text.length).toBeLessThan(1000);
      }
    }
    expect(polls).toBeGreaterThan(0);
  });

  it('has a mix of types close to the real site', () => {
    const c = space.expectedCounts(5_000_000, 5_199_999);
    expect(c.ids).toBe(200_000);
    expect(c.items + c.missing).toBe(c.ids);
    const share = (n: number): number => n / c.ids;
    expect(share(c.byType.comment)).toBeGreaterThan(0.84);
    expect(share(c.byType.comment)).toBeLessThan(0.9);
    expect(share(c.byType.story)).toBeGreaterThan(0.1);
    expect(share(c.byType.story)).toBeLessThan(0.14);
    expect(share(c.byType.job)).toBeGreaterThan(0.001);
    expect(c.byType.poll).toBeGreaterThan(20);
    expect(c.byType.pollopt).toBe(c.byType.poll * 4);
    expect(share(c.deleted)).toBeGreaterThan(0.01);
    expect(share(c.dead)).toBeGreaterThan(0.005);
    expect(share(c.missing)).toBeGreaterThan(0.002);
    expect(c.withoutTime).toBeGreaterThan(c.deleted / 10);
  });

  it('keeps time non-decreasing across the curated block, as the documented clock says', () => {
    const times = [...ids(1, 3000), ...ids(C0 - 3000, C1 + 3000), ...ids(42_619_000, 42_620_000)]
      .map((id) => space.itemTime(id))
      .filter((t): t is number => t !== undefined);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
    }
    const curatedTimes = [...curated.items.values()].flatMap((i) => (i.time ? [i.time] : []));
    const firstCurated = Math.min(...curatedTimes);
    const lastCurated = Math.max(...curatedTimes);
    // 600 items an hour: 6 seconds an id, ending just before the block and resuming after it.
    expect(space.itemTime(C0 - 10)).toBe(firstCurated - 60);
    expect(space.itemTime(1)).toBe(firstCurated + Math.floor((1 - C0) * 6));
    const after = ids(C1 + 1, C1 + 10).find((id) => space.itemTime(id) !== undefined)!;
    expect(space.itemTime(after)).toBe(lastCurated + (after - C1 - 1) * 6);
  });

  it('follows the configured rate', () => {
    const slow = createItemSpace({ curated: empty, maxItem: 10_000, itemsPerHour: 100 });
    const timed = ids(5000, 5100).filter((id) => slow.itemTime(id) !== undefined);
    const [a, b] = [timed[0]!, timed.at(-1)!];
    expect(slow.itemTime(b)! - slow.itemTime(a)!).toBe((b - a) * 36);
    expect(slow.itemTime(a)).toBe(DATASET_START_TIME + (a - DATASET_FIRST_ID) * 36);
    // The clock never goes below 0: at one item a minute these ids would fall before 1970.
    const slower = createItemSpace({ curated: empty, maxItem: 10_000, itemsPerHour: 60 });
    expect(slower.itemTime(a)).toBe(0);
  });

  it('answers null above maxItem, and below 1', () => {
    expect(space.maxItem).toBe(42_620_000);
    expect(space.item(42_620_001)).toBeNull();
    expect(space.itemTime(42_620_001)).toBeUndefined();
    expect(space.item(0)).toBeNull();
    expect(space.item(-5)).toBeNull();
    expect(createItemSpace({ curated }).maxItem).toBe(DEFAULT_SPACE_MAX_ITEM);
  });

  it('finds the same id range for a time window as a brute-force scan', () => {
    const cases: [ItemSpace, number, number][] = [
      [space, 10_000, 14_000],
      [space, C0 - 1500, C1 + 1500],
      [createItemSpace({ curated: empty, maxItem: 5000, itemsPerHour: 36_000 }), 1, 4000],
      [createItemSpace({ curated: empty, maxItem: 5000, itemsPerHour: 100 }), 1, 4000],
    ];
    for (const [s, from, to] of cases) {
      const eff = effectiveTimes(s, from, to);
      const low = eff.get(from)!;
      const high = eff.get(to)!;
      const windows: [number, number][] = [[low + 1, high]];
      // Windows whose edges fall on item times, between them, and on ids without a time.
      const timesInRange = [...new Set(eff.values())].filter((t) => t > low && t <= high);
      for (let i = 0; i < 60; i++) {
        const a = timesInRange[(i * 37) % timesInRange.length]!;
        const b = timesInRange[(i * 91 + 13) % timesInRange.length]!;
        windows.push([Math.min(a, b), Math.max(a, b)], [Math.min(a, b) - 0.5, Math.max(a, b)]);
        windows.push([a, a + 1], [a - 1, a]);
      }
      // Windows that end within the scanned ids, so the scan sees the whole answer.
      for (const [start, end] of windows.filter(([a, b]) => a > low && b <= high)) {
        const expected = end > start ? bruteForceRange(eff, start, end) : undefined;
        expect(s.idRangeForWindow(start, end), `[${start}, ${end})`).toEqual(expected);
      }
    }
  });

  it('partitions the ids between consecutive windows', () => {
    const hour = 3600;
    const start = DATASET_START_TIME - 2 * hour;
    let previous: number | undefined;
    for (let t = start; t < start + 5 * hour; t += hour) {
      const range = space.idRangeForWindow(t, t + hour)!;
      if (previous !== undefined) expect(range.fromId).toBe(previous + 1);
      previous = range.toId;
    }
    expect(space.idRangeForWindow(0, 1)).toBeUndefined();
    expect(space.idRangeForWindow(5, 5)).toBeUndefined();
  });

  it('counts by kind exactly as the items say', () => {
    const from = C1 - 1000;
    const to = C1 + 3000;
    const c = space.expectedCounts(from, to);
    const items = ids(from, to).map((id) => space.item(id));
    const present = items.filter((i): i is HnItem => i !== null);
    expect(c.ids).toBe(to - from + 1);
    expect(c.missing).toBe(items.length - present.length);
    expect(c.items).toBe(present.length);
    expect(c.deleted).toBe(present.filter((i) => 'deleted' in i).length);
    expect(c.dead).toBe(present.filter((i) => 'dead' in i && i.dead).length);
    expect(c.withoutTime).toBe(present.filter((i) => i.time === undefined).length);
    for (const type of ['story', 'comment', 'job', 'poll', 'pollopt'] as const) {
      expect(c.byType[type]).toBe(present.filter((i) => i.type === type).length);
    }
    // Clipped to 1..maxItem.
    expect(space.expectedCounts(-10, 10).ids).toBe(10);
    expect(space.expectedCounts(42_619_991, 50_000_000).ids).toBe(10);
  });

  it('rejects bad options and arguments with a clear error', () => {
    expect(() => createItemSpace({ curated, maxItem: -1 })).toThrow(/maxItem must be an integer/);
    expect(() => createItemSpace({ curated, maxItem: 1.5 })).toThrow(FakeHnApiError);
    expect(() => createItemSpace({ curated, itemsPerHour: 0 })).toThrow(/itemsPerHour/);
    expect(() => createItemSpace({ seed: Number.NaN })).toThrow(/seed/);
    expect(() => space.idRangeForWindow(Number.NaN, 1)).toThrow(/window start/);
    expect(() => space.expectedCounts(1, 2.5)).toThrow(/integers/);
  });
});
