// The follower and a backfill sharing one worker with two activity slots, on the dev server (with
// its priority matcher on, as `@hn/testing` starts it) and the fake API answering each request
// after 20 ms. The backfill keeps dozens of ingestItems tasks waiting for the two slots; the
// follower, at priority 1 against the partition runs' 4, takes the next free slot each poll.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import {
  FOLLOW_PRIORITY,
  PRIORITY_KEYS,
  partitionWorkflowId,
  resolveBackfillInput,
  type HackerNewsBackfillInput,
} from '@hn/contract';
import { startFakeHackerNewsApi, type FakeHackerNewsApi } from '@hn/fake-hn-api';
import { createFollowStore, createStore, type SqlStore } from '@hn/storage';
import { bundleWorkflowsOnce, createLocalEnv } from '@hn/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsBackfillWorkflow, HackerNewsFollowWorkflow, stopFollowUpdate } from '../src';
import { workflowsPath } from '../src/worker';
import { waitForStatus } from './follow-helpers';
import { expectEdge } from './ingest-helpers';

const ITEMS_PER_HOUR = 1_200;
const HOUR_MS = 3_600_000;
const PARTITIONS = 6;
const POLL_SECONDS = 5;
/** The site's pace in the test: this many new ids every half second. */
const NEW_IDS_PER_TICK = 5;
const TICK_MS = 500;

let env: TestWorkflowEnvironment;
let api: FakeHackerNewsApi;
let store: SqlStore;
let client: ReturnType<typeof createHackerNewsClient>;

beforeAll(async () => {
  [env, api] = await Promise.all([
    createLocalEnv(),
    startFakeHackerNewsApi({
      seed: 1,
      generatedSpace: true,
      maxItem: 1_000_000,
      itemsPerHour: ITEMS_PER_HOUR,
      faults: { latencyMs: 20 },
    }),
  ]);
  store = await createStore({
    kind: 'sqlite',
    filename: join(mkdtempSync(join(tmpdir(), 'hn-follow-backfill-')), 'hn.db'),
  });
  client = createHackerNewsClient({ baseUrl: api.baseUrl, timeoutMs: 5_000, maxConcurrency: 64 });
}, 120_000);
afterAll(async () => {
  await client?.close();
  await api?.close();
  await store?.close();
  await env?.teardown();
});

/** Whether every id of `fromId..toId` has a row. */
async function allStored(fromId: number, toId: number): Promise<boolean> {
  const stats = await store.itemStats({ fromId, toId });
  return stats.gaps === 0;
}

