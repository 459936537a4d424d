// The item ingest on the worker app: the worker as a process (its own store composed into the
// ingest activities), the Temporal dev server, the fake Hacker News API serving a generated id
// space, SQLite files; and the same ingest with the worker killed with SIGKILL three times.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INGEST_WORKFLOW_TYPE, TASK_QUEUE, type HackerNewsIngestResult } from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createStore } from '@hn/storage';
import { startDevServer, waitFor, type DevServer, type ManagedProcess } from '@hn/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from './worker-process';

let server: DevServer;
let api: FakeHackerNewsApi;
let connection: Connection;
let client: Client;
const workers: ManagedProcess[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hn-ingest-'));
  [server, api] = await Promise.all([
    startDevServer({ dbFilename: join(dir, 'temporal.db') }),
    startFakeHackerNewsApi({ seed: 1, generatedSpace: true, maxItem: 100_000 }),
  ]);
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGKILL')));
  api.resetFaults();
  api.resetStats();
});
afterAll(async () => {
  await connection?.close();
  await api?.close();
  await server?.stop();
});

function newDatabase(): string {
  return join(mkdtempSync(join(tmpdir(), 'hn-ingest-db-')), 'hn.db');
}

async function worker(database: string): Promise<ManagedProcess> {
  const process = startWorker({
    TEMPORAL_ADDRESS: server.address,
    HN_API_URL: api.baseUrl,
    HN_DESTINATION: `sqlite:${database}`,
  });
  workers.push(process);
  await process.waitForOutput(/"Worker ready"/);
  return process;
}

async function statsOf(database: string, fromId: number, toId: number) {
  const store = await createStore({ kind: 'sqlite', filename: database });
  try {
    return await store.itemStats({ fromId, toId });
  } finally {
    await store.close();
  }
}

/** The fake API's own counts for the range, in the shape of the result's. */
function expected(fromId: number, toId: number) {
  const counts = api.space!.expectedCounts(fromId, toId);
  return {
    items: counts.items,
    missing: counts.missing,
    byType: counts.byType,
    deleted: counts.deleted,
    dead: counts.dead,
  };
}

describe('HackerNewsIngestWorkflow on the worker app', () => {
  it('ingests 3,000 ids into its SQLite destination: every id once, no gap, counts as served', async () => {
    const database = newDatabase();
    await worker(database);
    const result = (await client.workflow.execute(INGEST_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: 'ingest-e2e',
      args: [{ fromId: 1, toId: 3_000, chunkSize: 500 }],
    })) as HackerNewsIngestResult;

    expect(result.total).toBe(3_000);
    expect(result.counts).toMatchObject({ ...expected(1, 3_000), invalid: 0 });
    expect(await statsOf(database, 1, 3_000)).toMatchObject({
      ids: 3_000,
      rows: 3_000,
      gaps: 0,
      firstGap: null,
      ...expected(1, 3_000),
    });
  });

  it('a worker killed with SIGKILL three times during a 10,000-id ingest: every id stored exactly once', async () => {
    const [fromId, toId] = [20_001, 30_000];
    const database = newDatabase();
    api.setFaults({ latencyMs: 15 });
    const startedAt = performance.now();
    let current = await worker(database);
    const handle = await client.workflow.start(INGEST_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId: 'ingest-sigkill',
      // A 5 s heartbeat timeout instead of the default 20 s: each kill's chunks are retried
      // 15 s sooner, and the heartbeats (about once a second) still arrive well within it.
      args: [{ fromId, toId, chunkSize: 500, concurrency: 50, heartbeatTimeoutSeconds: 5 }],
    });
    const kills: number[] = [];
    for (const fetched of [1_500, 4_500, 7_500]) {
      await waitFor(`${fetched} items fetched`, () => api.stats().byKind.item >= fetched, {
        timeoutMs: 60_000,
      });
      kills.push(api.stats().byKind.item);
      expect(await current.stop('SIGKILL')).toBe(137);
      current = await worker(database);
    }
    const result = (await handle.result()) as HackerNewsIngestResult;
    const seconds = (performance.now() - startedAt) / 1000;

    expect(kills).toHaveLength(3);
    expect(result.total).toBe(10_000);
    expect(result.counts).toMatchObject({ ...expected(fromId, toId), invalid: 0 });
    expect(await statsOf(database, fromId, toId)).toMatchObject({
      ids: 10_000,
      rows: 10_000,
      gaps: 0,
      ...expected(fromId, toId),
    });
    // Each kill costs the run's 5 s heartbeat timeout before its chunks are retried.
    // The killed attempts' ids were fetched again: proof the kills landed mid-run.
    expect(api.stats().byKind.item).toBeGreaterThan(10_000);
    console.info(
      `SIGKILL ingest: 10000 ids, 3 kills at ${kills.join('/')} fetched, ${api.stats().byKind.item} fetches, ${seconds.toFixed(1)} s`,
    );
  }, 240_000);
});
