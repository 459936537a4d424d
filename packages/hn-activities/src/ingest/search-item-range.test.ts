import { createItemSpace } from '@hn/fake-hn-api';
import { describe, expect, it } from 'vitest';
import {
  EDGE_SLACK_MS,
  LAG_TOLERANCE_MS,
  MAX_SEARCH_REQUESTS,
  SearchFailedError,
  searchEdges,
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

/** The answer by brute force: one past the last timed id before `ms` (untimed ids go after). */
function edgeByBruteForce(times: Array<number | undefined>, ms: number): number {
  let last = 0;
  for (let id = 1; id < times.length; id++) {
    const time = times[id];
    if (time !== undefined && time * 1000 < ms) last = id;
  }
  return last + 1;
}

/** A counting `timeOf` over a function of the id. */
function probeOf(timeOf: (id: number) => number | undefined) {
  const requested: number[] = [];
  return {
    requested,
    timeOf: (id: number) => {
      requested.push(id);
      return Promise.resolve(timeOf(id));
    },
  };
}

const HOUR = 3600;

/**
 * An id space like Hacker News's, generated: `perHour` ids an hour from `firstTime`, with
 * `nullShare` of ids answering null, 1 in 100 deleted without a time, and 1 in 40 items timed
 * up to `maxLagSeconds` before their neighbours (clocks that lag).
 */
function jitteredSpace(options: {
  seed: number;
  maxItem: number;
  perHour: number;
  firstTime: number;
  nullShare?: number;
  maxLagSeconds?: number;
}) {
  const { seed, maxItem, perHour, firstTime } = options;
  const nullShare = options.nullShare ?? 0.05;
  const maxLag = options.maxLagSeconds ?? 120;
  const times = new Array<number | undefined>(maxItem + 1).fill(undefined);
  const random = prng(seed);
  let clock = firstTime;
  for (let id = 1; id <= maxItem; id++) {
    clock += (2 * random() * HOUR) / perHour;
    const roll = random();
    if (roll < nullShare || roll > 0.99) continue;
    const lag = random() < 1 / 40 ? Math.floor(random() * maxLag) : 0;
    times[id] = Math.floor(clock) - lag;
  }
  return times;
}

describe('searchEdges', () => {
  it('matches a brute-force search on id spaces with runs of ids without a time', async () => {
    const random = prng(7);
    for (let round = 0; round < 300; round++) {
      const size = 1 + Math.floor(random() * 400);
      const times: Array<number | undefined> = [undefined];
      let time = 1_000;
      while (times.length <= size) {
        time += Math.floor(random() * 3);
        // About a third of ids without a time, in runs as long as 12.
        if (random() < 0.07) {
          const run = 1 + Math.floor(random() * 12);
          for (let k = 0; k < run; k++) times.push(undefined);
        } else {
          times.push(time);
        }
      }
      const maxItem = times.length - 1;
      const startMs = (1_000 + Math.floor(random() * (time - 990))) * 1000;
      const endMs = startMs + Math.floor(random() * 40) * 1000 + (random() < 0.5 ? 0 : 500);
      if (endMs <= startMs) continue;
      const probe = probeOf((id) => times[id]);
      const found = await searchItemRange({ startMs, endMs, maxItem, timeOf: probe.timeOf });
      expect({ fromId: found.fromId, toId: found.toId }, `round ${round}`).toEqual({
        fromId: edgeByBruteForce(times, startMs),
        toId: edgeByBruteForce(times, endMs) - 1,
      });
      // Each id is asked once.
      expect(found.probes).toBe(probe.requested.length);
      expect(new Set(probe.requested).size).toBe(probe.requested.length);
    }
  });

  it('finds an hour of the fake API in at most 14 item requests (15 with maxitem)', async () => {
    const space = createItemSpace({ seed: 3, maxItem: 1_000_000 });
    const first = space.itemTime(1) as number;
    const last = space.itemTime(space.maxItem) as number;
    const random = prng(11);
    const counts: number[] = [];
    for (let round = 0; round < 60; round++) {
      const start = first + Math.floor(random() * (last - first - 2 * HOUR));
      const probe = probeOf((id) => space.itemTime(id));
      const found = await searchItemRange({
        startMs: start * 1000,
        endMs: (start + HOUR) * 1000,
        maxItem: space.maxItem,
        timeOf: probe.timeOf,
      });
      const expected = space.idRangeForWindow(start, start + HOUR);
      expect({ fromId: found.fromId, toId: found.toId }, `round ${round}`).toEqual(expected);
      counts.push(found.probes);
    }
    expect(Math.max(...counts)).toBeLessThanOrEqual(14);
  });

  it('finds an hour of a jittered space with nulls in 11 item requests (median), with slack', async () => {
    const times = jitteredSpace({ seed: 5, maxItem: 400_000, perHour: 600, firstTime: 1e9 });
    const random = prng(13);
    const counts: number[] = [];
    for (let round = 0; round < 60; round++) {
      const start = 1e9 + HOUR + Math.floor(random() * 600 * HOUR);
      const probe = probeOf((id) => times[id]);
      const found = await searchItemRange({
        startMs: start * 1000,
        endMs: (start + HOUR) * 1000,
        maxItem: 400_000,
        timeOf: probe.timeOf,
        slackMs: EDGE_SLACK_MS,
      });
      // About 600 ids an hour, a few lagging items either way.
      expect(found.toId - found.fromId + 1).toBeGreaterThan(400);
      counts.push(found.probes);
    }
    counts.sort((a, b) => a - b);
    // Lagging clocks and uneven spacing cost rounds: 11 at the median, 16 at most (measured 10
    // to 16; the fake API's live space, smoother, takes at most 14: test/search-budget.test.ts).
    expect(counts[counts.length / 2]).toBeLessThanOrEqual(11);
    expect(counts.at(-1)).toBeLessThanOrEqual(16);
  });

  it('tiles a backfill of 24 partitions with at most 4 requests per partition, in 12 rounds', async () => {
    const times = jitteredSpace({ seed: 9, maxItem: 400_000, perHour: 600, firstTime: 1e9 });
    const startMs = (1e9 + 100 * HOUR) * 1000;
    const boundariesMs = Array.from({ length: 25 }, (_, i) => startMs + i * HOUR * 1000);
    const probe = probeOf((id) => times[id]);
    const { edges, probes, rounds } = await searchEdges({
      boundariesMs,
      maxItem: 400_000,
      timeOf: probe.timeOf,
      slackMs: EDGE_SLACK_MS,
    });
    expect(probes / 24).toBeLessThanOrEqual(4);
    // The edges after the first ones are searched in waves, not one after another (31 rounds).
    expect(rounds).toBeLessThanOrEqual(12);
    // Every id of the period is in exactly one partition: the edges only go up, and a partition
    // ends where the next begins.
    for (let i = 1; i < edges.length; i++) {
      expect(edges[i]).toBeGreaterThan(edges[i - 1] as number);
    }
    // Each edge is a timed id within the slack past its boundary, and the earlier partition
    // takes at most the items of that slack; an item timed before the boundary after the edge
    // can only be one whose clock lags (1 in 40 here), never an ordinary one.
    let lagging = 0;
    edges.forEach((edge, i) => {
      const boundary = (boundariesMs[i] as number) / 1000;
      const time = times[edge] as number;
      expect(time).toBeGreaterThanOrEqual(boundary);
      expect(time - boundary).toBeLessThanOrEqual(EDGE_SLACK_MS / 1000);
      for (let id = edge; id < edge + 200; id++) {
        const later = times[id];
        if (later !== undefined && later < boundary) lagging += 1;
      }
    });
    expect(lagging).toBeLessThanOrEqual(edges.length);
  });

  it('probes an id once when edges searched at once want it, and stops them all on a failure', async () => {
    const times = jitteredSpace({ seed: 5, maxItem: 400_000, perHour: 600, firstTime: 1e9 });
    const startMs = (1e9 + 100 * HOUR) * 1000;
    const boundariesMs = Array.from({ length: 25 }, (_, i) => startMs + i * HOUR * 1000);
    const probe = probeOf((id) => times[id]);
    const found = await searchEdges({
      boundariesMs,
      maxItem: 400_000,
      timeOf: probe.timeOf,
      slackMs: EDGE_SLACK_MS,
    });
    expect(new Set(probe.requested).size).toBe(probe.requested.length);
    expect(found.probes).toBe(probe.requested.length);
    // The API fails one request of the waves (past the first edges, the last and a few more):
    // that failure is the search's, and no edge asks anything more once it is known.
    const failAt = 40;
    let calls = 0;
    const failure = new Error('connection reset');
    const failing = searchEdges({
      boundariesMs,
      maxItem: 400_000,
      slackMs: EDGE_SLACK_MS,
      timeOf: async (id) => {
        calls += 1;
        const call = calls;
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (call === failAt) throw failure;
        return times[id];
      },
    });
    await expect(failing).rejects.toBe(failure);
    const atFailure = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(atFailure);
  });

  it('starts from a known first edge and predicts the rest from the rate', async () => {
    const space = createItemSpace({ seed: 2, maxItem: 1_000_000 });
    const start = Math.ceil((space.itemTime(600_000) as number) / HOUR) * HOUR;
    const boundariesMs = Array.from({ length: 101 }, (_, i) => (start + i * HOUR) * 1000);
    const first = space.idRangeForWindow(start, start + HOUR)!.fromId;
    const probe = probeOf((id) => space.itemTime(id));
    const { edges, probes, rounds } = await searchEdges({
      boundariesMs,
      maxItem: space.maxItem,
      timeOf: probe.timeOf,
      knownEdges: [first],
      slackMs: EDGE_SLACK_MS,
    });
    expect(edges[0]).toBe(first);
    edges.slice(1).forEach((edge, i) => {
      // The exact edge, or a later id timed within the slack past the boundary.
      const exact = space.idRangeForWindow(start + i * HOUR, start + (i + 1) * HOUR)!.toId + 1;
      const boundary = start + (i + 1) * HOUR;
      expect(edge).toBeGreaterThanOrEqual(exact);
      expect((space.itemTime(edge) as number) - boundary).toBeLessThanOrEqual(EDGE_SLACK_MS / 1000);
    });
    expect(probes / 100).toBeLessThanOrEqual(4);
    expect(rounds).toBeLessThanOrEqual(20);
  });

  it('takes known edges as they are and keeps the searched ones between them', async () => {
    const space = createItemSpace({ seed: 4, maxItem: 1_000_000 });
    const start = Math.ceil((space.itemTime(500_000) as number) / HOUR) * HOUR;
    const exact = (s: number) => space.idRangeForWindow(s, s + HOUR)!.fromId;
    const boundariesMs = [start, start + HOUR].map((s) => s * 1000);
    const timeOf = (id: number) => Promise.resolve(space.itemTime(id));
    // A stored successor fixes the end: only the start is searched, and found exactly.
    const endKnown = await searchEdges({
      boundariesMs,
      maxItem: space.maxItem,
      timeOf,
      knownEdges: [undefined, exact(start + HOUR) + 7],
    });
    expect(endKnown.edges).toEqual([exact(start), exact(start + HOUR) + 7]);
    expect(endKnown.probes).toBeLessThanOrEqual(14);
    // Both known: nothing is asked. A known end below the searched start empties the range
    // rather than overlapping the stored successor.
    expect(
      await searchEdges({ boundariesMs, maxItem: space.maxItem, timeOf, knownEdges: [10, 20] }),
    ).toEqual({ edges: [10, 20], probes: 0, rounds: 0 });
    const below = await searchEdges({
      boundariesMs,
      maxItem: space.maxItem,
      timeOf,
      knownEdges: [undefined, exact(start) - 50],
    });
    expect(below.edges).toEqual([exact(start) - 50, exact(start) - 50]);
  });

  it('gets across a run of a million nulls within its budget', async () => {
    // 100,000 ids one a second, a million nulls, then ids one a second again.
    const base = 1e9;
    const timeOf = (id: number) =>
      id <= 100_000 ? base + id : id <= 1_100_000 ? undefined : base + id - 1_000_000 + 60;
    const maxItem = 1_200_000;
    const probe = probeOf(timeOf);
    const boundariesMs = [50_000, 100_030, 150_000].map((s) => (base + s) * 1000);
    const { edges, probes } = await searchEdges({ boundariesMs, maxItem, timeOf: probe.timeOf });
    // Exact on either side of the run; the edge in it is anywhere past the last timed id before
    // the boundary (the nulls have no time), and no item timed before the boundary is after it.
    expect(edges[0]).toBe(50_000);
    expect(edges[1]).toBeGreaterThanOrEqual(100_001);
    expect(timeOf(edges[1] as number) ?? Infinity).toBeGreaterThanOrEqual(base + 100_030);
    expect(edges[2]).toBe(1_149_940);
    expect(probes).toBeLessThanOrEqual(MAX_SEARCH_REQUESTS + 8);
  });

  it('fails naming the cause when every probe answers null', async () => {
    const probe = probeOf(() => undefined);
    const failure = await searchItemRange({
      startMs: 0,
      endMs: 3_600_000,
      maxItem: 50_000_000,
      timeOf: probe.timeOf,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SearchFailedError);
    expect(failure).toMatchObject({ reason: 'all-null' });
    expect(probe.requested.length).toBeLessThanOrEqual(15);
  });

  it('fails naming the cause when times run backwards across an hour', async () => {
    const probe = probeOf((id) => 2e9 - id * 6);
    const failure = await searchItemRange({
      startMs: (2e9 - 600_000) * 1000,
      endMs: (2e9 - 596_400) * 1000,
      maxItem: 1_000_000,
      timeOf: probe.timeOf,
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ reason: 'times-backwards' });
    expect((failure as Error).message).toMatch(/run backwards/);
    expect(probe.requested.length).toBeLessThanOrEqual(15);
    expect(LAG_TOLERANCE_MS).toBe(600_000);
  });

  it('fails naming the cause when maxitem lies far past the newest item', async () => {
    // Items up to 100,000, one a second; maxitem says 10,000,000.
    const probe = probeOf((id) => (id <= 100_000 ? 1e9 + id : undefined));
    const failure = await searchItemRange({
      startMs: (1e9 + 99_000) * 1000,
      endMs: (1e9 + 102_600) * 1000,
      maxItem: 10_000_000,
      timeOf: probe.timeOf,
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ reason: 'maxitem-past-newest' });
    expect((failure as Error).message).toMatch(/maxitem is 10000000/);
    expect(probe.requested.length).toBeLessThanOrEqual(MAX_SEARCH_REQUESTS);
  });

  it('fails naming the cause when maxitem went below an edge already known', async () => {
    const probe = probeOf((id) => 1e9 + id);
    const failure = await searchEdges({
      boundariesMs: [(1e9 + 5_000) * 1000, (1e9 + 8_600) * 1000],
      maxItem: 4_000,
      knownEdges: [5_000],
      timeOf: probe.timeOf,
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ reason: 'maxitem-backwards' });
    expect(probe.requested).toEqual([]);
  });

  it('ends a window past the last id at maxItem, and finds an empty window empty', async () => {
    const times = [undefined, 10, 20, 30, 40];
    const timeOf = (id: number) => Promise.resolve(times[id]);
    const search = (startMs: number, endMs: number, maxItem = 4) =>
      searchItemRange({ startMs, endMs, maxItem, timeOf });
    expect(await search(25_000, 99_000)).toMatchObject({ fromId: 3, toId: 4 });
    expect(await search(50_000, 99_000)).toMatchObject({ fromId: 5, toId: 4 });
    expect(await search(21_000, 29_000)).toMatchObject({ fromId: 3, toId: 2 });
    expect(await search(0, 1, 0)).toEqual({ fromId: 1, toId: 0, probes: 0 });
  });
});
