import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, type ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAILURE_TYPES, isHackerNewsReport } from '@hn/contract';
import {
  HackerNewsWorkflow,
  progressQuery,
  type HackerNewsInput,
  type HackerNewsReport,
} from '../src';
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
    const result = await h.withWorker(async () => {
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
      };
    });
    const { value } = result;
    expect(value.stories.length + value.skipped.length).toBe(500);
    expect(value.stories.length).toBeGreaterThan(400);
    const reasons = new Set(value.skipped.map((s) => s.reason));
    for (const reason of ['null', 'deleted', 'dead']) expect(reasons).toContain(reason);
    expect(value.skipped.every((s) => s.reason !== 'unavailable')).toBe(true);
    // Ask HN posts and jobs have no url of their own: it falls back to the item's page.
    expect(
      value.stories.some((s) => s.url === `https://news.ycombinator.com/item?id=${s.id}`),
    ).toBe(true);
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
    const rows = await h.store.countRows();
    expect(rows.runs).toBeGreaterThanOrEqual(1);
  });

  it('rides out an API outage: requests fail for a while, then the run completes', async () => {
    h.api.setFaults({ failNextRequests: 6 });
    const value = await report({ limit: 10 });
    expect(value.stories).toHaveLength(10);
    expect(h.api.stats().faults.failNext).toBe(6);
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
    expect(value.stories).toHaveLength(5);
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
    const fetched = new Set(value.stories.map((s) => s.id));
    for (const id of ids) if (!skipped.has(id)) expect(fetched).toContain(id);
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
