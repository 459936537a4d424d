// The edge search's request budget, counted at a real fake API server through the activity the
// workflows call (findPartitionEdges: EDGE_LAG_MS past each boundary, EDGE_SLACK_MS): a live space
// (submissions timed up to two minutes early, runs of nulls, tombstones without a time) at the
// site's rate (600 items an hour) and at sixty times it. Over 200 windows at each rate, one window
// from scratch costs at most 15 requests (maxitem included; measured median 12, max 14); a
// backfill's pass at most 4 item requests a partition, in at most 12 rounds of requests; an hour
// whose start is known (a stored predecessor, as an hourly schedule finds it) at most 15 item
// requests, whenever it is searched.
import type { PartitionEdges } from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import type { Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../src/activities';
import { createHackerNewsClient, type HackerNewsClient } from '../src/hacker-news-client';
import { EDGE_LAG_MS, EDGE_SLACK_MS, edgeTolerance } from '../src/ingest/search-item-range';

const quiet = () => undefined;
const silentLogger: Logger = {
  log: quiet,
  trace: quiet,
  debug: quiet,
  info: quiet,
  warn: quiet,
  error: quiet,
};

const HOUR_MS = 3_600_000;
/** The fake API's clock at rest: its maxitem is the newest id timed at or before it. */
const NOW_MS = Date.UTC(2026, 11, 6, 12);
/** Windows searched from scratch at each rate. */
const WINDOWS = 200;

/** A small deterministic PRNG (mulberry32), so every run checks the same windows. */
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

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The client with its `maxitem` and item requests counted in rounds: a request is one round
 * past the deepest request that had finished when it started, so requests in flight together
 * share a round and the rounds are the search's wall-clock in request latencies.
 */
function countingRounds(client: HackerNewsClient) {
  let finished = 0;
  const rounds = {
    count: 0,
    reset: () => {
      finished = 0;
      rounds.count = 0;
    },
  };
  const counted = async <T>(request: () => Promise<T>): Promise<T> => {
    const depth = finished + 1;
    rounds.count = Math.max(rounds.count, depth);
    try {
      return await request();
    } finally {
      finished = Math.max(finished, depth);
    }
  };
  const wrapped: HackerNewsClient = {
    baseUrl: client.baseUrl,
    storyIds: (list, options) => client.storyIds(list, options),
    item: (id, options) => counted(() => client.item(id, options)),
    maxItem: (options) => counted(() => client.maxItem(options)),
    updates: (options) => client.updates(options),
    close: () => client.close(),
  };
  return { client: wrapped, rounds };
}

for (const itemsPerHour of [600, 36_000]) {
  describe(`the edge search at ${itemsPerHour} items an hour`, () => {
    let api: FakeHackerNewsApi;
    let client: HackerNewsClient;
    /** Rounds of requests since the last reset: see {@link countingRounds}. */
    let rounds: { count: number; reset: () => void };
    /** The fake API's clock; tests that move it put it back. */
    let clockMs = NOW_MS;
    beforeAll(async () => {
      api = await startFakeHackerNewsApi({ seed: 3, itemsPerHour, live: { clock: () => clockMs } });
      const counted = countingRounds(
        createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 5_000 }),
      );
      client = counted.client;
      rounds = counted.rounds;
    });
    afterAll(async () => {
      await client?.close();
      await api?.close();
    });

    /** The edges of `boundaries` by `findPartitionEdges` (no store), and the requests counted. */
    async function search(boundaries: string[], firstEdge?: number) {
      api.resetStats();
      rounds.reset();
      const { findPartitionEdges } = createActivities({ client, logger: silentLogger });
      const env = new MockActivityEnvironment({}, { logger: silentLogger });
      const found = await env.run<
        Parameters<typeof findPartitionEdges>,
        PartitionEdges,
        typeof findPartitionEdges
      >(findPartitionEdges, { boundaries, ...(firstEdge === undefined ? {} : { firstEdge }) });
      const { totalRequests, byKind } = api.stats();
      expect(byKind.item).toBe(found.probes);
      return { ...found, requests: totalRequests, rounds: rounds.count };
    }

    it('finds one hour from scratch in at most 15 requests, maxitem included', async () => {
      const random = prng(itemsPerHour);
      const counts: number[] = [];
      for (let round = 0; round < WINDOWS; round += 1) {
        const startMs = NOW_MS - (2 + Math.floor(random() * 500)) * HOUR_MS;
        const found = await search([iso(startMs), iso(startMs + HOUR_MS)]);
        const size = found.edges[1]! - found.edges[0]!;
        expect(size, iso(startMs)).toBeGreaterThan(itemsPerHour * 0.9);
        expect(size, iso(startMs)).toBeLessThan(itemsPerHour * 1.1);
        counts.push(found.requests);
      }
      counts.sort((a, b) => a - b);
      console.log(
        `${itemsPerHour} items an hour, ${WINDOWS} windows from scratch: requests median ` +
          `${counts[WINDOWS / 2]}, max ${counts.at(-1)}`,
      );
      expect(counts.at(-1)).toBeLessThanOrEqual(15);
    });

    it('finds the end of an hour whose start is known in at most 15 item requests, whenever it runs', async () => {
      // Hours one after another, each searched with its predecessor's end as its first edge (a
      // stored predecessor), at its end as an hourly schedule runs it, 10 minutes later, and a
      // day later; several days' stretches of the id space.
      const counts: number[] = [];
      try {
        for (const daysAgo of [3, 9, 17]) {
          const base = NOW_MS - daysAgo * 24 * HOUR_MS;
          for (const lateMs of [0, 10 * 60_000, 24 * HOUR_MS]) {
            let firstEdge: number | undefined;
            for (let h = 0; h < 8; h += 1) {
              const startMs = base + h * HOUR_MS;
              clockMs = startMs + HOUR_MS + lateMs;
              const found = await search([iso(startMs), iso(startMs + HOUR_MS)], firstEdge);
              if (firstEdge !== undefined) {
                expect(found.edges[0]).toBe(firstEdge);
                counts.push(found.probes);
              }
              firstEdge = found.edges[1];
            }
          }
        }
      } finally {
        clockMs = NOW_MS;
      }
      counts.sort((a, b) => a - b);
      console.log(
        `${itemsPerHour} items an hour, ${counts.length} hours with a known start: item requests ` +
          `median ${counts[Math.floor(counts.length / 2)]}, max ${counts.at(-1)}`,
      );
      expect(counts.at(-1)).toBeLessThanOrEqual(15);
    });

    it('finds an hour that has just ended in at most 15 requests, also where maxitem has no time', async () => {
      // Searched the moment the hour ends, as an hourly schedule runs: the edge lies at the top of
      // the space, and where maxitem is a null or a tombstone without a time, the ids just below
      // it bound the space from above (without them the search bisected it all: 33 requests).
      const counts: number[] = [];
      let untimedTop = 0;
      try {
        for (let h = 0; h < 120; h += 1) {
          const startMs = NOW_MS - (h + 30) * HOUR_MS;
          clockMs = startMs + HOUR_MS;
          const top = api.space!.item(api.space!.maxItem) as { time?: number } | null;
          if (top?.time === undefined) untimedTop += 1;
          const found = await search([iso(startMs), iso(startMs + HOUR_MS)]);
          // Every item is timed before the search's boundary: the edge is one past the newest
          // timed id, and the untimed ids above it wait for the next hour's partition.
          const timeOf = (id: number) => (api.space!.item(id) as { time?: number } | null)?.time;
          const edge = found.edges[1]!;
          expect(timeOf(edge - 1), iso(startMs)).toBeDefined();
          for (let id = edge; id <= api.space!.maxItem; id += 1) {
            expect(timeOf(id), `${iso(startMs)} id ${id}`).toBeUndefined();
          }
          counts.push(found.requests);
        }
      } finally {
        clockMs = NOW_MS;
      }
      counts.sort((a, b) => a - b);
      console.log(
        `${itemsPerHour} items an hour, ${counts.length} hours just ended (${untimedTop} with ` +
          `maxitem untimed): requests median ${counts[counts.length / 2]}, max ${counts.at(-1)}`,
      );
      expect(untimedTop).toBeGreaterThan(0);
      expect(counts.at(-1)).toBeLessThanOrEqual(15);
    });

    it('keeps partitions shorter than the tolerance apart: the lag and slack scale with them', async () => {
      // Twelve 5-second partitions: a lag and slack of 2 minutes would put every edge past them
      // all (empty partitions); a tenth of 5 seconds each keeps each one's items in it.
      const { lagMs, slackMs } = edgeTolerance([0, 5_000]);
      expect({ lagMs, slackMs }).toEqual({ lagMs: 500, slackMs: 500 });
      expect(edgeTolerance([0, HOUR_MS, 2 * HOUR_MS])).toEqual({
        lagMs: EDGE_LAG_MS,
        slackMs: EDGE_SLACK_MS,
      });
      const startMs = NOW_MS - 30 * HOUR_MS;
      const boundaries = Array.from({ length: 13 }, (_, i) => startMs + i * 5_000);
      const found = await search(boundaries.map(iso));
      // Each item of the partitions' ids against the partition it is in: only the few whose
      // clocks lag by more than the lag (half a second here; the fake API times about 1 in 40 up
      // to 2 minutes early) are in another partition than their time's.
      const space = api.space!;
      let timed = 0;
      let elsewhere = 0;
      for (let id = found.edges[0]!; id < found.edges.at(-1)!; id += 1) {
        const time = space.itemTime(id);
        if (time === undefined) continue;
        timed += 1;
        const partition = found.edges.findLastIndex((edge) => edge <= id);
        const [from, to] = [boundaries[partition]! / 1000, boundaries[partition + 1]! / 1000];
        if (time < from || time > to + 1) elsewhere += 1;
      }
      expect(elsewhere / Math.max(1, timed)).toBeLessThan(0.1);
      if (itemsPerHour >= 36_000) {
        for (let i = 1; i < found.edges.length; i += 1) {
          expect(found.edges[i]! - found.edges[i - 1]!, `partition ${i}`).toBeGreaterThan(0);
        }
      }
    });

    it("finds a backfill's 24 edges in at most 4 item requests a partition and 12 rounds", async () => {
      const perPartition: number[] = [];
      const passRounds: number[] = [];
      for (const hoursAgo of [30, 90, 200, 333, 480]) {
        const startMs = NOW_MS - hoursAgo * HOUR_MS;
        const boundaries = Array.from({ length: 25 }, (_, i) => iso(startMs + i * HOUR_MS));
        const found = await search(boundaries);
        for (let i = 1; i < found.edges.length; i += 1) {
          expect(found.edges[i]! - found.edges[i - 1]!).toBeGreaterThan(itemsPerHour * 0.9);
        }
        perPartition.push(found.probes / 24);
        passRounds.push(found.rounds);
      }
      console.log(
        `${itemsPerHour} items an hour, backfills of 24: item requests a partition ` +
          perPartition.map((value) => value.toFixed(2)).join(', ') +
          `; rounds ${passRounds.join(', ')}`,
      );
      expect(Math.max(...perPartition)).toBeLessThanOrEqual(4);
      // After the first edges in order, the rest are searched at once: 28 to 31 rounds when
      // every edge waited on the one before.
      expect(Math.max(...passRounds)).toBeLessThanOrEqual(12);
    });
  });
}
