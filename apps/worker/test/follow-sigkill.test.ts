// The follower through a worker killed with SIGKILL in the middle of a poll: the worker app as a
// process, the dev server, the fake API answering each request after 50 ms so a poll's chunks
// are in flight when the worker dies. A new worker picks the follower up from its cursor.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FOLLOW_PRIORITY, type FollowStatus } from '@hn/contract';
import { createStore } from '@hn/storage';
import { waitFor, type ManagedProcess } from '@hn/testing';
import { HackerNewsFollowWorkflow, followStatusQuery, stopFollowUpdate } from '@hn/workflows';
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { useWorkerHarness } from './worker-harness';

const TASK_QUEUE = 'hn-follow-sigkill';
const FIRST_ID = 1;

const h = useWorkerHarness({
  api: {
    seed: 1,
    generatedSpace: true,
    maxItem: 4_000,
    // Slow enough that a poll lasts seconds: the test must catch one mid-way even when a
    // loaded machine answers its queries slowly.
    faults: { latencyMs: 50 },
  },
});

const worker = (database: string): Promise<ManagedProcess> =>
  h.worker(database, { HN_TASK_QUEUE: TASK_QUEUE });

/** The follower's status once `done` holds; queries fail while no worker runs, so they retry. */
function statusWhen(
  handle: WorkflowHandle,
  what: string,
  done: (status: FollowStatus) => boolean,
): Promise<FollowStatus> {
  return waitFor(
    what,
    async () => {
      const status = await handle.query(followStatusQuery).catch(() => undefined);
      return status !== undefined && done(status) ? status : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 100 },
  );
}

describe('the follower through a SIGKILLed worker', () => {
  it('resumes from its cursor on a new worker: every id from the start to the final cursor stored once, no gap', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'hn-follow-sigkill-')), 'hn.db');
    const first = await worker(database);
    const handle = await h.client.workflow.start(HackerNewsFollowWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: 'follow-sigkill',
      priority: FOLLOW_PRIORITY,
      // 800 ids a poll in ten chunks of 80, eight in flight at a time at one request each, 50 ms
      // a request: the first eight end together after about 4 s, the last two 4 s later, so for
      // about half of every poll chunks are stored past the cursor while others are in flight.
      args: [
        {
          fromId: FIRST_ID,
          pollIntervalSeconds: 1,
          maxIdsPerPoll: 800,
          chunkSize: 80,
          concurrency: 8,
          maxRefreshPerPoll: 0,
          settleRequestsPerHour: 0,
          pollsPerRun: 3,
        },
      ],
    });
    await statusWhen(handle, 'a first poll', (s) => s.cursor > FIRST_ID);
    // Mid-poll: items past the follower's cursor are stored, the cursor has not passed them yet.
    const reader = await createStore({ kind: 'sqlite', filename: database });
    const lastSeen = await waitFor(
      'a poll with chunks stored and in flight',
      async () => {
        const status = await handle.query(followStatusQuery);
        const past = await reader.db
          .selectFrom('items')
          .select('id')
          .where('id', '>=', status.cursor)
          .limit(1)
          .executeTakeFirst();
        return past !== undefined && status.cursor < 4_000 ? status : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 50 },
    );
    await reader.close();
    await first.stop('SIGKILL');
    h.api.resetStats();

    // The site goes on while no worker runs.
    h.api.setMaxItem(5_000);
    await worker(database);
    const final = await statusWhen(handle, 'the follower to catch up', (s) => s.cursor === 5_001);
    const stopped = await handle.executeUpdate(stopFollowUpdate);
    expect(stopped).toMatchObject({ phase: 'stopped', cursor: 5_001, firstId: FIRST_ID });
    expect(final.firstId).toBe(FIRST_ID);
    // Its runs continued as new on both workers and kept the follower's priority.
    expect(stopped.continuedAsNew).toBeGreaterThanOrEqual(2);
    expect((await handle.describe()).priority).toMatchObject(FOLLOW_PRIORITY);

    // It went on from its cursor: nothing below the cursor it had when killed was fetched again.
    const refetchedBelow = Object.keys(h.api.stats().byItem)
      .map(Number)
      .filter((id) => id < lastSeen.cursor);
    expect(refetchedBelow).toEqual([]);

    const store = await createStore({ kind: 'sqlite', filename: database });
    try {
      const stats = await store.itemStats({ fromId: FIRST_ID, toId: 5_000 });
      expect(stats).toMatchObject({ rows: 5_000, gaps: 0 });
      const rows = await store.db
        .selectFrom('items')
        .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.max('id').as('max')])
        .executeTakeFirstOrThrow();
      expect({ rows: Number(rows.rows), max: Number(rows.max) }).toEqual({
        rows: 5_000,
        max: 5_000,
      });
    } finally {
      await store.close();
    }
  }, 300_000);
});
