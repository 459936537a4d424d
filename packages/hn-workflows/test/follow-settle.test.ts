import { SETTLE_AGES_SECONDS, nextSettleAt } from '@hn/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsFollowWorkflow, HackerNewsIngestWorkflow, stopFollowUpdate } from '../src/index';
import { startFollowHarness, waitForStatus, type FollowHarness } from './follow-helpers';

// Settling through the follower, on the dev server with the fake API live.
//
// Three clocks meet here and must agree. Whether an item is due is decided by the worker's wall
// clock: `settleItems` asks the store for rows whose `next_settle_at` is at or before its
// `Date.now()`, and storing an item sets `next_settle_at` (`nextSettleAt` of @hn/contract) from
// the item's `time` and the worker's fetch time. The follower's budget (settleRequestsPerHour)
// runs on workflow time, the dev server's real time. The fake API's item times are fixed by id;
// its clock only decides which ids exist and how their scores and fates have moved. A sped-up API
// clock would therefore bring no item nearer its settling age on the worker (its new items would
// be timed ahead of the worker's clock and never come due). So the API's clock is the worker's
// (`Date.now`, speed 1), and the test stores, just before the follower starts, ids that reach
// their 1 h, 1 d and 14 d ages a few seconds into the run, 60 each (the API at 36,000 items an
// hour: ten a second).
//
// The 14-day band is first stored as the API answered half a minute after those items were
// posted (its clock set back for that ingest only): young, with unsettled scores and few
// replies, so its settling refresh has the API's final answer to store. (follow-refresh.test.ts
// follows an item deleted later to its tombstone.)

const ITEMS_PER_HOUR = 36_000;
/** Seconds from the test's start until the bands come due. */
const LEAD = 10;
const BAND_IDS = 60;

