import { createItemSpace } from '@hn/fake-hn-api';
import { describe, expect, it } from 'vitest';
import {
  MAX_SEARCH_PROBES,
  PROBE_STEPS,
  SearchBudgetExceededError,
  searchItemRange,
} from './search-item-range';

/** A small deterministic PRNG (mulberry32), so every run checks the same cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The answer by brute force: an untimed id counts at the time of the next timed id. */
function bruteForce(times: Array<number | undefined>, startMs: number, endMs: number) {
  const effective: number[] = new Array<number>(times.length);
  let next = Infinity;
  for (let i = times.length - 1; i >= 1; i--) {
    const time = times[i];
    if (time !== undefined) next = time * 1000;
    effective[i] = next;
  }
  const firstAtOrAfter = (t: number): number => {
    for (let id = 1; id < times.length; id++) if ((effective[id] as number) >= t) return id;
    return times.length;
  };
  const fromId = firstAtOrAfter(startMs);
  return { fromId, toId: firstAtOrAfter(endMs) - 1 };
}

/** A recording `timeOf` over an array (index = id), counting requests to untimed ids. */
function probeOf(times: Array<number | undefined>) {
  const requested: number[] = [];
  return {
    requested,
    untimed: () => requested.filter((id) => times[id] === undefined).length,
    timeOf: (id: number) => {
      requested.push(id);
      return Promise.resolve(times[id]);
    },
  };
}

const log2 = (n: number) => Math.ceil(Math.log2(n + 1));

describe('searchItemRange', () => {
  it('matches a brute-force search on id spaces with runs of ids without a time', async () => {
    const random = prng(7);
    for (let round = 0; round < 300; round++) {
      const size = 1 + Math.floor(random() * 400);
      const times: Array<number | undefined> = [undefined];
      let time = 1_000;
      while (times.length <= size) {
        time += Math.floor(random() * 3);
        // Up to a third of ids without a time, in runs as long as 3 × PROBE_STEPS.
        if (random() < 0.33) {
          const run = 1 + Math.floor(random() * 3 * PROBE_STEPS);
          for (let k = 0; k < run; k++) times.push(undefined);
        } else {
          times.push(time);
        }
      }
      const maxItem = times.length - 1;
      const startMs = (1_000 + Math.floor(random() * (time - 990))) * 1000;
      const endMs = startMs + Math.floor(random() * 40) * 1000 + (random() < 0.5 ? 0 : 500);
      if (endMs <= startMs) continue;
      const probe = probeOf(times);
      const found = await searchItemRange({ startMs, endMs, maxItem, timeOf: probe.timeOf });
      expect({ fromId: found.fromId, toId: found.toId }, `round ${round}`).toEqual(
        bruteForce(times, startMs, endMs),
      );
      expect(found.probes).toBe(new Set(probe.requested).size);
    }
  });

  it('agrees with the fake API id space, within the documented number of requests', async () => {
    const space = createItemSpace({ seed: 3, maxItem: 1_000_000 });
    const first = space.itemTime(1) as number;
    const last = space.itemTime(space.maxItem) as number;
    const random = prng(11);
    let untimedProbes = 0;
    for (let round = 0; round < 60; round++) {
      const start = first + Math.floor(random() * (last - first + 7200)) - 3600;
      const end = start + 1 + Math.floor(random() * 4 * 3600);
      const times = { itemTime: (id: number) => space.itemTime(id) };
      const requested: number[] = [];
      const found = await searchItemRange({
        startMs: start * 1000,
        endMs: end * 1000,
        maxItem: space.maxItem,
        timeOf: (id) => {
          requested.push(id);
          return Promise.resolve(times.itemTime(id));
        },
      });
      const expected = space.idRangeForWindow(start, end);
      if (expected) expect({ fromId: found.fromId, toId: found.toId }).toEqual(expected);
      else expect(found.toId).toBe(found.fromId - 1);
      const untimed = requested.filter((id) => space.itemTime(id) === undefined).length;
      untimedProbes += untimed;
      expect(found.probes).toBeLessThanOrEqual(
        2 * log2(space.maxItem) + (2 * PROBE_STEPS - 1) * untimed,
      );
    }
    // Some probes landed on ids without a time, and the search stepped past them.
    expect(untimedProbes).toBeGreaterThan(0);
  });

  it('ends a window past the last id at maxItem, and finds an empty window empty', async () => {
    const times = [undefined, 10, 20, 30, 40];
    const past = await searchItemRange({
      startMs: 25_000,
      endMs: 99_000,
      maxItem: 4,
      timeOf: probeOf(times).timeOf,
    });
    expect(past).toMatchObject({ fromId: 3, toId: 4 });
    const after = await searchItemRange({
      startMs: 50_000,
      endMs: 99_000,
      maxItem: 4,
      timeOf: probeOf(times).timeOf,
    });
    expect(after).toMatchObject({ fromId: 5, toId: 4 });
    const between = await searchItemRange({
      startMs: 21_000,
      endMs: 29_000,
      maxItem: 4,
      timeOf: probeOf(times).timeOf,
    });
    expect(between).toMatchObject({ fromId: 3, toId: 2 });
    const none = await searchItemRange({
      startMs: 0,
      endMs: 1,
      maxItem: 0,
      timeOf: probeOf([undefined]).timeOf,
    });
    expect(none).toEqual({ fromId: 1, toId: 0, probes: 0 });
  });

  it('gives up past its request budget on a space without any time', async () => {
    const times = new Array<undefined>(100_000).fill(undefined);
    const probe = probeOf(times);
    await expect(
      searchItemRange({ startMs: 0, endMs: 1000, maxItem: 99_999, timeOf: probe.timeOf }),
    ).rejects.toBeInstanceOf(SearchBudgetExceededError);
    expect(probe.requested).toHaveLength(MAX_SEARCH_PROBES);
  });
});
