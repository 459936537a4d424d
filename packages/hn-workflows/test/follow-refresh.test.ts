import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemSpace } from '@hn/fake-hn-api';
import {
  HackerNewsFollowWorkflow,
  HackerNewsIngestWorkflow,
  followStatusQuery,
  stopFollowUpdate,
} from '../src/index';
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

const isTombstone = (item: unknown): boolean =>
  item !== null && typeof item === 'object' && 'deleted' in item;

/**
 * Among the `ids` newest ids, the item alive at `now` whose deletion comes first within `horizon`
 * seconds, and the second it is deleted at.
 */
function firstDeletedLater(
  space: ItemSpace,
  now: number,
  horizon: number,
  ids = 6_000,
): { id: number; at: number } | undefined {
  let first: { id: number; at: number } | undefined;
  for (let id = space.maxItem; id > space.maxItem - ids; id--) {
    const item = space.item(id, now);
    if (item === null || isTombstone(item) || !isTombstone(space.item(id, now + horizon))) continue;
    let [alive, gone] = [now, now + horizon];
    while (gone - alive > 1) {
      const mid = Math.floor((alive + gone) / 2);
      if (isTombstone(space.item(id, mid))) gone = mid;
      else alive = mid;
    }
    if (first === undefined || gone < first.at) first = { id, at: gone };
  }
  return first;
}

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

  it('stores the tombstone of an item deleted later, at the refresh after /v0/updates lists it', async () => {
    const space = h.api.space!;
    const doomed = firstDeletedLater(space, space.now(), 6 * 3600);
    expect(doomed, 'an item alive now and deleted within six hours').toBeDefined();
    const { id, at } = doomed!;
    const row = () =>
      h.store.db
        .selectFrom('items')
        .select(['deleted', 'score', 'fetch_count', 'next_settle_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    await h.withWorker(async () => {
      // Stored while alive, by an ingest of that id alone; the follower follows the newest ids.
      await h.env.client.workflow.execute(HackerNewsIngestWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: 'follow-tombstone-ingest',
        args: [{ fromId: id, toId: id }],
      });
      // Alive when stored. The fetch count may exceed 1 (an attempt retried on a loaded machine, or
      // the first test's follower reached this id), so the refresh is counted from here.
      const alive = await row();
      expect(alive).toMatchObject({ deleted: 0 });
      const handle = await h.env.client.workflow.start(HackerNewsFollowWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: 'follow-tombstone',
        args: [{ fromId: space.maxItem - 9, pollIntervalSeconds: 1, settleRequestsPerHour: 0 }],
      });
      const caughtUp = await waitForStatus(handle, (s) => s.cursor === space.maxItem + 1);

      // Five seconds after its deletion, /v0/updates lists it among the changed items.
      clock.ms = (at + 5) * 1000;
      expect(space.updates().items).toContain(id);
      await waitForStatus(
        handle,
        (s) => s.polls >= caughtUp.polls + 2 && s.cursor === space.maxItem + 1,
      );
      // The refresh stores the API's tombstone: deleted, no score, never due to settle again.
      // The clock stands still, so /v0/updates lists the item at every poll: refreshed at least
      // once, once more for each poll after the second one that ran before this read.
      const tombstone = await row();
      expect(tombstone).toMatchObject({ deleted: 1, score: null, next_settle_at: null });
      expect(tombstone.fetch_count).toBeGreaterThan(alive.fetch_count);
      const final = await handle.executeUpdate(stopFollowUpdate);
      expect(final.refreshed).toBeGreaterThan(0);
    });
  }, 120_000);
});
