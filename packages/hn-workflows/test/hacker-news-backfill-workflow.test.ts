// HackerNewsBackfillWorkflow on the time-skipping server: real partition runs (child ingests)
// against the fake API's generated id space, into a SQLite item store.
import {
  FAILURE_TYPES,
  backfillPartition,
  partitionWorkflowId,
  resolveBackfillInput,
  type HackerNewsBackfillInput,
  type HackerNewsBackfillResult,
} from '@hn/contract';
import { EDGE_LAG_MS, EDGE_SLACK_MS } from '@hn/activities';
import { createItemSpace } from '@hn/fake-hn-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HackerNewsBackfillWorkflow,
  HackerNewsIngestWorkflow,
  backfillProgressQuery,
} from '../src';
import {
  failureOf,
  expectedCounts,
  expectTiledPartitions,
  measureChain,
  startIngestHarness,
  type IngestHarness,
} from './ingest-helpers';

const QUARTER_MS = 15 * 60_000;
// The harness's API serves this space; periods are computed from it before the API starts.
const SPACE = createItemSpace({ seed: 1, maxItem: 1_000_000 });

let h: IngestHarness;
let runs = 0;

beforeAll(async () => {
  h = await startIngestHarness({ taskQueue: 'hn-backfill-test' });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.api.resetFaults();
  h.api.resetStats();
});

/** `count` quarter-hour partitions from the first boundary after item `id`'s time. */
function periodAfter(id: number, count: number): { start: string; end: string } {
  const startMs = Math.ceil((SPACE.itemTime(id)! * 1000) / QUARTER_MS) * QUARTER_MS;
  return {
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + count * QUARTER_MS).toISOString(),
  };
}

function partitionsOf(input: HackerNewsBackfillInput) {
  const { input: resolved, problems } = resolveBackfillInput(input);
  expect(problems).toEqual([]);
  return Array.from({ length: resolved.total }, (_, i) => backfillPartition(resolved, i));
}

/** The ids the fake API's clock times in a period, exactly (the partitions' edges have slack). */
function idsOf(period: { start: string; end: string }) {
  return h.space.idRangeForWindow(Date.parse(period.start) / 1000, Date.parse(period.end) / 1000)!;
}

function start(input: HackerNewsBackfillInput) {
  return h.env.client.workflow.start(HackerNewsBackfillWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: `backfill-${++runs}`,
    args: [input],
  });
}

function backfill(input: HackerNewsBackfillInput): Promise<HackerNewsBackfillResult> {
  return h.withWorker(async () => (await start(input)).result());
}

/** Most partition runs open at once, from each run's own start and close times on the server. */
async function maxOpenAtOnce(
  workflowIds: string[],
): Promise<{ max: number; spans: Array<[number, number]> }> {
  const spans: Array<[number, number]> = [];
  for (const id of workflowIds) {
    const description = await h.env.client.workflow.getHandle(id).describe();
    expect(description.status.name, id).toBe('COMPLETED');
    spans.push([description.startTime.getTime(), description.closeTime!.getTime()]);
  }
  // Closes sort before starts at the same instant: a run that starts as another closes is not
  // in flight with it.
  const events = spans.flatMap(([open, close]) => [
    [open, 1],
    [close, -1],
  ]);
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let open = 0;
  let max = 0;
  for (const [, delta] of events) {
    open += delta!;
    max = Math.max(max, open);
  }
  return { max, spans };
}

