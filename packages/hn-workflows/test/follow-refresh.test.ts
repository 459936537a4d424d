import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsFollowWorkflow, followStatusQuery, stopFollowUpdate } from '../src/index';
import { startFollowHarness, waitForStatus, type FollowHarness } from './follow-helpers';

// The follower against the fake API's live space on a clock the test moves: items change with
// time, and /v0/updates.json lists those that changed in the last two minutes.

const clock = { ms: Date.now() };
let h: FollowHarness;
beforeAll(async () => {
  h = await startFollowHarness({ live: { clock: () => clock.ms } }, 'hn-follow-refresh');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const storedScores = async (ids: readonly number[]): Promise<Map<number, number | null>> => {
  const rows = await h.store.db
    .selectFrom('items')
    .select(['id', 'score'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.score]));
};

describe('HackerNewsFollowWorkflow refresh', () => {
  it('stores the new score of an item /v0/updates lists as changed, at the next poll', async () => {
    const space = h.api.space!;
    const start = h.api.maxItem;
    await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(HackerNewsFollowWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: 'follow-refresh',
        args: [{ fromId: start - 299, pollIntervalSeconds: 1, settleRequestsPerHour: 0 }],
      });
      await waitForStatus(handle, (s) => s.cursor === start + 1);

      // Ten minutes later: new ids, and the stored ones' scores have grown.
      clock.ms += 10 * 60_000;
      const listed = space.updates().items.filter((id) => id >= start - 299 && id <= start);
      const stories = listed.filter((id) => {
        const item = space.item(id);
        return item !== null && 'score' in item;
      });
      const before = await storedScores(stories);
      const changed = stories.filter((id) => {
        const item = space.item(id) as { score: number };
        return before.get(id) !== item.score;
      });
      expect(changed.length).toBeGreaterThan(0);

      const { polls } = await handle.query(followStatusQuery);
      const status = await waitForStatus(handle, (s) => s.polls >= polls + 2 && s.refreshed > 0);
      expect(status.cursor).toBe(h.api.maxItem + 1);
      const after = await storedScores(stories);
      for (const id of stories) {
        expect(after.get(id), `score of ${id}`).toBe((space.item(id) as { score: number }).score);
      }
      const counted = await h.store.db
        .selectFrom('items')
        .select(['id', 'fetch_count'])
        .where('id', 'in', changed)
        .execute();
      expect(counted.filter((row) => row.fetch_count < 2)).toEqual([]);
      await handle.executeUpdate(stopFollowUpdate);
    });
  }, 600_000);
});