const shift = { ms: 0 };
let h: FollowHarness;
beforeAll(async () => {
  h = await startFollowHarness(
    { live: { clock: () => Date.now() + shift.ms }, itemsPerHour: ITEMS_PER_HOUR },
    'hn-follow-settle',
  );
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const rowsOf = async (fromId: number, toId: number) =>
  await h.store.db
    .selectFrom('items')
    .select([
      'id',
      'time',
      'status',
      'deleted',
      'score',
      'descendants',
      'fetch_count',
      'fetched_at',
      'first_fetched_at',
      'next_settle_at',
    ])
    .where('id', '>=', fromId)
    .where('id', '<=', toId)
    .orderBy('id')
    .execute();

type StoredRow = Awaited<ReturnType<typeof rowsOf>>[number];
/** Ids first stored together, due at one settling age. */
interface Band {
  age: number;
  fromId: number;
  toId: number;
}

describe('HackerNewsFollowWorkflow settling', () => {
  it('re-fetches items as they reach 1 h, 1 d and 14 d, and after the last one the stored score is the API’s', async () => {
    const space = h.api.space!;
    const t0 = Math.floor(Date.now() / 1000);
    const [hour, day, , fortnight] = SETTLE_AGES_SECONDS as [number, number, number, number];
    // Ids by their place on the API's line (comments are timed there, submissions up to two
    // minutes earlier: those may be past their age when first stored, and are not due).
    const firstAt = (second: number): number => space.maxItemAt(second - 1) + 1;
    const [hourBand, dayBand, fortnightBand] = [hour, day, fortnight].map((age) => {
      const fromId = firstAt(t0 - age + LEAD);
      return { age, fromId, toId: fromId + BAND_IDS - 1 };
    }) as [Band, Band, Band];
    const bands = [hourBand, dayBand, fortnightBand];
    const bandSeconds = Math.ceil((BAND_IDS * 3600) / ITEMS_PER_HOUR);
    const dueBy = t0 + LEAD + bandSeconds + 1;
    // Half a minute after the 14-day band's last id, by the API's line.
    const youngAt = t0 - fortnight + LEAD + bandSeconds + 30;

    const { twice, before } = await h.withWorker(async () => {
      // First fetches, by the ingest workflow a few seconds before the bands are due.
      const ingest = (band: Band) =>
        h.env.client.workflow.execute(HackerNewsIngestWorkflow, {
          taskQueue: h.taskQueue,
          workflowId: `settle-band-${band.age}`,
          args: [{ fromId: band.fromId, toId: band.toId }],
        });
      shift.ms = youngAt * 1000 - Date.now();
      await ingest(fortnightBand);
      shift.ms = 0;
      await Promise.all([ingest(hourBand), ingest(dayBand)]);
      const before = new Map<number, StoredRow>();
      for (const band of bands) {
        const rows = await rowsOf(band.fromId, band.toId);
        // Due during the run: first fetched before their age, which comes within the window.
        const due = rows.filter(
          (row) => row.next_settle_at !== null && row.next_settle_at <= dueBy,
        );
        const late = `ids due at age ${band.age} s; stored ${Date.now() / 1000 - t0} s in, LEAD ${LEAD}`;
        expect(due.length, late).toBeGreaterThanOrEqual(20);
        for (const row of due) expect(row.next_settle_at).toBe(row.time! + band.age);
        for (const row of rows) before.set(row.id, row);
      }
      const due = [...before.values()].filter(
        (row) => row.next_settle_at !== null && row.next_settle_at <= dueBy,
      );
      expect(due.every((row) => row.fetch_count === 1)).toBe(true);

      // Refreshing from /v0/updates is off: every second fetch is the follower's settling.
      const handle = await h.env.client.workflow.start(HackerNewsFollowWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: 'follow-settle',
        args: [
          {
            fromId: h.api.maxItem - 9,
            pollIntervalSeconds: 1,
            maxRefreshPerPoll: 0,
            settleRequestsPerHour: 100_000,
          },
        ],
      });
      await waitForStatus(
        handle,
        (s) => s.settled >= due.length && Date.now() / 1000 > dueBy + 2,
        60_000,
      );
      const final = await handle.executeUpdate(stopFollowUpdate);
      expect(final.refreshed).toBe(0);

      const after = (await Promise.all(bands.map((b) => rowsOf(b.fromId, b.toId)))).flat();
      const twice = after.filter((row) => row.fetch_count > 1);
      // Settling fetched band items only (the follower's own new ids are an hour from due), each
      // once (a settled item's next age is a day or more away), every one due by dueBy among them.
      expect(final.settled).toBe(twice.length);
      expect(twice.every((row) => row.fetch_count === 2)).toBe(true);
      const settledIds = new Set(twice.map((row) => row.id));
      expect(due.filter((row) => !settledIds.has(row.id))).toEqual([]);
      for (const row of after.filter((row) => !settledIds.has(row.id))) {
        // Not due while the follower ran: fetched once, due at a later age.
        const next = before.get(row.id)!.next_settle_at;
        expect(next === null || next > dueBy, `${row.id} due at ${next}`).toBe(true);
      }
      return { twice, before };
    });

    for (const band of bands) {
      const following = SETTLE_AGES_SECONDS[SETTLE_AGES_SECONDS.indexOf(band.age) + 1];
      for (const row of twice.filter((r) => r.id >= band.fromId && r.id <= band.toId)) {
        // Fetched again at its age, never before; first fetched by the ingest, before it.
        expect(row.fetched_at).toBeGreaterThanOrEqual((row.time! + band.age) * 1000);
        expect(row.first_fetched_at).toBeLessThan((row.time! + band.age) * 1000);
        expect(row.next_settle_at).toBe(
          nextSettleAt(
            { status: row.status, time: row.time, deleted: row.deleted === 1 },
            row.fetched_at,
          ),
        );
        if (row.deleted === 0) {
          expect(row.next_settle_at).toBe(following === undefined ? null : row.time! + following);
        }
      }
    }

    // After the last settling age, what is stored is final: the API's answer now, which first
    // fetched young had lower scores and fewer descendants.
    const settled = twice.filter(
      (row) => row.id >= fortnightBand.fromId && row.id <= fortnightBand.toId,
    );
    expect(settled.length).toBeGreaterThanOrEqual(20);
    let rescored = 0;
    for (const row of settled) {
      const item = space.item(row.id) as { score?: number; descendants?: number } | null;
      expect(item, `item ${row.id}`).not.toBeNull();
      expect(row.next_settle_at).toBeNull();
      expect(row.score, `score of ${row.id}`).toBe(item!.score ?? null);
      expect(row.descendants, `descendants of ${row.id}`).toBe(item!.descendants ?? null);
      if (row.score !== null && row.score !== before.get(row.id)!.score) rescored += 1;
    }
    expect(rescored, 'stories whose settled score differs from the first').toBeGreaterThan(0);
  }, 120_000);
});
