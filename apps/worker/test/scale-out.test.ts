// Scale-out: two worker processes on one task queue and one PostgreSQL destination share one
// backfill: six hourly partitions of 3,000 ids each (18,000 ids), three partition runs at once.
// Real parts: the Temporal dev server, the fake Hacker News API (generated id space on a clock of
// 3,000 items an hour), a throwaway PostgreSQL cluster, the workers' Prometheus endpoints.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BACKFILL_WORKFLOW_TYPE,
  METRICS,
  TASK_QUEUE,
  backfillPartition,
  partitionWorkflowId,
  resolveBackfillInput,
  type HackerNewsBackfillInput,
  type HackerNewsBackfillResult,
} from '@hn/contract';
import { EDGE_LAG_MS, EDGE_SLACK_MS } from '@hn/activities';
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

const ITEMS_PER_HOUR = 3_000;
const PARTITIONS = 6;
const HOUR_MS = 3_600_000;

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
    startFakeHackerNewsApi({
      seed: 5,
      generatedSpace: true,
      maxItem: 100_000,
      itemsPerHour: ITEMS_PER_HOUR,
    }),
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
  it('share a 6-partition backfill of 18,000 ids: both ingest items and run partitions, their metrics sum to the ids, every id stored once', async () => {
    const space = api.space!;
    // Six whole hours of the generated clock, well inside the space.
    const start = Math.ceil((space.itemTime(40_000)! * 1000) / HOUR_MS) * HOUR_MS;
    const input: HackerNewsBackfillInput = {
      start: new Date(start).toISOString(),
      end: new Date(start + PARTITIONS * HOUR_MS).toISOString(),
      parallelism: 3,
      ingest: { chunkSize: 500, concurrency: 64, maxParallelActivities: 4 },
    };
    const { input: resolved, problems } = resolveBackfillInput(input);
    expect(problems).toEqual([]);
    const partitions = Array.from({ length: PARTITIONS }, (_, i) => backfillPartition(resolved, i));
    // The fake clock's ids of the period, exactly; the partitions' edges may move by the slack.
    const exact = space.idRangeForWindow(start / 1000, (start + PARTITIONS * HOUR_MS) / 1000)!;
    expect(exact.toId - exact.fromId + 1).toBe(PARTITIONS * ITEMS_PER_HOUR);

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
        // Four activity slots each while three partition runs keep four chunks each in flight:
        // neither worker can hold the twelve, so both must take chunks.
        HN_MAX_CONCURRENT_ACTIVITIES: '4',
      }),
    );
    workers.push(...started);
    await Promise.all(started.map((worker) => worker.waitForOutput(/"Worker ready"/)));

    // A little latency makes each chunk take long enough for both workers to poll.
    api.setFaults({ latencyMs: 2 });
    const startedAt = performance.now();
    const result = (await client.workflow.execute(BACKFILL_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: 'scale-out-backfill',
      args: [input],
    })) as HackerNewsBackfillResult;
    const seconds = (performance.now() - startedAt) / 1000;

    const store = await createStore({ kind: 'postgres', url: destination });
    let ids = 0;
    try {
      // The partitions' id ranges tile the ids; each edge by the rule: past every item timed
      // before its boundary, at most EDGE_LAG_MS + EDGE_SLACK_MS past it.
      const rows = await store.listPartitions({ from: input.start, to: input.end });
      const { fromId } = rows[0]!;
      const { toId } = rows.at(-1)!;
      ids = toId - fromId + 1;
      // The fake clock's times never decrease: the nearest timed ids either side of an edge
      // settle it.
      const timedNear = (id: number, step: 1 | -1) => {
        for (let at = id; at >= 1; at += step) {
          const time = space.itemTime(at);
          if (time !== undefined) return time;
        }
        return 0;
      };
      const expectEdge = (edge: number, boundary: number) => {
        const at = new Date(boundary * 1000).toISOString();
        expect(timedNear(edge - 1, -1), at).toBeLessThan(
          boundary + (EDGE_LAG_MS + EDGE_SLACK_MS) / 1000,
        );
        expect(timedNear(edge, 1), at).toBeGreaterThanOrEqual(boundary);
      };
      for (const [i, row] of rows.entries()) {
        if (i > 0) expect(row.fromId).toBe(rows[i - 1]!.toId + 1);
        expectEdge(row.fromId, Date.parse(row.windowStart!) / 1000);
      }
      expectEdge(toId + 1, Date.parse(rows.at(-1)!.windowEnd!) / 1000);
      expect(Math.abs(ids - PARTITIONS * ITEMS_PER_HOUR)).toBeLessThan(ITEMS_PER_HOUR / 10);

      const expected = space.expectedCounts(fromId, toId);
      expect(result).toMatchObject({
        total: PARTITIONS,
        completed: PARTITIONS,
        skipped: 0,
        failed: 0,
        failedPartitions: [],
        maxInFlight: 3,
        counts: {
          items: expected.items,
          missing: expected.missing,
          invalid: 0,
          byType: expected.byType,
        },
      });

      expect(rows.map((row) => [row.key, row.status])).toEqual(
        partitions.map((partition) => [partition.key, 'completed']),
      );

      expect(await store.itemStats({ fromId, toId })).toMatchObject({
        ids,
        rows: ids,
        gaps: 0,
        items: expected.items,
        missing: expected.missing,
        invalid: 0,
        byType: expected.byType,
      });
      const count = await store.db
        .selectFrom('items')
        .where('id', '>=', fromId)
        .where('id', '<=', toId)
        .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.count('id').distinct().as('ids')])
        .executeTakeFirstOrThrow();
      expect({ rows: Number(count.rows), ids: Number(count.ids) }).toEqual({ rows: ids, ids });
    } finally {
      await store.close();
    }

    const scrapeAll = () => Promise.all(addresses.map((address) => scrape(address)));
    await waitFor(
      'both workers to report every stored batch',
      async () => (await scrapeAll()).reduce((sum, samples) => sum + storedIds(samples), 0) >= ids,
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
    expect(perWorker[0]!.ids + perWorker[1]!.ids).toBe(ids);
    expect(perWorker[0]!.items + perWorker[1]!.items).toBe(result.counts.items);
    expect(perWorker[0]!.requests + perWorker[1]!.requests).toBe(api.stats().totalRequests);

    // Which worker ran what, by the identity (`<pid>@<host>`) each history event records.
    const pids = started.map((worker) => String(worker.child.pid));
    const workerOf = (identity: string | null | undefined): number =>
      pids.indexOf(identity?.split('@')[0] ?? '');
    const activitiesBy = [0, 0];
    const partitionRunsBy = [new Set<string>(), new Set<string>()];
    const closedBy = [0, 0];
    for (const { key } of partitions) {
      const history = await client.workflow.getHandle(partitionWorkflowId(key)).fetchHistory();
      let lastTask = -1;
      for (const event of history.events ?? []) {
        const activity = workerOf(event.activityTaskStartedEventAttributes?.identity);
        const task = workerOf(event.workflowTaskCompletedEventAttributes?.identity);
        if (event.activityTaskStartedEventAttributes) {
          expect(activity).toBeGreaterThanOrEqual(0);
          activitiesBy[activity]! += 1;
          partitionRunsBy[activity]!.add(key);
        }
        if (event.workflowTaskCompletedEventAttributes) {
          expect(task).toBeGreaterThanOrEqual(0);
          partitionRunsBy[task]!.add(key);
          lastTask = task;
        }
      }
      closedBy[lastTask]! += 1;
    }
    // Both workers ran activities of partition runs (forced by the slots above); which worker
    // completed each run's last workflow task is up to the server's matching, so it is reported.
    expect(activitiesBy[0]).toBeGreaterThan(0);
    expect(activitiesBy[1]).toBeGreaterThan(0);
    expect(closedBy[0]! + closedBy[1]!).toBe(PARTITIONS);
    console.info(
      `scale-out backfill: ${ids} ids in ${PARTITIONS} partitions in ${seconds.toFixed(1)} s on two workers; ids per worker ${perWorker.map((w) => w.ids).join('/')}, partition activities ${activitiesBy.join('/')}, partitions touched ${partitionRunsBy.map((s) => s.size).join('/')}, closed ${closedBy.join('/')}`,
    );
  }, 120_000);
});
