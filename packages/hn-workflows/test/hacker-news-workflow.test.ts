import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, createHackerNewsClient } from '@hn/activities';
import { createStore } from '@hn/storage';
import { bundleWorkflowsOnce } from '@hn/testing';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, type ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAILURE_TYPES, isHackerNewsReport } from '@hn/contract';
import {
  HackerNewsWorkflow,
  progressQuery,
  type HackerNewsInput,
  type HackerNewsReport,
} from '../src';
import { workflowsPath } from '../src/worker';
import { startHarness, type PipelineHarness } from './helpers';

let h: PipelineHarness;
let runs = 0;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.api.resetFaults();
  h.api.resetStats();
});

function run(input?: HackerNewsInput) {
  return h.withWorker(() =>
    h.env.client.workflow.execute(HackerNewsWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `hn-${++runs}`,
      args: input === undefined ? [] : [input],
    }),
  );
}

type Store = Awaited<ReturnType<typeof createStore>>;

/** Like `h.withWorker`, with a store of its own, so its row counts are this test's alone. */
async function withOwnStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await createStore({
    kind: 'sqlite',
    filename: join(mkdtempSync(join(tmpdir(), 'hn-wf-own-')), 'hn.db'),
  });
  const client = createHackerNewsClient({ baseUrl: h.api.baseUrl, timeoutMs: 2_000 });
  try {
    const worker = await Worker.create({
      connection: h.env.nativeConnection,
      taskQueue: h.taskQueue,
      workflowBundle: await bundleWorkflowsOnce(workflowsPath()),
      activities: createActivities({ client, store }),
    });
    return await worker.runUntil(fn(store));
  } finally {
    await client.close();
    await store.close();
  }
}

async function report(input: HackerNewsInput): Promise<HackerNewsReport> {
  const result = await run({ ...input, output: 'report' });
  if (!isHackerNewsReport(result)) throw new Error('expected a report');
  return result;
}

