// A day of hourly partitions backfilled on the dev server (the server `pnpm start` and the
// schedule tests run), with the fake API's clock at 500 items an hour: 12,000 ids.
import {
  backfillPartition,
  partitionWorkflowId,
  resolveBackfillInput,
  type HackerNewsBackfillInput,
} from '@hn/contract';
import { createItemSpace } from '@hn/fake-hn-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HackerNewsBackfillWorkflow } from '../src';
import {
  expectedCounts,
  expectTiledPartitions,
  startIngestHarness,
  type IngestHarness,
} from './ingest-helpers';

const ITEMS_PER_HOUR = 500;
const DAY_MS = 86_400_000;
const SPACE = createItemSpace({ seed: 1, maxItem: 1_000_000, itemsPerHour: ITEMS_PER_HOUR });
const dayStart = Math.ceil((SPACE.itemTime(200_000)! * 1000) / DAY_MS) * DAY_MS;
const INPUT: HackerNewsBackfillInput = {
  start: new Date(dayStart).toISOString(),
  end: new Date(dayStart + DAY_MS).toISOString(),
  parallelism: 4,
};

let h: IngestHarness;
let runs = 0;

beforeAll(async () => {
  h = await startIngestHarness({
    server: 'dev',
    itemsPerHour: ITEMS_PER_HOUR,
    taskQueue: 'hn-backfill-dev',
  });
});
afterAll(async () => {
  await h?.close();
});

function backfill(input: HackerNewsBackfillInput) {
  return h.withWorker(async () => {
    const handle = await h.env.client.workflow.start(HackerNewsBackfillWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `backfill-day-${++runs}`,
      args: [input],
    });
    return handle.result();
  });
}

/** Rows and distinct ids the store holds in an id range. */
async function rowsAndDistinct(fromId: number, toId: number) {
  const row = await h.store.db
    .selectFrom('items')
    .where('id', '>=', fromId)
    .where('id', '<=', toId)
    .select((eb) => [eb.fn.countAll().as('rows'), eb.fn.count('id').distinct().as('ids')])
    .executeTakeFirstOrThrow();
  return { rows: Number(row.rows), ids: Number(row.ids) };
}

describe('a 24-partition backfill on the dev server', () => {
  it('stores every id of the day exactly once, 24 partition rows; a re-run skips all 24', async () => {
    const { input: resolved } = resolveBackfillInput(INPUT);
    const partitions = Array.from({ length: 24 }, (_, i) => backfillPartition(resolved, i));
    const first = await backfill(INPUT);
    // The partitions tile the day's ids, each holding its hour's items by the rule of edges.
    const ids = await expectTiledPartitions(h, INPUT);
    const dayIds = ids.toId - ids.fromId + 1;
    expect(dayIds).toBeGreaterThan(11_000);
    expect(first).toMatchObject({
      total: 24,
      completed: 24,
      skipped: 0,
      failed: 0,
      failedPartitions: [],
      maxInFlight: 4,
      counts: expectedCounts(h.space, ids.fromId, ids.toId),
    });
    expect(await rowsAndDistinct(ids.fromId, ids.toId)).toEqual({ rows: dayIds, ids: dayIds });
    const rows = await h.store.listPartitions({ from: INPUT.start, to: INPUT.end });
    expect(rows.map((r) => [r.key, r.status])).toEqual(partitions.map((p) => [p.key, 'completed']));

    // Never more than four partition runs at once, by their own start and close times.
    const spans = await Promise.all(
      partitions.map(async (p) => {
        const d = await h.env.client.workflow.getHandle(partitionWorkflowId(p.key)).describe();
        return [d.startTime.getTime(), d.closeTime!.getTime()] as const;
      }),
    );
    const events = spans
      .flatMap(([open, close]) => [
        [open, 1],
        [close, -1],
      ])
      .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    let open = 0;
    let max = 0;
    for (const [, delta] of events) max = Math.max(max, (open += delta!));
    expect(max).toBe(4);

    h.api.resetStats();
    const second = await backfill(INPUT);
    expect(second).toMatchObject({ total: 24, completed: 0, skipped: 24, failed: 0 });
    expect(h.api.stats().byItem).toEqual({});
    expect(await rowsAndDistinct(ids.fromId, ids.toId)).toEqual({ rows: dayIds, ids: dayIds });
    expect(await h.store.listPartitions({ from: INPUT.start, to: INPUT.end })).toHaveLength(24);
  }, 300_000);
});
