import { countedIds, type HackerNewsFollowInput } from '@hn/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsFollowWorkflow, stopFollowUpdate } from '../src/index';
import { failureOf } from './ingest-helpers';
import { startFollowHarness, waitForStatus, type FollowHarness } from './follow-helpers';

// The follower against the fake API's generated space (a fixed maxitem the test moves), on the
// dev server. Polls every second of real time: the test moves maxitem between polls.

let h: FollowHarness;
beforeAll(async () => {
  h = await startFollowHarness({ generatedSpace: true, maxItem: 1_000 });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const FAST: HackerNewsFollowInput = {
  pollIntervalSeconds: 1,
  maxIdsPerPoll: 400,
  chunkSize: 100,
  pollsPerRun: 2,
  settleRequestsPerHour: 0,
};

describe('HackerNewsFollowWorkflow', () => {
  it('carries its cursor over continue-as-new, stores every id once, and refuses maxitem going back or jumping', async () => {
    h.api.setMaxItem(1_000);
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(HackerNewsFollowWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: 'follow-cursor',
        args: [{ ...FAST, fromId: 1 }],
      });
      // 1,000 ids at 400 a poll: three polls, over two runs of two polls.
      let status = await waitForStatus(handle, (s) => s.cursor === 1_001);
      expect(status.lagIds).toBe(0);

      h.api.setMaxItem(1_600);
      status = await waitForStatus(handle, (s) => s.cursor === 1_601);
      expect(status.continuedAsNew).toBeGreaterThanOrEqual(2);
      expect(countedIds(status.counts)).toBe(1_600);

      // Backwards: a warning, nothing ingested, the follower goes on polling.
      h.api.setMaxItem(1_500);
      status = await waitForStatus(handle, (s) => s.lastWarning?.kind === 'maxitem-backwards');
      expect(status.cursor).toBe(1_601);
      expect(status.lagIds).toBe(0);

      // A jump of a billion: refused with a warning the status shows; the cursor stays.
      h.api.setMaxItem(1_000_001_600);
      status = await waitForStatus(handle, (s) => s.lastWarning?.kind === 'maxitem-jump');
      expect(status.lastWarning?.message).toMatch(/more than maxGapIds/);
      expect(status.lagIds).toBe(1_000_000_000);
      const polls = status.polls;
      status = await waitForStatus(handle, (s) => s.polls >= polls + 2);
      expect(status.cursor).toBe(1_601);

      // Back to the real site: it follows again from its cursor.
      h.api.setMaxItem(1_700);
      await waitForStatus(handle, (s) => s.cursor === 1_701);
      const final = await handle.executeUpdate(stopFollowUpdate);
      expect(final.phase).toBe('stopped');
      expect(final.cursor).toBe(1_701);
      await expect(handle.result()).resolves.toMatchObject({ phase: 'stopped', cursor: 1_701 });
    });

    const stats = await h.store.itemStats({ fromId: 1, toId: 1_700 });
    expect(stats.rows).toBe(1_700);
    expect(stats.gaps).toBe(0);
    const refetched = await h.store.db
      .selectFrom('items')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('fetch_count', '>', 1)
      .executeTakeFirstOrThrow();
    expect(Number(refetched.count)).toBe(0);
    expect(await h.store.countRows()).toMatchObject({ items: 1_700, follow_cursors: 1 });
  }, 600_000);

  it('fails a bad input at once with InvalidInput naming the option', async () => {
    await h.withWorker(async () => {
      const run = h.env.client.workflow.execute(HackerNewsFollowWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: 'follow-invalid',
        args: [{ pollIntervalSeconds: 0 }],
      });
      const failure = await failureOf(run);
      expect(failure.type).toBe('InvalidInput');
      expect(failure.message).toMatch(/pollIntervalSeconds must be an integer from 1 to 300/);
    });
  }, 60_000);
});
