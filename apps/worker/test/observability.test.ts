// What an ingest shows in Temporal's own tools and on the worker's Prometheus endpoint: the
// worker as a process with its metrics on a free port, the Temporal dev server, the fake Hacker
// News API serving a generated id space with injected faults, a SQLite destination.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INGEST_WORKFLOW_TYPE,
  METRICS,
  TASK_QUEUE,
  ingestRunSummary,
  ingestScheduleSummary,
  type HackerNewsIngestResult,
} from '@hn/contract';
import { deleteSchedule, ensureIngestSchedule, triggerSchedule } from '@hn/schedules';
import { createStore } from '@hn/storage';
import { freePort, waitFor } from '@hn/testing';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { byLabel, scrape, sumOf } from './metrics';
import { useWorkerHarness } from './worker-harness';

const h = useWorkerHarness({
  api: { seed: 3, generatedSpace: true, maxItem: 100_000 },
  devServerFolder: 'hn-observe-',
  stopAfterEach: 'SIGTERM',
});

/** A worker with its Prometheus endpoint on a free port. */
async function worker(database: string): Promise<{ metrics: string }> {
  const metrics = `127.0.0.1:${await freePort()}`;
  await h.worker(database, { HN_METRICS_ADDRESS: metrics });
  return { metrics };
}

interface WorkflowMetadata {
  currentDetails?: string;
}

/** The run's current details, as the Web UI reads them: the SDK's built-in metadata query. */
async function currentDetails(workflowId: string): Promise<string> {
  const metadata = await h.client.workflow
    .getHandle(workflowId)
    .query<WorkflowMetadata>('__temporal_workflow_metadata');
  return metadata.currentDetails ?? '';
}

/** Ids in `[fromId, toId]` that are live items with a type: what the faults turn into others. */
function liveItems(fromId: number, toId: number, count: number): number[] {
  const ids: number[] = [];
  for (let id = fromId; id <= toId && ids.length < count; id += 97) {
    const item = h.api.space!.item(id);
    if (item?.type !== undefined && !('deleted' in item) && !('dead' in item)) ids.push(id);
  }
  expect(ids).toHaveLength(count);
  return ids;
}

