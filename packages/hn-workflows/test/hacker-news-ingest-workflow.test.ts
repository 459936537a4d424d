import {
  FAILURE_TYPES,
  emptyIngestCounts,
  type HackerNewsIngestResult,
  type IngestFailureDetails,
} from '@hn/contract';
import { waitFor } from '@hn/testing';
import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HackerNewsIngestWorkflow, ingestProgressQuery, type HackerNewsIngestInput } from '../src';
import {
  failureOf,
  expectedCounts,
  expectWindowIds,
  measureChain,
  startIngestHarness,
  type IngestHarness,
} from './ingest-helpers';

let h: IngestHarness;
let runs = 0;

beforeAll(async () => {
  h = await startIngestHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.api.resetFaults();
  h.api.resetStats();
});

function start(input?: HackerNewsIngestInput) {
  return h.env.client.workflow.start(HackerNewsIngestWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: `ingest-${++runs}`,
    args: input === undefined ? [] : [input],
  });
}

function ingest(input?: HackerNewsIngestInput): Promise<HackerNewsIngestResult> {
  return h.withWorker(async () => (await start(input)).result());
}

describe('HackerNewsIngestWorkflow', () => {
  it('ingests a range over several continue-as-new runs: right counts, every id once, small histories', async () => {
    const [fromId, toId] = [100_001, 104_000];
    const { result, chain } = await h.withWorker(async () => {
      const handle = await start({
        fromId,
        toId,
        chunkSize: 500,
        chunksPerRun: 2,
        maxParallelActivities: 2,
        concurrency: 16,
        batchSize: 100,
      });
      const value = await handle.result();
      return {
        result: value,
        chain: await measureChain(h.env.client, handle.workflowId, handle.firstExecutionRunId),
      };
    });

    const expected = expectedCounts(h.space, fromId, toId);
    expect(result).toMatchObject({
      key: `ids:${fromId}..${toId}`,
      window: null,
      fromId,
      toId,
      total: 4_000,
      counts: expected,
      invalidSample: [],
      continuedAsNew: 3,
    });
    expect(result.counts.byType.comment).toBeGreaterThan(3_000);
    expect(result.counts.missing).toBeGreaterThan(0);
    expect(result.itemsPerSecond).toBeGreaterThan(0);

    // The cursor survived each continue-as-new: every id was fetched exactly once, and the store
    // holds each one once, with the same counts.
    const byItem = h.api.stats().byItem;
    expect(Object.keys(byItem)).toHaveLength(4_000);
    expect(Object.values(byItem).every((count) => count === 1)).toBe(true);
    const stats = await h.store.itemStats({ fromId, toId });
    expect(stats).toMatchObject({
      rows: 4_000,
      gaps: 0,
      items: expected.items,
      missing: expected.missing,
      invalid: 0,
      byType: expected.byType,
      deleted: expected.deleted,
      dead: expected.dead,
    });

    // One partition row, completed, with the counts.
    const partitions = (await h.store.listPartitions()).filter((p) => p.key === result.key);
    expect(partitions).toEqual([
      expect.objectContaining({ status: 'completed', fromId, toId, counts: expected }),
    ]);

    // Four runs, each a few dozen events and at most 2.5 KB of payload per 1,000 items (inputs,
    // counts, cursors and activity summaries; 1,000 items would be about 200 KB), 2 KB on average.
    expect(chain).toHaveLength(4);
    for (const run of chain) {
      expect(run.events).toBeLessThan(6 * 2 + 20);
      expect(run.payloadBytes).toBeLessThan(2.5 * 1024);
    }
    const payloadPerThousand = chain.reduce((sum, run) => sum + run.payloadBytes, 0) / 4;
    expect(payloadPerThousand).toBeLessThan(2 * 1024);
    console.log('ingest history per run', JSON.stringify({ chain, payloadPerThousand }));
  });

  it('keeps a full run of 300 chunks under 2,000 history events', async () => {
    const [fromId, toId] = [700_001, 703_010];
    const { result, chain } = await h.withWorker(async () => {
      const handle = await start({ fromId, toId, chunkSize: 10, concurrency: 32 });
      const value = await handle.result();
      return {
        result: value,
        chain: await measureChain(h.env.client, handle.workflowId, handle.firstExecutionRunId),
      };
    });
    expect(result.counts).toEqual(expectedCounts(h.space, fromId, toId));
    expect(result.continuedAsNew).toBe(1);
    expect(chain).toHaveLength(2);
    expect(chain[0]!.events).toBeLessThan(2_000);
    console.log('ingest history of a full run', JSON.stringify(chain[0]));
  });

  it('ingests a time window: finds its ids, records the window, stores each id once', async () => {
    const base = h.space.itemTime(600_000) ?? h.space.itemTime(600_001)!;
    const startSeconds = Math.floor(base / 3600) * 3600;
    const window = {
      start: new Date(startSeconds * 1000).toISOString(),
      end: new Date((startSeconds + 7200) * 1000).toISOString(),
    };
    const result = await ingest({ ...window, chunkSize: 400 });
    const range = { fromId: result.fromId, toId: result.toId };
    expectWindowIds(h.space, { start: startSeconds, end: startSeconds + 7200 }, range);
    expect(result).toMatchObject({
      window,
      ...range,
      counts: expectedCounts(h.space, range.fromId, range.toId),
    });
    expect(result.total).toBeGreaterThan(1_100);
    expect(await h.store.itemStats(range)).toMatchObject({ gaps: 0, rows: result.total });
    const [partition] = (await h.store.listPartitions()).filter((p) => p.key === result.key);
    expect(partition).toMatchObject({
      key: `window:${window.start}/${window.end}`,
      windowStart: window.start,
      windowEnd: window.end,
      status: 'completed',
      ...range,
    });

    // A re-run of the same window keeps one row per id and one partition row.
    const again = await ingest({ ...window, chunkSize: 1_000 });
    expect(again.counts).toEqual(result.counts);
    expect(await h.store.itemStats(range)).toMatchObject({ gaps: 0, rows: result.total });
    expect((await h.store.listPartitions()).filter((p) => p.key === result.key)).toHaveLength(1);
  });

  it('with no input, ingests the hour before its start time (here: past maxitem, so empty)', async () => {
    const { result, startedAt } = await h.withWorker(async () => {
      const handle = await start();
      const value = await handle.result();
      return { result: value, startedAt: (await handle.describe()).startTime };
    });
    const end = Math.floor(startedAt.getTime() / 3_600_000) * 3_600_000;
    expect(result.window).toEqual({
      start: new Date(end - 3_600_000).toISOString(),
      end: new Date(end).toISOString(),
    });
    expect(result).toMatchObject({ total: 0, counts: emptyIngestCounts() });
    expect(result.toId).toBe(result.fromId - 1);
    expect(h.api.stats().byKind.maxitem).toBe(1);
  });

  it('ends reported, not stuck, when a chunk keeps failing under the bounded policy', async () => {
    const [fromId, toId] = [200_001, 201_000];
    const flaky = 200_613;
    h.api.setFaults({ itemFaults: { [flaky]: 'error' } });
    const cause = await failureOf(ingest({ fromId, toId, chunkSize: 250, concurrency: 8 }));
    expect(cause.type).toBe(FAILURE_TYPES.ingestFailed);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toMatch(/ids 200501\.\.200750 from 200613 \(HackerNewsIncompleteBatch/);
    const [details] = cause.details as [IngestFailureDetails];
    // Everything but the failed chunk's ids from the failed one on is stored and counted.
    const stored = expectedCounts(h.space, fromId, flaky - 1);
    const after = expectedCounts(h.space, 200_751, toId);
    expect(details.counts.items).toBe(stored.items + after.items);
    expect(details.counts.missing).toBe(stored.missing + after.missing);
    expect(details).toMatchObject({
      fromId,
      toId,
      failedChunkCount: 1,
      failedChunks: [{ fromId: 200_501, toId: 200_750, nextId: flaky }],
    });
    const stats = await h.store.itemStats({ fromId, toId });
    expect(stats).toMatchObject({ firstGap: flaky, gaps: 200_750 - flaky + 1 });
    expect(stats.items).toBe(details.counts.items);
    const [partition] = (await h.store.listPartitions()).filter(
      (p) => p.key === `ids:${fromId}..${toId}`,
    );
    expect(partition).toMatchObject({ status: 'failed', counts: details.counts });
    // 8 attempts of 2 in-activity tries each; each retry resumed at the failed id.
    const byItem = h.api.stats().byItem;
    expect(byItem[flaky]).toBe(16);
    expect(byItem[flaky - 1]).toBe(1);
  });

  it('gives a failing chunk maxAttempts attempts under the bounded policy', async () => {
    const [fromId, toId] = [250_001, 250_500];
    const flaky = 250_123;
    h.api.setFaults({ itemFaults: { [flaky]: 'error' } });
    const cause = await failureOf(ingest({ fromId, toId, chunkSize: 250, maxAttempts: 3 }));
    expect(cause.type).toBe(FAILURE_TYPES.ingestFailed);
    // 3 attempts of 2 in-activity tries each, where the default policy makes 8.
    expect(h.api.stats().byItem[flaky]).toBe(6);
  });

  it('keeps retrying a failing chunk under the forever policy, and completes once the API heals', async () => {
    const [fromId, toId] = [300_001, 300_500];
    const flaky = 300_222;
    h.api.setFaults({ itemFaults: { [flaky]: 'error' } });
    const result = await h.withWorker(async () => {
      const handle = await start({ fromId, toId, chunkSize: 250, retry: 'forever' });
      // Skip time until the chunk has failed more often than the bounded policy allows.
      await waitFor(
        'more than 8 attempts',
        async () => {
          await h.env.sleep('2 minutes');
          return (h.api.stats().byItem[flaky] ?? 0) > 2 * 10;
        },
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const progress = await handle.query(ingestProgressQuery);
      expect(progress).toMatchObject({ phase: 'ingesting', total: 500, activitiesInFlight: 1 });
      h.api.resetFaults();
      return handle.result();
    });
    expect(result.counts).toEqual(expectedCounts(h.space, fromId, toId));
    expect(await h.store.itemStats({ fromId, toId })).toMatchObject({ gaps: 0 });
  });

  it('reports progress while it runs, and the totals when done', async () => {
    h.api.setFaults({ latencyMs: 5 });
    const { seen, final } = await h.withWorker(async () => {
      const handle = await start({
        fromId: 400_001,
        toId: 401_000,
        chunkSize: 100,
        chunksPerRun: 4,
        concurrency: 4,
        maxParallelActivities: 2,
      });
      // On the time-skipping server, a result() that follows the chain from its first run can miss
      // the completion once a query crossed a continue-as-new, so this polls the latest run's
      // status and reads the result from that run.
      const phases = new Set<string>();
      let lastRunId: string;
      for (;;) {
        const progress = await h.env.client
          .withDeadline(Date.now() + 2_000, () => handle.query(ingestProgressQuery))
          .catch(() => undefined);
        if (progress) {
          phases.add(progress.phase);
          expect(progress.done).toBeLessThanOrEqual(progress.total);
          expect(progress.activitiesInFlight).toBeLessThanOrEqual(2);
        }
        const { status, runId } = await handle.describe();
        if (status.name === 'COMPLETED') {
          lastRunId = runId;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      await h.env.client.workflow.getHandle(handle.workflowId, lastRunId).result();
      return { seen: phases, final: await handle.query(ingestProgressQuery) };
    });
    expect(seen).toContain('ingesting');
    expect(final).toMatchObject({
      phase: 'done',
      fromId: 400_001,
      toId: 401_000,
      total: 1_000,
      done: 1_000,
      continuedAsNew: 2,
      counts: expectedCounts(h.space, 400_001, 401_000),
    });
    expect(h.api.stats().maxInFlight).toBeLessThanOrEqual(4);
  });

  it('records the partition failed when the run is cancelled', async () => {
    h.api.setFaults({ latencyMs: 200 });
    const [fromId, toId] = [450_001, 452_000];
    const error = await h.withWorker(async () => {
      const handle = await start({ fromId, toId, chunkSize: 100, concurrency: 4 });
      await waitFor('chunks in flight', async () => {
        const progress = await handle.query(ingestProgressQuery);
        return progress.activitiesInFlight > 0;
      });
      await handle.cancel();
      return handle.result().catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause?.name).toBe('CancelledFailure');
    const [partition] = (await h.store.listPartitions()).filter(
      (p) => p.key === `ids:${fromId}..${toId}`,
    );
    expect(partition).toMatchObject({ status: 'failed', fromId, toId });
  });

  it('rejects bad input at once with InvalidInput, fetching and storing nothing', async () => {
    const before = (await h.store.listPartitions()).length;
    const cause = await failureOf(
      ingest({
        start: '2025-01-02T00:00:00Z',
        end: '2025-01-01T00:00:00Z',
        concurrency: 0,
        colour: 'red',
      } as HackerNewsIngestInput),
    );
    expect(cause.type).toBe(FAILURE_TYPES.invalidInput);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toMatch(/unknown option "colour"/);
    expect(cause.message).toMatch(/concurrency must be an integer from 1 to 500, got 0/);
    expect(cause.message).toMatch(/must be after start/);

    for (const input of [
      { fromId: 0, toId: 10 },
      { fromId: 1, toId: 5_000_001 },
      { start: '2025-01-01T00:00:00Z', end: '2025-03-01T00:00:00Z' },
    ]) {
      expect((await failureOf(ingest(input))).type).toBe(FAILURE_TYPES.invalidInput);
    }
    expect(h.api.stats().totalRequests).toBe(0);
    expect(await h.store.listPartitions()).toHaveLength(before);
  });
});
