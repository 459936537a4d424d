// The ingest schedule with no worker for three partitions' time, then a worker back: the worker
// app as a process, the dev server (Schedules need it), the fake API's generated clock running
// through the present so every partition has items.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INGEST_WORKFLOW_TYPE } from '@hn/contract';
import {
  createItemSpace,
  MAX_SPACE_MAX_ITEM,
  startFakeHackerNewsApi,
  type FakeHackerNewsApi,
} from '@hn/fake-hn-api';
import { deleteSchedule, ensureIngestSchedule } from '@hn/schedules';
import { createStore, type StoredPartition } from '@hn/storage';
import { startDevServer, waitFor, type DevServer, type ManagedProcess } from '@hn/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from './worker-process';

/** The schedule's interval, and so each run's partition. */
const EVERY_MS = 5_000;
/** About 50 items per partition. */
const ITEMS_PER_HOUR = 36_000;
const SCHEDULE_ID = 'ingest-catch-up';

let server: DevServer;
let api: FakeHackerNewsApi;
let connection: Connection;
let client: Client;
let worker: ManagedProcess | undefined;

beforeAll(async () => {
  // The generated clock is fixed to the curated dataset's dates; a space whose last id is ten
  // minutes from now holds items for every partition this test's schedule fires for.
  const nowSeconds = Math.floor(Date.now() / 1000);
  const clock = createItemSpace({ maxItem: MAX_SPACE_MAX_ITEM, itemsPerHour: ITEMS_PER_HOUR });
  const maxItem = clock.idRangeForWindow(nowSeconds + 600, nowSeconds + 601)!.fromId;
  [server, api] = await Promise.all([
    startDevServer(),
    startFakeHackerNewsApi({ generatedSpace: true, maxItem, itemsPerHour: ITEMS_PER_HOUR }),
  ]);
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});
afterAll(async () => {
  await worker?.stop('SIGKILL');
  await connection?.close();
  await api?.close();
  await server?.stop();
});

async function completedPartitions(database: string): Promise<StoredPartition[]> {
  const store = await createStore({ kind: 'sqlite', filename: database });
  try {
    return (await store.listPartitions()).filter((p) => p.status === 'completed');
  } finally {
    await store.close();
  }
}

describe('the ingest schedule through a worker outage', () => {
  it('with no worker for three partitions, the buffered runs ingest each partition once, one after another, when it is back', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'hn-catch-up-')), 'hn.db');
    await ensureIngestSchedule(client, { scheduleId: SCHEDULE_ID, every: `${EVERY_MS / 1000}s` });
    try {
      const schedule = client.schedule.getHandle(SCHEDULE_ID);
      const first = await waitFor('the first run', async () => {
        const { info } = await schedule.describe();
        return info.recentActions[0]?.scheduledAt;
      });
      // Three more partitions' time with no worker: the first run waits in the task queue, the
      // runs due meanwhile are buffered (BUFFER_ALL), none skipped.
      await waitFor(
        'three more partitions to fall due',
        () => Date.now() >= first.getTime() + 3.5 * EVERY_MS,
        {
          timeoutMs: 30_000,
        },
      );
      const down = await schedule.describe();
      expect(down.info.numActionsTaken).toBe(1);
      expect(down.info.runningActions).toHaveLength(1);
      expect(down.info.numActionsSkippedOverlap).toBe(0);

      worker = startWorker({
        TEMPORAL_ADDRESS: server.address,
        HN_API_URL: api.baseUrl,
        HN_DESTINATION: `sqlite:${database}`,
      });
      await worker.waitForOutput(/"Worker ready"/);
      const backAt = Date.now();
      // Every partition due by the time the worker was back, and the ones after it.
      const due = Math.floor((backAt - first.getTime()) / EVERY_MS) + 1;
      const partitions = await waitFor(
        `${due + 1} partitions`,
        async () => {
          const done = await completedPartitions(database);
          return done.length >= due + 1 ? done : undefined;
        },
        { timeoutMs: 60_000 },
      );
      await schedule.pause('test over');

      expect(due).toBeGreaterThanOrEqual(4);
      expect(partitions[0]!.windowEnd).toBe(first.toISOString());
      partitions.forEach((partition, index) => {
        expect(Date.parse(partition.windowEnd!) - Date.parse(partition.windowStart!)).toBe(
          EVERY_MS,
        );
        if (index > 0) {
          expect(partition.windowStart).toBe(partitions[index - 1]!.windowEnd);
          expect(partition.fromId).toBe(partitions[index - 1]!.toId + 1);
        }
        expect(partition.counts?.items).toBeGreaterThan(0);
      });

      const fromId = partitions[0]!.fromId;
      const toId = partitions.at(-1)!.toId;
      const expected = api.space!.expectedCounts(fromId, toId);
      const store = await createStore({ kind: 'sqlite', filename: database });
      try {
        expect(await store.itemStats({ fromId, toId })).toMatchObject({
          ids: toId - fromId + 1,
          rows: toId - fromId + 1,
          gaps: 0,
          items: expected.items,
          missing: expected.missing,
          byType: expected.byType,
        });
      } finally {
        await store.close();
      }

      // BUFFER_ALL: each run started after the previous one closed.
      const runs = await waitFor(`${partitions.length} completed runs listed`, async () => {
        const listed = [];
        for await (const run of client.workflow.list({
          query: `WorkflowType = '${INGEST_WORKFLOW_TYPE}' AND ExecutionStatus = 'Completed'`,
        })) {
          listed.push(run);
        }
        return listed.length >= partitions.length ? listed : undefined;
      });
      runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
      for (let i = 1; i < runs.length; i++) {
        expect(runs[i]!.startTime.getTime()).toBeGreaterThanOrEqual(
          runs[i - 1]!.closeTime!.getTime(),
        );
      }
      console.info(
        `catch-up: ${due} partitions due when the worker came back after ${((backAt - first.getTime()) / 1000).toFixed(1)} s, ${partitions.length} ingested in ${runs.length} runs one after another, ${toId - fromId + 1} ids`,
      );
    } finally {
      await deleteSchedule(client, { scheduleId: SCHEDULE_ID });
    }
  }, 120_000);
});