describe('an ingest seen in Temporal and on /metrics', () => {
  it('counts items by type, missing, invalid and HTTP outcomes exactly, shows its summary, details and activity summaries', async () => {
    const [fromId, toId] = [1, 3_000];
    const database = join(mkdtempSync(join(tmpdir(), 'hn-observe-db-')), 'hn.db');
    const { metrics } = await worker(database);

    const [notFound1, notFound2, notFound3, invalid1, invalid2] = liveItems(fromId, toId, 5);
    const notFound = [notFound1!, notFound2!, notFound3!];
    const invalid = [invalid1!, invalid2!];
    const failNext = 6;
    h.api.setFaults({
      latencyMs: 10,
      failNextRequests: failNext,
      itemFaults: {
        ...Object.fromEntries(notFound.map((id) => [id, 'not-found'])),
        ...Object.fromEntries(invalid.map((id) => [id, 'invalid'])),
      },
    });

    const workflowId = 'observe-ingest';
    const target = { kind: 'ids', fromId, toId } as const;
    const handle = await h.client.workflow.start(INGEST_WORKFLOW_TYPE, {
      taskQueue: TASK_QUEUE,
      workflowId,
      args: [{ fromId, toId, chunkSize: 500, concurrency: 8, maxParallelActivities: 2 }],
      staticSummary: ingestRunSummary(target),
      staticDetails: 'started by the observability test',
    });

    // Live progress while it runs: the ingesting phase with some, not all, ids done.
    const live = await waitFor(
      'current details with ids partly done',
      async () => {
        const details = await currentDetails(workflowId);
        const done = /(\d+) of 3000 ids done/.exec(details);
        return details.startsWith('**ingesting** ids 1..3000') &&
          done &&
          Number(done[1]) > 0 &&
          Number(done[1]) < 3_000
          ? details
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    expect(live).toMatch(/\d chunks in flight/);

    const result = (await handle.result()) as HackerNewsIngestResult;
    expect(result.total).toBe(3_000);

    // The store is the truth the metrics must match.
    const store = await createStore({ kind: 'sqlite', filename: database });
    const stats = await store.itemStats({ fromId, toId }).finally(() => store.close());
    const clean = h.api.space!.expectedCounts(fromId, toId);
    expect(stats).toMatchObject({ rows: 3_000, gaps: 0, invalid: 2, missing: clean.missing + 3 });
    expect(stats.items).toBe(clean.items - 5);

    const served = h.api.stats();
    // Everything answered 200 was ok, but for the invalid payloads.
    const expectedOk = (served.byStatus[200] ?? 0) - invalid.length;
    const expectedHttp = {
      ok: expectedOk,
      http_5xx: failNext,
      not_found: notFound.length,
      invalid: invalid.length,
    };
    await waitFor(
      'the metrics of every stored batch',
      async () => sumOf(await scrape(metrics), METRICS.httpRequests) === served.totalRequests,
      { timeoutMs: 10_000 },
    ).catch(() => undefined);
    const samples = await scrape(metrics);

    expect(byLabel(samples, METRICS.httpRequests, 'outcome')).toEqual(expectedHttp);
    expect(served.byStatus[503]).toBe(failNext);
    expect(sumOf(samples, METRICS.httpRequests)).toBe(served.totalRequests);
    const untyped = stats.items - Object.values(stats.byType).reduce((a, b) => a + b, 0);
    expect(byLabel(samples, METRICS.itemsIngested, 'type')).toEqual({
      ...Object.fromEntries(Object.entries(stats.byType).filter(([, count]) => count > 0)),
      ...(untyped > 0 && { none: untyped }),
    });
    expect(sumOf(samples, METRICS.itemsIngested)).toBe(stats.items);
    expect(sumOf(samples, METRICS.itemsMissing)).toBe(stats.missing);
    expect(sumOf(samples, METRICS.itemsInvalid)).toBe(2);
    // The SDK tags each sample with the activity that recorded it.
    expect(samples.find((sample) => sample.name === METRICS.itemsIngested)?.labels).toMatchObject({
      activityType: 'ingestItems',
      namespace: 'default',
      taskQueue: TASK_QUEUE,
    });

    // Lag: now minus the newest stored item's time, set with the last batch.
    let newest = 0;
    for (let id = fromId; id <= toId; id++)
      newest = Math.max(newest, h.api.space!.itemTime(id) ?? 0);
    const lag = sumOf(samples, METRICS.ingestLag);
    expect(Math.abs(lag - (Date.now() / 1000 - newest))).toBeLessThan(60);

    // Static summary and details, as the Web UI lists them.
    const description = await handle.describe();
    expect(await description.staticSummary()).toBe('HN ingest ids 1..3000');
    expect(await description.staticDetails()).toBe('started by the observability test');

    // Final details, and one summary per activity call in the history.
    expect(await currentDetails(workflowId)).toMatch(
      /^\*\*done\*\* ids 1\.\.3000\n3000 of 3000 ids done \(100%\): \d+ items, \d+ missing, 2 invalid\n/,
    );
    const history = await handle.fetchHistory();
    const summaries = (history.events ?? [])
      .filter((event) => event.activityTaskScheduledEventAttributes)
      .map((event) =>
        event.userMetadata?.summary
          ? defaultPayloadConverter.fromPayload<string>(event.userMetadata.summary)
          : undefined,
      );
    expect(summaries).toEqual([
      'partition running',
      'ids 1..500',
      'ids 501..1000',
      'ids 1001..1500',
      'ids 1501..2000',
      'ids 2001..2500',
      'ids 2501..3000',
      'partition completed',
    ]);
    console.info(
      `observability ingest: ${served.totalRequests} requests, ${JSON.stringify(expectedHttp)}, lag ${lag.toFixed(0)} s`,
    );
  }, 90_000);

  it("a run the ingest Schedule starts carries the schedule action's summary", async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'hn-observe-db-')), 'hn.db');
    await worker(database);
    const scheduleId = 'observe-ingest-schedule';
    await ensureIngestSchedule(h.client, { scheduleId, paused: true, workflowId: 'observe-sched' });
    try {
      const schedule = h.client.schedule.getHandle(scheduleId);
      expect((await schedule.describe()).action).toMatchObject({
        staticSummary: ingestScheduleSummary('1h'),
      });
      await triggerSchedule(h.client, { scheduleId });
      const action = await waitFor('the triggered run', async () => {
        const { info } = await schedule.describe();
        return info.recentActions[0]?.action;
      });
      const run = h.client.workflow.getHandle(action.workflow.workflowId);
      expect(await (await run.describe()).staticSummary()).toBe(
        'HN ingest: the 1h partition ending at each scheduled time',
      );
      await run.result();
    } finally {
      await deleteSchedule(h.client, { scheduleId });
    }
  }, 60_000);
});
