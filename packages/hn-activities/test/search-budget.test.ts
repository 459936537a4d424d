// The edge search's request budget with EDGE_SLACK_MS, counted at a real fake API server: a live
// generated space (submissions timed up to two minutes early, runs of nulls, tombstones without
// a time) at the site's rate (600 items an hour) and at sixty times it. One window from scratch
// costs at most 15 requests (maxitem and 14 items); a backfill's pass at most 4 item requests a
// partition. (The activities search exact edges today, which costs more: see searchEdges.)
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHackerNewsClient, type HackerNewsClient } from '../src/hacker-news-client';
import { EDGE_SLACK_MS, searchEdges } from '../src/ingest/search-item-range';

const HOUR_MS = 3_600_000;
/** The fake API's clock: its maxitem is the newest id timed at or before it. */
const NOW_MS = Date.UTC(2026, 11, 6, 12);

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

for (const itemsPerHour of [600, 36_000]) {
  describe(`the edge search at ${itemsPerHour} items an hour`, () => {
    let api: FakeHackerNewsApi;
    let client: HackerNewsClient;
    beforeAll(async () => {
      api = await startFakeHackerNewsApi({ seed: 3, itemsPerHour, live: { clock: () => NOW_MS } });
      client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 5_000 });
    });
    afterAll(async () => {
      await client?.close();
      await api?.close();
    });

    /** Searches the edges of `boundaries` over HTTP, as the activities do, and counts requests. */
    async function search(boundaries: string[]) {
      api.resetStats();
      const maxItem = await client.maxItem();
      const found = await searchEdges({
        boundariesMs: boundaries.map((instant) => Date.parse(instant)),
        maxItem,
        slackMs: EDGE_SLACK_MS,
        timeOf: async (id) => (await client.item(id))?.time,
      });
      const { totalRequests, byKind } = api.stats();
      expect(byKind.item).toBe(found.probes);
      return { ...found, requests: totalRequests };
    }

    it('finds one hour from scratch in at most 15 requests', async () => {
      const random = prng(itemsPerHour);
      const counts: number[] = [];
      for (let round = 0; round < 40; round += 1) {
        const startMs = NOW_MS - (2 + Math.floor(random() * 500)) * HOUR_MS;
        const found = await search([iso(startMs), iso(startMs + HOUR_MS)]);
        const size = found.edges[1]! - found.edges[0]!;
        expect(size, iso(startMs)).toBeGreaterThan(itemsPerHour * 0.9);
        expect(size, iso(startMs)).toBeLessThan(itemsPerHour * 1.1);
        counts.push(found.requests);
      }
      expect(Math.max(...counts)).toBeLessThanOrEqual(15);
    });

    it("finds a backfill's 24 edges in at most 4 item requests a partition", async () => {
      for (const hoursAgo of [30, 200, 480]) {
        const startMs = NOW_MS - hoursAgo * HOUR_MS;
        const boundaries = Array.from({ length: 25 }, (_, i) => iso(startMs + i * HOUR_MS));
        const found = await search(boundaries);
        for (let i = 1; i < found.edges.length; i += 1) {
          expect(found.edges[i]! - found.edges[i - 1]!).toBeGreaterThan(itemsPerHour * 0.9);
        }
        expect(found.probes / 24).toBeLessThanOrEqual(4);
      }
    });
  });
}
