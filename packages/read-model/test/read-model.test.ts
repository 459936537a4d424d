import { ITEM_TYPES, type ItemType } from '@hn/contract';
import type { HnItem } from '@hn/fake-hn-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GRID_PARAMS,
  isReadModelError,
  openReadModel,
  parseParams,
  type ReadModel,
} from '../src/index';
import { HOUR_MS, startIngestedStore, type IngestedStore } from './ingested-store';

const SKIP_POSTGRES = process.env.HN_SKIP_POSTGRES === '1';

describe.each(['sqlite', 'postgres'] as const)('the read model on %s', (kind) => {
  let h: IngestedStore;
  let model: ReadModel;
  let dayStart: number;
  /** Three completed hours from 06:00, then a failed one at 09:00. */
  let failedAt: number;
  /** The 08:00 partition, whose first ids were cut off its range: a hole before it. */
  let holeKey: string;
  /** The keys of the partitions with a failing check, by the store's own reading. */
  let failingKeys: Set<string>;
  /** The same, freshness (the store's, not a partition's) left out: the grid's `x` cells. */
  let gridFailingKeys: Set<string>;

  beforeAll(async () => {
    if (kind === 'postgres' && SKIP_POSTGRES) return;
    h = await startIngestedStore(kind);
    const space = h.api.space!;
    dayStart = Math.ceil((space.itemTime(200_000)! * 1000) / 86_400_000) * 86_400_000;
    for (let hour = 6; hour < 9; hour += 1) {
      const status = await h.ingest(window(dayStart + hour * HOUR_MS));
      expect(status).toBe('completed');
    }
    failedAt = dayStart + 9 * HOUR_MS;
    // An id timed 5 minutes into the hour: past the edges' slack, so in that hour's partition.
    const ids = space.idRangeForWindow(failedAt / 1000 + 300, (failedAt + HOUR_MS) / 1000)!;
    h.api.setFaults({ itemFaults: { [ids.fromId]: 'error' } });
    expect(await h.ingest({ ...window(failedAt), chunkSize: 100 })).toBe('failed');
    h.api.setFaults({ itemFaults: {} });
    // A hole forced into the store: the 08:00 partition's range loses its first five ids, which
    // no partition covers any more; the checks are re-run on what is stored.
    holeKey = keyOf(dayStart + 8 * HOUR_MS);
    await h.store.db
      .updateTable('ingest_partitions')
      .set((eb) => ({ from_id: eb('from_id', '+', 5) }))
      .where('key', '=', holeKey)
      .execute();
    await h.store.checkPartitions();
    const failing = (await h.store.partitionChecks()).filter((check) => check.status === 'fail');
    failingKeys = new Set(failing.map((check) => check.partitionKey));
    gridFailingKeys = new Set(
      failing.filter((check) => check.check !== 'freshness').map((check) => check.partitionKey),
    );
    model = await openReadModel(h.config);
  }, 240_000);
  afterAll(async () => {
    await model?.close();
    await h?.close();
  });

  function window(start: number) {
    return {
      start: new Date(start).toISOString(),
      end: new Date(start + HOUR_MS).toISOString(),
    };
  }

  function keyOf(start: number): string {
    const { start: from, end } = window(start);
    return `window:${from}/${end}`;
  }

  /**
   * What the fake API serves, by its own generator, for the ids of the stored partitions inside
   * `[start, end)`: their edges have a slack, so the items timed just after `start` may lie
   * before the first of them (with the hour before, which is not stored).
   */
  async function servedItems(start: number, end: number): Promise<HnItem[]> {
    const space = h.api.space!;
    const rows = (await h.store.listPartitions()).filter(
      (row) => Date.parse(row.windowStart!) >= start && Date.parse(row.windowEnd!) <= end,
    );
    expect(rows).toHaveLength((end - start) / HOUR_MS);
    const [fromId, toId] = [
      Math.min(...rows.map((row) => row.fromId)),
      Math.max(...rows.map((row) => row.toId)),
    ];
    const items: HnItem[] = [];
    for (let id = fromId; id <= toId; id += 1) {
      const item = space.item(id);
      if (item !== null) items.push(item);
    }
    return items;
  }

  it.skipIf(kind === 'postgres' && SKIP_POSTGRES)(
    'health counts the stored items by type and the partitions by status',
    async () => {
      const health = await model.health();
      const stored = await h.store.db
        .selectFrom('items')
        .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'item')
        .groupBy('type')
        .execute();
      for (const { type, n } of stored) {
        expect(health.items[type ?? 'untyped']).toBe(Number(n));
      }
      expect(health.items.story).toBeGreaterThan(0);
      expect(health.partitions).toEqual({ total: 4, completed: 3, failed: 1, running: 0 });
      expect(health.lastRuns.filter((run) => run.kind === 'partition')).toHaveLength(4);
      expect(health.lastRuns[0]).toMatchObject({ status: 'failed' });
    },
  );

  it.skipIf(kind === 'postgres' && SKIP_POSTGRES)(
    'paints an hour per cell: completed, failed and missing hours; the filter keeps one kind',
    async () => {
      const from = new Date(dayStart).toISOString().slice(0, 10);
      const grid = await model.partitionGrid(parseParams(GRID_PARAMS, { from, days: '1' }));
      // A completed hour failing a check is painted apart: the hole's hour at least.
      const completed = [6, 7, 8].map((hour) =>
        gridFailingKeys.has(keyOf(dayStart + hour * HOUR_MS)) ? 'x' : 'c',
      );
      expect(completed[2]).toBe('x');
      expect(grid.cells).toBe(`mmmmmm${completed.join('')}fmmmmmmmmmmmmmm`);
      const checkFailed = completed.filter((cell) => cell === 'x').length;
      expect(grid.counts).toEqual({
        completed: 3 - checkFailed,
        checkFailed,
        failed: 1,
        running: 0,
        missing: 20,
      });
      const failed = await model.partitionGrid(
        parseParams(GRID_PARAMS, { from, days: '1', filter: 'failed' }),
      );
      expect(failed.cells).toBe(
        `......${completed.map((cell) => (cell === 'x' ? 'x' : '.')).join('')}f..............`,
      );
      const year = await model.partitionGrid(parseParams(GRID_PARAMS, { from, days: '366' }));
      expect(year.cells).toHaveLength(366 * 24);
    },
  );

  it.skipIf(kind === 'postgres' && SKIP_POSTGRES)(
    "opens a partition by an instant of its window, with its id range's items by type",
    async () => {
      const detail = await model.partition({ at: failedAt + 1_000 });
      const [row] = (await h.store.listPartitions()).filter((p) => p.key === detail.key);
      expect(detail).toMatchObject({ status: 'failed', fromId: row!.fromId, toId: row!.toId });
      const stats = await h.store.itemStats({ fromId: row!.fromId, toId: row!.toId });
      expect(detail.stored).toEqual({
        rows: stats.rows,
        items: stats.items,
        byType: stats.byType,
        missing: stats.missing,
        invalid: stats.invalid,
      });
      expect(detail.workflowId).toMatch(/^read-model-ingest-/);
      const completed = await model.partition({
        key: `window:${window(dayStart + 6 * HOUR_MS).start}/${window(dayStart + 6 * HOUR_MS).end}`,
      });
      expect(completed.recorded?.items).toBe(completed.stored.items);
      await expect(model.partition({ at: dayStart + 12 * HOUR_MS })).rejects.toSatisfy((error) =>
        isReadModelError(error, 'NOT_FOUND'),
      );
    },
  );

  it.skipIf(kind === 'postgres' && SKIP_POSTGRES)(
    "answers the fake API's own top stories and items per hour for the ingested hours",
    async () => {
      const from = dayStart + 6 * HOUR_MS;
      const to = dayStart + 9 * HOUR_MS;
      const served = await servedItems(from, to);
      const expected = served
        .filter(
          (item) =>
            item.type === 'story' &&
            !('deleted' in item && item.deleted) &&
            !('dead' in item && item.dead) &&
            item.time! * 1000 >= from &&
            item.time! * 1000 < to,
        )
        .sort(
          (a, b) =>
            ((b as { score?: number }).score ?? 0) - ((a as { score?: number }).score ?? 0) ||
            a.id - b.id,
        )
        .slice(0, 5)
        .map((item) => item.id);
      const top = await model.topStories({ from, to, limit: 5 });
      expect(top.stories.map((story) => story.id)).toEqual(expected);
      expect(top.period).toEqual({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        clamped: false,
      });

      const perHour = await model.itemsPerHour({ from, to });
      expect(perHour.hours).toEqual([from / 1000, from / 1000 + 3600, from / 1000 + 7200]);
      for (const type of ITEM_TYPES) {
        const byHour = [0, 1, 2].map(
          (i) =>
            served.filter(
              (item) =>
                (item as { type?: ItemType }).type === type &&
                Math.floor((item.time! * 1000 - from) / HOUR_MS) === i,
            ).length,
        );
        expect(perHour.series[type], type).toEqual(byHour);
      }
    },
  );

  it.skipIf(kind === 'postgres' && SKIP_POSTGRES)(
    'bounds a ten-year period, and trends title words and domains over the stored days',
    async () => {
      const to = dayStart + 9 * HOUR_MS;
      const tenYears = await model.itemsPerHour({ from: to - 3650 * 86_400_000, to });
      expect(tenYears.period.clamped).toBe(true);
      expect(tenYears.hours).toHaveLength(31 * 24);

      const trend = await model.wordTrend({ from: dayStart, to, words: 5 });
      expect(trend.bucket).toBe('day');
      expect(trend.words.length).toBeGreaterThan(0);
      for (const word of trend.words) {
        expect(word.counts.reduce((a, b) => a + b, 0)).toBe(word.total);
      }
      const domains = await model.topDomains({ from: dayStart, to, limit: 5 });
      expect(domains.stories).toBeGreaterThan(0);
      expect(domains.domains[0]!.stories).toBeGreaterThanOrEqual(domains.domains.at(-1)!.stories);
    },
  );

  it.skipIf(kind === 'postgres' && SKIP_POSTGRES)(
    "lists the failing checks in health, and a partition's checks in its detail",
    async () => {
      const stored = await h.store.partitionChecks();
      const { failingChecks } = await model.health();
      // Exact counts: every failing and warning (check, status) pair, as the store counts them.
      for (const { check, status, partitions } of await h.store.partitionCheckCounts()) {
        if (status === 'pass') continue;
        expect(
          failingChecks.counts.find((count) => count.check === check && count.status === status)
            ?.partitions,
          `${check} ${status}`,
        ).toBe(partitions);
      }
      expect(failingChecks.partitions.fail).toBe(failingKeys.size);
      const hole = failingChecks.list.find((partition) => partition.partitionKey === holeKey);
      expect(hole?.status).toBe('fail');
      expect(hole?.checks).toContainEqual(
        expect.objectContaining({ check: 'contiguity', status: 'fail' }),
      );
      // Failing partitions are listed before warning ones, and no passing check is listed.
      const statuses = failingChecks.list.map((partition) => partition.status);
      expect(statuses).toEqual([...statuses].sort((a, b) => (a === b ? 0 : a === 'fail' ? -1 : 1)));
      expect(failingChecks.list.flatMap((p) => p.checks).every((c) => c.status !== 'pass')).toBe(
        true,
      );

      const detail = await model.partition({ key: holeKey });
      expect(detail.checks).toEqual(stored.filter((check) => check.partitionKey === holeKey));
      const contiguity = detail.checks.find((check) => check.check === 'contiguity');
      expect(contiguity?.status).toBe('fail');
      expect(contiguity?.message).not.toBe('');
      const clean = await model.partition({ at: dayStart + 6 * HOUR_MS + 1_000 });
      expect(clean.checks.length).toBeGreaterThan(0);
    },
  );

  it.skipIf(kind === 'postgres' && SKIP_POSTGRES)('cannot write', async () => {
    await expect(model.db.deleteFrom('ingest_partitions').execute()).rejects.toThrow(/read.?only/i);
    expect((await model.health()).partitions.total).toBe(4);
  });
});

describe('query parameters', () => {
  it('reject unknown and out-of-range values, saying what is allowed', () => {
    expect(() => parseParams(GRID_PARAMS, { days: '3650', colour: 'red' })).toThrow(
      '"colour" is not a parameter here; allowed: from, days, filter. "days" must be an integer from 1 to 366.',
    );
    expect(() => parseParams(GRID_PARAMS, { from: '2025-13-01' })).toThrow(
      /"from" must be a UTC day/,
    );
    expect(parseParams(GRID_PARAMS, {})).toEqual({ from: undefined, days: 7, filter: 'all' });
  });
});