// About 20 s on 2 idle cores, several times that under load: the partition runs are real ingests.
describe('HackerNewsBackfillWorkflow', { timeout: 180_000 }, () => {
  const period = periodAfter(100_000, 12);
  const input: HackerNewsBackfillInput = {
    ...period,
    partition: '15m',
    parallelism: 3,
    partitionsPerRun: 5,
    ingest: { chunkSize: 100, concurrency: 8 },
  };

  it('keeps at most `parallelism` partition runs in flight, continues as new with a cursor, stores each id once', async () => {
    const partitions = partitionsOf(input);
    // The in-flight bound is measured from the partition runs' own start and close times below,
    // not by polling the progress query during the run: on the time-skipping server a query
    // that meets a continue-as-new can leave the run waiting (the starter polls on real servers).
    const { result, chain, workflowId, final } = await h.withWorker(async () => {
      const handle = await start(input);
      const value = await handle.result();
      const last = h.env.client.workflow.getHandle(handle.workflowId);
      return {
        result: value,
        chain: await measureChain(h.env.client, handle.workflowId, handle.firstExecutionRunId),
        workflowId: handle.workflowId,
        final: await last.query(backfillProgressQuery),
      };
    });

    // The partitions tile the ids, each holding its window's items by the rule of edges.
    const ids = await expectTiledPartitions(h, period);
    expect(result).toMatchObject({
      window: period,
      partition: '15m',
      mode: 'skip-completed',
      parallelism: 3,
      total: 12,
      completed: 12,
      skipped: 0,
      failed: 0,
      failedPartitions: [],
      maxInFlight: 3,
      continuedAsNew: 2,
      counts: expectedCounts(h.space, ids.fromId, ids.toId),
    });

    // Measured from the partition runs themselves: three at once, never more.
    const { max, spans } = await maxOpenAtOnce(partitions.map((p) => partitionWorkflowId(p.key)));
    expect(max).toBe(3);
    // Each run of the chain waits for its partition runs before continuing as new: the first
    // five close before the sixth starts, the next five before the eleventh.
    const closedBy = (n: number) => Math.max(...spans.slice(0, n).map(([, close]) => close));
    expect(closedBy(5)).toBeLessThanOrEqual(spans[5]![0]);
    expect(closedBy(10)).toBeLessThanOrEqual(spans[10]![0]);
    // The last run's progress once it closed: nothing in flight, the run's own partitions done.
    expect(final).toMatchObject({ inFlight: 0, inFlightKeys: [] });

    // Three runs: the later two start from the cursor, and carry counts only.
    expect(chain).toHaveLength(3);
    const inputs = await Promise.all(
      chain.map(async (run) => {
        const history = await h.env.client.workflow.getHandle(workflowId, run.runId).fetchHistory();
        const payload =
          history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
        return JSON.parse(Buffer.from(payload!.data!).toString('utf8')) as HackerNewsBackfillInput;
      }),
    );
    expect(inputs.map((i) => i.continuation?.nextStart)).toEqual([
      undefined,
      partitions[5]!.window.start,
      partitions[10]!.window.start,
    ]);
    expect(inputs[2]!.continuation).toMatchObject({
      totals: { completed: 10, failed: 0 },
      continuedAsNew: 2,
    });
    // About a dozen events per partition: its child's initiated, started and completed events,
    // and the workflow tasks around them.
    for (const run of chain) {
      expect(run.events).toBeLessThan(5 * 12 + 20);
      expect(run.payloadBytes).toBeLessThan(8 * 1024);
    }

    // Every id of the period stored exactly once, one completed row per partition.
    expect(await h.store.itemStats(ids)).toMatchObject({ ids: ids.toId - ids.fromId + 1, gaps: 0 });
    const rows = await h.store.listPartitions({ from: period.start, to: period.end });
    expect(rows.map((r) => [r.key, r.status, r.workflowId])).toEqual(
      partitions.map((p) => [p.key, 'completed', partitionWorkflowId(p.key)]),
    );
  });

  it('skips completed partitions on a re-run, fetching nothing; reingest runs them all again, idempotently', async () => {
    const ids = await expectTiledPartitions(h, period);
    const before = await h.store.itemStats(ids);
    const again = await backfill(input);
    expect(again).toMatchObject({
      total: 12,
      completed: 0,
      skipped: 12,
      failed: 0,
      maxInFlight: 0,
    });
    expect(h.api.stats().byItem).toEqual({});

    const reingested = await backfill({ ...input, mode: 'reingest', parallelism: 4 });
    expect(reingested).toMatchObject({
      total: 12,
      completed: 12,
      skipped: 0,
      failed: 0,
      maxInFlight: 4,
      counts: expectedCounts(h.space, ids.fromId, ids.toId),
    });
    // Every id was fetched again (the window searches add a few probes) and is stored once.
    const byItem = h.api.stats().byItem;
    for (let id = ids.fromId; id <= ids.toId; id++)
      expect(byItem[id], String(id)).toBeGreaterThanOrEqual(1);
    expect(await h.store.itemStats(ids)).toEqual(before);
    expect(await h.store.listPartitions({ from: period.start, to: period.end })).toHaveLength(12);
    expect(await expectTiledPartitions(h, period)).toEqual(ids);
  });

  it('goes on past a failed partition, lists it, and a re-run completes only that one', async () => {
    const failing = {
      ...periodAfter(300_000, 6),
      partition: '15m',
      parallelism: 2,
      ingest: { chunkSize: 100 },
    };
    const partitions = partitionsOf(failing);
    // An id timed 5 minutes into the third window: past the lag and slack, so in its partition.
    const third = idsOf(partitions[2]!.window);
    const flaky = third.fromId + 50;
    expect(h.space.itemTime(flaky)! * 1000).toBeGreaterThan(
      Date.parse(partitions[2]!.window.start) + EDGE_LAG_MS + EDGE_SLACK_MS,
    );
    h.api.setFaults({ itemFaults: { [flaky]: 'error' } });
    const result = await backfill(failing);
    expect(result).toMatchObject({ total: 6, completed: 5, skipped: 0, failed: 1 });
    expect(result.failedPartitions).toEqual([
      {
        key: partitions[2]!.key,
        workflowId: partitionWorkflowId(partitions[2]!.key),
        type: FAILURE_TYPES.ingestFailed,
        message: expect.stringContaining(`from ${flaky}`) as string,
      },
    ]);
    const rows = await h.store.listPartitions({ from: failing.start, to: failing.end });
    expect(rows.map((r) => r.status)).toEqual([
      'completed',
      'completed',
      'failed',
      'completed',
      'completed',
      'completed',
    ]);

    h.api.resetFaults();
    const rerun = await backfill(failing);
    expect(rerun).toMatchObject({
      total: 6,
      completed: 1,
      skipped: 5,
      failed: 0,
      failedPartitions: [],
    });
    const all = await expectTiledPartitions(h, failing);
    expect(await h.store.itemStats(all)).toMatchObject({ gaps: 0 });
  });

  it('never runs a partition twice at once: one in flight elsewhere is skipped, not failed or duplicated', async () => {
    const busy = { ...periodAfter(400_000, 2), partition: '15m' };
    const [first, second] = partitionsOf(busy);
    // A run of the first partition that nobody works on: it stays in flight.
    const other = await h.env.client.workflow.start(HackerNewsIngestWorkflow, {
      taskQueue: 'hn-backfill-nobody',
      workflowId: partitionWorkflowId(first!.key),
      args: [first!.window],
    });
    try {
      const result = await backfill(busy);
      // The other run records that partition; this backfill neither runs it nor fails on it.
      expect(result).toMatchObject({ total: 2, completed: 1, skipped: 1, failed: 0 });
      expect(result.failedPartitions).toEqual([]);
      const rows = await h.store.listPartitions({ from: busy.start, to: busy.end });
      expect(rows.map((r) => r.key)).toEqual([second!.key]);
    } finally {
      await other.terminate('test over');
    }
  });

  it('rejects a period in the future, off the partition boundaries or too long, starting nothing', async () => {
    const hour = 3_600_000;
    // "Now" is the server's clock, which the time skipped by earlier tests has moved ahead.
    const now = Math.max(Date.now(), await h.env.currentTimeMs());
    const nextHour = Math.ceil(now / hour) * hour + 24 * hour;
    const cases: Array<[HackerNewsBackfillInput, RegExp]> = [
      [
        {
          start: new Date(nextHour).toISOString(),
          end: new Date(nextHour + 2 * hour).toISOString(),
        },
        /is in the future/,
      ],
      [
        { start: '2025-01-01T00:30:00Z', end: '2025-01-01T02:00:00Z' },
        /not on a 1h partition boundary: use 2025-01-01T00:00:00\.000Z or 2025-01-01T01:00:00\.000Z/,
      ],
      [
        { start: '2025-01-01T00:00:00Z', end: '2025-03-01T00:00:00Z' },
        /1416 partitions of 1h, more than maxPartitions \(1000\)/,
      ],
      [
        { start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z', parallelism: 33 },
        /parallelism must be an integer from 1 to 32/,
      ],
    ];
    for (const [bad, message] of cases) {
      const cause = await failureOf(backfill(bad));
      expect(cause.type).toBe(FAILURE_TYPES.invalidInput);
      expect(cause.nonRetryable).toBe(true);
      expect(cause.message).toMatch(message);
    }
    expect(h.api.stats().byItem).toEqual({});
  });
});