describe('HackerNewsWorkflow', () => {
  it('with no input returns the top 10 stories as an array, like the tutorial', async () => {
    const result = await run();
    expect(Array.isArray(result)).toBe(true);
    const stories = result as Exclude<typeof result, HackerNewsReport>;
    expect(stories).toHaveLength(10);
    const topIds = h.api.dataset.lists.top.slice(0, 10);
    expect(stories.map((s) => s.id)).toEqual(topIds);
    for (const story of stories) {
      expect(story.title).toEqual(expect.any(String));
      expect(story.by).toEqual(expect.any(String));
      expect(story.url).toMatch(/^https?:\/\//);
    }
  });

  it('fetches 500 stories, reporting every skipped item with its reason, within Temporal limits', async () => {
    const result = await withOwnStore(async (store) => {
      const handle = await h.env.client.workflow.start(HackerNewsWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: `hn-${++runs}`,
        args: [{ limit: 500, output: 'report', concurrency: 50 }],
      });
      const value = (await handle.result()) as HackerNewsReport;
      const history = await handle.fetchHistory();
      return {
        value,
        events: history.events?.length ?? 0,
        progress: await handle.query(progressQuery),
        rows: await store.countRows(),
      };
    });
    const { value } = result;
    // The top 500 of the seed-1 dataset: 485 live posts, 5 deleted, 5 dead, 5 ids with no item.
    expect(value.stories.map((s) => s.id)).toEqual(
      h.api.dataset.lists.top.slice(0, 500).filter((id) => !value.skipped.some((s) => s.id === id)),
    );
    expect(value.stories).toHaveLength(485);
    const reasons = new Map<string, number>();
    for (const { reason } of value.skipped) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    expect(Object.fromEntries(reasons)).toEqual({ null: 5, deleted: 5, dead: 5 });
    // Ask HN posts and jobs have no url of their own: it falls back to the item's page.
    expect(
      value.stories.filter((s) => s.url === `https://news.ycombinator.com/item?id=${s.id}`),
    ).toHaveLength(52);
    // Chunked fan-out keeps the history short and the result far below the 2 MB payload limit.
    expect(result.events).toBeLessThan(120);
    expect(JSON.stringify(value).length).toBeLessThan(512 * 1024);
    expect(value.topWords).toHaveLength(10);
    expect(result.progress).toEqual({
      phase: 'done',
      total: 500,
      fetched: 500,
      skipped: value.skipped.length,
    });
    expect(value.stored).toBe(true);
    expect(result.rows).toEqual({
      stories: 485,
      runs: 1,
      run_stories: 485,
      run_skipped: 15,
      word_counts: 10,
      items: 0,
      ingest_partitions: 0,
      follow_cursors: 0,
    });
  });

  it('rides out an API outage: requests fail for a while, then the run completes', async () => {
    h.api.setFaults({ failNextRequests: 6 });
    const value = await report({ limit: 10 });
    expect(value.stories.map((s) => s.id)).toEqual(h.api.dataset.lists.top.slice(0, 10));
    expect(h.api.stats().faults.failNext).toBe(6);
    // The six 503s all fall on the list: seven attempts of fetchStoryIds, then one per item.
    expect(h.api.stats().byList.top).toBe(7);
    expect(h.api.stats().byKind.item).toBe(10);
  });

  it('fails at once, without retrying, when the list does not exist (404)', async () => {
    h.api.setFaults({ notFoundLists: ['top'] });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (error as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause as ApplicationFailure;
    expect(cause.type).toBe('HackerNewsNotFound');
    expect(cause.nonRetryable).toBe(true);
    expect(h.api.stats().totalRequests).toBe(1);
  });

  it('gives up on a list that stays down under the bounded policy, and retries forever when asked', async () => {
    h.api.setFaults({ down: true });
    const error = await run({ limit: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(h.api.stats().totalRequests).toBe(8);

    h.api.resetStats();
    h.api.setFaults({ down: false, failNextRequests: 20 });
    const value = await report({ limit: 5, retry: 'forever' });
    expect(value.stories.map((s) => s.id)).toEqual(h.api.dataset.lists.top.slice(0, 5));
    // Twenty failed list requests and the one that succeeded: past the bounded policy's eight.
    expect(h.api.stats().byList.top).toBe(21);
  });

  it('keeps every good story when some items fail for good, and says why the others are missing', async () => {
    const ids = h.api.dataset.lists.top.slice(0, 20);
    const [gone, broken, flaky] = [ids[2]!, ids[5]!, ids[9]!];
    h.api.setFaults({ itemFaults: { [gone]: 'not-found', [broken]: 'invalid', [flaky]: 'error' } });
    const value = await report({ limit: 20, chunkSize: 10 });
    const skipped = new Map(value.skipped.map((s) => [s.id, s.reason]));
    expect(skipped.get(gone)).toBe('not-found');
    expect(skipped.get(broken)).toBe('invalid-payload');
    // An item that never stops failing is reported as unavailable; the rest of its chunk survives.
    expect(skipped.get(flaky)).toBe('unavailable');
    // The 20 are 19 live stories and one dead: 16 stories, the 3 faulted items and the dead one.
    expect(skipped.size).toBe(4);
    expect([...skipped.values()].filter((reason) => reason === 'dead')).toHaveLength(1);
    expect(value.stories.map((s) => s.id)).toEqual(ids.filter((id) => !skipped.has(id)));
  });

  it('rejects bad input with a non-retryable InvalidInput failure before fetching anything', async () => {
    const error = await run({ limit: 0, list: 'hot' as never, extra: 1 } as HackerNewsInput).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(FAILURE_TYPES.invalidInput);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toMatch(/limit must be an integer from 1 to 500, got 0/);
    expect(cause.message).toMatch(/list must be one of top, new, best, ask, show, job, got "hot"/);
    expect(cause.message).toMatch(/unknown option "extra"/);
    expect(h.api.stats().totalRequests).toBe(0);
  });

  it('reports progress through the progress query while fetching', async () => {
    h.api.setFaults({ latencyMs: 100 });
    const seen = await h.withWorker(async () => {
      const handle = await h.env.client.workflow.start(HackerNewsWorkflow, {
        taskQueue: h.taskQueue,
        workflowId: `hn-${++runs}`,
        args: [{ limit: 100, chunkSize: 10, concurrency: 2 }],
      });
      const phases = new Set<string>();
      let done = false;
      const result = handle.result().finally(() => (done = true));
      while (!done) {
        const progress = await handle.query(progressQuery);
        phases.add(progress.phase);
        expect(progress.fetched).toBeLessThanOrEqual(progress.total);
        await new Promise((r) => setTimeout(r, 50));
      }
      await result;
      return { phases, final: await handle.query(progressQuery) };
    });
    expect(seen.phases).toContain('fetching');
    expect(seen.final).toMatchObject({ phase: 'done', total: 100, fetched: 100 });
  });

  it('keeps requests in flight within the requested concurrency', async () => {
    h.api.setFaults({ latencyMs: 20 });
    await report({ limit: 200, concurrency: 8, chunkSize: 25 });
    expect(h.api.stats().maxInFlight).toBeLessThanOrEqual(8);
    expect(h.api.stats().maxInFlight).toBeGreaterThanOrEqual(4);
  });
});
