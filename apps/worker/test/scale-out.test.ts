// Scale-out: two worker processes on one task queue and one PostgreSQL destination share one
// large ingest. Real parts: the Temporal dev server, the fake Hacker News API (generated id
// space), a throwaway PostgreSQL cluster, the workers' Prometheus endpoints.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INGEST_WORKFLOW_TYPE,
  METRICS,
  TASK_QUEUE,
  type HackerNewsIngestResult,
} from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import {
  freePort,
  startDevServer,
  waitFor,
  type DevServer,
  type ManagedProcess,
} from '@hn/testing';
import { startTestPostgres, type TestPostgres } from '@hn/testing/postgres';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrape, sumOf, type Sample } from './metrics';
import { startWorker } from './worker-process';

let server: DevServer;
let api: FakeHackerNewsApi;
let postgres: TestPostgres;
let connection: Connection;
let client: Client;
const workers: ManagedProcess[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hn-scale-out-'));
  [server, api, postgres] = await Promise.all([
    startDevServer({ dbFilename: join(dir, 'temporal.db') }),
    startFakeHackerNewsApi({ seed: 5, generatedSpace: true, maxItem: 100_000 }),
    startTestPostgres(),
  ]);
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});
afterAll(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGTERM')));
  await connection?.close();
  await api?.close();
  await postgres?.stop();
  await server?.stop();
});

/** Ids a worker stored, by its metrics: items, missing and invalid ids. */
function storedIds(samples: readonly Sample[]): number {
  return (
    sumOf(samples, METRICS.itemsIngested) +
    sumOf(samples, METRICS.itemsMissing) +
    sumOf(samples, METRICS.itemsInvalid)
  );
}

describe('two workers on one task queue and one PostgreSQL destination', () => {
  it('share a 20,000-id ingest: both store items, their metrics sum to the ids, every id stored once', async () => {
    const [fromId, toId] = [40_001, 60_000];
    const destination = await postgres.createDatabase();
    const addresses = await Promise.all([freePort(), freePort()]).then((ports) =>
      ports.map((port) => `127.0.0.1:${port}`),
    );
    const started = addresses.map((address) =>
      startWorker({
        TEMPORAL_ADDRESS: server.address,
        HN_API_URL: api.baseUrl,
        HN_DESTINATION: destination,
        HN_METRICS_ADDRESS: address,
        // Four activity slots each while the ingest keeps eight chunks in flight: neither
        // worker can hold them all, so both must take chunks.
        HN_MAX_CONCURRENT_ACTIVITIES: '4',
      }),
    );
    workers.push(...started);
    await Promise.all(started.map((worker) => worker.waitForOutput(/"Worker ready"/)));

    // A little latency makes each chunk take long enough for both workers to poll.
    api.setFaults({ latencyMs: 2 });
    const startedAt = performance.now();
    const result = (await client.workflow.execute(INGEST_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: 'scale-out-ingest',
      args: [{ fromId, toId, chunkSize: 500, concurrency: 64, maxParallelActivities: 8 }],
    })) as HackerNewsIngestResult;
    const seconds = (performance.now() - startedAt) / 1000;

    const expected = api.space!.expectedCounts(fromId, toId);
    expect(result.total).toBe(20_000);
    expect(result.counts).toMatchObject({
      items: expected.items,
      missing: expected.missing,
      invalid: 0,
    });

    const store = await createStore({ kind: 'postgres', url: destination });
    const stats = await store.itemStats({ fromId, toId }).finally(() => store.close());
    expect(stats).toMatchObject({
      ids: 20_000,
      rows: 20_000,
      gaps: 0,
      items: expected.items,
      missing: expected.missing,
      invalid: 0,
      byType: expected.byType,
    });

    const scrapeAll = () => Promise.all(addresses.map((address) => scrape(address)));
    await waitFor(
      'both workers to report every stored batch',
      async () =>
        (await scrapeAll()).reduce((sum, samples) => sum + storedIds(samples), 0) >= 20_000,
      { timeoutMs: 10_000 },
    ).catch(() => undefined);
    const [first, second] = (await scrapeAll()) as [Sample[], Sample[]];
    const perWorker = [first, second].map((samples) => ({
      items: sumOf(samples, METRICS.itemsIngested),
      ids: storedIds(samples),
      requests: sumOf(samples, METRICS.httpRequests),
    }));
    expect(perWorker[0]!.items).toBeGreaterThan(0);
    expect(perWorker[1]!.items).toBeGreaterThan(0);
    expect(perWorker[0]!.ids + perWorker[1]!.ids).toBe(20_000);
    expect(perWorker[0]!.items + perWorker[1]!.items).toBe(expected.items);
    expect(perWorker[0]!.requests + perWorker[1]!.requests).toBe(api.stats().totalRequests);
    console.info(
      `scale-out ingest: 20000 ids in ${seconds.toFixed(1)} s on two workers, ids per worker ${perWorker.map((w) => w.ids).join('/')}`,
    );
  }, 120_000);
});