describe('the follower beside a backfill on one worker', () => {
  it('keeps its lag within four poll intervals while the backfill runs, and both store every id once, without a gap', async () => {
    const space = api.space!;
    // Six hourly partitions (7,200 ids, 72 chunks of 100 at 20 ms a request, two at a time) of
    // the generated clock's past, then the follower from the id after the last one.
    const start = Math.ceil((space.itemTime(300_000)! * 1000) / HOUR_MS) * HOUR_MS;
    const input: HackerNewsBackfillInput = {
      start: new Date(start).toISOString(),
      end: new Date(start + PARTITIONS * HOUR_MS).toISOString(),
      parallelism: 4,
      ingest: { chunkSize: 100, concurrency: 16, maxParallelActivities: 8 },
    };
    expect(resolveBackfillInput(input).problems).toEqual([]);
    const ids = space.idRangeForWindow(start / 1000, (start + PARTITIONS * HOUR_MS) / 1000)!;
    const firstFollowed = ids.toId + 1;
    api.setMaxItem(firstFollowed + 200);

    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'hn-follow-beside-backfill',
      workflowBundle: await bundleWorkflowsOnce(workflowsPath()),
      maxConcurrentActivityTaskExecutions: 2,
      maxConcurrentWorkflowTaskExecutions: 2,
      activities: createActivities({
        client,
        store,
        items: store,
        follow: createFollowStore(store.db),
        itemRetry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 10 },
      }),
    });
    const lags: number[] = [];
    const { backfill, final } = await worker.runUntil(async () => {
      const follower = await env.client.workflow.start(HackerNewsFollowWorkflow, {
        taskQueue: 'hn-follow-beside-backfill',
        workflowId: 'follow-beside-backfill',
        priority: FOLLOW_PRIORITY,
        args: [
          {
            fromId: firstFollowed,
            pollIntervalSeconds: POLL_SECONDS,
            chunkSize: 100,
            concurrency: 4,
            maxRefreshPerPoll: 0,
            settleRequestsPerHour: 0,
          },
        ],
      });
      await waitForStatus(follower, (s) => s.cursor > firstFollowed + 200);

      const handle = await env.client.workflow.start(HackerNewsBackfillWorkflow, {
        taskQueue: 'hn-follow-beside-backfill',
        workflowId: 'backfill-beside-follower',
        args: [input],
      });
      let done = false;
      const result = handle.result().finally(() => {
        done = true;
      });
      // New ids appear at the site's pace; each one's lag is the time until it is stored.
      const pending: Array<{ maxItem: number; at: number }> = [];
      while (!done) {
        pending.push({ maxItem: api.setMaxItem(api.maxItem + NEW_IDS_PER_TICK), at: Date.now() });
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
        while (pending.length > 0 && (await allStored(firstFollowed, pending[0]!.maxItem))) {
          lags.push(Date.now() - pending.shift()!.at);
        }
      }
      const backfill = await result;
      const final = await waitForStatus(follower, (s) => s.cursor === api.maxItem + 1);
      await follower.executeUpdate(stopFollowUpdate);
      return { backfill, final };
    });

    expect(backfill).toMatchObject({ total: PARTITIONS, completed: PARTITIONS, failed: 0 });
    // The backfill ran long enough to measure: dozens of new ids came while it ran.
    expect(lags.length).toBeGreaterThanOrEqual(20);
    const maxLag = Math.max(...lags);
    console.log(
      `follower lag beside the backfill: ${lags.length} samples, max ${maxLag} ms, ` +
        `median ${lags.toSorted((a, b) => a - b)[Math.floor(lags.length / 2)]} ms`,
    );
    // A new id waits for the next poll and that poll's two activities, each for a free slot: about
    // two intervals. Without priority each of them waits behind the backfill's whole backlog
    // instead, at least 16 s at 20 ms a request (19 s median, 34 s at most when measured with
    // the keys removed; with them, about 5 s and 10 s).
    expect(maxLag).toBeLessThanOrEqual(4 * POLL_SECONDS * 1000);

    // The partitions tile the backfill's ids, the follower goes on from the id after them, and
    // every id from the first partition to the follower's cursor is stored once.
    const rows = await store.listPartitions({ from: input.start, to: input.end });
    expect(rows).toHaveLength(PARTITIONS);
    // The server has each run's priority: the follower's, and the partition runs' own key with
    // their backfill's fairness key.
    const priorityOf = async (workflowId: string) =>
      (await env.client.workflow.getHandle(workflowId).describe()).priority;
    expect(await priorityOf('follow-beside-backfill')).toMatchObject(FOLLOW_PRIORITY);
    for (const row of rows) {
      expect(await priorityOf(partitionWorkflowId(row.key))).toMatchObject({
        priorityKey: PRIORITY_KEYS.backfill,
        fairnessKey: 'backfill-beside-follower',
      });
    }
    // The first edge by the rule (searched past the period's start by the lag); the last one is
    // the follower's first id, stored when it started: searched past the period's end, it would
    // reach into ids the follower had stored.
    expectEdge(space, start / 1000, rows[0]!.fromId);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.fromId).toBe(rows[i - 1]!.toId + 1);
    expect(rows.at(-1)!.toId + 1).toBe(final.firstId);
    const firstId = rows[0]!.fromId;
    const lastId = final.cursor - 1;
    const stats = await store.itemStats({ fromId: firstId, toId: lastId });
    expect(stats).toMatchObject({ rows: lastId - firstId + 1, gaps: 0 });
    const refetched = await store.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('fetch_count', '>', 1)
      .executeTakeFirstOrThrow();
    expect(Number(refetched.count)).toBe(0);
  }, 600_000);
});
